/**
 * Finds the sub-commands: every module in `commands/` (tests excluded) that exports
 * `command`. Discovery instead of a hand-kept list means engineers adding `serve`,
 * `simulate` or `import` in parallel each add one file and never collide on a shared one.
 */
import { readdir } from 'node:fs/promises';
import { type CliCommand, isCliCommand } from './command.ts';

const COMMANDS_DIR = new URL('./commands/', import.meta.url);
const MODULE = /^[a-z][a-z0-9-]*\.(ts|js|mjs)$/;
const NOT_A_COMMAND = /\.(test|d)\.(ts|js|mjs)$/;

export async function loadCommands(directory: URL = COMMANDS_DIR): Promise<CliCommand[]> {
  const files = (await readdir(directory))
    .filter((file) => MODULE.test(file) && !NOT_A_COMMAND.test(file))
    .sort();
  const commands: CliCommand[] = [];
  for (const file of files) {
    const module: unknown = await import(new URL(file, directory).href);
    const command =
      typeof module === 'object' && module !== null && 'command' in module
        ? module.command
        : undefined;
    if (!isCliCommand(command)) {
      throw new Error(
        `commands/${file} does not export a command (export const command = defineCommand({…}))`,
      );
    }
    if (commands.some((known) => known.name === command.name)) {
      throw new Error(`commands/${file}: a command named "${command.name}" already exists`);
    }
    commands.push(command);
  }
  return commands;
}
