/**
 * Which of a list of keys a table already holds: one query per thousand keys, as a
 * row-value `IN` list, so checking a large import costs a few round trips.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { keyText, type TableName } from './staging.ts';

const CHUNK = 1000;

export async function existingKeys(
  db: Kysely<Database>,
  table: TableName,
  columns: readonly string[],
  keys: readonly (readonly string[])[],
): Promise<Set<string>> {
  const found = new Set<string>();
  const unique = [...new Map(keys.map((key) => [keyText(key), key])).values()];
  for (let start = 0; start < unique.length; start += CHUNK) {
    const chunk = unique.slice(start, start + CHUNK);
    const refs = sql.join(columns.map((column) => sql.ref(column)));
    // ::text: every key column is text; the cast keeps the comparison text = text.
    const tuples = sql.join(
      chunk.map((key) => sql`(${sql.join(key.map((v) => sql`${v}::text`))})`),
    );
    const result = await sql<Record<string, string>>`
      SELECT ${refs} FROM ${sql.table(table)} WHERE (${refs}) IN (${tuples})`.execute(db);
    for (const row of result.rows) found.add(keyText(columns.map((column) => String(row[column]))));
  }
  return found;
}
