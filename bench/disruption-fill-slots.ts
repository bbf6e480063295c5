/**
 * Which slots the disruption benchmark's fill books (`disruption-fill.ts` says what and
 * why): every free session slot of the horizon in a temporary table `fill_slot`, the
 * scale that makes the window hold the number of visits wanted, and the slots drawn in
 * `fill_pick`, cut at each clinician-day's visit cap. Runs inside the fill's transaction;
 * the draws come from its `pg_temp.fill_uniform`.
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import type { Database } from '../src/db/schema.ts';
import {
  addDays,
  instantFromEpochMs,
  localDateOfDay,
  localDayOf,
  MS_PER_DAY,
} from '../src/engine/time.ts';

type Db = Kysely<Database> | Transaction<Database>;

export interface SlotWindow {
  /** Epoch ms: slots start after it. */
  readonly now: number;
  readonly horizonDays: number;
  readonly zone: string;
  readonly seed: number;
}

/** Share of its weeks a standing follow-up slot's member comes. */
const WEEKS_KEPT = 0.9;

/**
 * Every free session slot of the horizon, with the draws that decide it: `u_series` is
 * the standing slot's (the same every week), `u_occ` the day's own.
 */
export async function createFreeSlots(db: Db, options: SlotWindow): Promise<void> {
  const { seed, zone } = options;
  const today = localDayOf(instantFromEpochMs(options.now), zone);
  const from = localDateOfDay(today);
  const to = localDateOfDay(addDays(today, options.horizonDays));
  const now = new Date(options.now);
  const horizonEnd = new Date(options.now + options.horizonDays * MS_PER_DAY);
  await sql`
    CREATE TEMP TABLE fill_slot ON COMMIT DROP AS
    WITH days AS (
      -- A business day is one whose ordinal moved on from the day before's.
      SELECT b.day, extract(isodow FROM b.day)::int AS weekday
      FROM business_day_ordinals b
      JOIN business_day_ordinals p ON p.day = b.day - 1
      WHERE b.day BETWEEN ${from}::date AND ${to}::date AND b.ordinal > p.ordinal
    ),
    assigned AS (
      SELECT DISTINCT ON (t.center_id, t.clinician_id, d.day)
        t.center_id, t.clinician_id, t.id AS template_id, t.daily_visit_cap, d.day, d.weekday,
        c.discipline, c.languages, c.modalities
      FROM days d
      JOIN templates t ON t.effective_from <= d.day
        AND (t.effective_to IS NULL OR t.effective_to >= d.day)
      JOIN clinicians c ON c.center_id = t.center_id AND c.id = t.clinician_id AND c.active
      ORDER BY t.center_id, t.clinician_id, d.day, t.effective_from, t.id
    ),
    slots AS (
      SELECT a.*, s.id AS session_id, s.kind,
        (a.day + s.start_time) AT TIME ZONE ${zone} AS starts_at,
        (a.day + s.start_time) AT TIME ZONE ${zone} + make_interval(mins => s.minutes) AS ends_at
      FROM assigned a
      JOIN template_sessions s ON s.center_id = a.center_id AND s.template_id = a.template_id
        AND s.weekday = a.weekday
      WHERE NOT (a.discipline = 'psychiatrist' AND s.kind = 'followup')
    )
    SELECT s.*,
      extract(epoch FROM s.starts_at - ${now}::timestamptz)::float8 / 86400 AS days_ahead,
      pg_temp.fill_uniform(${seed}, 'series', s.center_id || '/' || s.session_id) AS u_series,
      pg_temp.fill_uniform(${seed}, 'day', s.center_id || '/' || s.session_id || '/' || s.day)
        AS u_occ
    FROM slots s
    WHERE s.starts_at > ${now}::timestamptz AND s.starts_at < ${horizonEnd}::timestamptz
      -- Overlap, with a lower bound on the start (the longest row's length) so each
      -- probe reads a few index entries rather than the clinician's whole history.
      AND NOT EXISTS (
        SELECT 1 FROM time_off o
        WHERE o.center_id = s.center_id AND o.clinician_id = s.clinician_id
          AND o.starts_at < s.ends_at AND o.ends_at > s.starts_at
          AND o.starts_at > s.starts_at - (SELECT max(ends_at - starts_at) FROM time_off))
      AND NOT EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.center_id = s.center_id AND a.clinician_id = s.clinician_id
          AND a.status IN ('booked', 'completed')
          AND a.starts_at < s.ends_at AND a.ends_at > s.starts_at
          AND a.starts_at > s.starts_at - (SELECT max(ends_at - starts_at) FROM appointments
                                           WHERE status IN ('booked', 'completed')))`.execute(db);
  // Temporary tables get no statistics by themselves; the later joins plan on them.
  await sql`ANALYZE fill_slot`.execute(db);
}

