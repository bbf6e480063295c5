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
import { VALUE_PARSERS } from './value-parsers.ts';

export interface DatabaseOptions {
  /** `postgres://…` connection URL; wins over `dataDir` */
  url?: string | undefined;
  /** folder for PGlite's data (created if missing); in memory when absent */
  dataDir?: string | undefined;
  /** most server connections held at once (default 10); PGlite has exactly one */
  maxConnections?: number | undefined;
}

export interface OpenedDatabase {
  db: Kysely<Database>;
  backend: 'postgres' | 'pglite';
  /** Closes the pool or shuts PGlite down (flushing its data folder). */
  close(): Promise<void>;
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<OpenedDatabase> {
  return options.url
    ? openServer(options.url, options.maxConnections)
    : openPglite(options.dataDir);
}

async function openServer(url: string, maxConnections = 10): Promise<OpenedDatabase> {
  // Per pool, not pg.types.setTypeParser: that would change every pg user in the process.
  const types = new pg.TypeOverrides();
  for (const [oid, parse] of Object.entries(VALUE_PARSERS)) types.setTypeParser(Number(oid), parse);
  // JIT off: compiling the access figures' aggregates took ~65 ms of a ~100 ms query on
  // a year of data (PostgreSQL 15's default cost limits), more than it ever saved.
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    types,
    options: '-c jit=off',
  });
  // An idle connection the server drops emits 'error' on the pool; unhandled, that would
  // end the process. The pool discards the client, and the next query reconnects or fails.
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
