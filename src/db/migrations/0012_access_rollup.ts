/**
 * The access figures pre-aggregated: `access_rollup` holds, per week (the Monday of the
 * request's clock start in the plan's zone), medical center, standard, request type,
 * language and discipline, how many requests there were and how many met their deadline,
 * were referred out, or are not (yet) met, and of the follow-ups that had a clinician,
 * how many stayed with them. The overview reads a few hundred of these rows instead of
 * every request of its window (a year of a full network is ~700,000 requests).
 *
 * How it stays current — every write, no refresher needed for correctness:
 * - `request_outcomes` (migration 0009) gains what the rollup groups by (week, type,
 *   language, prior clinician, the first live appointment's clinician), still kept by
 *   its triggers;
 * - a trigger on `request_outcomes` appends each change's contribution to
 *   `access_rollup_deltas` (−1 for the old row's cell, +1 for the new's). Append-only,
 *   so concurrent bookings never wait on one another for a hot cell's row lock (a
 *   booking would otherwise hold its cell's lock until commit, and two bookings
 *   crossing cells could deadlock);
 * - readers add the deltas to the rollup, so a figure is exact the moment a booking
 *   commits; `fold_access_rollup_deltas()` (run by the server every few seconds, and
 *   safe to run concurrently with writes) moves them into the rollup to keep them few.
 *
 * What stays time-dependent is judged at read time: of the requests not met, the ones
 * whose deadline is still ahead are pending, the rest missed. Those still ahead are few
 * (the last weeks' unbooked requests), found through a partial index on `due`.
 *
 * Waits get the same treatment: `request_outcomes.wait` is each request's wait to its
 * first live appointment in its standard's unit (business days in the plan's calendar,
 * else minutes: `src/server/routes/access-wait-times.ts`), and `access_wait_rollup`
 * counts requests per week × center × standard × wait, with its own deltas. The
 * calendar and the standards' units are copied into two small tables here, from the
 * engine's rules (`business_day_ordinals`, `standard_wait_units`); a change to the
 * rules table or the holidays needs a migration that refreshes them.
 *
 * On Citus the rollups are distributed by `center_id`, co-located with `requests`; the
 * two rule tables are reference tables.
 */
import { type Kysely, sql } from 'kysely';
import { BusinessCalendar, CALIFORNIA } from '../../engine/rules/calendar.ts';
import { californiaStandards } from '../../engine/rules/standards.ts';
import { addDays, dayNumberOf, localDateOfDay } from '../../engine/time.ts';

/** The zone whose Mondays start the weeks (src/server/routes/access-window.ts). */
const TIME_ZONE = 'America/Los_Angeles';

/** One request's row, or every request's: the same SELECT serves both (and 0015's batch). */
export const OUTCOME_SELECT = `
  SELECT r.center_id, r.id, r.standard, r.status, r.clock_start,
         date_trunc('week', r.clock_start AT TIME ZONE '${TIME_ZONE}')::date,
         coalesce(r.extension_deadline, r.deadline), r.discipline, r.type, r.language,
         r.prior_clinician_id, f.first_at, f.served_discipline, f.served_clinician_id,
         access_wait(r.standard, r.clock_start, f.first_at),
         r.patient_id, r.deadline, r.extension_deadline, v.seen_at, v.declined_at,
         v.no_show_at
  FROM requests r
  LEFT JOIN LATERAL (
    SELECT a.starts_at AS first_at, c.discipline AS served_discipline,
           a.clinician_id AS served_clinician_id
    FROM appointments a
    JOIN clinicians c ON c.center_id = a.center_id AND c.id = a.clinician_id
    WHERE a.patient_center_id = r.center_id AND a.request_id = r.id
      AND a.status <> 'cancelled'
    ORDER BY a.starts_at, a.center_id, a.id
    LIMIT 1
  ) f ON true
  LEFT JOIN LATERAL (
    SELECT min(a.starts_at) FILTER (WHERE a.status IN ('booked', 'completed')) AS seen_at,
           min(a.starts_at) FILTER (WHERE a.status = 'cancelled' AND a.cancelled_by = 'member')
             AS declined_at,
           min(a.starts_at) FILTER (WHERE a.status = 'no-show') AS no_show_at
    FROM appointments a
    WHERE a.patient_center_id = r.center_id AND a.request_id = r.id
  ) v ON true`;

