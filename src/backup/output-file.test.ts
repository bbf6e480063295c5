import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutputFile } from './output-file.ts';

describe('the file a backup writes', () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), 'timely-output-'));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('is written beside FILE and appears under its name only on commit', async () => {
    const target = join(folder, 'nightly.dump');
    const output = await createOutputFile(target, 'nightly.dump');
    expect(output.path.startsWith(join(folder, '.nightly.dump.partial-'))).toBe(true);
    await writeFile(output.path, 'the whole backup');
    await expect(stat(target)).rejects.toThrow(/ENOENT/);

    expect(await output.commit()).toBe('the whole backup'.length);
    expect(await readFile(target, 'utf8')).toBe('the whole backup');
    expect(await readdir(folder)).toEqual(['nightly.dump']);
  });

  it('is readable by its owner only: it holds every member record', async () => {
    const output = await createOutputFile(join(folder, 'b.dump'), 'b.dump');
    await output.commit();
    expect((await stat(join(folder, 'b.dump'))).mode & 0o777).toBe(0o600);
  });

  it('leaves an older backup of the same name whole until the new one is complete', async () => {
    const target = join(folder, 'b.dump');
    await writeFile(target, 'yesterday');
    const output = await createOutputFile(target, 'b.dump');
    await writeFile(output.path, 'half of tod');
    await output.abandon();
    expect(await readFile(target, 'utf8')).toBe('yesterday');
    expect(await readdir(folder)).toEqual(['b.dump']);
  });

  it.each([
    [
      'a folder that does not exist',
      'missing/b.dump',
      /^missing\/b\.dump: folder missing does not exist$/,
    ],
    [
      'a file used as a folder',
      'plain.txt/b.dump',
      /^plain\.txt\/b\.dump: plain\.txt is not a folder$/,
    ],
    ['a folder given as FILE', 'sub', /^sub: is a directory \(name a file to write\)$/],
  ])('refuses %s, creating nothing', async (_, name, message) => {
    await writeFile(join(folder, 'plain.txt'), 'x');
    await mkdir(join(folder, 'sub'));
    await expect(createOutputFile(join(folder, name), name)).rejects.toThrow(message);
    expect((await readdir(folder)).sort()).toEqual(['plain.txt', 'sub']);
  });
});
