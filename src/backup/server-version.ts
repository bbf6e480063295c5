/** The major version of the server a Kysely instance talks to (15 for 15.20). */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function serverMajor(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{
    num: string;
  }>`SELECT current_setting('server_version_num') AS num`.execute(db);
  // server_version_num is MMmmpp since PostgreSQL 10 (150020 for 15.20).
  return Math.floor(Number(rows[0]?.num) / 10_000);
}

export async function databaseName(db: Kysely<Database>): Promise<string> {
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(db);
  return rows[0]?.name ?? '';
}
