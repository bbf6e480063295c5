/**
 * How anything thrown maps to an exit code and the one line the user sees.
 */
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { TimelyError } from '../engine/errors.ts';
import { failureOf, reportFailure } from './failure.ts';

describe('failureOf', () => {
  it('is silent success for --help and --version', () => {
    expect(failureOf(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({
      exitCode: 0,
      line: null,
    });
  });

  it('makes a commander usage error one line, exit 2', () => {
    const error = new CommanderError(
      1,
      'commander.unknownCommand',
      "error: unknown command 'x'\n(Did you mean y?)",
    );
    expect(failureOf(error)).toEqual({
      exitCode: 2,
      line: "unknown command 'x' (Did you mean y?)",
    });
  });

  it('maps domain errors (bad input) to exit 2 with their message', () => {
    expect(
      failureOf(new TimelyError('STANDARD_UNKNOWN', '--standard: unknown standard "x"')),
    ).toEqual({
      exitCode: 2,
      line: '--standard: unknown standard "x"',
    });
  });

  it('calls anything else unexpected, exit 1', () => {
    expect(failureOf(new TypeError('x is undefined'))).toEqual({
      exitCode: 1,
      line: 'unexpected error: x is undefined',
    });
    expect(failureOf('a thrown string')).toEqual({
      exitCode: 1,
      line: 'unexpected error: a thrown string',
    });
  });
});

describe('reportFailure', () => {
  it('survives a thrown value that cannot be turned into text', () => {
    let stderr = '';
    const unprintable = Object.create(null) as object; // String() throws: no toString
    const code = reportFailure(unprintable, {
      stdout: { write: () => {} },
      stderr: { write: (text: string) => (stderr += text) },
      cwd: '.',
    });
    expect(code).toBe(1);
    expect(stderr).toBe('timely: unexpected error\n');
  });
});
