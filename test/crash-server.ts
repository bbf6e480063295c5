/**
 * `timely serve` as a child process the crash tests can kill: the shipped entry point
 * (bin/timely.mjs, which loads the TypeScript through tsx) on a free port, on the
 * PostgreSQL server named by `databaseUrl` or on PGlite in `dataDir`. The child is the
 * server itself (tsx registers in-process), so a SIGKILL to it is a SIGKILL to the server:
 * no handler runs, nothing is flushed or closed.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/timely.mjs', import.meta.url));
/** Generous: tsx compiles the server on a cold start, and CI machines are shared. */
const STARTUP_MS = 60_000;
/** Enough of the child's output to explain a failure, not a whole request log. */
const KEPT_OUTPUT = 20_000;

export interface ServerTarget {
  /** PostgreSQL connection URL; PGlite in `dataDir` when absent. */
  readonly databaseUrl?: string | undefined;
  readonly dataDir: string;
}

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ServerProcess {
  /** `http://127.0.0.1:port` */
  readonly address: string;
  readonly exited: Promise<Exit>;
  /** The last of what the child printed (stdout and stderr), for failure messages. */
  output(): string;
  /** SIGKILL, resolved once the process is gone. */
  killHard(): Promise<Exit>;
  /** SIGTERM (finish requests in flight, close the database), resolved once it exited. */
  stop(): Promise<Exit>;
}

/** Starts the server (with `options` after its own) and resolves once it prints its address. */
export async function startServer(
  target: ServerTarget,
  options: readonly string[] = [],
): Promise<ServerProcess> {
  const env: NodeJS.ProcessEnv = { ...process.env, TIMELY_LOG_LEVEL: 'warn' };
  delete env.DATABASE_URL;
  if (target.databaseUrl !== undefined) env.DATABASE_URL = target.databaseUrl;
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--port', '0', '--data', target.dataDir, ...options],
    {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-KEPT_OUTPUT);
  };
  // Both pipes are drained for the child's whole life: a full pipe would stall it.
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const address = await listeningAddress(child, exited, () => output);
  const signalled = (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    return exited;
  };
  return {
    address,
    exited,
    output: () => output,
    killHard: () => signalled('SIGKILL'),
    stop: () => signalled('SIGTERM'),
  };
}

function listeningAddress(
  child: ChildProcess,
  exited: Promise<Exit>,
  output: () => string,
): Promise<string> {
  const pattern = /timely: listening on (http:\/\/127\.0\.0\.1:\d+) /;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no address within ${STARTUP_MS} ms:\n${output()}`));
    }, STARTUP_MS);
    const look = () => {
      const match = pattern.exec(output());
      if (!match?.[1]) return;
      clearTimeout(timer);
      child.stdout?.off('data', look);
      resolve(match[1]);
    };
    child.stdout?.on('data', look);
    void exited.then((exit) => {
      clearTimeout(timer);
      reject(new Error(`exited (${exit.code ?? exit.signal}) before listening:\n${output()}`));
    });
  });
}
