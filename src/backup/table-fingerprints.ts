/**
 * A fingerprint of a whole database, for proving a restore brought every row back: per
 * table the row count and an MD5 over all its rows, and per sequence its last value
 * (an identity column must carry on after the restored rows, not collide with them).
 *
 * The rows are hashed in the order of their text form under the "C" collation: the same
 * on any server and back end, and for every table whatever its key (a row's text holds
 * its primary key, so equal tables give equal strings and any changed, lost or added row
 * changes the hash). The text form of a timestamptz depends on the session's TimeZone,
 * so the fingerprint is taken in UTC.
 */
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from '../db/schema.ts';
import { tablesOf } from './database-contents.ts';

export interface TableFingerprint {
  readonly rows: number;
  readonly md5: string;
}

export interface DatabaseFingerprint {
  readonly tables: Readonly<Record<string, TableFingerprint>>;
  readonly sequences: Readonly<Record<string, number | null>>;
}

/** Rows to leave out, per table (`sql<boolean>` conditions over the table's columns). */
export type LeaveOut = Readonly<Record<string, RawBuilder<boolean>>>;

export async function fingerprintDatabase(
  db: Kysely<Database>,
  leaveOut: LeaveOut = {},
): Promise<DatabaseFingerprint> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL TimeZone = 'UTC'`.execute(trx);
    const tables: Record<string, TableFingerprint> = {};
    for (const table of await tablesOf(trx)) {
      const skip = leaveOut[table];
      const where = skip === undefined ? sql`` : sql`WHERE NOT (${skip})`;
      const { rows } = await sql<{ rows: number | string; md5: string }>`
        SELECT count(*) AS rows,
          md5(coalesce(string_agg(t::text, E'\\n' ORDER BY (t::text) COLLATE "C"), '')) AS md5
        FROM ${sql.id(table)} AS t ${where}`.execute(trx);
      tables[table] = { rows: Number(rows[0]?.rows), md5: rows[0]?.md5 ?? '' };
    }
    const { rows } = await sql<{ name: string; last: number | string | null }>`
      SELECT sequencename AS name, last_value AS last FROM pg_catalog.pg_sequences
      WHERE schemaname = current_schema()`.execute(trx);
    const sequences: Record<string, number | null> = {};
    for (const row of rows) sequences[row.name] = row.last === null ? null : Number(row.last);
    return { tables, sequences };
  });
}
