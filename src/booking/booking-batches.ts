/**
 * Group commit for bookings. Each booking is one statement already (`book_request`);
 * under load most of the database's work per booking was then the statement and its
 * commit rather than the booking. So the bookings that arrive while earlier batches are
 * running wait for the next batch, and a batch is one `book_requests` call: one round
 * trip and one commit for all of them, each booking still undone alone if it is
 * refused (booking-rows.ts).
 *
 * With nothing running a booking goes at once, alone: a quiet server adds no latency.
 * A batch is ordered by clinician, so two batches lock clinicians in one order (no
 * deadlock between them), and kept small enough that its subtransactions stay in
 * PostgreSQL's per-backend cache of 64 (beyond it every snapshot in the server gets
 * slower: "suboverflowed").
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type BookingOutcome, bookRequests, type NewBooking } from './booking-rows.ts';
import { clinicianLockKey } from './cap-checks.ts';

export interface BatchSettings {
  /** Most bookings in one batch. */
  readonly maxBatch: number;
  /** Most batches running at once (each on a connection of its own). */
  readonly maxRunning: number;
}

export const DEFAULT_BATCH_SETTINGS: BatchSettings = { maxBatch: 32, maxRunning: 2 };

interface Waiting {
  readonly booking: NewBooking;
  readonly settle: (outcome: BookingOutcome) => void;
  readonly fail: (error: unknown) => void;
}

export class BookingBatches {
  private readonly waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly settings: BatchSettings = DEFAULT_BATCH_SETTINGS,
  ) {}

  /** Books one new request in the next batch: `'claimed'` or undefined; a refusal throws. */
  book(booking: NewBooking): Promise<'claimed' | undefined> {
    return new Promise<BookingOutcome>((settle, fail) => {
      this.waiting.push({ booking, settle, fail });
      this.next();
    }).then((outcome) => {
      if (outcome.error) throw outcome.error;
      return outcome.claimed ? 'claimed' : undefined;
    });
  }

  private next(): void {
    if (this.running >= this.settings.maxRunning || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.settings.maxBatch);
    batch.sort((a, b) => compareLockOrder(a.booking, b.booking));
    this.running++;
    bookRequests(
      this.db,
      batch.map((w) => w.booking),
    )
      .then(
        (outcomes) => {
          for (let i = 0; i < batch.length; i++) batch[i]!.settle(outcomes[i]!);
        },
        // The statement itself failed (the connection, say): every booking of it did.
        (error: unknown) => {
          for (const w of batch) w.fail(error);
        },
      )
      .finally(() => {
        this.running--;
        this.next();
      });
  }
}

/** Bookings by the clinician they lock (center, then clinician); waitlisted ones lock none. */
function compareLockOrder(a: NewBooking, b: NewBooking): number {
  const x = lockKey(a);
  const y = lockKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function lockKey(booking: NewBooking): string {
  const row = booking.appointment?.row;
  return row ? clinicianLockKey(row.centerId, row.clinicianId) : '';
}
