/**
 * `npm run bench -- monitoring`: the access figures on one year of a full-size network
 * (~7 million appointments: `monitoring-dataset.ts`) in the real PostgreSQL server
 * (TIMELY_BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test; the data
 * lives in a database of its own, kept between runs and rebuilt when the schema moves).
 *
 * 1. Reads: the overview's and a center's drill-down routes over HTTP, one at a time
 *    (a compliance officer's page load), 40 times each after a warm-up: p50 and p95.
 *    Target p95 < 300 ms. The at-risk and breach lists are timed too, and reported.
 * 2. Upkeep: booking transactions (a request and its appointment, as the booking
 *    service writes them) from 8 connections for 15 s on fresh slots this week — the
 *    cells every booking of the week shares — with the server folding the deltas as it
 *    runs: bookings/s with the rollups kept current, against the same load with the
 *    rollup trigger off (the reference). Target ≥ 1,000 bookings/s. Afterwards the
 *    rollup (folded rows + deltas) must equal a fresh count of the week's requests.
 *
 * The last line is one JSON object with the figures.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { migrateToLatest } from '../src/db/migrate.ts';
import { MIGRATION_MODULES } from '../src/db/migration-list.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { buildServer } from '../src/server/app.ts';
import { bearerFor } from '../src/server/auth/test-credentials.ts';
import { loadMonitoringData } from './monitoring-dataset.ts';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';
const DATABASE = 'timely_bench_monitoring';
/** Bump when the generated data changes shape: the kept database is rebuilt. */
const DATA_VERSION = '3';
const READS = 40;
const WARM_UP = 5;
const WRITERS = 8;
const WRITE_SECONDS = 15;

