/**
 * The caps, re-checked inside the booking transaction against the rows as they are now:
 * the snapshot the engine chose from may be out of date by then.
 *
 * The clinician's row is locked first (`FOR NO KEY UPDATE`), so bookings with one
 * clinician run one after another and each counts what the one before committed
 * (READ COMMITTED takes a new snapshot per statement; PostgreSQL docs, 13.2.1). The
 * lock mode conflicts with itself but not with the `FOR KEY SHARE` that foreign-key
 * checks take, so imports and other inserts that reference the clinician are not held
 * up (13.3.2 Row-Level Locks). Overlap is not checked here: the exclusion constraint
 * decides it at the insert.
 *
 * The lock and the counts are the database's `clinician_cap_refusal` (migration 0016),
 * one call; a booking of a new request calls it from `book_request` (booking-rows.ts).
 */
import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  addDays,
  type Instant,
  localDateOfDay,
  localDayOf,
  MS_PER_DAY,
  startOfLocalDay,
} from '../engine/time.ts';
import { CASELOAD_LOOKBACK_DAYS } from './network-snapshot.ts';

export type ConflictReason =
  | 'slot-taken'
  | 'daily-visit-cap'
  | 'caseload-cap'
  | 'clinician-inactive';

/** Thrown inside a booking transaction to roll it back; becomes a conflict result. */
export class BookingConflict extends Error {
  constructor(readonly reason: ConflictReason) {
    super(`booking conflict: ${reason}`);
    this.name = 'BookingConflict';
  }
}

export interface CapCheck {
  readonly centerId: string;
  readonly clinicianId: string;
  readonly patientCenterId: string;
  readonly patientId: string;
  readonly start: number;
  /** the request's own clinician: never a new patient for them */
  readonly priorClinicianId: string | null;
  /** an appointment being replaced, not counted */
  readonly excludeAppointmentId: string | null;
  readonly now: number;
  readonly timeZone: string;
}

/** The day and look-back a cap check counts over, in the plan's time zone. */
export interface CapWindow {
  /** The local date of the appointment (the template in force on it). */
  readonly day: string;
  readonly dayStart: Date;
  readonly dayEnd: Date;
  /** Patients seen since then count towards the caseload. */
  readonly since: Date;
}

export function capWindow(check: Pick<CapCheck, 'start' | 'now' | 'timeZone'>): CapWindow {
  const day = localDayOf(check.start as Instant, check.timeZone);
  return {
    day: localDateOfDay(day),
    dayStart: new Date(startOfLocalDay(day, check.timeZone)),
    dayEnd: new Date(startOfLocalDay(addDays(day, 1), check.timeZone)),
    since: new Date(check.now - CASELOAD_LOOKBACK_DAYS * MS_PER_DAY),
  };
}

/**
 * The order in which a transaction that books with several clinicians locks them
 * (booking batches, a stoppage's execution): all lock in one order, so none waits on
 * another that waits on it.
 */
export function clinicianLockKey(centerId: string, clinicianId: string): string {
  return `${centerId}\u0000${clinicianId}`;
}

/** Throws the conflict a refusal named, if any. */
export function throwIfRefused(refused: string | null | undefined): void {
  if (refused !== null && refused !== undefined) throw refusalError(refused);
}

/** The error of a refusal the database named: a `BookingConflict`, or a bug if unknown. */
export function refusalError(refused: string): Error {
  return isConflictReason(refused)
    ? new BookingConflict(refused)
    : new Error(`unknown refusal: ${refused}`);
}

function isConflictReason(value: string): value is ConflictReason {
  return value === 'daily-visit-cap' || value === 'caseload-cap' || value === 'clinician-inactive';
}

/**
 * Locks the clinician for the rest of the transaction and throws a `BookingConflict`
 * when a cap refuses the booking (or the clinician is inactive): one statement, the
 * database's `clinician_cap_refusal` (migration 0016), which takes the lock and then
 * counts with a snapshot taken after it was granted.
 */
export async function lockAndCheckCaps(trx: Transaction<Database>, check: CapCheck): Promise<void> {
  const w = capWindow(check);
  const { rows } = await sql<{ refused: string | null }>`
    SELECT clinician_cap_refusal(${check.centerId}, ${check.clinicianId}, ${w.day}::date,
      ${w.dayStart}::timestamptz, ${w.dayEnd}::timestamptz, ${check.patientCenterId},
      ${check.patientId}, ${check.priorClinicianId}::text, ${check.excludeAppointmentId}::text,
      ${w.since}::timestamptz) AS refused`.execute(trx);
  throwIfRefused(rows[0]?.refused);
}
