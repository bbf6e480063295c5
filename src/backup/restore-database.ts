/**
 * `timely restore`'s work: the file's kind first (nothing is opened for a file that is not
 * a backup, or not one for this kind of database), then the restore of that kind.
 */
import { TimelyError } from '../engine/errors.ts';
import type { BackupKind } from './backup-kind.ts';
import type { DatabaseContents } from './database-contents.ts';
import type { DatabaseTarget } from './database-target.ts';
import { restorePglite } from './pglite-restore.ts';
import { readBackupKind } from './read-backup-kind.ts';
import { restoreServer } from './server-restore.ts';

export interface RestoreReport {
  readonly kind: BackupKind;
  /** What the restored database holds (its restore event included). */
  readonly contents: DatabaseContents;
  /** Where the PGlite folder that was replaced now lives, when it held data. */
  readonly keptIn: string | undefined;
  readonly seconds: number;
}

export async function restoreDatabase(
  target: DatabaseTarget,
  file: string,
  shownFile: string,
  force: boolean,
): Promise<RestoreReport> {
  const started = performance.now();
  const kind = await readBackupKind(file, shownFile);
  if (kind !== target.kind) throw wrongKind(kind, shownFile);
  const done =
    target.kind === 'postgres'
      ? {
          contents: await restoreServer(file, shownFile, target.url, target.description, force),
          keptIn: undefined,
        }
      : await restorePglite(file, shownFile, target.dir, target.shown, force);
  return { kind, ...done, seconds: (performance.now() - started) / 1000 };
}

/** A server's dump and PGlite's folder dump are not interchangeable: say which is which. */
function wrongKind(kind: BackupKind, shownFile: string): TimelyError {
  const message =
    kind === 'postgres'
      ? `${shownFile} is a PostgreSQL server backup (pg_dump): restore it into a server (set DATABASE_URL), not into PGlite; timely export and import move data between the two`
      : `${shownFile} is a PGlite data-folder backup: restore it into PGlite (unset DATABASE_URL), not into a server; timely export and import move data between the two`;
  return new TimelyError('FIELD_INVALID', message, { path: 'FILE' });
}
