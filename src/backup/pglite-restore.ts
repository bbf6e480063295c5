/**
 * A restore of the embedded database from PGlite's dump: the tarball is loaded into a
 * new folder beside the target (`DIR.restoring-…`), checked, given its audit event, and
 * only then renamed into place. A bad file or a failure on the way leaves the target
 * exactly as it was. A target that held data (restored over with --force) is not
 * deleted but renamed aside (`DIR.replaced-<time>`), and the user is told where.
 */
import { randomBytes } from 'node:crypto';
import { openAsBlob } from 'node:fs';
import { mkdir, rename, rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { TimelyError } from '../engine/errors.ts';
import { renewAccessStamp } from './access-stamp.ts';
import { recordDatabaseRun } from './backup-audit.ts';
import { type DatabaseContents, describeContents, hasTimelySchema } from './database-contents.ts';
import { PGLITE_DATABASE } from './pglite-backup.ts';
import { folderState, openPgliteFolder, refuseIfInUse } from './pglite-folder.ts';
import { refuseNotTimely, refuseUnlessEmpty } from './restore-refusals.ts';
import { verifyTarball } from './verify-tarball.ts';

export interface PgliteRestore {
  readonly contents: DatabaseContents;
  /** Where the database that was replaced now lives, when it held data. */
  readonly keptIn: string | undefined;
}

export async function restorePglite(
  file: string,
  shownFile: string,
  dir: string,
  shown: string,
  force: boolean,
): Promise<PgliteRestore> {
  const before = await targetContents(dir, shown);
  if (before !== undefined) refuseUnlessEmpty(before, `PGlite in ${shown}`, force);

  await verifyDump(file, shownFile);

  await mkdir(dirname(dir), { recursive: true });
  const staging = `${dir}.restoring-${randomBytes(4).toString('hex')}`;
  let contents: DatabaseContents;
  let keptIn: string | undefined;
  try {
    contents = await loadInto(staging, file, shownFile);
    // Checked again: a server may have opened the folder while the dump was loading.
    await refuseIfInUse(dir, shown);
    keptIn = await moveAside(dir, before);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  try {
    await rename(staging, dir);
  } catch (error) {
    if (keptIn !== undefined) await rename(keptIn, dir).catch(() => {});
    throw error;
  }
  return { contents, keptIn };
}

/** The target's contents, undefined when it holds no database; refuses what must stay. */
async function targetContents(dir: string, shown: string): Promise<DatabaseContents | undefined> {
  const state = await folderState(dir);
  if (state === 'absent' || state === 'empty') return undefined;
  if (state === 'other') {
    throw new TimelyError(
      'FIELD_INVALID',
      `${shown} is not empty and not a PGlite data folder: restore into a new or empty folder`,
      { path: '--data' },
    );
  }
  await refuseIfInUse(dir, shown);
  const folder = await openPgliteFolder(dir);
  try {
    return await describeContents(folder.db);
  } finally {
    await folder.close();
  }
}

/** Refuses a damaged or cut-short dump before anything is created (`verify-tarball.ts`). */
async function verifyDump(file: string, shownFile: string): Promise<void> {
  try {
    await verifyTarball(file);
  } catch (error) {
    throw new TimelyError(
      'FIELD_INVALID',
      `${shownFile}: a damaged or incomplete PGlite dump (${messageOf(error)})`,
      { path: 'FILE' },
    );
  }
}

async function loadInto(
  staging: string,
  file: string,
  shownFile: string,
): Promise<DatabaseContents> {
  let folder: Awaited<ReturnType<typeof openPgliteFolder>>;
  try {
    // A Blob backed by the file, read as PGlite untars it (Node docs, fs.openAsBlob).
    folder = await openPgliteFolder(staging, await openAsBlob(file));
  } catch (error) {
    throw new TimelyError(
      'FIELD_INVALID',
      `${shownFile}: this PGlite dump cannot be loaded (${messageOf(error)})`,
      { path: 'FILE' },
    );
  }
  try {
    if (!(await hasTimelySchema(folder.db))) throw refuseNotTimely(shownFile);
    await renewAccessStamp(folder.db);
    // In the restored database: its trail says it was restored, and when.
    await recordDatabaseRun(folder.db, 'restore', PGLITE_DATABASE);
    return await describeContents(folder.db);
  } finally {
    await folder.close();
  }
}

/** Makes room for the restored folder: deletes an empty target, renames one with data aside. */
async function moveAside(
  dir: string,
  before: DatabaseContents | undefined,
): Promise<string | undefined> {
  const state = await folderState(dir);
  if (state === 'absent') return undefined;
  if (before === undefined) {
    await rmdir(dir); // an empty folder (rmdir refuses one that is not)
    return undefined;
  }
  if (before.dataRows === 0) {
    // Nothing in it to keep: a database holding only what its migrations seed.
    await rm(dir, { recursive: true, force: true });
    return undefined;
  }
  const keptIn = `${dir}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await rename(dir, keptIn);
  return keptIn;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
