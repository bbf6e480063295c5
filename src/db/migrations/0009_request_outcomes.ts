/**
 * `request_outcomes`: each request with what the access figures judge it by — its
 * standard, status, clock start and deadline in force (an extension's when recorded),
 * and its first live appointment (the earliest not cancelled) with that clinician's
 * discipline. Kept current by triggers, in the transaction of every write to requests,
 * appointments or a clinician's discipline, so the access overview reads one narrow
 * table instead of joining every request of its window to its appointments (the
 * join was ~0.4 s of each overview call on the full demo).
 *
 * It holds facts, never a verdict: whether a request is pending or missed depends on
 * the time it is asked, so the routes still judge (`access-window.ts`).
 *
 * A bulk load with triggers off (`bulk-load.ts`) calls `rebuild_request_outcomes()`
 * afterwards: one set-based statement. On Citus the table is distributed by
 * `center_id`, co-located with `requests` (its key is the request's).
 */
import { type Kysely, sql } from 'kysely';

/** The row of one request, or of every request: the same SELECT serves both. */
const OUTCOME_SELECT = `
  SELECT r.center_id, r.id, r.standard, r.status, r.clock_start,
         coalesce(r.extension_deadline, r.deadline), r.discipline,
         f.first_at, f.served_discipline
  FROM requests r
  LEFT JOIN LATERAL (
    SELECT min(a.starts_at) AS first_at, min(c.discipline) AS served_discipline
    FROM appointments a
    JOIN clinicians c ON c.center_id = a.center_id AND c.id = a.clinician_id
    WHERE a.patient_center_id = r.center_id AND a.request_id = r.id
      AND a.status <> 'cancelled'
  ) f ON true`;

const COLUMNS = `center_id, request_id, standard, status, clock_start, due, discipline,
  first_at, served_discipline`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE request_outcomes (
      center_id text NOT NULL,
      request_id text NOT NULL,
      standard text NOT NULL,
      status text NOT NULL,
      clock_start timestamptz NOT NULL,
      due timestamptz NOT NULL,
      discipline text,
      first_at timestamptz,
      served_discipline text,
      PRIMARY KEY (center_id, request_id)
    )`,
    // The overview's windows are ranges of clock starts.
    sql`CREATE INDEX request_outcomes_clock_start_idx ON request_outcomes (clock_start)`,

    sql.raw(`CREATE FUNCTION refresh_request_outcome(p_center text, p_request text)
      RETURNS void LANGUAGE sql AS $$
        DELETE FROM request_outcomes o
        WHERE o.center_id = p_center AND o.request_id = p_request
          AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.center_id = p_center AND r.id = p_request);
        INSERT INTO request_outcomes (${COLUMNS})
        ${OUTCOME_SELECT}
        WHERE r.center_id = p_center AND r.id = p_request
        ON CONFLICT (center_id, request_id) DO UPDATE SET
          standard = excluded.standard, status = excluded.status,
          clock_start = excluded.clock_start, due = excluded.due,
          discipline = excluded.discipline, first_at = excluded.first_at,
          served_discipline = excluded.served_discipline;
      $$`),
    sql.raw(`CREATE FUNCTION rebuild_request_outcomes() RETURNS void LANGUAGE sql AS $$
        DELETE FROM request_outcomes;
        INSERT INTO request_outcomes (${COLUMNS}) ${OUTCOME_SELECT};
      $$`),

    // A new request has no appointment yet, unless one was inserted by the same
    // statement (a booking writes both at once): then it is derived in full.
    sql`CREATE FUNCTION request_outcomes_from_requests() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF EXISTS (SELECT 1 FROM appointments a
                     WHERE a.patient_center_id = NEW.center_id AND a.request_id = NEW.id) THEN
            PERFORM refresh_request_outcome(NEW.center_id, NEW.id);
          ELSE
            INSERT INTO request_outcomes (center_id, request_id, standard, status, clock_start,
                due, discipline)
              VALUES (NEW.center_id, NEW.id, NEW.standard, NEW.status, NEW.clock_start,
                coalesce(NEW.extension_deadline, NEW.deadline), NEW.discipline)
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
      $$`,
    sql`CREATE TRIGGER requests_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF center_id, id, standard, status, clock_start, deadline,
                      extension_deadline, discipline
      ON requests
      FOR EACH ROW EXECUTE FUNCTION request_outcomes_from_requests()`,

    // A new live appointment can only move its request's first appointment earlier: one
    // UPDATE, not a derivation. No row yet means the request was inserted by the same
    // statement, and its own trigger derives the row with this appointment in it.
    sql`CREATE FUNCTION request_outcomes_from_appointments() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          IF NEW.request_id IS NOT NULL AND NEW.status <> 'cancelled' THEN
            UPDATE request_outcomes o SET
                first_at = least(o.first_at, NEW.starts_at),
                served_discipline = least(o.served_discipline,
                  (SELECT c.discipline FROM clinicians c
                   WHERE c.center_id = NEW.center_id AND c.id = NEW.clinician_id))
              WHERE o.center_id = NEW.patient_center_id AND o.request_id = NEW.request_id;
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
    sql`CREATE TRIGGER appointments_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF patient_center_id, request_id, center_id, clinician_id, starts_at, status
      ON appointments
      FOR EACH ROW EXECUTE FUNCTION request_outcomes_from_appointments()`,

    // A clinician's discipline is the served discipline of the requests they saw.
    sql`CREATE FUNCTION request_outcomes_from_clinicians() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM refresh_request_outcome(seen.patient_center_id, seen.request_id)
        FROM (SELECT DISTINCT a.patient_center_id, a.request_id FROM appointments a
              WHERE a.center_id = NEW.center_id AND a.clinician_id = NEW.id
                AND a.request_id IS NOT NULL) seen;
        RETURN NULL;
      END
      $$`,
    sql`CREATE TRIGGER clinicians_request_outcomes
      AFTER UPDATE OF discipline ON clinicians
      FOR EACH ROW WHEN (OLD.discipline IS DISTINCT FROM NEW.discipline)
      EXECUTE FUNCTION request_outcomes_from_clinicians()`,

    // The requests already stored.
    sql`SELECT rebuild_request_outcomes()`,
  ];
  for (const statement of statements) await statement.execute(db);
}
