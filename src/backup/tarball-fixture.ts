/**
 * Small gzipped ustar archives for the tests: a stand-in for PGlite's dump (its first
 * entry is `/PG_VERSION`, as in a real one) without starting PGlite.
 */
import { gzipSync } from 'node:zlib';

const BLOCK = 512;

export interface TarEntry {
  readonly name: string;
  readonly content: string;
}

export function tarball(entries: readonly TarEntry[], { ended = true } = {}): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const content = Buffer.from(entry.content);
    blocks.push(header(entry.name, content.length));
    blocks.push(Buffer.concat([content, Buffer.alloc(padding(content.length))]));
  }
  if (ended) blocks.push(Buffer.alloc(2 * BLOCK));
  return gzipSync(Buffer.concat(blocks));
}

/** What PGlite's dump looks like from the outside. */
export function pgliteLikeTarball(): Buffer {
  return tarball([
    { name: '/PG_VERSION', content: '18\n' },
    { name: '/base/1/112', content: 'x'.repeat(700) },
  ]);
}

function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1'); // mode
  block.write('0000000\0', 108, 'latin1'); // uid
  block.write('0000000\0', 116, 'latin1'); // gid
  block.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1'); // mtime
  block.write('0', 156, 'latin1'); // a regular file
  block.write('ustar\u000000', 257, 'latin1');
  // The checksum is computed with its own field read as spaces (POSIX ustar).
  block.write('        ', 148, 'latin1');
  const sum = block.reduce((total, byte) => total + byte, 0);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}
