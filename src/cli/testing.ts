/**
 * Runs `timely` in-process for tests: the exit code and everything it printed, captured
 * through an injected CliIO instead of the process streams.
 */
import type { CliIO } from './io.ts';
import { main } from './main.ts';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runTimely(argv: string[], cwd = process.cwd()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}
