/**
 * The SQLSTATE of a database error, whichever back end raised it. node-postgres and
 * PGlite both put the five-character code on the error's `code` field (PostgreSQL
 * Appendix A, "PostgreSQL Error Codes"), so callers test codes, never message text.
 */
export const SQL_STATE = {
  /** exclusion_violation: two live appointments on one clinician's overlapping time */
  exclusionViolation: '23P01',
  foreignKeyViolation: '23503',
  uniqueViolation: '23505',
  checkViolation: '23514',
  /** raise_exception: a trigger refused the change (audit_events is append-only) */
  raiseException: 'P0001',
  serializationFailure: '40001',
} as const;

export function sqlStateOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = error.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}
