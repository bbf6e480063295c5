/**
 * `timely serve [--port N] [--data DIR] [--host H] [--demo [SIZE]] [--insecure-cookies]
 * [--sign-ins-per-minute N] [--trust-proxy LIST]`:
 * runs the HTTP API until SIGTERM or SIGINT. With `--demo`, an empty database first gets
 * the demo network (`timely demo`) and the demo logins are printed; a database that
 * holds data is served as it is. The database is the PostgreSQL server named by DATABASE_URL when it is set,
 * otherwise embedded PGlite with its data in DIR (default ./data); either is migrated
 * to the latest schema first. On a signal it stops accepting connections, finishes the
 * requests in flight, closes the database and exits 0.
 *
 * Prints the address and the docs address on stdout; the request log (JSON lines, level
 * from TIMELY_LOG_LEVEL) follows on stdout too.
 */
import { resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/schema.ts';
import { TimelyError } from '../../engine/errors.ts';
import { parseTrustedProxies } from '../../server/trusted-proxies.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import type { CliIO } from '../io.ts';
import { writeLines } from '../output.ts';
import { type DemoSize, demoSize as demoSizeOf } from './demo.ts';

const DEFAULT_PORT = '3000';
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_DATA = './data';
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;
/** Per client address; raise it behind a proxy or NAT that gives many people one address. */
const DEFAULT_SIGN_INS_PER_MINUTE = '10';

const options = z.object({
  port: z.string(),
  host: z.string(),
  data: z.string(),
  demo: z.union([z.boolean(), z.string()]).optional(),
  insecureCookies: z.boolean().optional(),
  signInsPerMinute: z.string(),
  trustProxy: z.string().optional(),
});

/** Addresses only this machine reaches: plain HTTP there is never on a network. */
const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

export const command = defineCommand({
  name: 'serve',
  summary: 'run the HTTP API (PGlite in --data, or the server in DATABASE_URL)',
  configure: (cmd) => {
    cmd
      .option('--port <n>', 'TCP port, 0 to 65535 (0: any free port)', DEFAULT_PORT)
      .option('--host <h>', 'address to listen on (0.0.0.0: every interface)', DEFAULT_HOST)
      .option('--data <dir>', 'PGlite data folder (ignored when DATABASE_URL is set)', DEFAULT_DATA)
      .option(
        '--demo [size]',
        'load the demo network first if the database is empty (full | small)',
      )
      .option(
        '--insecure-cookies',
        'session cookie without Secure, for plain HTTP (loopback --host only)',
      )
      .option(
        '--sign-ins-per-minute <n>',
        'sign-in attempts allowed per client address per minute, 1 to 100000',
        DEFAULT_SIGN_INS_PER_MINUTE,
      )
      .option(
        '--trust-proxy <list>',
        'reverse proxies whose X-Forwarded-For names the client: addresses, CIDR ranges, loopback (comma-separated)',
      );
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const port = portNumber(opts.port);
    const signInsPerMinute = signInRate(opts.signInsPerMinute);
    const trustedProxies = opts.trustProxy === undefined ? undefined : proxies(opts.trustProxy);
    const host = opts.host.trim();
    if (host === '') throw badOption('--host', 'an address or host name', opts.host);
    // The session cookie is Secure, and Safari (unlike Chrome and Firefox) will not keep
    // a Secure cookie from http://127.0.0.1: `npm start` turns it off for plain HTTP on
    // this machine only, where no network sees the cookie; on any other address, no.
    if (opts.insecureCookies && !LOOPBACK_HOSTS.has(host)) {
      throw badOption(
        '--host',
        'a loopback address (127.0.0.1, ::1, localhost) with --insecure-cookies',
        host,
      );
    }
    const demoSize =
      opts.demo === undefined || opts.demo === false
        ? undefined
        : demoSizeOf(opts.demo === true ? 'full' : opts.demo);
    // The demo's accounts have passwords published in the README: serving them beyond
    // this machine would let anyone on the network sign in as its admin.
    if (demoSize !== undefined && !LOOPBACK_HOSTS.has(host)) {
      throw badOption('--host', 'a loopback address (127.0.0.1, ::1, localhost) with --demo', host);
    }
    const databaseUrl = process.env.DATABASE_URL || undefined;
    const dataDir = resolve(io.cwd, opts.data);

    // Loaded here, not at the top: every command module is imported on every invocation.
    const { logLevelFromEnv } = await import('../../server/logger.ts');
    const level = logLevelFromEnv();
    const { startServer } = await import('../../server/start.ts');
    const { redactPassword } = await import('../../db/open-database.ts');

    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({
        port,
        host,
        databaseUrl,
        dataDir,
        logger: { level },
        security: { secureCookies: !opts.insecureCookies, signInsPerMinute, trustedProxies },
        prepare: demoSize === undefined ? undefined : (db) => loadDemoIfEmpty(db, demoSize, io),
      });
    } catch (error) {
      throw listenProblem(error, opts.port, host) ?? error;
    }
    const where =
      server.backend === 'postgres' && databaseUrl
        ? `PostgreSQL at ${redactPassword(databaseUrl)}`
        : `PGlite in ${opts.data}`;
    writeLines(io.stdout, [
      `timely: listening on ${server.address} (database: ${where})`,
      `timely: API docs at ${server.docs}, OpenAPI at ${server.address}/openapi.json`,
    ]);

    await new Promise<void>((done) => {
      const stop = () => {
        for (const signal of SIGNALS) process.off(signal, stop);
        done();
      };
      for (const signal of SIGNALS) process.on(signal, stop);
    });
    writeLines(io.stdout, ['timely: shutting down (finishing requests in flight)']);
    await server.close();
    writeLines(io.stdout, ['timely: stopped']);
    return EXIT_OK;
  },
});

