/**
 * The monitoring benchmark's data: one year of a full-size network in a PostgreSQL
 * server — the synthetic Southern California network (2,400 clinicians, 14 centers,
 * their templates: the demo's own rows), ~700,000 members, and every clinician's
 * weekday sessions of 48 weeks back and 2 ahead filled at 93%: ~7 million
 * appointments, each with its request (the demo books every visit, follow-ups included,
 * through a request of its own), plus ~100,000 requests never booked (referred out,
 * or still waiting). Clocks, deadlines, types, languages and continuity follow the
 * demo's shares; each wait is drawn so that some deadlines are missed.
 *
 * Generated set-based in SQL (seeded: the same rows every time) with triggers off,
 * then `request_outcomes` and the rollups derived by the database's own functions —
 * the engine places the demo's 90 days in ~30 s, a year of 7 million would take many
 * minutes, and the benchmark measures reads and rollup upkeep, not placement.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import { bulkLoad } from '../src/demo/bulk-load.ts';
import { networkTables } from '../src/demo/network-rows.ts';
import { syntheticNetwork } from '../src/engine/synthetic/network.ts';
import { addDays, type Instant, localDateOfDay, localDayOf } from '../src/engine/time.ts';
import { weekWindow } from '../src/server/routes/access-window.ts';

export const ZONE = 'America/Los_Angeles';
export const CLINICIANS = 2_400;
export const MEMBERS_PER_CENTER = 50_000;
/**
 * Weeks of history before this week, and days booked ahead from today: two weeks, as
 * weekly follow-ups are booked (further ahead, a visit booked now would be late by
 * construction, and the year would hold ~450,000 late bookings no engine would make).
 */
export const WEEKS_BACK = 48;
export const DAYS_AHEAD = 14;
/** Sessions a clinician has a day, 50 minutes each from 08:00, and the share booked. */
const SLOTS_PER_DAY = 12;
const FILLED = 0.93;

export interface MonitoringData {
  readonly appointments: number;
  readonly requests: number;
  readonly centers: readonly string[];
  readonly seconds: number;
}