/** A derived row replaces the stored one (refresh_request_outcome(s)). */
export const OUTCOME_UPSERT = `ON CONFLICT (center_id, request_id) DO UPDATE SET
  standard = excluded.standard, status = excluded.status,
  clock_start = excluded.clock_start, week = excluded.week, due = excluded.due,
  discipline = excluded.discipline, type = excluded.type,
  language = excluded.language, prior_clinician_id = excluded.prior_clinician_id,
  first_at = excluded.first_at, served_discipline = excluded.served_discipline,
  served_clinician_id = excluded.served_clinician_id, wait = excluded.wait,
  patient_id = excluded.patient_id, deadline = excluded.deadline,
  extension_deadline = excluded.extension_deadline, seen_at = excluded.seen_at,
  declined_at = excluded.declined_at, no_show_at = excluded.no_show_at`;

export const OUTCOME_COLUMNS = `center_id, request_id, standard, status, clock_start, week, due,
  discipline, type, language, prior_clinician_id, first_at, served_discipline,
  served_clinician_id, wait, patient_id, deadline, extension_deadline, seen_at, declined_at,
  no_show_at`;

const CELL = 'week, center_id, standard, type, language, discipline';
const MEASURES = 'requests, met, referred, unresolved, followups, continuity';

/** A request_outcomes row `o`'s cell and contribution (cancelled requests count nowhere). */
const CONTRIBUTION = `
  o.week, o.center_id, o.standard, o.type, o.language,
  coalesce(o.served_discipline, o.discipline, 'unassigned'),
  1,
  (coalesce(o.first_at <= o.due, false))::int,
  (NOT coalesce(o.first_at <= o.due, false) AND o.status = 'referred')::int,
  (NOT coalesce(o.first_at <= o.due, false) AND o.status <> 'referred')::int,
  (o.type = 'followup' AND o.prior_clinician_id IS NOT NULL)::int,
  (o.type = 'followup' AND o.prior_clinician_id IS NOT NULL
    AND o.served_clinician_id IS NOT DISTINCT FROM o.prior_clinician_id)::int`;

/** The days the calendar table covers: any clock or appointment outside is an error. */
const CALENDAR_FROM = dayNumberOf(2000, 1, 1);
const CALENDAR_TO = dayNumberOf(2079, 12, 31);

