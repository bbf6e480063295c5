/**
 * A booking in one statement, with its plans kept (issue 5's booking throughput).
 *
 * Until now a booking was BEGIN, the clinician's lock, one statement counting the caps
 * and inserting the rows, COMMIT: four round trips, and the big statement parsed and
 * planned afresh each time. Here the same steps are PL/pgSQL functions, whose statements
 * PostgreSQL prepares once per session (PostgreSQL docs, 41.11.2 "Plan Caching"):
 *
 * - `clinician_cap_refusal` locks the clinician's row (`FOR NO KEY UPDATE`, as before)
 *   and then counts the caps. Each statement of a VOLATILE function takes a new snapshot
 *   under READ COMMITTED (docs, 38.7 "Function Volatility Categories"), so the counts,
 *   made after the lock is granted, see every booking the previous holder committed —
 *   what the separate lock statement achieved before.
 * - `book_request` claims the idempotency key (if any), checks the caps, inserts the
 *   request, its appointment and their audit events. A refusal raises `TB001` (detail:
 *   the cap), so the whole statement — the key included — rolls back and nothing is
 *   written; a lost race is still the exclusion constraint's 23P01.
 * - `book_requests` runs many `book_request`s in one statement, each in a block of its
 *   own: called outside a transaction block, a batch of bookings is one round trip and
 *   one commit (booking-batches.ts). Its requests' outcomes (`request_outcomes`, 0009)
 *   are derived once at the end, set-based (`refresh_request_outcomes`, 0015), with the
 *   per-row triggers deferred as a stoppage's execution defers them: those triggers
 *   were half of a booking's work in the database.
 * - `refresh_request_outcome` (0012) becomes PL/pgSQL with the same two statements: as
 *   a SQL function called from a trigger it was planned again on every call, which was
 *   most of a booking's time in its triggers.
 */
import { type Kysely, sql } from 'kysely';
import { OUTCOME_COLUMNS, OUTCOME_SELECT, OUTCOME_UPSERT } from './0012_access_rollup.ts';
import { DEFER_OUTCOMES } from './0015_disruption.ts';

/** Raised by `book_request` when a cap or an inactive clinician refuses the booking. */
export const BOOKING_REFUSED_STATE = 'TB001';

const REQUEST_COLUMNS = `center_id, id, patient_id, type, standard, clock_start, deadline,
  not_before, language, modality, prior_clinician_id, status, extension_deadline,
  extension_reason, extension_recorded_by, extension_recorded_at, max_travel_km`;
const APPOINTMENT_COLUMNS = `center_id, id, clinician_id, patient_center_id, patient_id,
  request_id, starts_at, ends_at, modality, kind, replaces_id`;
