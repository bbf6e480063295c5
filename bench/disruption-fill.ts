/**
 * The disruption benchmark's full books. The demo books about a third of the
 * clinicians' sessions (its load time bounds it: docs/demo.md), ~14,000 visits in the
 * next four weeks, while issue 9 sizes a strike of 80% of the clinicians at ≈100,000
 * affected appointments. This step books the weeks ahead until the strike's window
 * holds `targetBooked` live appointments, the way a busy network's books look:
 *
 * - Only real slots: each active clinician's template sessions (the template effective
 *   that day; the earliest when two are, as the engine picks), on business days of the
 *   plan's calendar (`business_day_ordinals`, the engine's California calendar copied by
 *   migration 0012), after now, never over time off or a live appointment of the
 *   clinician, never past a template's daily visit cap. Admin blocks never overlap
 *   sessions: the engine's template check refuses such a template.
 * - Therapists' follow-up sessions are standing weekly slots: a slot a course holds is
 *   the same member's every week (a week skipped now and then), each visit a 'followup'
 *   request whose clock starts at the week before's visit (the standard's clock starts
 *   at the prior appointment) and which is not moved earlier than that week
 *   (`not_before`, as the demo's history sets it). Psychiatrists' follow-up sessions
 *   stay empty: the engine books psychiatry in intake sessions (`DEFAULT_POLICY`), and
 *   `followup-nonphysician-mh` does not judge a physician's visit.
 * - Intake sessions take new members, more densely the sooner they are (intakes are
 *   booked close; the weeks further out hold standing follow-ups): routine intakes with
 *   a therapist, some urgent ones in the first days, 'psychiatry' with a psychiatrist
 *   (the engine's request type for it; `nonurgent-psychiatry`). The clock starts 1–9
 *   days before the visit (4–56 hours when urgent) but never after now, so a visit far
 *   ahead was asked for lately and is late, as the engine books when nothing sooner fits.
 * - Members: mostly of the clinician's own center (always when the clinician sees
 *   people only in person), speaking one of the clinician's languages, and not in care
 *   already (no live visit ahead, no request waiting), each standing slot or intake its
 *   own member, so no member holds two visits at once (a slot whose center and language
 *   have nobody left stays free).
 *
 * Set-based (a few INSERT … SELECT), randomness from a seeded hash, so the same books,
 * seed and "now" give the same rows. Triggers are off for the inserts when the role may
 * turn them off, as `src/demo/bulk-load.ts` does: the rows are consistent by
 * construction, the exclusion constraint (an index, not a trigger) still checks every
 * appointment, and what the triggers keep is then derived by the database's own
 * functions — `rebuild_request_outcomes()`, which rebuilds the access rollups too — and
 * the open utilisation weeks are recomputed. The change log stays empty: a fresh
 * database has nothing that reads it back.
 */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { computeUtilisationWeek } from '../src/access/utilisation-rollup.ts';
import type { Database } from '../src/db/schema.ts';
import { sqlStateOf } from '../src/db/sql-state.ts';
import { CALIFORNIA } from '../src/engine/rules/calendar.ts';
import { californiaStandards } from '../src/engine/rules/standards.ts';
import { instantFromEpochMs, localDateOfDay, localDayOf, MS_PER_DAY } from '../src/engine/time.ts';
import { calibrate, createFreeSlots, pickSlots } from './disruption-fill-slots.ts';

/**
 * The benchmark's books: its strike's window (28 days from now) holds ≈125,000 live
 * visits, so a strike of 80% of the clinicians affects the issue's ≈100,000; booked two
 * days further, for runs later the same day.
 */
export const FULL_BOOKS = { targetBooked: 125_000, windowDays: 28, horizonDays: 30 } as const;

export interface FillOptions {
  /** Epoch ms: visits are booked after it, clocks start before it. */
  readonly now: number;
  /** Live appointments wanted in [now, now + windowDays): the demo's and the fill's. */
  readonly targetBooked: number;
  readonly windowDays: number;
  /**
   * Days booked ahead at the window's density: more than the window, so a run later the
   * same day (the template serves a day's runs) still finds its window full.
   */
  readonly horizonDays: number;
  readonly seed?: number;
}

