import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { kindOfHead } from './backup-kind.ts';
import { pgliteLikeTarball, tarball } from './tarball-fixture.ts';

describe('telling a backup file by its first bytes', () => {
  it('a pg_dump custom-format archive begins with PGDMP', () => {
    expect(kindOfHead(Buffer.from('PGDMP\u0001\u000e\u0000\u0004\u0008'))).toBe('postgres');
  });

  it("PGlite's dump is a gzipped tar whose first entry is PG_VERSION", () => {
    expect(kindOfHead(pgliteLikeTarball())).toBe('pglite');
    expect(kindOfHead(tarball([{ name: 'PG_VERSION', content: '17\n' }]))).toBe('pglite');
  });

  it('only the head is needed: the first kilobytes of a large dump are enough', () => {
    const big = tarball([
      { name: '/PG_VERSION', content: '18\n' },
      { name: '/base/1/1247', content: 'y'.repeat(500_000) },
    ]);
    expect(kindOfHead(big.subarray(0, 1024))).toBe('pglite');
  });

  it('any other gzipped tar is not a backup', () => {
    expect(kindOfHead(tarball([{ name: 'notes.txt', content: 'hello' }]))).toBe('unknown');
  });

  it('gzip that is not a tar, and a corrupted gzip stream, are not backups', () => {
    expect(kindOfHead(gzipSync(Buffer.from('just text, long enough'.repeat(40))))).toBe('unknown');
    expect(kindOfHead(Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xff, 0xff]))).toBe('unknown');
  });

  it("pg_dump's plain SQL format is recognised, so the refusal can say what to do", () => {
    const plain = '--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\n';
    expect(kindOfHead(Buffer.from(plain))).toBe('plain-sql');
  });

  it('anything else is unknown', () => {
    expect(kindOfHead(Buffer.from('id,name\n1,North\n'))).toBe('unknown');
    expect(kindOfHead(Buffer.from([0]))).toBe('unknown');
  });
});
