/**
 * Runs pg_dump or pg_restore to completion and keeps what it said. A failure becomes one
 * line: the tool's own "error:" line (libpq never prints the password), so the user
 * reads why pg_dump stopped rather than an exit status.
 */
import { spawn } from 'node:child_process';

export interface ToolOutput {
  readonly stdout: string;
  readonly stderr: string;
}

export class ToolFailed extends Error {
  constructor(
    readonly tool: string,
    readonly reason: string,
  ) {
    super(`${tool} failed: ${reason}`);
    this.name = 'ToolFailed';
  }
}

export function runTool(
  path: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<ToolOutput> {
  const tool = path.split('/').pop() ?? path;
  return new Promise((resolve, reject) => {
    // stdin closed: the tools are told --no-password and never wait on a prompt.
    const child = spawn(path, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error) => reject(new ToolFailed(tool, error.message)));
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else reject(new ToolFailed(tool, reasonOf(stderr, code, signal)));
    });
  });
}

/** The line that says why: the first "error:" line, else the last line, else the status. */
export function reasonOf(
  stderr: string,
  code: number | null,
  signal: NodeJS.Signals | null = null,
): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const line = lines.find((l) => /\berror:/.test(l)) ?? lines.at(-1);
  if (line !== undefined) return line.replace(/^pg_(dump|restore):\s*(error:\s*)?/, '');
  return signal ? `killed by ${signal}` : `exit status ${code}`;
}

export function isToolFailed(error: unknown): error is ToolFailed {
  return error instanceof ToolFailed;
}
