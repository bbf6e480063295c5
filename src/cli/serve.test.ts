/**
 * `timely serve` end to end: the shipped entry point in a child process, on a free port,
 * with PGlite in a temporary folder; it answers, and a SIGTERM ends it cleanly with 0.
 * Bad options fail before anything starts: one line, exit 2.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTimely } from './testing.ts';

const BIN = fileURLToPath(new URL('../../bin/timely.mjs', import.meta.url));

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'timely-serve-test-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Resolves with the first stdout line matching `pattern`. */
function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      const match = pattern.exec(seen);
      if (match) {
        child.stdout?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing: ${seen}`)));
  });
}

describe('timely serve', () => {
  it('answers /healthz and exits 0 on SIGTERM after closing the database', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TIMELY_LOG_LEVEL: 'warn' };
    delete env.DATABASE_URL;
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', dataDir], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const [, address] = await waitForLine(
        child,
        /timely: listening on (http:\/\/127\.0\.0\.1:\d+) \(database: PGlite in /,
      );
      const health = await fetch(`${address}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect((await fetch(`${address}/readyz`)).status).toBe(200);
      const stopped = waitForLine(child, /timely: stopped\n/);
      child.kill('SIGTERM');
      await stopped;
      expect(await exited).toBe(0);
      expect(stderr).toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it.each([
    [['--port', 'http'], /^timely: --port: expected a whole number from 0 to 65535, got "http"\n$/],
    [
      ['--port', '70000'],
      /^timely: --port: expected a whole number from 0 to 65535, got "70000"\n$/,
    ],
    [
      ['--sign-ins-per-minute', '0'],
      /^timely: --sign-ins-per-minute: expected a whole number from 1 to 100000, got "0"\n$/,
    ],
    [['--host', ' '], /^timely: --host: expected an address or host name, got " "\n$/],
    [
      ['--trust-proxy', 'proxy.example.org'],
      /^timely: --trust-proxy: "proxy.example.org" is not an IP address, a CIDR range or one of loopback, linklocal, uniquelocal\n$/,
    ],
    [['--bogus'], /^timely: unknown option '--bogus'\n$/],
  ])('refuses %j with one line and exit 2', async (args, line) => {
    const run = await runTimely(['serve', ...args]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(line);
  });

  it('refuses a port already in use, naming --port (exit 2)', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const saved = process.env.DATABASE_URL;
    delete process.env.DATABASE_URL;
    try {
      const run = await runTimely(['serve', '--port', String(port), '--data', dataDir]);
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(`timely: --port: ${port} is already in use on 127.0.0.1\n`);
    } finally {
      if (saved !== undefined) process.env.DATABASE_URL = saved;
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 30_000);
});
