/**
 * A database refusal of one row, as a problem on that row. The database is the last
 * word on what may be stored (docs/database.md, "What the database itself
 * guarantees"); these messages name the rule and the field, never the row's values,
 * because PostgreSQL's own messages quote them.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { SQL_STATE, sqlStateOf } from '../db/sql-state.ts';
import type { ImportProblem } from './problems.ts';
import type { StagedRow, TableName } from './staging.ts';

/** The problem for `error`, or undefined when it is not a refusal of the row's data. */
export async function refusalProblem(
  db: Kysely<Database>,
  table: TableName,
  row: StagedRow,
  error: unknown,
): Promise<ImportProblem | undefined> {
  const state = sqlStateOf(error);
  if (state === undefined || !state.startsWith('2')) return undefined;
  const constraint = constraintOf(error);
  switch (state) {
    case SQL_STATE.exclusionViolation: {
      const other = await overlappingAppointment(db, row);
      const which = other === undefined ? 'another appointment' : `appointment ${other}`;
      return {
        ...row.blame('starts_at'),
        message: `overlaps ${which} of the same clinician (booked and completed appointments may not overlap)`,
      };
    }
    case SQL_STATE.uniqueViolation:
      if (constraint?.endsWith('member_number_key')) {
        return { ...row.blame('member_number'), message: 'another patient of this center has it' };
      }
      return { ...row.blame('id'), message: 'already exists in the database' };
    case SQL_STATE.foreignKeyViolation:
      return {
        ...row.blame(''),
        message: `refers to a record that does not exist (${constraint ?? table})`,
      };
    case SQL_STATE.checkViolation:
      return {
        ...row.blame(''),
        message: `refused by the database check ${constraint ?? ''}`.trim(),
      };
    default:
      return { ...row.blame(''), message: `refused by the database (SQLSTATE ${state})` };
  }
}

function constraintOf(error: unknown): string | undefined {
  const value = (error as { constraint?: unknown }).constraint;
  return typeof value === 'string' ? value : undefined;
}

/** The live appointment a refused one overlaps, in the import or already stored. */
async function overlappingAppointment(
  db: Kysely<Database>,
  row: StagedRow,
): Promise<string | undefined> {
  const v = row.values as Record<string, unknown>;
  const found = await sql<{ id: string }>`
    SELECT id FROM appointments
    WHERE center_id = ${v.center_id} AND clinician_id = ${v.clinician_id}
      AND status IN ('booked', 'completed')
      AND tstzrange(starts_at, ends_at, '[)') && tstzrange(${v.starts_at}::timestamptz, ${v.ends_at}::timestamptz, '[)')
    ORDER BY starts_at LIMIT 1`.execute(db);
  return found.rows[0]?.id;
}
