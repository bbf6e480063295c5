/**
 * `timely backup`'s work: the database (server or PGlite) into a file that appears under
 * its name only once complete (`output-file.ts`).
 */
import type { BackupKind } from './backup-kind.ts';
import type { DatabaseContents } from './database-contents.ts';
import type { DatabaseTarget } from './database-target.ts';
import { createOutputFile } from './output-file.ts';
import { backupPglite } from './pglite-backup.ts';
import { backupServer } from './server-backup.ts';

export interface BackupReport {
  readonly kind: BackupKind;
  readonly bytes: number;
  /** What the backup holds, counted in the state it was taken in. */
  readonly contents: DatabaseContents;
  readonly seconds: number;
}

export async function backupDatabase(
  target: DatabaseTarget,
  file: string,
  shownFile: string,
): Promise<BackupReport> {
  const started = performance.now();
  // First: a FILE that cannot be written is refused before the database is opened.
  const output = await createOutputFile(file, shownFile);
  try {
    const contents =
      target.kind === 'postgres'
        ? await backupServer(target.url, output.path)
        : await backupPglite(target.dir, target.shown, output.path);
    const bytes = await output.commit();
    return {
      kind: target.kind,
      bytes,
      contents,
      seconds: (performance.now() - started) / 1000,
    };
  } catch (error) {
    await output.abandon();
    throw error;
  }
}
