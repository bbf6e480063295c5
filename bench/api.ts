/**
 * `npm run bench -- api`: the HTTP API at the scale of one large plan, on a PostgreSQL
 * server (TIMELY_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; the
 * benchmark makes a database of its own there and drops it afterwards).
 *
 * 2,400 clinicians with 90 days of slots and ~300,000 appointments (placed by the
 * booking engine, bulk-loaded); then `timely serve` in a process of its own on
 * 127.0.0.1, driven by autocannon:
 *   - availability (GET /availability) at 50 connections: p50/p99;
 *   - booking (POST /appointments) at 50 connections, clients racing for the same
 *     earliest slots: bookings/s, conflicts; then a query proving no two live
 *     appointments of a clinician overlap;
 *   - FHIR Slot search (a clinician's free slots over a week) at 10 connections: p99;
 * and as references in the same run: Fastify answering a constant JSON (the ceiling),
 * and the same booking through PGlite (`timely serve` on a data folder; a tenth of the
 * network, as bulk loads into PGlite are slow).
 * The last line is one JSON object with the figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openDatabase } from '../src/db/open-database.ts';
import type { RequestInput } from '../src/engine/booking/model.ts';
import { type AuthHeaders, bearerFor } from '../src/server/auth/test-credentials.ts';
import { buildDataset, type Dataset, loadDataset, OVERLAP_QUERY } from './api-dataset.ts';
import { type LoadFigures, load, type Served, startProcess } from './api-load.ts';

export const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const TIMELY = fileURLToPath(new URL('../bin/timely.mjs', import.meta.url));
const CONSTANT = fileURLToPath(new URL('./constant-server.ts', import.meta.url));

export const TARGETS = {
  availabilityP99Ms: 25,
  bookingsPerSecond: 1000,
  slotSearchP99Ms: 50,
} as const;

export interface ApiBenchOptions {
  /** Share of the full network (2,400 clinicians, ~300,000 appointments). */
  readonly scale: number;
  /** Share of the full network for the PGlite reference. */
  readonly pgliteScale: number;
  /** Seconds per autocannon run. */
  readonly seconds: number;
  readonly databaseUrl: string;
}

export interface ApiFigures {
  clinicians: number;
  appointments: number;
  placeSeconds: number;
  loadSeconds: number;
  firstCallSeconds: number;
  ceiling: LoadFigures;
  availability: LoadFigures;
  booking: LoadFigures & { booked: number; bookedPerSecond: number; conflicts: number };
  overlaps: number;
  slotSearch: LoadFigures;
  pglite: LoadFigures & {
    clinicians: number;
    appointments: number;
    booked: number;
    bookedPerSecond: number;
  };
}

function query(request: RequestInput): Record<string, string> {
  const out: Record<string, string> = {
    type: request.type,
    standard: request.standard,
    patientId: request.patientId,
    clockStart: new Date(request.clockStart).toISOString(),
  };
  if (request.center !== undefined) out.center = request.center;
  if (request.language !== undefined) out.language = request.language;
  if (request.modality !== undefined) out.modality = request.modality;
  if (request.priorClinician !== undefined) out.priorClinician = request.priorClinician;
  return out;
}

/** Cycles through the fresh requests: each call the next one. */
function cycle<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

function bookingLoad(url: string, headers: AuthHeaders, data: Dataset, seconds: number) {
  const next = cycle(data.fresh);
  return load({
    url,
    headers,
    connections: 50,
    seconds,
    next: () => ({ path: '/appointments', method: 'POST', body: JSON.stringify(query(next())) }),
  });
}

function withBookings(figures: LoadFigures, seconds: number) {
  const booked = figures.byStatus['201'] ?? 0;
  return {
    ...figures,
    booked,
    bookedPerSecond: booked / seconds,
    conflicts: figures.byStatus['409'] ?? 0,
  };
}

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await work();
  return [value, (performance.now() - started) / 1000];
}

