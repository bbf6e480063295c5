import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseTool, findPgTool, parseToolMajor } from './pg-tools.ts';

describe("reading a tool's version", () => {
  it.each([
    ['pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n', 15],
    ['pg_restore (PostgreSQL) 17.2\n', 17],
    ['pg_dump (PostgreSQL) 9.6.24\n', 9],
    ['pg_dump (PostgreSQL) 18beta1\n', 18],
  ])('%j → %i', (output, major) => {
    expect(parseToolMajor(output)).toBe(major);
  });

  it('anything else has no version', () => {
    expect(parseToolMajor('mysqldump  Ver 10.19')).toBeUndefined();
  });
});

describe('choosing among the tools found', () => {
  const at = (path: string, major: number) => ({ path, major });

  it('takes the first, in search order, that is as new as the server or newer', () => {
    const found = [at('/usr/bin/pg_dump', 13), at('/usr/lib/postgresql/16/bin/pg_dump', 16)];
    expect(chooseTool(found, 15)?.path).toBe('/usr/lib/postgresql/16/bin/pg_dump');
    expect(chooseTool(found, 13)?.path).toBe('/usr/bin/pg_dump');
  });

  it('none when every tool is older than the server', () => {
    expect(chooseTool([at('/usr/bin/pg_dump', 14)], 15)).toBeUndefined();
  });
});

describe('finding pg_dump on the machine', () => {
  let folder: string;
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'timely-pg-bin-'));
    // A stand-in pg_dump that only knows its version.
    await writeFile(join(folder, 'pg_dump'), '#!/bin/sh\necho "pg_dump (PostgreSQL) 14.11"\n');
    await chmod(join(folder, 'pg_dump'), 0o755);
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('TIMELY_PG_BIN names the folder to use', async () => {
    const tool = await findPgTool('pg_dump', 14, { TIMELY_PG_BIN: folder });
    expect(tool).toEqual({ path: join(folder, 'pg_dump'), major: 14 });
  });

  it('refuses, naming the versions, a pg_dump older than the server', async () => {
    await expect(findPgTool('pg_dump', 16, { TIMELY_PG_BIN: folder })).rejects.toThrow(
      /^pg_dump 14 is older than the server \(PostgreSQL 16\): install the PostgreSQL 16 client tools/,
    );
  });

  it('says how to get one when there is none', async () => {
    await expect(findPgTool('pg_restore', 15, { TIMELY_PG_BIN: folder })).rejects.toThrow(
      `pg_restore not found in TIMELY_PG_BIN (${folder}): install the PostgreSQL 15 client tools (e.g. postgresql-client-15), or set TIMELY_PG_BIN to their folder`,
    );
  });

  it('looks on PATH', async () => {
    const tool = await findPgTool('pg_dump', 14, { PATH: `/nonexistent:${folder}` });
    expect(tool.path).toBe(join(folder, 'pg_dump'));
  });
});
