/**
 * Which of a list of keys a table already holds: one query per ten thousand keys, the
 * keys sent as one text array per key column and joined through `unnest`, so checking a
 * large import costs a few round trips and a handful of parameters.
 *
 * Not a row-value `IN ((…), (…), …)` list: with a few hundred tuples that crashes PGlite
 * 0.5's WebAssembly build ("bad buffer ID", then `Aborted()` on the next statement), and
 * thousands of parameters cost parsing time on a server too.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { keyText, type TableName } from './staging.ts';

const CHUNK = 10_000;

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
    // k0, k1, …: the key columns of the list, as generated names (never user input).
    const arrays = sql.join(
      columns.map((_, c) => sql`${chunk.map((key) => key[c] ?? '')}::text[]`),
    );
    const names = sql.join(columns.map((_, c) => sql.raw(`k${c}`)));
    // ::text: every key column is text; the cast keeps the comparison text = text.
    const on = sql.join(
      columns.map((column, c) => sql`t.${sql.ref(column)}::text = k.${sql.raw(`k${c}`)}`),
      sql` AND `,
    );
    const refs = sql.join(columns.map((column) => sql`t.${sql.ref(column)}`));
    const result = await sql<Record<string, string>>`
      SELECT ${refs} FROM ${sql.table(table)} AS t
      JOIN unnest(${arrays}) AS k(${names}) ON ${on}`.execute(db);
    for (const row of result.rows) found.add(keyText(columns.map((column) => String(row[column]))));
  }
  return found;
}
