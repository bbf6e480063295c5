/**
 * What the booking service needs beyond the records of 0003:
 *
 * - `idempotency_keys`: the first result of a booking call, by the client's
 *   `Idempotency-Key`, with a hash of the request body. The primary key is what makes
 *   concurrent retries safe: the row is inserted inside the booking transaction, so a
 *   second transaction with the same key waits on the first one's index entry and then
 *   either sees its committed result or (if it rolled back) takes the key itself
 *   (PostgreSQL docs, 62.5 "Index Uniqueness Checks"; IETF draft
 *   "The Idempotency-Key HTTP Header Field"). Network-wide, not owned by a center: on
 *   Citus it is distributed by `key` in its own co-location group.
 * - `appointments.replaces_id`: the appointment a rescheduled one replaced (the
 *   engine's `replaces`), in the same center as the clinician who held it.
 * - `requests.max_travel_km`: the request's travel radius, so a reschedule re-places
 *   the request with what it was first placed with (null = the engine's default).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  const statements = [
    sql`CREATE TABLE idempotency_keys (
      key text PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 255),
      request_hash text NOT NULL,
      operation text NOT NULL,
      result jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`,
    // Old keys are purged by age.
    sql`CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at)`,
    sql`ALTER TABLE appointments ADD COLUMN replaces_id text`,
    sql`ALTER TABLE requests ADD COLUMN max_travel_km double precision
      CHECK (max_travel_km >= 0)`,
  ];
  for (const statement of statements) await statement.execute(db);
}
