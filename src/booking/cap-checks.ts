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
 */
import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import {
  addDays,
  type Instant,
  localDateOfDay,
  localDayOf,
  MS_PER_DAY,
  startOfLocalDay,
} from '../engine/time.ts';
import { CASELOAD_LOOKBACK_DAYS, LIVE_STATUSES } from './network-snapshot.ts';

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

/**
 * Locks the clinician's row for the rest of the transaction and returns their caseload
 * cap; an inactive (or vanished) clinician is a `clinician-inactive` conflict. The caps
 * must be counted by a later statement: under READ COMMITTED a statement's snapshot is
 * taken when it starts, before any wait for the lock, so only the next statement sees
 * what the previous holder committed (PostgreSQL docs, 13.2.1).
 */
export async function lockClinician(
  trx: Transaction<Database>,
  centerId: string,
  clinicianId: string,
): Promise<{ readonly caseloadCap: number | null }> {
  const clinician = await trx
    .selectFrom('clinicians')
    .select(['active', 'caseload_cap'])
    .where('center_id', '=', centerId)
    .where('id', '=', clinicianId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!clinician?.active) throw new BookingConflict('clinician-inactive');
  return { caseloadCap: clinician.caseload_cap };
}

/**
 * One SQL expression that is the cap refusing the booking (`'daily-visit-cap'`,
 * `'caseload-cap'`) or NULL: the day's live visits against the daily cap of the
 * template in force, then, for a patient new to the clinician, the distinct patients of
 * the look-back against the caseload cap. An expression, not a statement, so the
 * booking can count and insert in the one statement after the lock
 * (`insertBookingUnderCaps`).
 */
export function capRefusal(check: CapCheck, caseloadCap: number | null): RawBuilder<string | null> {
  const day = localDayOf(check.start as Instant, check.timeZone);
  const date = localDateOfDay(day);
  const dayStart = new Date(startOfLocalDay(day, check.timeZone));
  const dayEnd = new Date(startOfLocalDay(addDays(day, 1), check.timeZone));
  const live = sql`a.center_id = ${check.centerId} AND a.clinician_id = ${check.clinicianId}
    AND a.status IN (${sql.join(LIVE_STATUSES)})${
      check.excludeAppointmentId === null ? sql`` : sql` AND a.id <> ${check.excludeAppointmentId}`
    }`;
  // The template in force on the day with the earliest effective date, as before.
  const dailyCap = sql`(SELECT t.daily_visit_cap FROM templates t
    WHERE t.center_id = ${check.centerId} AND t.clinician_id = ${check.clinicianId}
      AND t.effective_from <= ${date}::date
      AND (t.effective_to IS NULL OR t.effective_to >= ${date}::date)
    ORDER BY t.effective_from LIMIT 1)`;
  const visits = sql`(SELECT count(*) FROM appointments a WHERE ${live}
    AND a.starts_at >= ${dayStart}::timestamptz AND a.starts_at < ${dayEnd}::timestamptz)`;
  const caseloadApplies = caseloadCap !== null && check.priorClinicianId !== check.clinicianId;
  const since = new Date(check.now - CASELOAD_LOOKBACK_DAYS * MS_PER_DAY);
  const caseloadFull = caseloadApplies
    ? sql`NOT EXISTS (SELECT 1 FROM appointments a WHERE ${live}
          AND a.starts_at >= ${since}::timestamptz
          AND a.patient_center_id = ${check.patientCenterId} AND a.patient_id = ${check.patientId})
        AND (SELECT count(DISTINCT a.patient_id) FROM appointments a WHERE ${live}
          AND a.starts_at >= ${since}::timestamptz) >= ${caseloadCap}::int`
    : sql`false`;
  // A NULL daily cap makes the comparison NULL: no refusal.
  return sql<string | null>`CASE WHEN ${visits} >= ${dailyCap} THEN 'daily-visit-cap'
    WHEN ${caseloadFull} THEN 'caseload-cap' END`;
}

/** Throws the conflict a `capRefusal` named, if any. */
export function throwIfRefused(refused: string | null | undefined): void {
  if (refused === 'daily-visit-cap' || refused === 'caseload-cap') {
    throw new BookingConflict(refused);
  }
  if (refused !== null && refused !== undefined) throw new Error(`unknown refusal: ${refused}`);
}

/**
 * Locks the clinician and throws a `BookingConflict` when a cap refuses the booking:
 * two statements, the lock and then every count in one.
 */
export async function lockAndCheckCaps(trx: Transaction<Database>, check: CapCheck): Promise<void> {
  const { caseloadCap } = await lockClinician(trx, check.centerId, check.clinicianId);
  const { rows } = await sql<{ refused: string | null }>`
    SELECT ${capRefusal(check, caseloadCap)} AS refused`.execute(trx);
  throwIfRefused(rows[0]?.refused);
}
