/**
 * Folding the access rollup's deltas (migration 0012) into its rows. Readers add the
 * deltas themselves, so folding never changes a figure: it only keeps the deltas few,
 * and the overview's reads short. The server folds every few seconds; a failed fold
 * (the database away for a moment) is logged and retried at the next tick.
 */
import { type Kysely, sql } from 'kysely';
import type { Database } from './schema.ts';

/** How often the server folds: a busy minute appends ~100,000 deltas at 1,000 bookings/s. */
export const FOLD_EVERY_MS = 5_000;

/** Moves every committed delta into the rollup; returns how many delta rows it folded. */
export async function foldRollupDeltas(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ folded: number }>`
    SELECT fold_access_rollup_deltas() AS folded`.execute(db);
  return rows[0]?.folded ?? 0;
}

/** Folds on a timer until the returned function is called (it waits for a fold under way). */
export function startRollupFolding(
  db: Kysely<Database>,
  options: { readonly everyMs?: number; readonly onError?: (error: unknown) => void } = {},
): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = running.then(() => foldRollupDeltas(db)).catch((error) => options.onError?.(error));
  }, options.everyMs ?? FOLD_EVERY_MS);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
