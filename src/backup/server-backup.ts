/**
 * A backup of a PostgreSQL server database: `pg_dump --format=custom`, the archive
 * pg_restore reads selectively and in any order (PostgreSQL docs, pg_dump, "-F c").
 *
 * The counts printed are those of the dump itself: a read-only REPEATABLE READ
 * transaction exports its snapshot and pg_dump reads through it (`--snapshot`,
 * `pg_export_snapshot()`, PostgreSQL docs 9.27.5 "Snapshot Synchronization Functions"),
 * so both see the same rows even while the server keeps taking bookings.
 */
import { sql } from 'kysely';
import { openDatabase } from '../db/open-database.ts';
import { TimelyError } from '../engine/errors.ts';
import { recordDatabaseRun } from './backup-audit.ts';
import { type DatabaseContents, describeContents, hasTimelySchema } from './database-contents.ts';
import { findPgTool } from './pg-tools.ts';
import { runTool } from './run-tool.ts';
import { databaseName, serverMajor } from './server-version.ts';
import { toolConnection } from './tool-connection.ts';

export async function backupServer(url: string, outputPath: string): Promise<DatabaseContents> {
  // One connection is enough: the snapshot's transaction; pg_dump opens its own.
  const opened = await openDatabase({ url, maxConnections: 1 });
  try {
    const { db } = opened;
    if (!(await hasTimelySchema(db))) {
      throw new TimelyError(
        'FIELD_INVALID',
        'the database in DATABASE_URL holds no Timely database: nothing to back up',
        { path: 'DATABASE_URL' },
      );
    }
    const pgDump = await findPgTool('pg_dump', await serverMajor(db));
    // Before the snapshot, committed: the backup holds the event that records it, and
    // if the trail cannot be written, nothing is read out.
    await recordDatabaseRun(db, 'backup', await databaseName(db));
    const connection = toolConnection(url);
    return await db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const { rows } = await sql<{ id: string }>`SELECT pg_export_snapshot() AS id`.execute(trx);
        const contents = await describeContents(trx);
        await runTool(
          pgDump.path,
          [
            '--format=custom',
            '--no-password',
            `--snapshot=${rows[0]?.id}`,
            `--file=${outputPath}`,
            `--dbname=${connection.dbname}`,
          ],
          connection.env,
        );
        return contents;
      });
  } finally {
    await opened.close();
  }
}
