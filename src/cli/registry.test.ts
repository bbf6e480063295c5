/**
 * Commands are discovered from the files in commands/: adding a command is adding a
 * file. A file there that does not export a command is a programming error, reported.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadCommands } from './registry.ts';

async function directoryWith(files: Record<string, string>): Promise<URL> {
  const dir = await mkdtemp(join(tmpdir(), 'timely-commands-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return pathToFileURL(`${dir}/`);
}

const hello = `export const command = { name: 'hello', summary: 'says hello', run: () => 0 };`;

describe('loadCommands', () => {
  it('finds the built-in commands in alphabetical order', async () => {
    const names = (await loadCommands()).map((c) => c.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['deadline', 'standards']));
  });

  it('loads every module of a folder, skipping tests and declarations', async () => {
    const dir = await directoryWith({
      'hello.mjs': hello,
      'hello.test.mjs': 'throw new Error("a test must not be loaded as a command")',
      'notes.txt': 'not a module',
    });
    expect((await loadCommands(dir)).map((c) => c.name)).toEqual(['hello']);
  });

  it('reports a module that exports no command', async () => {
    const dir = await directoryWith({ 'broken.mjs': 'export const nothing = 1;' });
    await expect(loadCommands(dir)).rejects.toThrow(
      /commands\/broken\.mjs does not export a command/,
    );
  });

  it('reports two commands with one name', async () => {
    const dir = await directoryWith({ 'a.mjs': hello, 'b.mjs': hello });
    await expect(loadCommands(dir)).rejects.toThrow(/a command named "hello" already exists/);
  });
});
