/**
 * Where `timely backup` writes: a temporary file next to FILE, renamed onto FILE only
 * once it is complete and flushed to disk. A backup that fails (or is killed) therefore
 * never leaves a half-written file under the name the user will later restore from, and
 * an older backup of that name stays intact until the new one is whole. The rename is
 * atomic within one folder (POSIX rename(2)), which is why the temporary file is there
 * and not in /tmp.
 *
 * The file is created owner-only (0600): a backup holds every member's record.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { TimelyError } from '../engine/errors.ts';

export interface OutputFile {
  /** The temporary file to write into (it exists, empty). */
  readonly path: string;
  /** Flushes the temporary file, renames it onto FILE and returns its size in bytes. */
  commit(): Promise<number>;
  /** Deletes the temporary file; never throws. */
  abandon(): Promise<void>;
}

/** Refuses, before anything is read, a FILE that cannot be written. */
export async function createOutputFile(target: string, shown: string): Promise<OutputFile> {
  const refuse = (why: string) =>
    new TimelyError('FIELD_INVALID', `${shown}: ${why}`, { path: 'FILE' });
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) throw refuse('is a directory (name a file to write)');
  const folder = dirname(target);
  const folderStat = await stat(folder).catch(() => undefined);
  if (folderStat === undefined) throw refuse(`folder ${dirname(shown)} does not exist`);
  if (!folderStat.isDirectory()) throw refuse(`${dirname(shown)} is not a folder`);

  const path = join(folder, `.${basename(target)}.partial-${randomBytes(4).toString('hex')}`);
  try {
    // 'wx': fail rather than reuse a file that happens to exist under that name.
    await (await open(path, 'wx', 0o600)).close();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw refuse(`cannot write in ${dirname(shown)} (${code ?? 'unknown error'})`);
  }
  return {
    path,
    async commit() {
      // fsync before rename: otherwise a crash can leave FILE renamed but empty
      // (the classic ext4 zero-length-file case).
      const handle = await open(path, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(path, target);
      await syncFolder(folder);
      return (await stat(target)).size;
    },
    async abandon() {
      await rm(path, { force: true }).catch(() => {});
    },
  };
}

/** Makes the rename itself durable; best effort (some file systems refuse a folder fsync). */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file's data is already on disk; only the new name might be lost in a crash.
  }
}
