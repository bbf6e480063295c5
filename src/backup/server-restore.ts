/**
 * A restore of a PostgreSQL server database from a `pg_dump --format=custom` archive:
 *
 *     pg_restore --clean --if-exists --no-owner --no-comments --single-transaction
 *
 * One transaction (PostgreSQL docs, pg_restore "--single-transaction"): either every
 * object and row of the archive is in place, or — on any error — nothing changed. The
 * `--clean --if-exists` drops each object of the archive before creating it, so it also
 * restores over an earlier state of the same database. Objects the archive does not hold
 * would survive that, half a schema mixed with another, so a database with tables the
 * archive lacks is refused (restore into an empty database instead). `--no-owner`: the
 * objects belong to whoever restores, as roles differ between servers. `--no-comments`:
 * Timely's schema has none, and the one pg_dump records (on the btree_gist extension)
 * can be set only by the extension's owner, which would fail the whole restore for an
 * ordinary database owner.
 */
import { devNull } from 'node:os';
import { openDatabase } from '../db/open-database.ts';
import { TimelyError } from '../engine/errors.ts';
import { renewAccessStamp } from './access-stamp.ts';
import { parseArchiveTables } from './archive-tables.ts';
import { recordDatabaseRun } from './backup-audit.ts';
import { type DatabaseContents, describeContents, MIGRATION_TABLES } from './database-contents.ts';
import { findPgTool } from './pg-tools.ts';
import { refuseNotTimely, refuseUnlessEmpty } from './restore-refusals.ts';
import { isToolFailed, runTool } from './run-tool.ts';
import { databaseName, serverMajor } from './server-version.ts';
import { toolConnection } from './tool-connection.ts';

export async function restoreServer(
  file: string,
  shownFile: string,
  url: string,
  description: string,
  force: boolean,
): Promise<DatabaseContents> {
  const opened = await openDatabase({ url, maxConnections: 1 });
  try {
    const { db } = opened;
    const pgRestore = await findPgTool('pg_restore', await serverMajor(db));
    const connection = toolConnection(url);

    const archived = await archiveTables(pgRestore.path, file, shownFile, connection.env);
    if (!archived.has('kysely_migration')) throw refuseNotTimely(shownFile);
    const before = await describeContents(db);
    const foreign = Object.keys(before.rows).filter(
      (table) => !archived.has(table) && !MIGRATION_TABLES.has(table),
    );
    if (foreign.length > 0) {
      throw new TimelyError(
        'CONFLICT',
        `${description} has tables this backup does not hold (${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ', …' : ''}): restore into an empty database`,
        { path: 'DATABASE_URL' },
      );
    }
    refuseUnlessEmpty(before, description, force);

    try {
      await runTool(
        pgRestore.path,
        [
          '--clean',
          '--if-exists',
          '--no-owner',
          '--no-comments',
          '--single-transaction',
          '--exit-on-error',
          '--no-password',
          `--dbname=${connection.dbname}`,
          file,
        ],
        connection.env,
      );
    } catch (error) {
      if (!isToolFailed(error)) throw error;
      throw new Error(`${error.message} (nothing was changed: the restore is one transaction)`, {
        cause: error,
      });
    }
    await renewAccessStamp(db);
    // In the restored database: its trail says it was restored, and when.
    await recordDatabaseRun(db, 'restore', await databaseName(db));
    return await describeContents(db);
  } finally {
    await opened.close();
  }
}

/**
 * The archive's table names, once pg_restore has read it through: its table of contents
 * (`--list`), then every entry into an SQL script thrown away (`--file` to the null
 * device), which touches no database. A truncated or damaged archive is refused here
 * as bad input rather than failing half-way through the restore.
 */
async function archiveTables(
  pgRestore: string,
  file: string,
  shownFile: string,
  env: NodeJS.ProcessEnv,
): Promise<Set<string>> {
  let list: string;
  try {
    list = (await runTool(pgRestore, ['--list', file], env)).stdout;
  } catch (error) {
    if (!isToolFailed(error)) throw error;
    throw badArchive(`${shownFile}: not a readable pg_dump archive (${error.reason})`);
  }
  try {
    await runTool(pgRestore, [`--file=${devNull}`, file], env);
  } catch (error) {
    if (!isToolFailed(error)) throw error;
    throw badArchive(`${shownFile}: a damaged or incomplete pg_dump archive (${error.reason})`);
  }
  return new Set(parseArchiveTables(list).map((table) => table.name));
}

function badArchive(message: string): TimelyError {
  return new TimelyError('FIELD_INVALID', message, { path: 'FILE' });
}
