/**
 * The scheduler's queue (`GET /requests`): the requests still waiting — a small share of
 * all requests — across every center, earliest deadline first. The index leads with the
 * status, so the waiting ones are found without reading the rest, and their deadlines
 * come sorted within each status.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE INDEX requests_status_deadline_idx
    ON requests (status, deadline, center_id, id)`.execute(db);
}
