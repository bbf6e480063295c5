/**
 * `booking_changes`: a change log the booking service reads to keep its in-memory
 * engine current when other processes (another server, an import, a clerk with psql)
 * write. Triggers fill it, so no writer can forget to:
 *
 * - every insert, delete, and update of the columns that place an appointment adds an
 *   `appointment` row with what the appointment is now (clinician, patient, times, and
 *   whether it is live: `booked` or `completed`, the exclusion constraint's statuses); a
 *   deleted appointment, or the old id of a re-keyed one, is logged as not live;
 * - any statement on the network's tables (centers, clinicians' booking facts,
 *   templates, sessions, admin blocks, time off) adds one `network` row: the service
 *   rebuilds its engine.
 *
 * A reader cannot simply ask for `seq > last seen`: sequence numbers are handed out in
 * insert order but become visible in commit order, so a row with a smaller `seq` can
 * appear after a larger one was read. Each row therefore records its transaction id
 * (`xid`, `pg_current_xact_id()`); a reader keeps, with the highest `seq` it has seen,
 * the transactions its snapshot saw as in progress (`pg_current_snapshot()`), and next
 * time reads `seq > last OR xid = ANY(those)`. Anything not visible then was written by
 * one of those transactions or got its `seq` later (PostgreSQL docs, 9.19 "Transaction
 * ID and Snapshot Information Functions"). Rows are pruned by age (`changed_at`).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE booking_changes (
      seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
      changed_at timestamptz NOT NULL DEFAULT now(),
      kind text NOT NULL CHECK (kind IN ('appointment', 'network')),
      center_id text,
      appointment_id text,
      clinician_id text,
      patient_id text,
      starts_at timestamptz,
      ends_at timestamptz,
      live boolean
    )`,
    sql`CREATE INDEX booking_changes_xid_idx ON booking_changes (xid)`,
    sql`CREATE INDEX booking_changes_changed_idx ON booking_changes (changed_at)`,
    sql`CREATE FUNCTION booking_changes_appointment() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          INSERT INTO booking_changes (kind, center_id, appointment_id, live)
            VALUES ('appointment', OLD.center_id, OLD.id, false);
          RETURN NULL;
        END IF;
        IF TG_OP = 'UPDATE' THEN
          IF OLD.center_id <> NEW.center_id OR OLD.id <> NEW.id THEN
            INSERT INTO booking_changes (kind, center_id, appointment_id, live)
              VALUES ('appointment', OLD.center_id, OLD.id, false);
          END IF;
        END IF;
        INSERT INTO booking_changes
            (kind, center_id, appointment_id, clinician_id, patient_id, starts_at, ends_at, live)
          VALUES ('appointment', NEW.center_id, NEW.id, NEW.clinician_id, NEW.patient_id,
            NEW.starts_at, NEW.ends_at, NEW.status IN ('booked', 'completed'));
        RETURN NULL;
      END
      $$`,
    sql`CREATE TRIGGER appointments_booking_changes
      AFTER INSERT OR DELETE
         OR UPDATE OF center_id, id, clinician_id, patient_id, starts_at, ends_at, status
      ON appointments
      FOR EACH ROW EXECUTE FUNCTION booking_changes_appointment()`,
    sql`CREATE FUNCTION booking_changes_network() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO booking_changes (kind) VALUES ('network');
        RETURN NULL;
      END
      $$`,
    sql`CREATE TRIGGER clinicians_booking_changes
      AFTER INSERT OR DELETE OR TRUNCATE
         OR UPDATE OF center_id, id, discipline, languages, modalities, active, caseload_cap
      ON clinicians
      FOR EACH STATEMENT EXECUTE FUNCTION booking_changes_network()`,
  ];
  for (const table of [
    'medical_centers',
    'templates',
    'template_sessions',
    'admin_blocks',
    'time_off',
  ]) {
    statements.push(
      sql`CREATE TRIGGER ${sql.raw(`${table}_booking_changes`)}
        AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION booking_changes_network()`,
    );
  }
  for (const statement of statements) await statement.execute(db);
}