export interface FillReport {
  readonly seconds: number;
  /** Live appointments in [now, now + windowDays) before and after the fill. */
  readonly bookedBefore: number;
  readonly bookedAfter: number;
  /** Free session slots in that window the fill chose from. */
  readonly freeSlots: number;
  /** Appointments (one request each) added over the whole horizon. */
  readonly added: number;
  /** Added visits by request type, and how many of them miss their standard's deadline. */
  readonly byType: Readonly<Record<string, number>>;
  readonly late: number;
  /** Standing slots or intakes left unbooked: no member of their center and language left. */
  readonly unitsWithoutMember: number;
  readonly triggersOff: boolean;
  /** Milliseconds per step, in order. */
  readonly steps: Readonly<Record<string, number>>;
}

type Db = Kysely<Database> | Transaction<Database>;

const ZONE = CALIFORNIA.timeZone ?? 'America/Los_Angeles';
const DEFAULT_SEED = 2024;
/** A therapist's intake within `withinDays` is urgent this often. */
const URGENT = { withinDays: 4, share: 0.12 } as const;
/** Share of members from the clinician's own center, when the clinician also sees by video. */
const OWN_CENTER = 0.8;
/** Share of visits at the member's own center held by video all the same. */
const VIDEO_AT_OWN_CENTER = 0.15;
/** Share of a multilingual clinician's members who speak one of its other languages. */
const OTHER_LANGUAGE = 0.5;
/** Share of requests that did not mind the modality ('any'). */
const ANY_MODALITY = 0.5;
const STANDARD_OF = {
  followup: 'followup-nonphysician-mh',
  'routine-intake': 'nonurgent-nonphysician-mh',
  'urgent-intake': 'urgent-no-prior-auth',
  psychiatry: 'nonurgent-psychiatry',
} as const;

/** Books the horizon as the file's comment says: one transaction, then the open utilisation weeks. */
export async function fillSchedule(
  db: Kysely<Database>,
  options: FillOptions,
): Promise<FillReport> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  let mark = started;
  const step = (name: string) => {
    const at = performance.now();
    steps[name] = Math.round(at - mark);
    mark = at;
  };
  const seed = options.seed ?? DEFAULT_SEED;
  const now = new Date(options.now);
  const windowEnd = new Date(options.now + options.windowDays * MS_PER_DAY);
  const report = await db.transaction().execute(async (trx) => {
    const bookedBefore = await liveBetween(trx, now, windowEnd);
    await createHelpers(trx);
    await createFreeSlots(trx, {
      now: options.now,
      horizonDays: options.horizonDays,
      zone: ZONE,
      seed,
    });
    const freeSlots = await count(trx, sql`fill_slot WHERE starts_at < ${windowEnd}`);
    step('free slots');
    const scale = await calibrate(trx, options.targetBooked - bookedBefore, windowEnd);
    step('calibrate');
    await pickSlots(trx, scale, ZONE);
    step('pick');
    await assignMembers(trx, seed);
    step('members');
    await createVisits(trx, now, seed);
    step('visits');
    const triggersOff = await turnTriggersOff(trx);
    await insertBookings(trx, now);
    step('insert');
    // The upkeep the triggers would have done, derived by the database's own function.
    if (triggersOff) await sql`SELECT rebuild_request_outcomes()`.execute(trx);
    step('request outcomes');
    const bookedAfter = await liveBetween(trx, now, windowEnd);
    const tally = await summary(trx);
    await sql`DROP FUNCTION pg_temp.fill_uniform(bigint, text, text)`.execute(trx);
    return { bookedBefore, bookedAfter, freeSlots, triggersOff, ...tally };
  });
  await refreshOpenWeeks(db, options.now);
  step('utilisation');
  return { seconds: (performance.now() - started) / 1000, ...report, steps };
}

