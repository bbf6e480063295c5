/**
 * A backup of the embedded database: PGlite's own dump of its data folder
 * (`dumpDataDir`, a gzipped tar of PGDATA), taken with the folder opened by no one else.
 * A physical copy, so it restores only into PGlite of the same PostgreSQL major
 * version; `timely export` is the way between back ends.
 */
import { writeFile } from 'node:fs/promises';
import { sql } from 'kysely';
import { TimelyError } from '../engine/errors.ts';
import { recordDatabaseRun } from './backup-audit.ts';
import { type DatabaseContents, describeContents, hasTimelySchema } from './database-contents.ts';
import { folderState, openPgliteFolder, refuseIfInUse } from './pglite-folder.ts';

/** How the audit trail names an embedded database. */
export const PGLITE_DATABASE = 'pglite';

export async function backupPglite(
  dir: string,
  shown: string,
  outputPath: string,
): Promise<DatabaseContents> {
  await refuseIfInUse(dir, shown);
  if ((await folderState(dir)) !== 'database') {
    // Not opened: PGlite would create a new, empty database there.
    throw new TimelyError('FIELD_INVALID', `no PGlite database in ${shown}: nothing to back up`, {
      path: '--data',
    });
  }
  const folder = await openPgliteFolder(dir);
  try {
    if (!(await hasTimelySchema(folder.db))) {
      throw new TimelyError(
        'FIELD_INVALID',
        `PGlite in ${shown} holds no Timely database: nothing to back up`,
        { path: '--data' },
      );
    }
    // First the trail, then the data: if the event cannot be written, nothing leaves.
    // Written before the dump, the event is part of the backup it records.
    await recordDatabaseRun(folder.db, 'backup', PGLITE_DATABASE);
    const contents = await describeContents(folder.db);
    // Flush every page to the folder's files, so the tarball is a clean shut-down state
    // rather than one that needs WAL replay when loaded.
    await sql`CHECKPOINT`.execute(folder.db);
    const tarball = await folder.pglite.dumpDataDir('gzip');
    await writeFile(outputPath, new Uint8Array(await tarball.arrayBuffer()));
    return contents;
  } finally {
    await folder.close();
  }
}
