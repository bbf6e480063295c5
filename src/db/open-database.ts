/**
 * Opens Timely's database: a PostgreSQL server when a URL is given (the `DATABASE_URL`
 * of `timely serve`), otherwise embedded PGlite — PostgreSQL compiled to WebAssembly,
 * in-process, its data in `dataDir` (in memory when there is none). Both speak the same
 * SQL through the same Kysely instance type, so no code above this file knows which one
 * it has; the test suite runs against both.
 *
 * Opening does not migrate: call `migrateToLatest(db)`.
 */
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { Kysely, PGliteDialect, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema.ts';
import { unavailableReason } from './unavailable.ts';
import { VALUE_PARSERS } from './value-parsers.ts';

/**
 * How long a query waits for a server connection — opening one, or a free one in a full
 * pool — before it fails (as a 503, problem.ts). Without it, a server that drops packets
 * leaves every request hanging until the kernel gives up (minutes).
 */
export const CONNECT_TIMEOUT_MS = 3_000;

export interface DatabaseOptions {
  /** `postgres://…` connection URL; wins over `dataDir` */
  url?: string | undefined;
  /** folder for PGlite's data (created if missing); in memory when absent */
  dataDir?: string | undefined;
  /** most server connections held at once (default 10); PGlite has exactly one */
  maxConnections?: number | undefined;
  /** a server connection's wait limit (default CONNECT_TIMEOUT_MS) */
  connectTimeoutMs?: number | undefined;
  /**
   * Told when a server connection breaks outside a query (the server stopped, the network
   * cut it); the pool drops it and the next query opens another. Default: one line on
   * stderr with the reason (never the message: it is the server's text).
   */
  onConnectionLost?: ((error: unknown) => void) | undefined;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  backend: 'postgres' | 'pglite';
  /** Closes the pool or shuts PGlite down (flushing its data folder). */
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<OpenedDatabase> {
  return options.url ? openServer(options.url, options) : openPglite(options.dataDir);
}

async function openServer(url: string, options: DatabaseOptions): Promise<OpenedDatabase> {
  // Per pool, not pg.types.setTypeParser: that would change every pg user in the process.
  const types = new pg.TypeOverrides();
  for (const [oid, parse] of Object.entries(VALUE_PARSERS)) types.setTypeParser(Number(oid), parse);
  // JIT off: compiling the access figures' aggregates took ~65 ms of a ~100 ms query on
  // a year of data (PostgreSQL 15's default cost limits), more than it ever saved.
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    types,
    options: '-c jit=off',
    connectionTimeoutMillis: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
    // TCP keepalive: a connection to a server that vanished without closing it (power
    // cut, network partition) is found dead instead of waited on forever.
    keepAlive: true,
  });
  // A client whose socket breaks emits 'error' — while idle in the pool, and also while
  // checked out between two queries of a transaction, or after its query already
  // failed with "Connection terminated unexpectedly". pg-pool listens only while the
  // client is idle, and an 'error' nobody listens to ends the process: so each client
  // gets a listener of its own for its whole life. The pool discards a broken client;
  // the next query opens a new connection (or fails, as a 503, while the server is away).
  const onLost = options.onConnectionLost ?? warnConnectionLost;
  pool.on('connect', (client) => client.on('error', onLost));
  // pg-pool re-emits an idle client's error on the pool; the client's listener above has
  // reported it already.
  pool.on('error', () => {});
  // Fail now, naming the server, rather than at the first query.
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end();
    throw new Error(
      `cannot connect to the database at ${redactPassword(url)}: ${messageOf(error)}`,
      {
        cause: error,
      },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, backend: 'postgres', close: () => db.destroy() };
}

async function openPglite(dataDir: string | undefined): Promise<OpenedDatabase> {
  if (dataDir !== undefined) await mkdir(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(dataDir === undefined ? {} : { dataDir }),
    // Loaded here, created by migration 0001: the exclusion constraint needs it.
    extensions: { btree_gist },
    parsers: { ...VALUE_PARSERS },
  });
  // Kysely's PGlite dialect queues every query onto PGlite's single connection.
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  const close = async () => {
    await db.destroy();
    // destroy() closes PGlite only if Kysely ever ran a query on it.
    if (!pglite.closed) await pglite.close();
  };
  return { db, backend: 'pglite', close };
}

function warnConnectionLost(error: unknown): void {
  const reason = unavailableReason(error) ?? 'unexpected error';
  console.warn(`timely: a database connection was lost (${reason}); the next query reconnects`);
}

/** Connection URLs may carry a password; error messages must not. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable database URL)';
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
