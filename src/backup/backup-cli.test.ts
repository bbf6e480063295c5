/**
 * `timely backup` and `timely restore` refusing bad input before any database is opened
 * or changed: exit 2, one line on stderr naming the problem, nothing on stdout, and the
 * folders exactly as they were. (The round trip itself: backup.*.int.test.ts.)
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runTimely } from '../cli/testing.ts';
import { pgliteLikeTarball } from './tarball-fixture.ts';

/** Every path under `root`, sorted: "nothing changed" means this list did not. */
async function listing(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true });
  return entries.map((entry) => relative(root, join(root, entry))).sort();
}

describe('backup and restore refuse bad input, changing nothing', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-backup-cli-'));
    vi.stubEnv('DATABASE_URL', '');
    await writeFile(join(dir, 'garbage.bin'), 'id,name\n1,North\n');
    await writeFile(join(dir, 'empty.dump'), '');
    await writeFile(join(dir, 'server.dump'), 'PGDMP\u0001\u000e\u0000\u0004\u0008\u0001\u0001');
    await writeFile(join(dir, 'pglite.tgz'), pgliteLikeTarball());
    const whole = pgliteLikeTarball();
    await writeFile(join(dir, 'cut.tgz'), whole.subarray(0, whole.length - 20));
    await writeFile(join(dir, 'plain.sql'), '--\n-- PostgreSQL database dump\n--\n');
    await mkdir(join(dir, 'a-folder'));
    // A data folder a running `timely serve` has open.
    await mkdir(join(dir, 'busy'));
    await writeFile(join(dir, 'busy', 'PG_VERSION'), '18\n');
    await writeFile(join(dir, 'busy', 'postmaster.pid'), '-42\n');
    // A folder of something else entirely.
    await mkdir(join(dir, 'documents'));
    await writeFile(join(dir, 'documents', 'letter.txt'), 'dear member');
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await rm(dir, { recursive: true, force: true });
  });

  const cases: [string, string[], RegExp][] = [
    ['backup without FILE', ['backup'], /^timely: missing required argument 'file'$/],
    ['restore without FILE', ['restore'], /^timely: missing required argument 'file'$/],
    [
      'a backup into a folder that does not exist',
      ['backup', 'nowhere/b.tgz', '--data', 'busy'],
      /^timely: nowhere\/b\.tgz: folder nowhere does not exist$/,
    ],
    [
      'a backup onto a folder',
      ['backup', 'a-folder', '--data', 'busy'],
      /^timely: a-folder: is a directory \(name a file to write\)$/,
    ],
    [
      'a backup into a path under a file',
      ['backup', 'garbage.bin/b.tgz', '--data', 'busy'],
      /^timely: garbage\.bin\/b\.tgz: garbage\.bin is not a folder$/,
    ],
    [
      'a backup of a data folder that does not exist (it is not created)',
      ['backup', 'b.tgz', '--data', 'no-data-here'],
      /^timely: no PGlite database in no-data-here: nothing to back up$/,
    ],
    [
      'a backup of a folder that holds no database',
      ['backup', 'b.tgz', '--data', 'documents'],
      /^timely: no PGlite database in documents: nothing to back up$/,
    ],
    [
      'a backup of a data folder in use',
      ['backup', 'b.tgz', '--data', 'busy'],
      /^timely: PGlite in busy is in use \(postmaster\.pid present\): stop the timely serve using it first; if none is running, .*delete busy\/postmaster\.pid and retry$/,
    ],
    ['a restore of a missing file', ['restore', 'nope.tgz'], /^timely: nope\.tgz: not found$/],
    ['a restore of a folder', ['restore', 'a-folder'], /^timely: a-folder: is a directory$/],
    [
      'a restore of an empty file',
      ['restore', 'empty.dump'],
      /^timely: empty\.dump: empty file, not a Timely backup$/,
    ],
    [
      'a restore of a file that is not a backup',
      ['restore', 'garbage.bin', '--data', 'fresh'],
      /^timely: garbage\.bin: not a Timely backup \(neither a pg_dump custom-format archive nor a PGlite data-folder dump\)$/,
    ],
    [
      'a restore of a plain SQL dump',
      ['restore', 'plain.sql', '--data', 'fresh'],
      /^timely: plain\.sql: a plain SQL dump, not a Timely backup \(restore it with psql/,
    ],
    [
      "a restore of a server's dump into PGlite",
      ['restore', 'server.dump', '--data', 'fresh', '--force'],
      /^timely: server\.dump is a PostgreSQL server backup \(pg_dump\): restore it into a server \(set DATABASE_URL\), not into PGlite/,
    ],
    [
      'a restore of a damaged PGlite dump, even with --force',
      ['restore', 'cut.tgz', '--data', 'fresh', '--force'],
      /^timely: cut\.tgz: a damaged or incomplete PGlite dump \(unexpected end of file\)$/,
    ],
    [
      'a restore into a data folder in use, even with --force',
      ['restore', 'pglite.tgz', '--data', 'busy', '--force'],
      /^timely: PGlite in busy is in use \(postmaster\.pid present\)/,
    ],
    [
      'a restore into a folder of something else, even with --force',
      ['restore', 'pglite.tgz', '--data', 'documents', '--force'],
      /^timely: documents is not empty and not a PGlite data folder: restore into a new or empty folder$/,
    ],
  ];

  it.each(cases)('%s', async (_, argv, message) => {
    const before = await listing(dir);
    const { code, stdout, stderr } = await runTimely(argv, dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.endsWith('\n')).toBe(true);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr.trimEnd()).toMatch(message);
    expect(await listing(dir)).toEqual(before);
  });

  it('refuses a PGlite dump for the server in DATABASE_URL, before connecting to it', async () => {
    // Port 9 (discard): nothing answers there, and nothing needs to.
    vi.stubEnv('DATABASE_URL', 'postgres://timely:secret@127.0.0.1:9/none');
    const { code, stdout, stderr } = await runTimely(['restore', 'pglite.tgz', '--force'], dir);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /^timely: pglite\.tgz is a PGlite data-folder backup: restore it into PGlite \(unset DATABASE_URL\), not into a server/,
    );
    expect(stderr).not.toContain('secret');
  });
});
