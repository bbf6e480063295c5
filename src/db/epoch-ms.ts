/**
 * A timestamp read as epoch milliseconds (a float8, which node-postgres and PGlite hand
 * over as a number) rather than as a Date: reading many rows, parsing each timestamp
 * into a Date and then taking its time costs more than the rest of the row.
 */
import { type RawBuilder, sql } from 'kysely';

/** `column` (a column name, or an expression) as epoch milliseconds. */
export function epochMs(column: string | RawBuilder<unknown>): RawBuilder<number> {
  const expression = typeof column === 'string' ? sql.ref(column) : column;
  return sql<number>`(extract(epoch FROM ${expression}) * 1000)::float8`;
}