interface ReadFigure {
  readonly route: string;
  readonly p50: number;
  readonly p95: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? Number.NaN;
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

/** The version the kept database was built for: migrations + data shape. */
const WANTED = `${Object.keys(MIGRATION_MODULES).join(',')}#${DATA_VERSION}`;

async function prepareDatabase(baseUrl: string): Promise<string> {
  const url = new URL(baseUrl);
  url.pathname = `/${DATABASE}`;
  const kept = await readMarker(url.toString());
  if (kept === WANTED) {
    process.stderr.write(`monitoring: reusing ${DATABASE}\n`);
    return url.toString();
  }
  process.stderr.write(`monitoring: building one year of a full network in ${DATABASE}…\n`);
  await onServer(baseUrl, `DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await onServer(baseUrl, `CREATE DATABASE ${DATABASE} TEMPLATE template0`);
  const opened = await openDatabase({ url: url.toString() });
  try {
    await migrateToLatest(opened.db);
    const data = await loadMonitoringData(opened.db);
    process.stderr.write(
      `monitoring: ${data.appointments.toLocaleString('en-US')} appointments, ` +
        `${data.requests.toLocaleString('en-US')} requests in ${data.seconds.toFixed(0)} s\n`,
    );
    await sql`CREATE TABLE bench_marker (version text NOT NULL)`.execute(opened.db);
    await sql`INSERT INTO bench_marker VALUES (${WANTED})`.execute(opened.db);
  } finally {
    await opened.close();
  }
  return url.toString();
}

async function readMarker(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('SELECT version FROM bench_marker');
    return rows[0]?.version ?? null;
  } catch {
    return null;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function timeReads(
  address: string,
  headers: Record<string, string>,
  route: string,
): Promise<ReadFigure> {
  const once = async () => {
    const started = performance.now();
    const response = await fetch(`${address}${route}`, { headers });
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < WARM_UP; i++) await once();
  const times: number[] = [];
  for (let i = 0; i < READS; i++) times.push(await once());
  times.sort((a, b) => a - b);
  return { route, p50: percentile(times, 0.5), p95: percentile(times, 0.95) };
}

/** Asks until the route has computed what it needs (`computing` false), at most 10 min. */
async function settle(
  address: string,
  headers: Record<string, string>,
  route: string,
): Promise<void> {
  const started = performance.now();
  for (;;) {
    const response = await fetch(`${address}${route}`, { headers });
    const body = (await response.json()) as { computing?: boolean };
    if (!response.ok) throw new Error(`${route}: HTTP ${response.status}`);
    if (body.computing !== true) break;
    if (performance.now() - started > 600_000) throw new Error(`${route}: still computing`);
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  process.stderr.write(
    `monitoring: ${route} ready after ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
}

/**
 * Booking transactions for `seconds` from `WRITERS` connections: each a request whose
 * clock starts now and its appointment on a slot no one holds (a day far ahead, a
 * clinician and minute of its own), committed one by one. Returns how many committed.
 */
async function bookingLoad(url: string, tag: string, seconds: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: WRITERS });
  const { rows: clinicians } = await pool.query<{ center_id: string; id: string }>(
    'SELECT center_id, id FROM clinicians ORDER BY id',
  );
  const until = Date.now() + seconds * 1000;
  // 60 weeks ahead: beyond every generated appointment.
  const base = Date.now() + 60 * 7 * 86_400_000;
  let committed = 0;
  let next = 0;
  const writer = async () => {
    const client = await pool.connect();
    try {
      while (Date.now() < until) {
        const k = next++;
        const clinician = clinicians[k % clinicians.length]!;
        const start = new Date(base + Math.floor(k / clinicians.length) * 3_600_000);
        const id = `${tag}-${k}`;
        const patient = `${clinician.center_id}-p${1 + (k % 50_000)}`;
        await client.query('BEGIN');
        await client.query(
          `INSERT INTO requests (center_id, id, patient_id, type, standard, clock_start,
             deadline, language, status)
           VALUES ($1, $2, $3, 'routine-intake', 'nonurgent-nonphysician-mh', now(),
             now() + interval '14 days', 'en', 'booked')`,
          [clinician.center_id, id, patient],
        );
        await client.query(
          `INSERT INTO appointments (center_id, id, clinician_id, patient_center_id,
             patient_id, request_id, starts_at, ends_at, modality, kind)
           VALUES ($1, $2, $3, $1, $4, $2, $5, $5::timestamptz + interval '50 minutes',
             'video', 'intake')`,
          [clinician.center_id, id, clinician.id, patient, start.toISOString()],
        );
        await client.query('COMMIT');
        committed++;
      }
    } finally {
      client.release();
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  await pool.end();
  return committed;
}

/** The rollup as readers see it for this week, against a fresh count of request_outcomes. */
async function rollupMatches(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const week = `date_trunc('week', now() AT TIME ZONE 'America/Los_Angeles')::date`;
    const { rows } = await client.query<{ differing: number }>(`
      WITH kept AS (
        SELECT center_id, standard, type, language, discipline,
               sum(requests) AS requests, sum(met) AS met, sum(unresolved) AS unresolved
        FROM (SELECT * FROM access_rollup WHERE week = ${week}
              UNION ALL SELECT * FROM access_rollup_deltas WHERE week = ${week}) c
        GROUP BY 1, 2, 3, 4, 5 HAVING sum(requests) <> 0
      ),
      fresh AS (
        SELECT center_id, standard, type, language,
               coalesce(served_discipline, discipline, 'unassigned') AS discipline,
               count(*) AS requests,
               count(*) FILTER (WHERE coalesce(first_at <= due, false)) AS met,
               count(*) FILTER (WHERE NOT coalesce(first_at <= due, false)
                                AND status <> 'referred') AS unresolved
        FROM request_outcomes WHERE week = ${week} AND status <> 'cancelled'
        GROUP BY 1, 2, 3, 4, 5
      )
      SELECT count(*)::int AS differing FROM (
        (SELECT * FROM kept EXCEPT SELECT * FROM fresh)
        UNION ALL (SELECT * FROM fresh EXCEPT SELECT * FROM kept)) d`);
    return rows[0]?.differing === 0;
  } finally {
    await client.end();
  }
}

async function removeBenchBookings(url: string, tag: string): Promise<void> {
  await onServer(
    url,
    `BEGIN;
     DELETE FROM appointments WHERE id LIKE '${tag}-%';
     DELETE FROM requests WHERE id LIKE '${tag}-%';
     COMMIT;`,
  );
}

async function main(): Promise<void> {
  const url = await prepareDatabase(process.env.TIMELY_BENCH_DATABASE_URL || DEFAULT_URL);
  const opened = await openDatabase({ url, maxConnections: 10 });
  const app = buildServer({ db: opened.db, logger: { level: 'warn' } });
  try {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const headers = await bearerFor(opened.db, 'compliance');
    const { rows: centers } = await sql<{ center_id: string }>`
      SELECT center_id FROM request_outcomes GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`.execute(
      opened.db,
    );
    const center = centers[0]?.center_id ?? '';
    // The computed-per-week figures fill their tables on first asking: wait for that.
    await settle(address, headers, '/access/provider-survey?weeks=13');
    await settle(address, headers, '/access/utilisation?weeks=13');
    const overview = [
      '/access/requests-by-week?weeks=13',
      '/access/compliance?by=center&weeks=13',
      '/access/compliance?by=discipline&weeks=13',
      '/access/wait-times?weeks=13',
      '/access/open-requests',
      '/access/compliance?by=center&weeks=53',
      '/access/wait-times?weeks=53',
      '/access/provider-survey?weeks=13',
      '/access/utilisation?weeks=13',
      '/hotline/metrics?weeks=13',
    ];
    const drillDown = [
      `/access/requests-by-week?weeks=13&center=${center}`,
      `/access/compliance?by=discipline&weeks=13&center=${center}`,
      `/access/compliance?by=language&weeks=13&center=${center}`,
      `/access/compliance?by=type&weeks=13&center=${center}`,
      `/access/wait-times?weeks=13&center=${center}`,
      `/access/compliance?by=discipline&weeks=53&center=${center}`,
      `/access/provider-survey?weeks=13&center=${center}`,
      `/access/utilisation?weeks=13&center=${center}`,
    ];
    // The lists name members (each read audited): reported, not part of the target.
    const lists = ['/access/at-risk?days=3&limit=50', '/access/breaches?limit=50'];
    const reads: ReadFigure[] = [];
    for (const route of [...overview, ...drillDown, ...lists]) {
      const figure = await timeReads(address, headers, route);
      reads.push(figure);
      process.stdout.write(
        `${route.padEnd(64)} p50 ${figure.p50.toFixed(1).padStart(6)} ms  p95 ${figure.p95
          .toFixed(1)
          .padStart(6)} ms\n`,
      );
    }

    // Upkeep: the reference without the rollup trigger, then with it (the server folds).
    await onServer(
      url,
      'ALTER TABLE request_outcomes DISABLE TRIGGER request_outcomes_access_rollup',
    );
    let reference: number;
    try {
      reference = await bookingLoad(url, 'bench-ref', WRITE_SECONDS);
      await removeBenchBookings(url, 'bench-ref');
    } finally {
      await onServer(
        url,
        'ALTER TABLE request_outcomes ENABLE TRIGGER request_outcomes_access_rollup',
      );
    }
    const kept = await bookingLoad(url, 'bench-rollup', WRITE_SECONDS);
    const matches = await rollupMatches(url);
    await removeBenchBookings(url, 'bench-rollup');
    const referencePerSecond = reference / WRITE_SECONDS;
    const keptPerSecond = kept / WRITE_SECONDS;
    process.stdout.write(
      `bookings/s with the rollups kept current: ${keptPerSecond.toFixed(0)} ` +
        `(without the rollup trigger: ${referencePerSecond.toFixed(0)}; ratio ${(
          keptPerSecond / referencePerSecond
        ).toFixed(2)}); rollup equals a fresh count: ${matches}\n`,
    );
    const { rows: size } = await sql<{ appointments: number }>`
      SELECT count(*)::int AS appointments FROM appointments`.execute(opened.db);
    const worst = (list: readonly string[]) =>
      Math.max(...reads.filter((r) => list.includes(r.route)).map((r) => r.p95));
    process.stdout.write(
      `${JSON.stringify({
        bench: 'monitoring',
        appointments: size[0]?.appointments ?? 0,
        overviewP95Ms: Math.round(worst(overview)),
        drillDownP95Ms: Math.round(worst(drillDown)),
        listsP95Ms: Math.round(worst(lists)),
        targetP95Ms: 300,
        bookingsPerSecond: Math.round(keptPerSecond),
        referenceBookingsPerSecond: Math.round(referencePerSecond),
        targetBookingsPerSecond: 1000,
        rollupMatchesFreshCount: matches,
        reads,
      })}\n`,
    );
  } finally {
    await app.close();
    await opened.close();
  }
}

await main();
