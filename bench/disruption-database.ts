/**
 * The disruption benchmark's books: the FULL demo network (`timely demo --size full`, the
 * size `npm start` loads) in a PostgreSQL server, its next weeks then booked full
 * (`disruption-fill.ts`: the issue's ≈100,000 affected appointments need more visits
 * than the demo books), loaded once into a template database and cloned for every run,
 * so each run's stoppage starts from the same books and a run never sees another's
 * cancellations.
 *
 * The template is kept between runs and rebuilt when what shapes its rows moves: the
 * migrations, the demo's "today" (the demo's rows are a function of the date), or the
 * source of the demo, of the engine that books its history, and of the fill (hashed).
 * The fill's figures are kept with the marker, so a run on a kept template reports them.
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
import { type FillReport, FULL_BOOKS, fillSchedule } from './disruption-fill.ts';

export const TEMPLATE = 'timely_bench_disruption_template';
export const RUN_DATABASE = 'timely_bench_disruption';

/** The folders whose source decides the demo's rows (the booking engine places its history). */
const SHAPING_FOLDERS = ['../src/demo', '../src/engine', '../src/db/migrations'];
/** …and the files that add to them. */
const SHAPING_FILES = ['./disruption-fill.ts', './disruption-fill-slots.ts'];
/** Bumped when the template's make-up changes in a way the hashed sources do not show. */
const TEMPLATE_LAYOUT = 'demo+fill-1';

export interface TemplateReady {
  /** Seconds the full demo took to load, migrations included; null when the kept one served. */
  readonly loadSeconds: number | null;
  /** The demo's own figures for that load (rows per table), when it ran. */
  readonly counts: Readonly<Record<string, number>> | null;
  readonly vacuumSeconds: number | null;
  /** What the fill booked when the template was built (kept with the marker). */
  readonly fill: FillReport | null;
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
  const marker = await readMarker(url);
  if (marker?.version === wanted) {
    process.stderr.write(`disruption: reusing ${TEMPLATE}\n`);
    return { loadSeconds: null, counts: null, vacuumSeconds: null, fill: marker.fill };
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
    process.stderr.write(`disruption: booking the next ${FULL_BOOKS.windowDays} days full…\n`);
    const fill = await fillSchedule(opened.db, { now: Date.now(), ...FULL_BOOKS });
    process.stderr.write(
      `disruption: fill ${fill.seconds.toFixed(1)} s, ${fill.added} visits added, ` +
        `${fill.bookedAfter} booked in the window\n`,
    );
    // A live database is vacuumed: without this every run's first reads set hint bits
    // and build the visibility map, and the preview would be timed doing that.
    const vacuumStarted = performance.now();
    await sql`VACUUM (ANALYZE)`.execute(opened.db);
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    // Last: a load cut off half-way leaves no marker, so the next run rebuilds.
    await sql`CREATE TABLE bench_marker (version text NOT NULL, fill jsonb NOT NULL)`.execute(
      opened.db,
    );
    await sql`INSERT INTO bench_marker VALUES (${wanted}, ${JSON.stringify(fill)})`.execute(
      opened.db,
    );
    return { loadSeconds, counts: load.counts, vacuumSeconds, fill };
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

async function readMarker(url: string): Promise<{ version: string; fill: FillReport } | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string; fill: FillReport }>(
      'SELECT version, fill FROM bench_marker',
    );
    return rows[0] ?? null;
  } catch {
    // No database or no marker yet (or one of an older layout): build it.
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
  for (const file of SHAPING_FILES) {
    hash.update(file);
    hash.update(await readFile(fileURLToPath(new URL(file, import.meta.url))));
  }
  return [
    TEMPLATE_LAYOUT,
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
