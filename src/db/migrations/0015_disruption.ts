/**
 * The disruption plan (docs/disruption.md): a stoppage's scope and life, the clinicians
 * it calls out, the plan the booking engine made for each appointment it touches, the
 * external network the plan refers out to, and clinicians' union membership (a
 * stoppage's scope can be "the union's members").
 *
 * `stoppages` (migration 0002) gains its status, kind, scope, planning share and the
 * times of its steps. `stoppage_clinicians` and `stoppage_plan` lead their keys with a
 * center, so on Citus they are distributed with the center's other rows;
 * `external_providers` is small and network-wide: a reference table.
 *
 * A plan entry is applied exactly once: execution marks it in the transaction that
 * changes the appointment, so an execution cut off half-way is finished by running it
 * again, never applied twice.
 */
import { type Kysely, sql } from 'kysely';
import { OUTCOME_COLUMNS, OUTCOME_SELECT, OUTCOME_UPSERT } from './0012_access_rollup.ts';

/**
 * Set for a transaction (`set_config(…, 'on', true)`), it turns off the per-row upkeep
 * of `request_outcomes` on `appointments` and `requests`; the transaction then calls
 * `refresh_request_outcomes` for the requests it touched, once, set-based. Execution
 * of a stoppage moves thousands of appointments a batch: one derivation per request
 * instead of one per row written (two a move) is most of its time saved.
 */
export const DEFER_OUTCOMES = 'timely.defer_request_outcomes';
const NOT_DEFERRED = `coalesce(current_setting('${DEFER_OUTCOMES}', true), '') <> 'on'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`ALTER TABLE clinicians ADD COLUMN union_member boolean NOT NULL DEFAULT true`,
    // Psychiatrists are physicians, outside the therapists' bargaining unit.
    sql`UPDATE clinicians SET union_member = false WHERE discipline = 'psychiatrist'`,

    sql`ALTER TABLE stoppages
      ADD COLUMN kind text NOT NULL DEFAULT 'strike' CHECK (kind IN ('strike', 'absence'))`,
    sql`ALTER TABLE stoppages ADD COLUMN status text NOT NULL DEFAULT 'draft'
      CHECK (status IN ('draft', 'executing', 'active', 'ended'))`,
    sql`ALTER TABLE stoppages ADD COLUMN scope jsonb NOT NULL DEFAULT '{}'::jsonb`,
    sql`ALTER TABLE stoppages ADD COLUMN participation double precision NOT NULL DEFAULT 1
      CHECK (participation > 0 AND participation <= 1)`,
    sql`ALTER TABLE stoppages ADD COLUMN declared_by text`,
    sql`ALTER TABLE stoppages ADD COLUMN previewed_at timestamptz`,
    sql`ALTER TABLE stoppages ADD COLUMN executed_at timestamptz`,
    sql`ALTER TABLE stoppages ADD COLUMN ended_at timestamptz`,
    // The simulator's summary for the same stoppage (docs/disruption.md, "Impact report").
    sql`ALTER TABLE stoppages ADD COLUMN prediction jsonb`,

    sql`CREATE TABLE stoppage_clinicians (
      center_id text NOT NULL,
      stoppage_id text NOT NULL REFERENCES stoppages (id) ON DELETE CASCADE,
      clinician_id text NOT NULL,
      participating boolean NOT NULL,
      PRIMARY KEY (center_id, stoppage_id, clinician_id),
      FOREIGN KEY (center_id, clinician_id) REFERENCES clinicians (center_id, id)
    )`,
    sql`CREATE INDEX stoppage_clinicians_by_stoppage
      ON stoppage_clinicians (stoppage_id, participating)`,

    sql`CREATE TABLE external_providers (
      id text PRIMARY KEY,
      name text NOT NULL,
      disciplines text[] NOT NULL,
      languages text[] NOT NULL,
      modalities text[] NOT NULL,
      center_ids text[] NOT NULL DEFAULT '{}',
      weekly_capacity integer NOT NULL CHECK (weekly_capacity >= 0),
      lead_days integer NOT NULL CHECK (lead_days >= 0),
      visit_minutes integer NOT NULL DEFAULT 60 CHECK (visit_minutes > 0),
      contract_from date,
      contract_to date,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,

    // One row per appointment the stoppage touches; seq is the engine's placing order.
    // Written only by a preview of a stoppage it has just read, ≈125,000 rows at a time
    // for a network: no foreign key (its per-row check was a tenth of the preview).
    sql`CREATE TABLE stoppage_plan (
      center_id text NOT NULL,
      stoppage_id text NOT NULL,
      seq integer NOT NULL,
      appointment_id text NOT NULL,
      clinician_id text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      patient_center_id text NOT NULL,
      patient_id text NOT NULL,
      -- null for an appointment booked without a request (an import): it is re-placed
      -- as a follow-up of itself (src/disruption/affected.ts).
      request_id text,
      type text NOT NULL,
      standard text NOT NULL,
      clock_start timestamptz NOT NULL,
      deadline timestamptz NOT NULL,
      result text NOT NULL CHECK (result IN ('kept', 'moved-same-clinician',
        'moved-other-clinician', 'referred-out', 'unplaceable')),
      next_center_id text,
      next_clinician_id text,
      next_provider text,
      next_starts_at timestamptz,
      next_ends_at timestamptz,
      next_modality text,
      next_kind text,
      met_before boolean NOT NULL,
      met_after boolean NOT NULL,
      applied_at timestamptz,
      -- What execution wrote: the new appointment's or referral's id.
      next_id text,
      replanned boolean NOT NULL DEFAULT false,
      -- When ending the stoppage moved the follow-up back to its own clinician.
      moved_back_at timestamptz,
      -- No foreign key to appointments: its per-row check was a fifth of writing a
      -- network's plan (≈125,000 rows), and the rows are the planner's own reading of
      -- appointments in the same preview.
      -- The center is in the key for Citus (the distribution column must be), last:
      -- the key is also the index the plan is read by, in seq order, and one index
      -- fewer is a sixth less time writing a network's plan.
      PRIMARY KEY (stoppage_id, seq, center_id)
    )`,

    // Many requests' outcomes at once, as refresh_request_outcome does one's.
    sql.raw(`CREATE FUNCTION refresh_request_outcomes(p_centers text[], p_requests text[])
      RETURNS void LANGUAGE sql AS $$
        INSERT INTO request_outcomes (${OUTCOME_COLUMNS})
        ${OUTCOME_SELECT}
        WHERE (r.center_id, r.id) IN (SELECT DISTINCT * FROM unnest(p_centers, p_requests))
        ${OUTCOME_UPSERT};
      $$`),
    // The same triggers as 0012's, skipped while a transaction defers the upkeep.
    sql`DROP TRIGGER appointments_request_outcomes ON appointments`,
    sql.raw(`CREATE TRIGGER appointments_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF patient_center_id, request_id, center_id, clinician_id, starts_at, status,
                      cancelled_by
      ON appointments
      FOR EACH ROW WHEN (${NOT_DEFERRED})
      EXECUTE FUNCTION request_outcomes_from_appointments()`),
    sql`DROP TRIGGER requests_request_outcomes ON requests`,
    sql.raw(`CREATE TRIGGER requests_request_outcomes
      AFTER INSERT OR DELETE
         OR UPDATE OF center_id, id, standard, status, clock_start, deadline,
                      extension_deadline, discipline, type, language, prior_clinician_id,
                      patient_id
      ON requests
      FOR EACH ROW WHEN (${NOT_DEFERRED})
      EXECUTE FUNCTION request_outcomes_from_requests()`),
  ];
  for (const statement of statements) await statement.execute(db);
}
