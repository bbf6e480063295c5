/**
 * Care: patients (plan members), their requests for care, appointments, referrals out
 * to the external network and complaints.
 *
 * A patient and their requests, referrals and complaints belong to the patient's home
 * center; an appointment belongs to the *clinician's* center, because that is where the
 * no-double-booking guarantee must hold. A video visit may pair a patient of one center
 * with a clinician of another, so an appointment names its patient's center
 * separately (`patient_center_id`).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE patients (
      center_id text NOT NULL REFERENCES medical_centers (id),
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      member_number text NOT NULL,
      name text NOT NULL,
      birth_date date,
      language text NOT NULL DEFAULT 'en',
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      UNIQUE (center_id, member_number)
    )`,
    // FHIR Patient/{id} and hotline look-ups arrive without a center.
    sql`CREATE INDEX patients_id_idx ON patients (id)`,
    sql`CREATE INDEX patients_member_number_idx ON patients (member_number)`,

    sql`CREATE TABLE requests (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      patient_id text NOT NULL,
      type text NOT NULL
        CHECK (type IN ('urgent-intake', 'routine-intake', 'followup', 'psychiatry')),
      standard text NOT NULL,
      discipline text,
      clock_start timestamptz NOT NULL,
      deadline timestamptz NOT NULL CHECK (deadline >= clock_start),
      not_before timestamptz,
      language text NOT NULL DEFAULT 'en',
      modality text NOT NULL DEFAULT 'any' CHECK (modality IN ('in-person', 'video', 'any')),
      prior_clinician_id text,
      status text NOT NULL DEFAULT 'open'
        CHECK (status IN ('open', 'booked', 'referred', 'waitlisted', 'cancelled')),
      extension_deadline timestamptz,
      extension_reason text,
      extension_recorded_by text,
      extension_recorded_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, patient_id) REFERENCES patients (center_id, id),
      -- 28 CCR § 1300.67.2.2(c)(5)(G): a longer wait only when the treating provider notes in
      -- the record that it will not harm the patient, so an extension is all or nothing.
      CONSTRAINT requests_extension_complete CHECK (
        (extension_deadline IS NULL) = (extension_reason IS NULL)
        AND (extension_deadline IS NULL) = (extension_recorded_by IS NULL)
        AND (extension_deadline IS NULL) = (extension_recorded_at IS NULL)
        AND (extension_reason IS NULL OR btrim(extension_reason) <> '')
      )
    )`,
    // Dashboards: a center's requests by status, soonest deadline first.
    sql`CREATE INDEX requests_center_status_deadline_idx ON requests (center_id, status, deadline)`,
    // Compliance reports by the day the clock started.
    sql`CREATE INDEX requests_center_clock_start_idx ON requests (center_id, clock_start)`,
    sql`CREATE INDEX requests_patient_idx ON requests (center_id, patient_id, clock_start)`,

    sql`CREATE TABLE appointments (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      clinician_id text NOT NULL,
      patient_center_id text NOT NULL,
      patient_id text NOT NULL,
      request_id text,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL,
      modality text NOT NULL CHECK (modality IN ('in-person', 'video')),
      kind text NOT NULL CHECK (kind IN ('intake', 'followup')),
      status text NOT NULL DEFAULT 'booked'
        CHECK (status IN ('booked', 'completed', 'cancelled', 'no-show')),
      cancelled_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      CHECK (ends_at > starts_at),
      FOREIGN KEY (center_id, clinician_id) REFERENCES clinicians (center_id, id),
      FOREIGN KEY (patient_center_id, patient_id) REFERENCES patients (center_id, id),
      FOREIGN KEY (patient_center_id, request_id) REFERENCES requests (center_id, id),
      -- No double booking, enforced by the database whatever the application does: no
      -- two live appointments of one clinician on overlapping time. Half-open ranges
      -- ('[)'), so an appointment ending at 10:00 and one starting at 10:00 do not
      -- conflict. center_id leads because a clinician belongs to one center (the
      -- foreign key above) and Citus needs the distribution column in the constraint.
      -- PostgreSQL docs, 5.5.6 Exclusion Constraints and 8.17.10 (range constraints).
      CONSTRAINT appointments_no_double_booking EXCLUDE USING gist (
        center_id WITH =,
        clinician_id WITH =,
        tstzrange(starts_at, ends_at, '[)') WITH &&
      ) WHERE (status IN ('booked', 'completed'))
    )`,
    // A clinician's day; the constraint's GiST index serves overlap searches.
    sql`CREATE INDEX appointments_clinician_idx
      ON appointments (center_id, clinician_id, starts_at)`,
    // A center's appointments by date (dashboards, FHIR Appointment?date=).
    sql`CREATE INDEX appointments_center_starts_idx ON appointments (center_id, starts_at)`,
    sql`CREATE INDEX appointments_patient_idx
      ON appointments (patient_center_id, patient_id, starts_at)`,
    sql`CREATE INDEX appointments_request_idx
      ON appointments (patient_center_id, request_id) WHERE request_id IS NOT NULL`,
    sql`CREATE INDEX appointments_id_idx ON appointments (id)`,

    sql`CREATE TABLE referrals (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      request_id text NOT NULL,
      patient_id text NOT NULL,
      external_provider text NOT NULL,
      discipline text,
      referred_at timestamptz NOT NULL,
      first_visit_at timestamptz,
      status text NOT NULL DEFAULT 'sent'
        CHECK (status IN ('sent', 'accepted', 'completed', 'cancelled')),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, request_id) REFERENCES requests (center_id, id),
      FOREIGN KEY (center_id, patient_id) REFERENCES patients (center_id, id)
    )`,
    sql`CREATE INDEX referrals_center_referred_idx ON referrals (center_id, referred_at)`,
    sql`CREATE INDEX referrals_request_idx ON referrals (center_id, request_id)`,

    sql`CREATE TABLE complaints (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      patient_id text NOT NULL,
      request_id text,
      received_at timestamptz NOT NULL,
      category text NOT NULL,
      summary text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
      resolved_at timestamptz CHECK (resolved_at >= received_at),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, patient_id) REFERENCES patients (center_id, id),
      FOREIGN KEY (center_id, request_id) REFERENCES requests (center_id, id)
    )`,
    sql`CREATE INDEX complaints_center_received_idx
      ON complaints (center_id, status, received_at)`,
    sql`CREATE INDEX complaints_patient_idx ON complaints (center_id, patient_id)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
