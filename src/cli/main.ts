/**
 * `timely` — the command line. `main` parses argv with commander, runs the chosen
 * command, and returns the exit code; it never throws and never calls process.exit, so
 * tests call it in-process and bin/timely.mjs only sets process.exitCode.
 */
import { Command, CommanderError } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import type { CliCommand } from './command.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { reportFailure } from './failure.ts';
import { type CliIO, processIO } from './io.ts';
import { loadCommands } from './registry.ts';

/**
 * Runs the command line. `commands` defaults to every module in `commands/`; the bundled
 * server of `npm start` (bundle-entry.ts) names its own, having no folder to scan.
 */
export async function main(
  argv: string[],
  io: CliIO = processIO(),
  listed?: readonly CliCommand[],
): Promise<number> {
  try {
    const commands = listed ?? (await loadCommands());
    if (argv.length === 0) {
      const names = commands.map((c) => c.name).join(', ');
      throw new CommanderError(
        EXIT_USAGE,
        'timely.missingCommand',
        `missing command (one of: ${names}; see timely --help)`,
      );
    }
    let exitCode: number = EXIT_OK;
    const program = buildProgram(commands, io, (code) => {
      exitCode = code;
    });
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportFailure(error, io);
  }
}

function buildProgram(
  commands: readonly CliCommand[],
  io: CliIO,
  setExitCode: (code: number) => void,
): Command {
  const program = new Command('timely')
    .description('Timely: timely access to mental-health care under legal waiting-time standards')
    .version(packageJson.version, '-V, --version')
    // Throw instead of exiting; failure.ts turns the error into one line and exit 2.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => {},
    });
  // Sub-commands created below inherit exitOverride and configureOutput.
  for (const definition of commands) {
    const sub = program.command(definition.name).description(definition.summary);
    definition.configure?.(sub);
    sub.action(async () => {
      setExitCode(await definition.run({ args: sub.args, options: sub.opts() }, io));
    });
  }
  return program;
}