/**
 * A free slot's weight before scaling: a standing follow-up slot the same whatever its
 * week; an intake from 1.6 for tomorrow down to 0.1 three weeks on.
 */
const WEIGHT = `CASE WHEN kind = 'followup' THEN 1.0
  ELSE greatest(0.1, 1.6 - days_ahead / 14) END`;
const chance = (scale: number) => sql.raw(`least(1.0, ${scale} * ${WEIGHT})`);

/**
 * The scale that makes the expected number of visits added to the window `wanted`: the
 * expectation is a sum of clamped chances, found in a few fixed-point steps.
 */
export async function calibrate(db: Db, wanted: number, windowEnd: Date): Promise<number> {
  if (wanted <= 0) return 0;
  let scale = 0.3;
  for (let i = 0; i < 12; i++) {
    const { rows } = await sql<{ expected: number }>`
      SELECT coalesce(sum(${chance(scale)}
        * CASE WHEN kind = 'followup' THEN ${WEEKS_KEPT}::float8 ELSE 1 END), 0)::float8
        AS expected
      FROM fill_slot WHERE starts_at < ${windowEnd}`.execute(db);
    const expected = rows[0]?.expected ?? 0;
    if (expected <= 0) return 0;
    const next = (scale * wanted) / expected;
    // Converged, or every slot is certain already (more cannot be booked).
    if (Math.abs(next - scale) < scale * 1e-4 || next > 1e3) return next;
    scale = next;
  }
  return scale;
}

/** The slots booked: drawn, then cut at each clinician-day's cap (what it holds counted). */
export async function pickSlots(db: Db, scale: number, zone: string): Promise<void> {
  await sql`
    CREATE TEMP TABLE fill_pick ON COMMIT DROP AS
    WITH drawn AS (
      SELECT f.* FROM fill_slot f
      WHERE CASE WHEN kind = 'followup'
        THEN u_series < ${chance(scale)} AND u_occ < ${WEEKS_KEPT}::float8
        ELSE u_occ < ${chance(scale)} END
    ),
    capped AS (
      SELECT d.*,
        row_number() OVER (PARTITION BY d.center_id, d.clinician_id, d.day
                           ORDER BY d.u_occ, d.session_id) AS nth,
        CASE WHEN d.daily_visit_cap IS NULL THEN 0 ELSE (
          SELECT count(*) FROM appointments a
          WHERE a.center_id = d.center_id AND a.clinician_id = d.clinician_id
            AND a.status IN ('booked', 'completed')
            AND a.starts_at >= d.day::timestamp AT TIME ZONE ${zone}
            AND a.starts_at < (d.day + 1)::timestamp AT TIME ZONE ${zone}) END AS held
      FROM drawn d
    )
    SELECT c.*,
      -- Whom the visit is for: the standing slot's member, or the intake's own.
      CASE WHEN c.kind = 'followup' THEN c.center_id || '/' || c.session_id
        ELSE c.center_id || '/' || c.session_id || '/' || c.day END AS unit
    FROM capped c
    WHERE c.daily_visit_cap IS NULL OR c.nth + c.held <= c.daily_visit_cap`.execute(db);
  await sql`ANALYZE fill_pick`.execute(db);
}
