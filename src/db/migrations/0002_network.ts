/**
 * The network: medical centers, users, clinicians, their weekly templates (sessions and
 * protected admin blocks), labour stoppages and time off.
 *
 * Every table a center owns has `center_id` first in its primary key and in every
 * foreign key between such tables, so a whole center's rows live on one Citus node and
 * joins inside a center stay local (docs/database.md). `medical_centers`, `users` and
 * `stoppages` are small and network-wide: Citus reference tables.
 *
 * One statement per `execute`: PGlite runs a query through the extended protocol,
 * which takes a single statement.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE medical_centers (
      id text PRIMARY KEY,
      name text NOT NULL,
      time_zone text NOT NULL DEFAULT 'America/Los_Angeles',
      lat double precision CHECK (lat BETWEEN -90 AND 90),
      lon double precision CHECK (lon BETWEEN -180 AND 180),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,

    sql`CREATE TABLE users (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      email text NOT NULL,
      display_name text NOT NULL,
      role text NOT NULL CHECK (role IN
        ('scheduler', 'clinician', 'compliance', 'regulator', 'hotline', 'planner', 'admin')),
      center_id text REFERENCES medical_centers (id),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Sign-in looks a user up by e-mail whatever its case.
    sql`CREATE UNIQUE INDEX users_email_key ON users (lower(email))`,

    sql`CREATE TABLE clinicians (
      center_id text NOT NULL REFERENCES medical_centers (id),
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      name text NOT NULL,
      discipline text NOT NULL,
      languages text[] NOT NULL DEFAULT '{en}' CHECK (cardinality(languages) > 0),
      modalities text[] NOT NULL
        CHECK (cardinality(modalities) > 0 AND modalities <@ ARRAY['in-person', 'video']),
      active boolean NOT NULL DEFAULT true,
      caseload_cap integer CHECK (caseload_cap > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id)
    )`,
    // The API's and dashboards' main filter: a center's clinicians of one discipline.
    sql`CREATE INDEX clinicians_center_discipline_idx ON clinicians (center_id, discipline, id)`,
    // FHIR Practitioner/{id} arrives without a center.
    sql`CREATE INDEX clinicians_id_idx ON clinicians (id)`,

    // A clinician's weekly template for a period (the engine's template + assignment).
    sql`CREATE TABLE templates (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      clinician_id text NOT NULL,
      name text NOT NULL,
      effective_from date NOT NULL,
      effective_to date CHECK (effective_to >= effective_from),
      daily_visit_cap integer CHECK (daily_visit_cap > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, clinician_id) REFERENCES clinicians (center_id, id)
        ON DELETE CASCADE
    )`,
    sql`CREATE INDEX templates_clinician_idx
      ON templates (center_id, clinician_id, effective_from)`,

    sql`CREATE TABLE template_sessions (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      template_id text NOT NULL,
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      start_time time NOT NULL,
      minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 240),
      kind text NOT NULL CHECK (kind IN ('intake', 'followup')),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, template_id) REFERENCES templates (center_id, id)
        ON DELETE CASCADE
    )`,
    sql`CREATE INDEX template_sessions_template_idx
      ON template_sessions (center_id, template_id, weekday, start_time)`,

    // Protected admin time (planning & preparation): never bookable.
    sql`CREATE TABLE admin_blocks (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      template_id text NOT NULL,
      weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
      start_time time NOT NULL,
      minutes integer NOT NULL CHECK (minutes BETWEEN 5 AND 720),
      label text NOT NULL DEFAULT 'planning & preparation',
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, template_id) REFERENCES templates (center_id, id)
        ON DELETE CASCADE
    )`,
    sql`CREATE INDEX admin_blocks_template_idx
      ON admin_blocks (center_id, template_id, weekday, start_time)`,

    // A strike or other stoppage; the clinicians' closed time is in time_off.
    sql`CREATE TABLE stoppages (
      id text PRIMARY KEY DEFAULT gen_random_uuid()::text,
      center_id text REFERENCES medical_centers (id),
      name text NOT NULL,
      disciplines text[],
      notice_at timestamptz,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz CHECK (ends_at > starts_at),
      created_at timestamptz NOT NULL DEFAULT now()
    )`,

    sql`CREATE TABLE time_off (
      center_id text NOT NULL,
      id text NOT NULL DEFAULT gen_random_uuid()::text,
      clinician_id text NOT NULL,
      starts_at timestamptz NOT NULL,
      ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
      reason text NOT NULL DEFAULT 'time off',
      stoppage_id text REFERENCES stoppages (id),
      created_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (center_id, id),
      FOREIGN KEY (center_id, clinician_id) REFERENCES clinicians (center_id, id)
        ON DELETE CASCADE
    )`,
    sql`CREATE INDEX time_off_clinician_idx ON time_off (center_id, clinician_id, starts_at)`,
    sql`CREATE INDEX time_off_stoppage_idx ON time_off (stoppage_id) WHERE stoppage_id IS NOT NULL`,
  ];
  for (const statement of statements) await statement.execute(db);
}
