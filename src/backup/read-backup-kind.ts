/**
 * Opens the FILE given to `timely restore` and tells its kind (`backup-kind.ts`), or
 * refuses it in one line naming the file: missing, a folder, empty, or not a backup.
 */
import { open } from 'node:fs/promises';
import { TimelyError } from '../engine/errors.ts';
import { type BackupKind, HEAD_BYTES, kindOfHead } from './backup-kind.ts';

export async function readBackupKind(path: string, shown: string): Promise<BackupKind> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const buffer = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
      head = buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new TimelyError('FIELD_INVALID', `${shown}: ${unreadable(error)}`, { path: 'FILE' });
  }
  if (head.length === 0) {
    throw new TimelyError('FIELD_INVALID', `${shown}: empty file, not a Timely backup`, {
      path: 'FILE',
    });
  }
  const kind = kindOfHead(head);
  if (kind === 'plain-sql') {
    throw new TimelyError(
      'FIELD_INVALID',
      `${shown}: a plain SQL dump, not a Timely backup (restore it with psql, or make one with timely backup)`,
      { path: 'FILE' },
    );
  }
  if (kind === 'unknown') {
    throw new TimelyError(
      'FIELD_INVALID',
      `${shown}: not a Timely backup (neither a pg_dump custom-format archive nor a PGlite data-folder dump)`,
      { path: 'FILE' },
    );
  }
  return kind;
}

export function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'not found';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return `cannot be read (${code ?? 'unknown error'})`;
}
