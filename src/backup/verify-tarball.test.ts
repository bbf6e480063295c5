import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tarball } from './tarball-fixture.ts';
import { verifyTarball } from './verify-tarball.ts';

describe('reading a PGlite dump through before loading it', () => {
  let folder: string;
  const entries = [
    { name: '/PG_VERSION', content: '18\n' },
    { name: '/base/1/1247', content: 'z'.repeat(100_000) },
    { name: '/global/pg_control', content: 'c'.repeat(8192) },
  ];
  const write = async (name: string, bytes: Buffer) => {
    const path = join(folder, name);
    await writeFile(path, bytes);
    return path;
  };

  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'timely-tarball-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('accepts a whole archive', async () => {
    await expect(
      verifyTarball(await write('whole.tgz', tarball(entries))),
    ).resolves.toBeUndefined();
  });

  it('refuses a file cut short', async () => {
    const whole = tarball(entries);
    const cut = await write('cut.tgz', whole.subarray(0, Math.floor(whole.length / 2)));
    await expect(verifyTarball(cut)).rejects.toThrow(/unexpected end of file/);
  });

  it('refuses a file changed on the way (gzip checksum)', async () => {
    const damaged = Buffer.from(tarball(entries));
    damaged[damaged.length - 6] = (damaged[damaged.length - 6] ?? 0) ^ 0xff;
    await expect(verifyTarball(await write('damaged.tgz', damaged))).rejects.toThrow();
  });

  it('refuses a tar archive that stops before its end marker', async () => {
    const unended = await write('unended.tgz', tarball(entries, { ended: false }));
    await expect(verifyTarball(unended)).rejects.toThrow('the tar archive is incomplete');
  });
});
