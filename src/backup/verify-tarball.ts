/**
 * Reads a PGlite dump through to its end before PGlite is given it. PGlite untars from a
 * stream whose errors it does not catch: a truncated or corrupted file ends the process
 * with zlib's "unexpected end of file" instead of an error to report. Decompressing the
 * whole file here checks gzip's CRC-32 and length trailer (RFC 1952, 2.3.1), so only a
 * file that is byte for byte what PGlite wrote reaches it; walking the tar headers on the
 * way checks the archive ends where tar says it does (POSIX ustar: two zero blocks).
 */
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';

const BLOCK = 512;

/** Resolves when the file is a whole gzipped tar; rejects with why it is not. */
export async function verifyTarball(path: string): Promise<void> {
  const walker = new TarWalker();
  await pipeline(createReadStream(path), createGunzip(), walker);
  if (!walker.ended) throw new Error('the tar archive is incomplete');
}

/** Follows tar headers block by block, skipping file contents. */
class TarWalker extends Writable {
  ended = false;
  private pending: Buffer = Buffer.alloc(0);
  /** Bytes of file content (padded to whole blocks) still to skip. */
  private skip = 0;

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error) => void): void {
    try {
      this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
      this.walk();
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  private walk(): void {
    while (!this.ended) {
      if (this.skip > 0) {
        const skipped = Math.min(this.skip, this.pending.length);
        this.skip -= skipped;
        this.pending = this.pending.subarray(skipped);
        if (this.skip > 0) return;
      }
      if (this.pending.length < BLOCK) return;
      const header = this.pending.subarray(0, BLOCK);
      this.pending = this.pending.subarray(BLOCK);
      if (header.every((byte) => byte === 0)) {
        this.ended = true;
        return;
      }
      if (header.toString('latin1', 257, 262) !== 'ustar') {
        throw new Error('not a tar archive');
      }
      const size = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/s, ''), 8);
      if (!Number.isFinite(size) || size < 0) throw new Error('a tar header is damaged');
      this.skip = Math.ceil(size / BLOCK) * BLOCK;
    }
  }
}
