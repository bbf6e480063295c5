/**
 * Turns anything thrown while running a command into one line on stderr and an exit
 * code. Users see "timely: <what is wrong>", never a stack trace: bad input names the
 * option or field to fix (exit 2), anything else says it was unexpected (exit 1).
 */
import { CommanderError } from 'commander';
import { isTimelyError } from '../engine/errors.ts';
import {
  EXIT_CODE_OF_ERROR,
  EXIT_OK,
  EXIT_UNEXPECTED,
  EXIT_USAGE,
  type ExitCode,
} from './exit-codes.ts';
import type { CliIO } from './io.ts';

export interface Failure {
  readonly exitCode: ExitCode;
  /** The line to print, or null when commander already printed what the user needs (help). */
  readonly line: string | null;
}

export function failureOf(error: unknown): Failure {
  if (error instanceof CommanderError) {
    // --help and --version end through the same path with exit code 0.
    if (error.exitCode === 0) return { exitCode: EXIT_OK, line: null };
    if (error.code === 'commander.help') return { exitCode: EXIT_USAGE, line: null };
    return { exitCode: EXIT_USAGE, line: oneLine(error.message.replace(/^error: /, '')) };
  }
  if (isTimelyError(error)) {
    return { exitCode: EXIT_CODE_OF_ERROR[error.code], line: oneLine(error.message) };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT_UNEXPECTED, line: oneLine(`unexpected error: ${message}`) };
}

/** Prints the failure and returns its exit code; never throws, whatever was thrown or the sink does. */
export function reportFailure(error: unknown, io: CliIO): ExitCode {
  let failure: Failure;
  try {
    failure = failureOf(error);
  } catch {
    // A thrown value whose message cannot even be read.
    failure = { exitCode: EXIT_UNEXPECTED, line: 'unexpected error' };
  }
  if (failure.line !== null) {
    try {
      io.stderr.write(`timely: ${failure.line}\n`);
    } catch {
      // Nowhere left to report to; the exit code still tells the caller.
    }
  }
  return failure.exitCode;
}

/** Collapses a message to one line (commander adds "(Did you mean …?)" on a second one). */
function oneLine(text: string): string {
  return text.trim().replace(/\s*\n\s*/g, ' ');
}