async function warmUp(address: string, headers: AuthHeaders, data: Dataset): Promise<number> {
  const params = new URLSearchParams(query(data.fresh[0]!));
  const [response, seconds] = await timed(() =>
    fetch(`${address}/availability?${params}`, { headers }),
  );
  if (!response.ok) {
    throw new Error(`availability: ${response.status} ${(await response.text()).slice(0, 500)}`);
  }
  return seconds;
}

/** The environment of a served process: quiet logs, and no test runner's or caller's database. */
function serveEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TIMELY_LOG_LEVEL: 'warn' };
  delete env.VITEST;
  delete env.DATABASE_URL;
  return { ...env, ...extra };
}

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function serverRun(options: ApiBenchOptions, data: Dataset) {
  const name = `timely_bench_api_${process.pid}`;
  await onServer(options.databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await onServer(options.databaseUrl, `CREATE DATABASE ${name} TEMPLATE template0`);
  const url = new URL(options.databaseUrl);
  url.pathname = `/${name}`;
  let served: Served | undefined;
  try {
    const opened = await openDatabase({ url: url.toString() });
    await migrateToLatest(opened.db);
    const headers = await bearerFor(opened.db, 'scheduler');
    const loadSeconds = await loadDataset(opened.db, data);
    await opened.close();
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();

    served = await startProcess(
      [TIMELY, 'serve', '--port', '0'],
      serveEnv({ DATABASE_URL: url.toString() }),
    );
    const firstCallSeconds = await warmUp(served.address, headers, data);
    const s = options.seconds;

    const ceilingServer = await startProcess(['--import', 'tsx', CONSTANT], serveEnv({}));
    const ceiling = await load({ url: ceilingServer.address, connections: 50, seconds: s });
    await ceilingServer.stop();

    const nextRequest = cycle(data.fresh);
    const availability = await load({
      url: served.address,
      headers,
      connections: 50,
      seconds: s,
      next: () => ({ path: `/availability?${new URLSearchParams(query(nextRequest()))}` }),
    });

    const clinicians = data.network.clinicians.map((c) => c.id);
    const nextClinician = cycle(clinicians);
    const from = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10);
    const slotSearch = await load({
      url: served.address,
      headers,
      connections: 10,
      seconds: s,
      next: () => ({
        path: `/fhir/Slot?schedule=Schedule/${nextClinician()}&start=ge${from}&start=lt${to}&status=free`,
      }),
    });

    const booking = withBookings(await bookingLoad(served.address, headers, data, s), s);
    const { rows } = await client.query<{ n: number }>(OVERLAP_QUERY);
    const { rows: counted } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE status = 'booked'`,
    );
    await client.end();
    return {
      loadSeconds,
      firstCallSeconds,
      ceiling,
      availability,
      slotSearch,
      booking,
      overlaps: rows[0]!.n,
      appointments: counted[0]!.n - booking.booked,
    };
  } finally {
    await served?.stop();
    await onServer(options.databaseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function pgliteRun(options: ApiBenchOptions) {
  const clinicians = Math.max(12, Math.round(2400 * options.pgliteScale));
  const data = buildDataset(clinicians, Math.round(330_000 * options.pgliteScale), 20_000);
  const dataDir = await mkdtemp(join(tmpdir(), 'timely-bench-api-'));
  let served: Served | undefined;
  try {
    const opened = await openDatabase({ dataDir });
    await migrateToLatest(opened.db);
    const headers = await bearerFor(opened.db, 'scheduler');
    await loadDataset(opened.db, data);
    await opened.close();
    served = await startProcess([TIMELY, 'serve', '--port', '0', '--data', dataDir], serveEnv({}));
    await warmUp(served.address, headers, data);
    const figures = withBookings(
      await bookingLoad(served.address, headers, data, options.seconds),
      options.seconds,
    );
    return { ...figures, clinicians, appointments: data.appointments.length };
  } finally {
    await served?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

export async function runApiBench(options: ApiBenchOptions): Promise<ApiFigures> {
  const clinicians = Math.max(12, Math.round(2400 * options.scale));
  const data = buildDataset(
    clinicians,
    Math.round(330_000 * options.scale),
    Math.max(2_000, Math.round(100_000 * options.scale)),
  );
  const server = await serverRun(options, data);
  const pglite = await pgliteRun(options);
  return { clinicians, placeSeconds: data.placeSeconds, ...server, pglite };
}

function fmt(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

function row(name: string, f: LoadFigures, extra = ''): string {
  return `${name.padEnd(34)} ${fmt(f.perSecond, 0).padStart(9)} ${fmt(f.p50).padStart(8)} ${fmt(f.p99).padStart(8)}  ${extra}`;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const scaleAt = args.indexOf('--scale');
  const scale = scaleAt >= 0 ? Number(args[scaleAt + 1]) : 1;
  const figures = await runApiBench({
    scale,
    pgliteScale: scale / 10,
    seconds: scale >= 1 ? 10 : 3,
    databaseUrl: process.env.TIMELY_BENCH_DATABASE_URL || DEFAULT_URL,
  });
  const f = figures;
  console.log(
    `API benchmark — ${fmt(f.clinicians)} clinicians, ${fmt(f.appointments)} appointments (placed in ${fmt(f.placeSeconds, 2)} s, loaded in ${fmt(f.loadSeconds, 2)} s); first call (engine built) ${fmt(f.firstCallSeconds, 2)} s`,
  );
  console.log(
    `${'run'.padEnd(34)} ${'req/s'.padStart(9)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`,
  );
  console.log(row('constant JSON (ceiling), 50 conn', f.ceiling));
  console.log(
    row(
      'GET /availability, 50 conn',
      f.availability,
      `target p99 < ${TARGETS.availabilityP99Ms} ms`,
    ),
  );
  console.log(
    row(
      'POST /appointments, 50 conn',
      f.booking,
      `${fmt(f.booking.bookedPerSecond, 0)} booked/s (target ≥ ${TARGETS.bookingsPerSecond}), ${fmt(f.booking.conflicts, 0)} conflicts (409), overlapping live appointments: ${f.overlaps}`,
    ),
  );
  console.log(
    row('FHIR Slot search, 10 conn', f.slotSearch, `target p99 < ${TARGETS.slotSearchP99Ms} ms`),
  );
  console.log(
    row(
      `POST /appointments on PGlite, 50 conn`,
      f.pglite,
      `${fmt(f.pglite.bookedPerSecond, 0)} booked/s (${fmt(f.pglite.clinicians)} clinicians, ${fmt(f.pglite.appointments)} appointments)`,
    ),
  );
  console.log(
    JSON.stringify({
      benchmark: 'api',
      clinicians: f.clinicians,
      appointments: f.appointments,
      loadSeconds: f.loadSeconds,
      firstCallSeconds: f.firstCallSeconds,
      ceilingPerSecond: f.ceiling.perSecond,
      availability: {
        perSecond: f.availability.perSecond,
        p50: f.availability.p50,
        p99: f.availability.p99,
      },
      booking: {
        perSecond: f.booking.perSecond,
        bookedPerSecond: f.booking.bookedPerSecond,
        booked: f.booking.booked,
        conflicts: f.booking.conflicts,
        byStatus: f.booking.byStatus,
        p99: f.booking.p99,
        overlaps: f.overlaps,
      },
      slotSearch: {
        perSecond: f.slotSearch.perSecond,
        p50: f.slotSearch.p50,
        p99: f.slotSearch.p99,
      },
      pglite: {
        clinicians: f.pglite.clinicians,
        appointments: f.pglite.appointments,
        perSecond: f.pglite.perSecond,
        bookedPerSecond: f.pglite.bookedPerSecond,
        p99: f.pglite.p99,
      },
      targets: TARGETS,
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