const AUDIT_COLUMNS = `center_id, actor_user_id, actor_role, action, entity_type, entity_id,
  patient_center_id, patient_id, source_address, request_id`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql.raw(`CREATE OR REPLACE FUNCTION refresh_request_outcome(p_center text, p_request text)
      RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        DELETE FROM request_outcomes o
        WHERE o.center_id = p_center AND o.request_id = p_request
          AND NOT EXISTS (SELECT 1 FROM requests r WHERE r.center_id = p_center AND r.id = p_request);
        INSERT INTO request_outcomes (${OUTCOME_COLUMNS})
        ${OUTCOME_SELECT}
        WHERE r.center_id = p_center AND r.id = p_request
        ${OUTCOME_UPSERT};
      END
      $$`),

    // The day's bounds and the caseload's look-back come from the caller, which knows
    // the plan's time zone; p_exclude is an appointment being replaced (not counted).
    sql.raw(`CREATE FUNCTION clinician_cap_refusal(
        p_center text, p_clinician text, p_day date, p_day_start timestamptz,
        p_day_end timestamptz, p_patient_center text, p_patient text,
        p_prior_clinician text, p_exclude text, p_since timestamptz)
      RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_active boolean;
        v_caseload_cap integer;
        v_daily_cap integer;
      BEGIN
        SELECT c.active, c.caseload_cap INTO v_active, v_caseload_cap
          FROM clinicians c WHERE c.center_id = p_center AND c.id = p_clinician
          FOR NO KEY UPDATE;
        IF v_active IS NOT TRUE THEN
          RETURN 'clinician-inactive';
        END IF;
        -- The template in force on the day with the earliest effective date.
        SELECT t.daily_visit_cap INTO v_daily_cap FROM templates t
          WHERE t.center_id = p_center AND t.clinician_id = p_clinician
            AND t.effective_from <= p_day
            AND (t.effective_to IS NULL OR t.effective_to >= p_day)
          ORDER BY t.effective_from LIMIT 1;
        IF v_daily_cap IS NOT NULL AND (
            SELECT count(*) FROM appointments a
            WHERE a.center_id = p_center AND a.clinician_id = p_clinician
              AND a.status IN ('booked', 'completed')
              AND (p_exclude IS NULL OR a.id <> p_exclude)
              AND a.starts_at >= p_day_start AND a.starts_at < p_day_end) >= v_daily_cap THEN
          RETURN 'daily-visit-cap';
        END IF;
        -- A patient already theirs (or a follow-up with them) is never a new one.
        IF v_caseload_cap IS NOT NULL AND p_prior_clinician IS DISTINCT FROM p_clinician
           AND NOT EXISTS (
             SELECT 1 FROM appointments a
             WHERE a.center_id = p_center AND a.clinician_id = p_clinician
               AND a.status IN ('booked', 'completed')
               AND (p_exclude IS NULL OR a.id <> p_exclude)
               AND a.starts_at >= p_since
               AND a.patient_center_id = p_patient_center AND a.patient_id = p_patient)
           AND (
             SELECT count(DISTINCT a.patient_id) FROM appointments a
             WHERE a.center_id = p_center AND a.clinician_id = p_clinician
               AND a.status IN ('booked', 'completed')
               AND (p_exclude IS NULL OR a.id <> p_exclude)
               AND a.starts_at >= p_since) >= v_caseload_cap THEN
          RETURN 'caseload-cap';
        END IF;
        RETURN NULL;
      END
      $$`),

    // Rows arrive as JSON objects keyed by column, typed by the tables' own row types.
    // Returns 'claimed' when another call committed the key first (nothing was done:
    // the caller reads that call's result), else NULL.
    sql.raw(`CREATE FUNCTION book_request(
        p_request jsonb, p_appointment jsonb, p_audit jsonb,
        p_day date, p_day_start timestamptz, p_day_end timestamptz, p_since timestamptz,
        p_key text, p_operation text, p_hash text, p_result jsonb)
      RETURNS text LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_refused text;
      BEGIN
        IF p_key IS NOT NULL THEN
          INSERT INTO idempotency_keys (key, request_hash, operation, result)
            VALUES (p_key, p_hash, p_operation, p_result)
            ON CONFLICT (key) DO NOTHING;
          IF NOT FOUND THEN
            RETURN 'claimed';
          END IF;
        END IF;
        IF p_appointment IS NOT NULL THEN
          v_refused := clinician_cap_refusal(p_appointment->>'center_id',
            p_appointment->>'clinician_id', p_day, p_day_start, p_day_end,
            p_appointment->>'patient_center_id', p_appointment->>'patient_id',
            p_request->>'prior_clinician_id', NULL, p_since);
          IF v_refused IS NOT NULL THEN
            RAISE EXCEPTION 'booking refused: %', v_refused
              USING ERRCODE = '${BOOKING_REFUSED_STATE}', DETAIL = v_refused;
          END IF;
        END IF;
        INSERT INTO requests (${REQUEST_COLUMNS})
          SELECT ${REQUEST_COLUMNS} FROM jsonb_populate_record(NULL::requests, p_request);
        IF p_appointment IS NOT NULL THEN
          INSERT INTO appointments (${APPOINTMENT_COLUMNS})
            SELECT ${APPOINTMENT_COLUMNS}
            FROM jsonb_populate_record(NULL::appointments, p_appointment);
        END IF;
        INSERT INTO audit_events (${AUDIT_COLUMNS}, outcome, detail)
          SELECT ${AUDIT_COLUMNS}, coalesce(e.outcome, 'success'), coalesce(e.detail, '{}')
          FROM jsonb_populate_recordset(NULL::audit_events, p_audit) e;
        RETURN NULL;
      END
      $$`),

    // Many bookings in one statement, so one transaction and one commit: a server
    // sends the bookings that arrived while its last batch ran. Each is tried in a
    // block of its own (a subtransaction), so a refusal, a lost race or a bad row
    // undoes that booking only; its error comes back in its place of the result
    // (code, detail, message) and the others commit. The caller orders the batch by
    // clinician, so two batches take the clinicians' locks in one order.
    sql.raw(`CREATE FUNCTION book_requests(p_bookings jsonb)
      RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        b jsonb;
        v_outcome text;
        v_outcomes jsonb := '[]'::jsonb;
        v_code text;
        v_detail text;
        v_message text;
        v_deferred text := current_setting('${DEFER_OUTCOMES}', true);
        v_centers text[] := '{}';
        v_requests text[] := '{}';
      BEGIN
        -- The outcomes of the batch's requests are derived once, set-based, at the end
        -- (as a stoppage's execution does), not row by row by the triggers.
        PERFORM set_config('${DEFER_OUTCOMES}', 'on', true);
        FOR b IN SELECT e.value FROM jsonb_array_elements(p_bookings) WITH ORDINALITY e
                 ORDER BY e.ordinality LOOP
          BEGIN
            v_outcome := book_request(b->'request', nullif(b->'appointment', 'null'::jsonb),
              b->'audit', (b->>'day')::date, (b->>'dayStart')::timestamptz,
              (b->>'dayEnd')::timestamptz, (b->>'since')::timestamptz, b->>'key',
              b->>'operation', b->>'hash', nullif(b->'result', 'null'::jsonb));
            v_outcomes := v_outcomes || jsonb_build_array(jsonb_build_object('outcome', v_outcome));
            IF v_outcome IS NULL THEN
              v_centers := v_centers || (b->'request'->>'center_id');
              v_requests := v_requests || (b->'request'->>'id');
            END IF;
          EXCEPTION WHEN OTHERS THEN
            GET STACKED DIAGNOSTICS v_code = RETURNED_SQLSTATE, v_detail = PG_EXCEPTION_DETAIL,
              v_message = MESSAGE_TEXT;
            v_outcomes := v_outcomes || jsonb_build_array(jsonb_build_object('error',
              jsonb_build_object('code', v_code, 'detail', v_detail, 'message', v_message)));
          END;
        END LOOP;
        IF cardinality(v_requests) > 0 THEN
          PERFORM refresh_request_outcomes(v_centers, v_requests);
        END IF;
        PERFORM set_config('${DEFER_OUTCOMES}', coalesce(v_deferred, ''), true);
        RETURN v_outcomes;
      END
      $$`),
  ];
  for (const statement of statements) await statement.execute(db);
}
