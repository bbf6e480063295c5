/**
 * The API benchmark's moving parts: a server in a process of its own (found by the
 * address it prints), and autocannon runs against it with the figures kept.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import autocannon from 'autocannon';

export interface Served {
  readonly address: string;
  stop(): Promise<void>;
}

/** Starts `args` with node and resolves with the first http address it prints. */
export function startProcess(args: readonly string[], env: NodeJS.ProcessEnv): Promise<Served> {
  // A process group of its own: stopping it stops what it started too (`npm start`'s
  // server under npm).
  const child: ChildProcess = spawn(process.execPath, args, {
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      child.kill('SIGKILL');
      reject(new Error(`${args.join(' ')}: ${why}\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail('no address within 60 s'), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        // Keep draining its output so a chatty server never blocks on a full pipe.
        child.stdout?.resume();
        resolve({
          address: match[1]!,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              const group = -child.pid!;
              const kill = setTimeout(() => signalGroup(group, 'SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(kill);
                done();
              });
              signalGroup(group, 'SIGTERM');
            }),
        });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(`exited with ${code}`);
    });
  });
}

/** Signals a process group; one already gone is fine. */
function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export interface LoadFigures {
  readonly requests: number;
  readonly perSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly byStatus: Readonly<Record<string, number>>;
  readonly errors: number;
}

export interface LoadOptions {
  readonly url: string;
  readonly connections: number;
  readonly seconds: number;
  /** Sent with every request (the API token). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Builds each request (path, method, body); called for every request sent. */
  readonly next?: () => { path: string; method?: 'GET' | 'POST'; body?: string };
}

/** One autocannon run; latencies in milliseconds. */
export async function load(options: LoadOptions): Promise<LoadFigures> {
  const byStatus: Record<string, number> = {};
  const next = options.next;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        setupRequest: (request) => (next ? { ...request, ...next() } : request),
        onResponse: (status) => {
          byStatus[status] = (byStatus[status] ?? 0) + 1;
        },
      },
    ],
  });
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    requests: total,
    perSecond: total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    byStatus,
    errors: result.errors + result.timeouts,
  };
}