/** Each day with the business days counted up to it: the days in (a, b] are b − a. */
function businessDayOrdinals(): { days: string; ordinals: string } {
  const calendar = new BusinessCalendar(CALIFORNIA);
  const days: string[] = [];
  const ordinals: number[] = [];
  let ordinal = 0;
  for (let day = CALENDAR_FROM; day <= CALENDAR_TO; day = addDays(day, 1)) {
    if (calendar.isBusinessDay(day)) ordinal++;
    days.push(localDateOfDay(day));
    ordinals.push(ordinal);
  }
  return { days: `{${days.join(',')}}`, ordinals: `{${ordinals.join(',')}}` };
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const calendar = businessDayOrdinals();
  const standards = californiaStandards.standards;
  const statements = [
    sql`CREATE TABLE business_day_ordinals (
      day date PRIMARY KEY,
      ordinal integer NOT NULL
    )`,
    sql`INSERT INTO business_day_ordinals (day, ordinal)
      SELECT * FROM unnest(${calendar.days}::date[], ${calendar.ordinals}::int[])`,
    sql`CREATE TABLE standard_wait_units (
      standard text PRIMARY KEY,
      unit text NOT NULL CHECK (unit IN ('business-days', 'hours', 'minutes'))
    )`,
    sql`INSERT INTO standard_wait_units (standard, unit)
      SELECT * FROM unnest(${`{${standards.map((s) => s.id).join(',')}}`}::text[],
                           ${`{${standards.map((s) => s.limit.unit).join(',')}}`}::text[])`,
    // A request's wait in its standard's unit: business days after the clock's day up
    // to the appointment's (in the plan's zone), else whole minutes. A standard not in
    // the table is measured in minutes.
    sql.raw(`CREATE FUNCTION access_wait(p_standard text, p_from timestamptz, p_to timestamptz)
      RETURNS integer LANGUAGE sql STABLE AS $$
        SELECT CASE
          WHEN p_to IS NULL THEN NULL
          WHEN EXISTS (SELECT 1 FROM standard_wait_units u
                       WHERE u.standard = p_standard AND u.unit = 'business-days')
          THEN (SELECT b.ordinal FROM business_day_ordinals b
                WHERE b.day = (p_to AT TIME ZONE '${TIME_ZONE}')::date)
             - (SELECT b.ordinal FROM business_day_ordinals b
                WHERE b.day = (p_from AT TIME ZONE '${TIME_ZONE}')::date)
          ELSE floor(date_part('epoch', p_to - p_from) / 60)::int
        END
      $$`),
    // The breach list's facts: the standard's own deadline, an extension, and the first
    // visit (booked or attended), member cancellation and no-show, however late.
    sql`ALTER TABLE request_outcomes
      ADD COLUMN patient_id text,
      ADD COLUMN deadline timestamptz,
      ADD COLUMN extension_deadline timestamptz,
      ADD COLUMN seen_at timestamptz,
      ADD COLUMN declined_at timestamptz,
      ADD COLUMN no_show_at timestamptz,
      ADD COLUMN wait integer,
      ADD COLUMN week date,
      ADD COLUMN type text,
      ADD COLUMN language text,
      ADD COLUMN prior_clinician_id text,
      ADD COLUMN served_clinician_id text`,

    sql.raw(`CREATE OR REPLACE FUNCTION refresh_request_outcome(p_center text, p_request text)
      RETURNS void LANGUAGE sql AS $$
        DELETE FROM request_outcomes o
        WHERE o.center_id = p_center AND o.request_id = p_request
          AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.center_id = p_center AND r.id = p_request);
        INSERT INTO request_outcomes (${OUTCOME_COLUMNS})
        ${OUTCOME_SELECT}
        WHERE r.center_id = p_center AND r.id = p_request
        ${OUTCOME_UPSERT};
      $$`),

    sql`CREATE TABLE access_rollup (
      week date NOT NULL,
      center_id text NOT NULL,
      standard text NOT NULL,
      type text NOT NULL,
      language text NOT NULL,
      discipline text NOT NULL,
      requests integer NOT NULL,
      met integer NOT NULL,
      referred integer NOT NULL,
      unresolved integer NOT NULL,
      followups integer NOT NULL,
      continuity integer NOT NULL,
      PRIMARY KEY (center_id, week, standard, type, language, discipline)
    )`,
    // The overview reads a window of weeks across every center.
    sql`CREATE INDEX access_rollup_week_idx ON access_rollup (week)`,
    sql`CREATE TABLE access_rollup_deltas (
      week date NOT NULL,
      center_id text NOT NULL,
      standard text NOT NULL,
      type text NOT NULL,
      language text NOT NULL,
      discipline text NOT NULL,
      requests integer NOT NULL,
      met integer NOT NULL,
      referred integer NOT NULL,
      unresolved integer NOT NULL,
      followups integer NOT NULL,
      continuity integer NOT NULL
    )`,
    sql`CREATE TABLE access_wait_rollup (
      week date NOT NULL,
      center_id text NOT NULL,
      standard text NOT NULL,
      wait integer NOT NULL,
      requests integer NOT NULL,
      PRIMARY KEY (center_id, week, standard, wait)
    )`,
    sql`CREATE INDEX access_wait_rollup_week_idx ON access_wait_rollup (week)`,
    sql`CREATE TABLE access_wait_deltas (
      week date NOT NULL,
      center_id text NOT NULL,
      standard text NOT NULL,
      wait integer NOT NULL,
      requests integer NOT NULL
    )`,
    // Pending = not met, not referred, deadline still ahead: read at each call.
    // The breach list reads the requests not seen by their standard's deadline.
    // By the later of the two deadlines: a window takes a request when either falls in it.
    sql`CREATE INDEX request_outcomes_unseen_deadline_idx
      ON request_outcomes ((greatest(deadline, extension_deadline)))
      WHERE status <> 'referred' AND (seen_at IS NULL OR seen_at > deadline)`,
    // Covering, so the pending count is an index-only scan (no visit to the table).
    sql`CREATE INDEX request_outcomes_unresolved_due_idx ON request_outcomes (due)
      INCLUDE (week, center_id, standard, type, language, discipline, served_discipline)
      WHERE status NOT IN ('cancelled', 'referred') AND (first_at IS NULL OR first_at > due)`,

    sql.raw(`CREATE OR REPLACE FUNCTION rebuild_access_rollup() RETURNS void LANGUAGE sql AS $$
        DELETE FROM access_wait_deltas;
        DELETE FROM access_wait_rollup;
        INSERT INTO access_wait_rollup (week, center_id, standard, wait, requests)
        SELECT week, center_id, standard, wait, count(*)
        FROM request_outcomes
        WHERE status <> 'cancelled' AND wait IS NOT NULL
        GROUP BY week, center_id, standard, wait;
        DELETE FROM access_rollup_deltas;
        DELETE FROM access_rollup;
        INSERT INTO access_rollup (${CELL}, ${MEASURES})
        SELECT ${CELL}, sum(requests), sum(met), sum(referred), sum(unresolved),
               sum(followups), sum(continuity)
        FROM (SELECT ${CONTRIBUTION} FROM request_outcomes o WHERE o.status <> 'cancelled')
          AS c (${CELL}, ${MEASURES})
        GROUP BY ${CELL};
      $$`),
    sql.raw(`CREATE OR REPLACE FUNCTION rebuild_request_outcomes() RETURNS void LANGUAGE sql AS $$
        DELETE FROM request_outcomes;
        INSERT INTO request_outcomes (${OUTCOME_COLUMNS}) ${OUTCOME_SELECT};
        SELECT rebuild_access_rollup();
      $$`),
    // Moves the deltas committed so far into the rollup, in one transaction. Rows
    // appended meanwhile are not in this statement's snapshot and wait for the next
    // fold; a second fold at the same time waits for the lock and then finds nothing.
    // A cell every request moved out of stays, at zero: readers add rows, so it is
    // harmless, and a rebuild drops it.
    sql.raw(`CREATE OR REPLACE FUNCTION fold_access_rollup_deltas() RETURNS integer
      LANGUAGE plpgsql AS $$
      DECLARE folded integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext('fold_access_rollup_deltas'));
        WITH moved AS (DELETE FROM access_rollup_deltas RETURNING *),
        summed AS (
          SELECT ${CELL}, sum(requests)::int AS requests, sum(met)::int AS met,
                 sum(referred)::int AS referred, sum(unresolved)::int AS unresolved,
                 sum(followups)::int AS followups, sum(continuity)::int AS continuity,
                 count(*)::int AS n
          FROM moved GROUP BY ${CELL}
        ),
        upserted AS (
          INSERT INTO access_rollup (${CELL}, ${MEASURES})
          SELECT ${CELL}, ${MEASURES} FROM summed
          ON CONFLICT (center_id, week, standard, type, language, discipline) DO UPDATE SET
            requests = access_rollup.requests + excluded.requests,
            met = access_rollup.met + excluded.met,
            referred = access_rollup.referred + excluded.referred,
            unresolved = access_rollup.unresolved + excluded.unresolved,
            followups = access_rollup.followups + excluded.followups,
            continuity = access_rollup.continuity + excluded.continuity
        )
        SELECT coalesce(sum(n), 0) INTO folded FROM summed;
        WITH moved AS (DELETE FROM access_wait_deltas RETURNING *),
        summed AS (
          SELECT week, center_id, standard, wait, sum(requests)::int AS requests
          FROM moved GROUP BY week, center_id, standard, wait
        )
        INSERT INTO access_wait_rollup (week, center_id, standard, wait, requests)
        SELECT * FROM summed
        ON CONFLICT (center_id, week, standard, wait) DO UPDATE SET
          requests = access_wait_rollup.requests + excluded.requests;
        RETURN folded;
      END
      $$`),

    // A request_outcomes row's old contribution out, its new one in; nothing when a
    // change leaves the cell and the measures as they were (most updates do not).
    sql.raw(`CREATE FUNCTION access_rollup_from_outcomes() RETURNS trigger
      LANGUAGE plpgsql AS $$
      DECLARE
        old_cell access_rollup_deltas;
        new_cell access_rollup_deltas;
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          SELECT ${CONTRIBUTION} INTO old_cell FROM (SELECT OLD.*) o WHERE o.status <> 'cancelled';
        END IF;
        IF TG_OP <> 'DELETE' THEN
          SELECT ${CONTRIBUTION} INTO new_cell FROM (SELECT NEW.*) o WHERE o.status <> 'cancelled';
        END IF;
        -- The wait histogram: the old wait out, the new one in.
        IF TG_OP <> 'INSERT' AND OLD.status <> 'cancelled' AND OLD.wait IS NOT NULL
           AND (TG_OP = 'DELETE' OR NEW.status = 'cancelled'
                OR (OLD.week, OLD.center_id, OLD.standard, OLD.wait)
                   IS DISTINCT FROM (NEW.week, NEW.center_id, NEW.standard, NEW.wait)) THEN
          INSERT INTO access_wait_deltas VALUES (OLD.week, OLD.center_id, OLD.standard, OLD.wait, -1);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.status <> 'cancelled' AND NEW.wait IS NOT NULL
           AND (TG_OP = 'INSERT' OR OLD.status = 'cancelled' OR OLD.wait IS NULL
                OR (OLD.week, OLD.center_id, OLD.standard, OLD.wait)
                   IS DISTINCT FROM (NEW.week, NEW.center_id, NEW.standard, NEW.wait)) THEN
          INSERT INTO access_wait_deltas VALUES (NEW.week, NEW.center_id, NEW.standard, NEW.wait, 1);
        END IF;
        IF old_cell IS NOT DISTINCT FROM new_cell THEN
          RETURN NULL;
        END IF;
        IF old_cell.requests IS NOT NULL THEN
          INSERT INTO access_rollup_deltas (${CELL}, ${MEASURES}) VALUES (
            old_cell.week, old_cell.center_id, old_cell.standard, old_cell.type,
            old_cell.language, old_cell.discipline, -old_cell.requests, -old_cell.met,
            -old_cell.referred, -old_cell.unresolved, -old_cell.followups, -old_cell.continuity);
        END IF;
        IF new_cell.requests IS NOT NULL THEN
          INSERT INTO access_rollup_deltas VALUES (new_cell.*);
        END IF;
        RETURN NULL;
      END
      $$`),
    sql`CREATE TRIGGER request_outcomes_access_rollup
      AFTER INSERT OR UPDATE OR DELETE ON request_outcomes
      FOR EACH ROW EXECUTE FUNCTION access_rollup_from_outcomes()`,

    // The insert paths of 0009's triggers name their columns: they gain the new ones.
    sql.raw(`CREATE OR REPLACE FUNCTION request_outcomes_from_requests() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF EXISTS (SELECT 1 FROM appointments a
                     WHERE a.patient_center_id = NEW.center_id AND a.request_id = NEW.id) THEN
            PERFORM refresh_request_outcome(NEW.center_id, NEW.id);
          ELSE
            INSERT INTO request_outcomes (center_id, request_id, standard, status, clock_start,
                week, due, discipline, type, language, prior_clinician_id, patient_id,
                deadline, extension_deadline)
              VALUES (NEW.center_id, NEW.id, NEW.standard, NEW.status, NEW.clock_start,
                date_trunc('week', NEW.clock_start AT TIME ZONE '${TIME_ZONE}')::date,
                coalesce(NEW.extension_deadline, NEW.deadline), NEW.discipline, NEW.type,
                NEW.language, NEW.prior_clinician_id, NEW.patient_id, NEW.deadline,
                NEW.extension_deadline)
              ON CONFLICT (center_id, request_id) DO NOTHING;
          END IF;
          RETURN NULL;
        END IF;
        IF TG_OP = 'DELETE' OR OLD.center_id <> NEW.center_id OR OLD.id <> NEW.id THEN
          PERFORM refresh_request_outcome(OLD.center_id, OLD.id);
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM refresh_request_outcome(NEW.center_id, NEW.id);
        END IF;
        RETURN NULL;
      END
      $$`),
    sql`DROP TRIGGER requests_request_outcomes ON requests`,
    sql`CREATE TRIGGER requests_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF center_id, id, standard, status, clock_start, deadline,
                      extension_deadline, discipline, type, language, prior_clinician_id,
                      patient_id
      ON requests
      FOR EACH ROW EXECUTE FUNCTION request_outcomes_from_requests()`,

    // A new live appointment earlier than the request's first becomes its first: one
    // UPDATE. One at the same instant as the first is settled by a full derivation (the
    // tie is broken by the appointment's key there).
    sql`CREATE OR REPLACE FUNCTION request_outcomes_from_appointments() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- The breach list's facts: a visit, a member's cancellation, a no-show.
          IF NEW.request_id IS NOT NULL THEN
            UPDATE request_outcomes o SET
                seen_at = CASE WHEN NEW.status IN ('booked', 'completed')
                               THEN least(o.seen_at, NEW.starts_at) ELSE o.seen_at END,
                declined_at = CASE WHEN NEW.status = 'cancelled' AND NEW.cancelled_by = 'member'
                               THEN least(o.declined_at, NEW.starts_at) ELSE o.declined_at END,
                no_show_at = CASE WHEN NEW.status = 'no-show'
                               THEN least(o.no_show_at, NEW.starts_at) ELSE o.no_show_at END
              WHERE o.center_id = NEW.patient_center_id AND o.request_id = NEW.request_id
                AND (NEW.status IN ('booked', 'completed', 'no-show')
                     OR (NEW.status = 'cancelled' AND NEW.cancelled_by = 'member'));
          END IF;
          IF NEW.request_id IS NOT NULL AND NEW.status <> 'cancelled' THEN
            UPDATE request_outcomes o SET
                first_at = NEW.starts_at,
                wait = access_wait(o.standard, o.clock_start, NEW.starts_at),
                served_clinician_id = NEW.clinician_id,
                served_discipline = (SELECT c.discipline FROM clinicians c
                   WHERE c.center_id = NEW.center_id AND c.id = NEW.clinician_id)
              WHERE o.center_id = NEW.patient_center_id AND o.request_id = NEW.request_id
                AND (o.first_at IS NULL OR o.first_at > NEW.starts_at);
            IF NOT FOUND AND EXISTS (SELECT 1 FROM request_outcomes o
                WHERE o.center_id = NEW.patient_center_id AND o.request_id = NEW.request_id
                  AND o.first_at = NEW.starts_at) THEN
              PERFORM refresh_request_outcome(NEW.patient_center_id, NEW.request_id);
            END IF;
          END IF;
          RETURN NULL;
        END IF;
        IF OLD.request_id IS NOT NULL AND (TG_OP = 'DELETE'
            OR OLD.patient_center_id <> NEW.patient_center_id
            OR OLD.request_id IS DISTINCT FROM NEW.request_id) THEN
          PERFORM refresh_request_outcome(OLD.patient_center_id, OLD.request_id);
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.request_id IS NOT NULL THEN
          PERFORM refresh_request_outcome(NEW.patient_center_id, NEW.request_id);
        END IF;
        RETURN NULL;
      END
      $$`,

    // Who cancelled (migration 0011) is one of the breach list's facts.
    sql`DROP TRIGGER appointments_request_outcomes ON appointments`,
    sql`CREATE TRIGGER appointments_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF patient_center_id, request_id, center_id, clinician_id, starts_at, status,
                      cancelled_by
      ON appointments
      FOR EACH ROW EXECUTE FUNCTION request_outcomes_from_appointments()`,

    // Every stored request gains its new columns, and the rollup its rows.
    sql`SELECT rebuild_request_outcomes()`,
    sql`ALTER TABLE request_outcomes
      ALTER COLUMN week SET NOT NULL,
      ALTER COLUMN patient_id SET NOT NULL,
      ALTER COLUMN deadline SET NOT NULL,
      ALTER COLUMN type SET NOT NULL,
      ALTER COLUMN language SET NOT NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}
