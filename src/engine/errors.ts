/**
 * One domain error type with stable codes. The server maps codes to HTTP statuses
 * in one place; the CLI maps them to exit codes. `path` names the offending field
 * (e.g. `requests[3].standard`) so a user can find and fix the input.
 */
export type TimelyErrorCode =
  | 'FIELD_INVALID'
  | 'STANDARD_UNKNOWN'
  | 'CALENDAR_INVALID'
  | 'CALENDAR_RANGE'
  | 'NETWORK_INCONSISTENT'
  | 'SLOT_TAKEN'
  | 'NOT_FOUND'
  /** The record is in a state that does not allow the step (a preview of an active stoppage). */
  | 'CONFLICT';

export class TimelyError extends Error {
  readonly code: TimelyErrorCode;
  readonly path: string | undefined;

  constructor(code: TimelyErrorCode, message: string, options: { path?: string } = {}) {
    super(message);
    this.name = 'TimelyError';
    this.code = code;
    this.path = options.path;
  }
}

export function isTimelyError(error: unknown): error is TimelyError {
  return error instanceof TimelyError;
}
