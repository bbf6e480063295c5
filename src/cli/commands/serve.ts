/**
 * `timely serve [--port N] [--data DIR] [--host H]`: runs the HTTP API until SIGTERM or
 * SIGINT. The database is the PostgreSQL server named by DATABASE_URL when it is set,
 * otherwise embedded PGlite with its data in DIR (default ./data); either is migrated
 * to the latest schema first. On a signal it stops accepting connections, finishes the
 * requests in flight, closes the database and exits 0.
 *
 * Prints the address and the docs address on stdout; the request log (JSON lines, level
 * from TIMELY_LOG_LEVEL) follows on stdout too.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK } from '../exit-codes.ts';
import { writeLines } from '../output.ts';

const DEFAULT_PORT = '3000';
const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_DATA = './data';
const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

const options = z.object({
  port: z.string(),
  host: z.string(),
  data: z.string(),
});

export const command = defineCommand({
  name: 'serve',
  summary: 'run the HTTP API (PGlite in --data, or the server in DATABASE_URL)',
  configure: (cmd) => {
    cmd
      .option('--port <n>', 'TCP port, 0 to 65535 (0: any free port)', DEFAULT_PORT)
      .option('--host <h>', 'address to listen on (0.0.0.0: every interface)', DEFAULT_HOST)
      .option(
        '--data <dir>',
        'PGlite data folder (ignored when DATABASE_URL is set)',
        DEFAULT_DATA,
      );
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const port = portNumber(opts.port);
    const host = opts.host.trim();
    if (host === '') throw badOption('--host', 'an address or host name', opts.host);
    const databaseUrl = process.env.DATABASE_URL || undefined;
    const dataDir = resolve(io.cwd, opts.data);

    // Loaded here, not at the top: every command module is imported on every invocation.
    const { logLevelFromEnv } = await import('../../server/logger.ts');
    const level = logLevelFromEnv();
    const { startServer } = await import('../../server/start.ts');
    const { redactPassword } = await import('../../db/open-database.ts');

    let server: Awaited<ReturnType<typeof startServer>>;
    try {
      server = await startServer({ port, host, databaseUrl, dataDir, logger: { level } });
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

function portNumber(text: string): number {
  const value = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= 0 && value <= 65535)) {
    throw badOption('--port', 'a whole number from 0 to 65535', text);
  }
  return value;
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