async function liveBetween(db: Db, from: Date, to: Date): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM appointments
    WHERE status = 'booked' AND starts_at >= ${from} AND starts_at < ${to}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function count(db: Db, from: RawBuilder<unknown>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${from}`.execute(db);
  return rows[0]?.n ?? 0;
}

/**
 * `fill_uniform`: a seeded draw in [0, 1) for a key, 48 bits of PostgreSQL's extended
 * text hash, so a seed and key always draw the same number. `fill_standard`: the four
 * standards' limits, from the engine's table (not restated here).
 */
async function createHelpers(db: Db): Promise<void> {
  await sql`
    CREATE FUNCTION pg_temp.fill_uniform(seed bigint, label text, key text) RETURNS float8
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT (hashtextextended(label || ':' || key, seed) & 281474976710655)::float8
             / 281474976710656
    $$`.execute(db);
  const rows = Object.values(STANDARD_OF).map((id) => {
    const limit = californiaStandards.get(id).limit;
    return sql`(${id}::text, ${limit.unit}::text, ${limit.amount}::int)`;
  });
  await sql`CREATE TEMP TABLE fill_standard (id text PRIMARY KEY, unit text NOT NULL,
    amount int NOT NULL) ON COMMIT DROP`.execute(db);
  await sql`INSERT INTO fill_standard VALUES ${sql.join(rows)}`.execute(db);
}

/**
 * A member for each standing slot or intake: a center and language drawn from the
 * clinician's, then the k-th unit of a (center, language) takes the k-th member of that
 * group's pool in a seeded order. A unit past the end of its group's pool is not booked
 * (`unitsWithoutMember`): a member given two would be in two places at once.
 */
async function assignMembers(db: Db, seed: number): Promise<void> {
  const draw = (label: string, key: string) =>
    sql.raw(`pg_temp.fill_uniform(${seed}, '${label}', ${key})`);
  await sql`
    CREATE TEMP TABLE fill_pool ON COMMIT DROP AS
    SELECT m.center_id, m.language, m.id,
      row_number() OVER (PARTITION BY m.center_id, m.language
        ORDER BY ${draw('member-order', "m.center_id || '/' || m.id")}, m.id) - 1 AS k
    FROM patients m
    WHERE NOT EXISTS (
        SELECT 1 FROM appointments a
        WHERE a.patient_center_id = m.center_id AND a.patient_id = m.id
          AND a.status = 'booked')
      AND NOT EXISTS (
        SELECT 1 FROM requests r
        WHERE r.center_id = m.center_id AND r.patient_id = m.id
          AND r.status IN ('open', 'waitlisted'))`.execute(db);
  await sql`
    CREATE TEMP TABLE fill_wanted ON COMMIT DROP AS
    WITH units AS (
      SELECT DISTINCT ON (unit) unit, center_id, languages, modalities,
        array_remove(languages, 'en') AS others
      FROM fill_pick ORDER BY unit
    ),
    centers AS (SELECT array_agg(id ORDER BY id) AS ids FROM medical_centers),
    placed AS (
      SELECT u.unit,
        CASE WHEN 'in-person' = ANY (u.modalities)
               AND (NOT 'video' = ANY (u.modalities) OR ${draw('own-center', 'u.unit')} < ${OWN_CENTER}::float8)
          THEN u.center_id
          ELSE c.ids[1 + floor(${draw('center', 'u.unit')} * cardinality(c.ids))::int] END
          AS patient_center,
        CASE WHEN cardinality(u.others) > 0 AND (NOT 'en' = ANY (u.languages)
               OR ${draw('other-language', 'u.unit')} < ${OTHER_LANGUAGE}::float8)
          THEN u.others[1 + floor(${draw('language', 'u.unit')} * cardinality(u.others))::int]
          ELSE 'en' END AS language
      FROM units u CROSS JOIN centers c
    )
    SELECT p.*, row_number() OVER (PARTITION BY patient_center, language
                                   ORDER BY ${draw('unit-order', 'unit')}, unit) - 1 AS k
    FROM placed p`.execute(db);
  // Both sides analyzed, so the join is a hash join on all three keys: without
  // statistics the planner merged on (center, language) alone and filtered k, a
  // quadratic join (26 s on the full demo's fresh load).
  await sql`ANALYZE fill_pool`.execute(db);
  await sql`ANALYZE fill_wanted`.execute(db);
  await sql`
    CREATE TEMP TABLE fill_unit ON COMMIT DROP AS
    SELECT w.unit, w.patient_center, m.id AS patient_id, w.language
    FROM fill_wanted w
    JOIN fill_pool m ON m.center_id = w.patient_center AND m.language = w.language AND m.k = w.k`.execute(
    db,
  );
  await sql`ANALYZE fill_unit`.execute(db);
}

/**
 * Each visit with its request's type, modality, clock and deadline; `n` numbers them by
 * start, for the ids (`fill-req-N`, `fill-appt-N`).
 */
async function createVisits(db: Db, now: Date, seed: number): Promise<void> {
  const draw = (label: string, key: string) =>
    sql.raw(`pg_temp.fill_uniform(${seed}, '${label}', ${key})`);
  const standardOf = sql.join(
    Object.entries(STANDARD_OF).map(([type, id]) => sql`WHEN ${type}::text THEN ${id}::text`),
    sql` `,
  );
  await sql`
    CREATE TEMP TABLE fill_visit ON COMMIT DROP AS
    WITH visits AS (
      SELECT p.*, u.patient_center, u.patient_id, u.language,
        row_number() OVER (ORDER BY p.starts_at, p.center_id, p.clinician_id) AS n,
        ${draw('lead', "p.unit || '/' || p.day")} AS u_lead,
        ${draw('type', "p.unit || '/' || p.day")} AS u_type,
        ${draw('modality', 'p.unit')} AS u_modality,
        ${draw('asked', 'p.unit')} AS u_asked,
        ${draw('travel', 'p.unit')} AS u_travel
      FROM fill_pick p JOIN fill_unit u ON u.unit = p.unit
    ),
    typed AS (
      SELECT v.*,
        CASE WHEN v.kind = 'followup' THEN 'followup'
             WHEN v.discipline = 'psychiatrist' THEN 'psychiatry'
             WHEN v.days_ahead < ${URGENT.withinDays}::float8 AND v.u_type < ${URGENT.share}::float8
               THEN 'urgent-intake'
             ELSE 'routine-intake' END AS type,
        CASE WHEN 'in-person' = ANY (v.modalities) AND v.patient_center = v.center_id
               AND (NOT 'video' = ANY (v.modalities) OR v.u_modality >= ${VIDEO_AT_OWN_CENTER}::float8)
          THEN 'in-person' ELSE 'video' END AS modality
      FROM visits v
    )
    SELECT t.*,
      CASE t.type ${standardOf} END AS standard,
      CASE WHEN t.type = 'followup' THEN t.starts_at - interval '7 days'
           -- Never after now: a visit further ahead than the lead was asked for lately.
           WHEN t.type = 'urgent-intake' THEN least(
             t.starts_at - make_interval(mins => (240 + t.u_lead * 3120)::int),
             ${now}::timestamptz - make_interval(mins => (60 + t.u_lead * 1380)::int))
           ELSE least(
             t.starts_at - make_interval(mins => (1440 + t.u_lead * 8 * 1440)::int),
             ${now}::timestamptz - make_interval(mins => (60 + t.u_lead * 2820)::int))
      END AS clock_start,
      -- Asked in person or by video, or did not mind; a video visit at the member's own
      -- in-person center was asked for as video (else the engine would book in person).
      CASE WHEN t.u_asked < ${ANY_MODALITY}::float8
             AND NOT (t.modality = 'video' AND t.patient_center = t.center_id
                      AND 'in-person' = ANY (t.modalities))
        THEN 'any' ELSE t.modality END AS asked_modality,
      15 + floor(t.u_travel * 30) AS max_travel_km,
      NULL::timestamptz AS deadline
    FROM typed t`.execute(db);
  await sql`ANALYZE fill_visit`.execute(db);
  // Business days: the end (23:59:59.999 local) of the Nth business day after the
  // clock's local day; hours and minutes on the real clock (src/engine/rules/deadline.ts).
  await sql`
    UPDATE fill_visit v SET deadline = v.clock_start + CASE s.unit
      WHEN 'hours' THEN make_interval(hours => s.amount)
      ELSE make_interval(mins => s.amount) END
    FROM fill_standard s WHERE s.id = v.standard AND s.unit <> 'business-days'`.execute(db);
  await sql`
    WITH starts AS (
      SELECT DISTINCT (v.clock_start AT TIME ZONE ${ZONE})::date AS day, s.amount
      FROM fill_visit v JOIN fill_standard s ON s.id = v.standard
      WHERE s.unit = 'business-days'
    ),
    due AS (
      SELECT st.day, st.amount,
        (min(d.day) + 1)::timestamp AT TIME ZONE ${ZONE} - interval '1 millisecond' AS at
      FROM starts st
      JOIN business_day_ordinals b ON b.day = st.day
      JOIN business_day_ordinals d ON d.ordinal = b.ordinal + st.amount AND d.day > st.day
        AND d.day <= st.day + 7 * st.amount
      GROUP BY st.day, st.amount
    )
    UPDATE fill_visit v SET deadline = due.at
    FROM fill_standard s, due
    WHERE s.id = v.standard AND s.unit = 'business-days' AND due.amount = s.amount
      AND due.day = (v.clock_start AT TIME ZONE ${ZONE})::date`.execute(db);
}

/** As bulk-load.ts: off when the role may (a superuser, or granted SET on it), else kept on. */
async function turnTriggersOff(trx: Transaction<Database>): Promise<boolean> {
  await sql`SAVEPOINT fill_triggers`.execute(trx);
  try {
    await sql`SET LOCAL session_replication_role = replica`.execute(trx);
    return true;
  } catch (error) {
    // 42501: insufficient privilege. Anything else is a real failure.
    if (sqlStateOf(error) !== '42501') throw error;
    await sql`ROLLBACK TO SAVEPOINT fill_triggers`.execute(trx);
    return false;
  }
}

async function insertBookings(db: Db, now: Date): Promise<void> {
  const bookedAt = sql`least(${now}::timestamptz, v.clock_start + interval '30 minutes')`;
  await sql`
    INSERT INTO requests (center_id, id, patient_id, type, standard, clock_start, deadline,
      not_before, language, modality, prior_clinician_id, status, max_travel_km, created_at)
    SELECT v.patient_center, 'fill-req-' || v.n, v.patient_id, v.type, v.standard,
      v.clock_start, v.deadline,
      CASE WHEN v.type = 'followup' THEN v.clock_start + interval '7 days' END,
      v.language, v.asked_modality,
      CASE WHEN v.type = 'followup' THEN v.clinician_id END,
      'booked', v.max_travel_km, ${bookedAt}
    FROM fill_visit v ORDER BY v.n`.execute(db);
  await sql`
    INSERT INTO appointments (center_id, id, clinician_id, patient_center_id, patient_id,
      request_id, starts_at, ends_at, modality, kind, status, created_at)
    SELECT v.center_id, 'fill-appt-' || v.n, v.clinician_id, v.patient_center, v.patient_id,
      'fill-req-' || v.n, v.starts_at, v.ends_at, v.modality, v.kind, 'booked', ${bookedAt}
    FROM fill_visit v ORDER BY v.n`.execute(db);
}

async function summary(
  db: Db,
): Promise<Pick<FillReport, 'byType' | 'late' | 'added' | 'unitsWithoutMember'>> {
  const { rows } = await sql<{ type: string; n: number; late: number }>`
    SELECT type, count(*)::int AS n, count(*) FILTER (WHERE starts_at > deadline)::int AS late
    FROM fill_visit GROUP BY type ORDER BY type`.execute(db);
  return {
    byType: Object.fromEntries(rows.map((r) => [r.type, r.n])),
    late: rows.reduce((sum, r) => sum + r.late, 0),
    added: rows.reduce((sum, r) => sum + r.n, 0),
    unitsWithoutMember: (await count(db, sql`fill_wanted`)) - (await count(db, sql`fill_unit`)),
  };
}

/**
 * The utilisation weeks already stored and still open that the fill reached: the demo
 * load computed them (`load-demo.ts`), and with the change log left empty nothing
 * would tell a reader they moved.
 */
async function refreshOpenWeeks(db: Kysely<Database>, now: number): Promise<void> {
  const today = localDateOfDay(localDayOf(instantFromEpochMs(now), ZONE));
  const { rows } = await sql<{ monday: string }>`
    SELECT to_char(week_start, 'YYYY-MM-DD') AS monday FROM utilisation_refreshes
    WHERE NOT final AND week_start > ${today}::date - 7 ORDER BY week_start`.execute(db);
  for (const { monday } of rows) await computeUtilisationWeek(db, monday, { now });
}
