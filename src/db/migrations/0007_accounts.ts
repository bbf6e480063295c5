/**
 * Accounts (issue 6): sign-in names and password hashes on `users`, the clinician a
 * `clinician` account is, lockout after failed sign-ins, API tokens and browser
 * sessions, and the audit trail's remaining columns (role, patient, source address,
 * request id).
 *
 * Secrets are never stored: a password as its scrypt hash (`src/auth/password.ts`), a
 * token or session id as the SHA-256 of its random secret (high-entropy secrets need no
 * slow hash). A stolen table then lets no one sign in.
 *
 * `users`, `api_tokens` and `sessions` are small and network-wide: Citus reference
 * tables, like `users` already is (docs/database.md).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    // The CLI and the sign-in form name an account; e-mail becomes optional contact data.
    sql`ALTER TABLE users ADD COLUMN name text`,
    sql`UPDATE users SET name = email WHERE name IS NULL`,
    sql`ALTER TABLE users ALTER COLUMN name SET NOT NULL`,
    sql`ALTER TABLE users ADD CONSTRAINT users_name_shape
      CHECK (name ~ '^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$')`,
    sql`CREATE UNIQUE INDEX users_name_key ON users (lower(name))`,
    sql`ALTER TABLE users ALTER COLUMN email DROP NOT NULL`,
    // null: an account that signs in with API tokens only (scripts, FHIR clients).
    sql`ALTER TABLE users ADD COLUMN password_hash text`,
    sql`ALTER TABLE users ADD COLUMN clinician_center_id text`,
    sql`ALTER TABLE users ADD COLUMN clinician_id text`,
    sql`ALTER TABLE users ADD CONSTRAINT users_clinician_fkey
      FOREIGN KEY (clinician_center_id, clinician_id) REFERENCES clinicians (center_id, id)`,
    // A clinician account sees its own schedule and patients: it must say whose.
    sql`ALTER TABLE users ADD CONSTRAINT users_clinician_link CHECK (
      (role = 'clinician') = (clinician_id IS NOT NULL AND clinician_center_id IS NOT NULL))`,
    sql`CREATE UNIQUE INDEX users_clinician_key ON users (clinician_center_id, clinician_id)`,
    sql`ALTER TABLE users ADD COLUMN failed_sign_ins integer NOT NULL DEFAULT 0
      CHECK (failed_sign_ins >= 0)`,
    sql`ALTER TABLE users ADD COLUMN locked_until timestamptz`,

    sql`CREATE TABLE api_tokens (
      id text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id),
      secret_hash text NOT NULL,
      label text NOT NULL DEFAULT '',
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      last_used_at timestamptz,
      CHECK (expires_at > created_at)
    )`,
    sql`CREATE INDEX api_tokens_user_idx ON api_tokens (user_id)`,

    sql`CREATE TABLE sessions (
      id_hash text PRIMARY KEY,
      user_id text NOT NULL REFERENCES users (id),
      csrf_hash text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      CHECK (expires_at > created_at)
    )`,
    sql`CREATE INDEX sessions_user_idx ON sessions (user_id)`,

    sql`ALTER TABLE audit_events ADD COLUMN actor_role text`,
    sql`ALTER TABLE audit_events ADD COLUMN patient_center_id text`,
    sql`ALTER TABLE audit_events ADD COLUMN patient_id text`,
    sql`ALTER TABLE audit_events ADD COLUMN source_address text`,
    sql`ALTER TABLE audit_events ADD COLUMN request_id text`,
    // "Who looked at this patient's records" is the question a privacy officer asks first.
    sql`CREATE INDEX audit_events_patient_idx
      ON audit_events (patient_center_id, patient_id, recorded_at)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
