/**
 * The disruption benchmark's books: the FULL demo network (`timely demo --size full`, the
 * size `npm start` loads) in a PostgreSQL server, loaded once into a template database
 * and cloned for every run, so each run's stoppage starts from the same books and a run
 * never sees another's cancellations.
 *
 * The template is kept between runs and rebuilt when what shapes its rows moves: the
 * migrations, the demo's "today" (the demo's rows are a function of the date), or the
 * source of the demo and the engine that books its history (hashed).
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.ts';
import { MIGRATION_MODULES } from '../src/db/migration-list.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { demoToday } from '../src/demo/dataset.ts';
import { loadDemo } from '../src/demo/load-demo.ts';

export const TEMPLATE = 'timely_bench_disruption_template';
export const RUN_DATABASE = 'timely_bench_disruption';

/** The folders whose source decides the demo's rows (the booking engine places its history). */
const SHAPING_FOLDERS = ['../src/demo', '../src/engine', '../src/db/migrations'];

export interface TemplateReady {
  /** Seconds the full demo took to load, migrations included; null when the kept one served. */
  readonly loadSeconds: number | null;
  /** The demo's own figures for that load (rows per table), when it ran. */
  readonly counts: Readonly<Record<string, number>> | null;
  readonly vacuumSeconds: number | null;
}

export function databaseUrl(baseUrl: string, database: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** One statement on its own connection (CREATE/DROP DATABASE cannot run in a transaction). */
export async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Makes sure the template holds today's full demo under the current migrations. */
export async function prepareTemplate(baseUrl: string): Promise<TemplateReady> {
  const url = databaseUrl(baseUrl, TEMPLATE);
  const wanted = await templateVersion();
  if ((await readMarker(url)) === wanted) {
    process.stderr.write(`disruption: reusing ${TEMPLATE}\n`);
    return { loadSeconds: null, counts: null, vacuumSeconds: null };
  }
  process.stderr.write(`disruption: loading the full demo into ${TEMPLATE}…\n`);
  await onServer(baseUrl, `DROP DATABASE IF EXISTS ${TEMPLATE} WITH (FORCE)`);
  await onServer(baseUrl, `CREATE DATABASE ${TEMPLATE} TEMPLATE template0`);
  const opened = await openDatabase({ url });
  try {
    const started = performance.now();
    await migrateToLatest(opened.db);
    const load = await loadDemo(opened.db, { size: 'full', today: demoToday() });
    const loadSeconds = (performance.now() - started) / 1000;
    // A live database is vacuumed: without this every run's first reads set hint bits
    // and build the visibility map, and the preview would be timed doing that.
    const vacuumStarted = performance.now();
    await sql`VACUUM (ANALYZE)`.execute(opened.db);
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    // Last: a load cut off half-way leaves no marker, so the next run rebuilds.
    await sql`CREATE TABLE bench_marker (version text NOT NULL)`.execute(opened.db);
    await sql`INSERT INTO bench_marker VALUES (${wanted})`.execute(opened.db);
    return { loadSeconds, counts: load.counts, vacuumSeconds };
  } finally {
    await opened.close();
  }
}

/**
 * A fresh copy of the template as the run's database. FILE_COPY copies the files after
 * a checkpoint instead of writing every block through the WAL (PostgreSQL 15's default,
 * meant for small templates): several times faster for a database this size.
 */
export async function cloneForRun(baseUrl: string): Promise<{ url: string; seconds: number }> {
  const started = performance.now();
  await onServer(baseUrl, `DROP DATABASE IF EXISTS ${RUN_DATABASE} WITH (FORCE)`);
  await onServer(
    baseUrl,
    `CREATE DATABASE ${RUN_DATABASE} TEMPLATE ${TEMPLATE} STRATEGY = FILE_COPY`,
  );
  return {
    url: databaseUrl(baseUrl, RUN_DATABASE),
    seconds: (performance.now() - started) / 1000,
  };
}

export async function dropRun(baseUrl: string): Promise<void> {
  await onServer(baseUrl, `DROP DATABASE IF EXISTS ${RUN_DATABASE} WITH (FORCE)`);
}

async function readMarker(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version FROM bench_marker');
    return rows[0]?.version ?? null;
  } catch {
    // No database or no marker yet: build it.
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Migrations, the demo's date, and a hash of the source that shapes the rows. */
async function templateVersion(): Promise<string> {
  const hash = createHash('sha256');
  for (const folder of SHAPING_FOLDERS) {
    const root = fileURLToPath(new URL(folder, import.meta.url));
    for (const file of await sourceFiles(root)) {
      hash.update(file.slice(root.length));
      hash.update(await readFile(file));
    }
  }
  return [
    Object.keys(MIGRATION_MODULES).join(','),
    demoToday(),
    hash.digest('hex').slice(0, 16),
  ].join('#');
}

/** The folder's TypeScript sources, tests left out, in a stable order. */
async function sourceFiles(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.test\.ts$|\.suite\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}
