/**
 * Where the CLI writes. Commands never touch `process` directly: they get a `CliIO`, so
 * tests run them in-process and capture what they print, and a future `timely serve`
 * or a test harness can redirect output without monkey-patching globals.
 */
export interface Sink {
  write(text: string): unknown;
}

export interface CliIO {
  readonly stdout: Sink;
  readonly stderr: Sink;
  /** Directory against which relative paths given on the command line are resolved. */
  readonly cwd: string;
}

let pipeGuardInstalled = false;

/** The real process streams. */
export function processIO(): CliIO {
  if (!pipeGuardInstalled) {
    // `timely standards | head -1` closes the pipe early; Node then emits EPIPE as an
    // unhandled 'error' event with a stack trace. A closed reader is not our failure.
    process.stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
    });
    pipeGuardInstalled = true;
  }
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}
