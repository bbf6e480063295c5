/**
 * What a backup file holds, told from its first bytes, so `timely restore` refuses a file
 * of the wrong kind before it touches a database. The files stay in their tools' own
 * formats (no Timely header), so in an emergency `pg_restore FILE` or `tar -xzf FILE`
 * still read them without Timely:
 *
 * - `postgres`: a `pg_dump --format=custom` archive, which begins with "PGDMP"
 *   (PostgreSQL docs, pg_dump; src/bin/pg_dump/pg_backup_archiver.c writes the magic);
 * - `pglite`: PGlite's `dumpDataDir('gzip')`, a gzipped tar whose first entry is the
 *   data folder's `PG_VERSION` file.
 */
import { constants, gunzipSync } from 'node:zlib';

export type BackupKind = 'postgres' | 'pglite';

/** What a file's head can be: a backup, or something people mistake for one. */
export type HeadKind = BackupKind | 'plain-sql' | 'unknown';

/** Bytes read from a file's start: enough for the gzip header and the first tar header. */
export const HEAD_BYTES = 64 * 1024;

const PG_DUMP_MAGIC = 'PGDMP';
const TAR_BLOCK = 512;

export function kindOfHead(head: Uint8Array): HeadKind {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.subarray(0, PG_DUMP_MAGIC.length).toString('latin1') === PG_DUMP_MAGIC) {
    return 'postgres';
  }
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    return firstTarEntry(bytes)?.replace(/^\.?\//, '') === 'PG_VERSION' ? 'pglite' : 'unknown';
  }
  // pg_dump's plain format: an SQL script for psql, which pg_restore cannot read.
  if (/^\s*--\s*\n--\s*PostgreSQL database dump/.test(bytes.toString('utf8', 0, 200))) {
    return 'plain-sql';
  }
  return 'unknown';
}

/** The name of the first entry of a gzipped tar, from its head alone; undefined if not one. */
function firstTarEntry(gzipped: Buffer): string | undefined {
  let tar: Buffer;
  try {
    // A sync flush at the end decompresses what the head holds instead of failing on
    // the missing rest of the stream (Node docs, zlib "Flushing").
    tar = gunzipSync(gzipped, { finishFlush: constants.Z_SYNC_FLUSH });
  } catch {
    return undefined;
  }
  if (tar.length < TAR_BLOCK) return undefined;
  // POSIX ustar header: name at 0 (100 bytes), magic "ustar" at 257.
  if (tar.toString('latin1', 257, 262) !== 'ustar') return undefined;
  return tar.toString('utf8', 0, 100).replace(/\0.*$/s, '');
}
