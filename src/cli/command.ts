/**
 * The shape of one `timely` sub-command. Each lives in its own file under `commands/`,
 * exporting `command = defineCommand({...})`; `registry.ts` finds it there, so adding a
 * command touches no other file.
 */
import type { Command } from 'commander';
import type { CliIO } from './io.ts';

export interface CommandInput {
  /** Positional arguments, after options were taken out. */
  readonly args: readonly string[];
  /** Option values as commander parsed them; each command validates its own. */
  readonly options: Readonly<Record<string, unknown>>;
}

export interface CliCommand {
  /** The word after `timely`, e.g. "deadline". */
  readonly name: string;
  /** One line for `timely --help`. */
  readonly summary: string;
  /** Declares arguments and options on the commander sub-command. */
  readonly configure?: (command: Command) => void;
  /**
   * Runs the command and returns its exit code. Throw a TimelyError for bad input (it
   * becomes one "timely: …" line and exit 2). Import heavy dependencies inside `run`,
   * not at the top of the file: every command module is loaded on every invocation.
   */
  readonly run: (input: CommandInput, io: CliIO) => Promise<number> | number;
}

/** Identity, for type checking and a uniform look across command files. */
export function defineCommand(command: CliCommand): CliCommand {
  return command;
}

export function isCliCommand(value: unknown): value is CliCommand {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Record<keyof CliCommand, unknown>>;
  return (
    typeof candidate.name === 'string' &&
    typeof candidate.summary === 'string' &&
    typeof candidate.run === 'function' &&
    (candidate.configure === undefined || typeof candidate.configure === 'function')
  );
}