export async function loadMonitoringData(db: Kysely<Database>): Promise<MonitoringData> {
  const started = performance.now();
  const today = localDayOf(Date.now() as Instant, ZONE);
  const window = weekWindow(new Date(), WEEKS_BACK + 1);
  const first = window.mondays[0] ?? localDateOfDay(today);
  const last = localDateOfDay(addDays(today, DAYS_AHEAD));
  const network = syntheticNetwork({
    seed: 41,
    clinicians: CLINICIANS,
    from: first,
    to: last,
    externalProviders: 0,
  });
  await bulkLoad(db, networkTables(network));
  const centers = network.centers.map((c) => c.id);

  await db.transaction().execute(async (trx) => {
    const run = (statement: ReturnType<typeof sql>) => statement.execute(trx);
    await run(sql`SET LOCAL session_replication_role = replica`);
    await run(sql`SET LOCAL max_parallel_workers_per_gather = 0`);
    await run(sql`SET LOCAL maintenance_work_mem = '1GB'`);
    await run(sql`SELECT setseed(0.42)`);
    await run(sql`
      INSERT INTO patients (center_id, id, member_number, name, language)
      SELECT m.id, m.id || '-p' || i, 'M' || m.id || '-' || i, 'Member ' || i,
             CASE WHEN i % 100 < 72 THEN 'en' WHEN i % 100 < 92 THEN 'es'
                  WHEN i % 100 < 95 THEN 'zh' WHEN i % 100 < 97 THEN 'vi'
                  WHEN i % 100 < 98 THEN 'ko' WHEN i % 100 < 99 THEN 'tl' ELSE 'hy' END
      FROM medical_centers m, generate_series(1, ${MEMBERS_PER_CENTER}) AS i`);
    // Every clinician's weekday sessions, FILLED of them booked, one request each.
    await run(sql`
      CREATE TEMP TABLE visits ON COMMIT DROP AS
      SELECT row_number() OVER () AS n, c.center_id, c.id AS clinician_id, c.discipline,
             ((d + time '08:00' + s * interval '50 minutes') AT TIME ZONE ${ZONE}) AS starts_at,
             random() AS u, random() AS w, random() AS v
      FROM clinicians c,
           generate_series(${first}::date, ${last}::date, interval '1 day') AS d,
           generate_series(0, ${SLOTS_PER_DAY - 1}) AS s
      WHERE extract(isodow FROM d) < 6 AND random() < ${FILLED}`);
    await run(sql`
      CREATE TEMP TABLE booked ON COMMIT DROP AS
      SELECT n, center_id, clinician_id, starts_at, v,
             CASE WHEN discipline = 'psychiatrist'
                  THEN CASE WHEN u < 0.15 THEN 'psychiatry' ELSE 'followup' END
                  ELSE CASE WHEN u < 0.04 THEN 'urgent-intake'
                            WHEN u < 0.22 THEN 'routine-intake' ELSE 'followup' END
             END AS type,
             CASE WHEN discipline = 'psychiatrist' THEN 'nonurgent-psychiatry'
                  WHEN u < 0.04 THEN 'urgent-no-prior-auth'
                  ELSE 'nonurgent-nonphysician-mh' END AS standard,
             least(now() - interval '1 hour', CASE
               WHEN discipline <> 'psychiatrist' AND u < 0.04
               THEN starts_at - w * interval '60 hours'
               ELSE starts_at - floor(w * 18) * interval '1 day' - v * interval '8 hours'
             END) AS clock_start,
             discipline,
             center_id || '-p' || (1 + (n * 7919) % ${MEMBERS_PER_CENTER}) AS patient_id
      FROM visits`);
    await run(sql`
      INSERT INTO requests (center_id, id, patient_id, type, standard, discipline,
                            clock_start, deadline, language, prior_clinician_id, status)
      SELECT b.center_id, 'r' || b.n, b.patient_id, b.type, b.standard, b.discipline,
             b.clock_start,
             b.clock_start + CASE WHEN b.standard = 'urgent-no-prior-auth'
                                  THEN interval '48 hours' ELSE interval '14 days' END,
             p.language,
             CASE WHEN b.type = 'followup' THEN
               CASE WHEN b.v < 0.92 THEN b.clinician_id ELSE 'clin-00001' END END,
             'booked'
      FROM booked b JOIN patients p ON p.center_id = b.center_id AND p.id = b.patient_id`);
    await run(sql`
      INSERT INTO appointments (center_id, id, clinician_id, patient_center_id, patient_id,
                                request_id, starts_at, ends_at, modality, kind, status,
                                created_at)
      SELECT center_id, 'a' || n, clinician_id, center_id, patient_id, 'r' || n, starts_at,
             starts_at + interval '50 minutes',
             CASE WHEN v < 0.3 THEN 'video' ELSE 'in-person' END,
             CASE WHEN type = 'followup' THEN 'followup' ELSE 'intake' END,
             CASE WHEN starts_at > now() THEN 'booked'
                  WHEN v < 0.06 THEN 'no-show' ELSE 'completed' END,
             clock_start
      FROM booked`);
    // Never booked: referred out over the year, or waiting now (the last three weeks).
    await run(sql`
      INSERT INTO requests (center_id, id, patient_id, type, standard, clock_start, deadline,
                            language, status)
      SELECT m.id, 'u' || m.id || '-' || i, m.id || '-p' || (1 + (i * 104729) % ${MEMBERS_PER_CENTER}),
             'routine-intake', 'nonurgent-nonphysician-mh', t, t + interval '14 days', 'en',
             CASE WHEN i % 3 = 0 THEN 'waitlisted' WHEN i % 3 = 1 THEN 'referred' ELSE 'open' END
      FROM medical_centers m, generate_series(1, 7000) AS i,
           LATERAL (SELECT CASE WHEN i % 3 = 1
                    THEN ${first}::date + random() * (now() - ${first}::date)
                    ELSE now() - random() * interval '21 days' END AS t) AS clock`);
    await run(sql`SELECT rebuild_request_outcomes()`);
  });
  await sql`ANALYZE`.execute(db);
  const { rows } = await sql<{ appointments: number; requests: number }>`
    SELECT (SELECT count(*) FROM appointments)::int AS appointments,
           (SELECT count(*) FROM requests)::int AS requests`.execute(db);
  return {
    appointments: rows[0]?.appointments ?? 0,
    requests: rows[0]?.requests ?? 0,
    centers,
    seconds: (performance.now() - started) / 1000,
  };
}
