/**
 * A restore brings back the access stamp (migration 0017) the backup had, which a
 * running server may have seen before and would then trust token rows it read before
 * the restore. So every restore renews it. An archive from before 0017 has no stamp.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema.ts';

export async function renewAccessStamp(db: Kysely<Database>): Promise<void> {
  await sql`DO $$ BEGIN
    IF to_regprocedure('bump_access_version()') IS NOT NULL THEN
      PERFORM bump_access_version();
    END IF;
  END $$`.execute(db);
}

/** The stamp (for tests), or null when the database has none. */
export async function accessStamp(db: Kysely<Database>): Promise<string | null> {
  const row = await db.selectFrom('access_version').select('version').executeTakeFirst();
  return row?.version ?? null;
}
