/**
 * One transaction helper for every write of the booking service: an explicit isolation
 * level, and a bounded retry of the failures PostgreSQL asks the client to retry —
 * serialization failures (40001) and deadlocks (40P01): "applications using this level
 * must be prepared to retry transactions due to serialization failures" (PostgreSQL docs,
 * 13.2.3 Serializable Isolation Level; 13.3.4 Deadlocks). Booking runs at READ COMMITTED
 * and serialises what must be serialised with row locks (see booking-service.ts), so
 * retries are rare; they are bounded so a pathological case fails loudly.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { sqlStateOf } from '../db/sql-state.ts';

const RETRYABLE = new Set(['40001', '40P01']);
export const MAX_ATTEMPTS = 3;

export async function withTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
  isolation: 'read committed' | 'repeatable read' | 'serializable' = 'read committed',
): Promise<T> {
  return retrying(() => db.transaction().setIsolationLevel(isolation).execute(work));
}

/**
 * Runs `attempt` (a transaction, or one statement that is its own) again on the
 * failures PostgreSQL asks the client to retry, up to `MAX_ATTEMPTS` times.
 */
export async function retrying<T>(attempt: () => Promise<T>): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const state = sqlStateOf(error);
      if (state === undefined || !RETRYABLE.has(state) || n >= MAX_ATTEMPTS) throw error;
    }
  }
}