async function loadDemoIfEmpty(db: Kysely<Database>, size: DemoSize, io: CliIO): Promise<void> {
  const { databaseIsEmpty, loadDemo } = await import('../../demo/load-demo.ts');
  if (!(await databaseIsEmpty(db))) return;
  const { demoToday } = await import('../../demo/dataset.ts');
  const { demoSummaryLines } = await import('../../demo/summary.ts');
  writeLines(io.stdout, [`timely: empty database: loading the ${size} demo network…`]);
  writeLines(io.stdout, demoSummaryLines(await loadDemo(db, { size, today: demoToday() })));
}

function portNumber(text: string): number {
  const value = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 0 && value <= 65535)) {
    throw badOption('--port', 'a whole number from 0 to 65535', text);
  }
  return value;
}

function signInRate(text: string): number {
  const value = /^\d{1,6}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 1 && value <= 100_000)) {
    throw badOption('--sign-ins-per-minute', 'a whole number from 1 to 100000', text);
  }
  return value;
}

function proxies(text: string): string[] {
  try {
    return parseTrustedProxies(text);
  } catch (error) {
    throw new TimelyError('FIELD_INVALID', `--trust-proxy: ${(error as Error).message}`, {
      path: '--trust-proxy',
    });
  }
}

function badOption(option: string, expected: string, got: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `${option}: expected ${expected}, got "${got}"`, {
    path: option,
  });
}

/** Listening failures the user fixes with an option: exit 2, naming the option. */
function listenProblem(error: unknown, port: string, host: string): TimelyError | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new TimelyError('FIELD_INVALID', `--port: ${port} is already in use on ${host}`, {
      path: '--port',
    });
  }
  if (code === 'EACCES') {
    return new TimelyError('FIELD_INVALID', `--port: not allowed to listen on ${port}`, {
      path: '--port',
    });
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new TimelyError('FIELD_INVALID', `--host: cannot listen on "${host}" (${code})`, {
      path: '--host',
    });
  }
  return undefined;
}
