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
import type { Transaction } from 'kysely';
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

/** Locks the clinician and throws a `BookingConflict` when a cap refuses the booking. */
export async function lockAndCheckCaps(trx: Transaction<Database>, check: CapCheck): Promise<void> {
  const clinician = await trx
    .selectFrom('clinicians')
    .select(['active', 'caseload_cap'])
    .where('center_id', '=', check.centerId)
    .where('id', '=', check.clinicianId)
    .forNoKeyUpdate()
    .executeTakeFirst();
  if (!clinician?.active) throw new BookingConflict('clinician-inactive');

  const day = localDayOf(check.start as Instant, check.timeZone);
  const date = localDateOfDay(day);
  const template = await trx
    .selectFrom('templates')
    .select('daily_visit_cap')
    .where('center_id', '=', check.centerId)
    .where('clinician_id', '=', check.clinicianId)
    .where('effective_from', '<=', date)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', date)]))
    .orderBy('effective_from')
    .executeTakeFirst();
  const dailyCap = template?.daily_visit_cap ?? null;
  if (dailyCap !== null) {
    let query = trx
      .selectFrom('appointments')
      .select(({ fn }) => fn.countAll<number>().as('count'))
      .where('center_id', '=', check.centerId)
      .where('clinician_id', '=', check.clinicianId)
      .where('status', 'in', LIVE_STATUSES)
      .where('starts_at', '>=', new Date(startOfLocalDay(day, check.timeZone)))
      .where('starts_at', '<', new Date(startOfLocalDay(addDays(day, 1), check.timeZone)));
    if (check.excludeAppointmentId !== null) {
      query = query.where('id', '<>', check.excludeAppointmentId);
    }
    const { count } = await query.executeTakeFirstOrThrow();
    if (Number(count) >= dailyCap) throw new BookingConflict('daily-visit-cap');
  }

  const caseloadCap = clinician.caseload_cap;
  if (caseloadCap !== null && check.priorClinicianId !== check.clinicianId) {
    const since = new Date(check.now - CASELOAD_LOOKBACK_DAYS * MS_PER_DAY);
    const live = () => {
      let query = trx
        .selectFrom('appointments')
        .where('center_id', '=', check.centerId)
        .where('clinician_id', '=', check.clinicianId)
        .where('status', 'in', LIVE_STATUSES)
        .where('starts_at', '>=', since);
      if (check.excludeAppointmentId !== null) {
        query = query.where('id', '<>', check.excludeAppointmentId);
      }
      return query;
    };
    const known = await live()
      .select('id')
      .where('patient_center_id', '=', check.patientCenterId)
      .where('patient_id', '=', check.patientId)
      .limit(1)
      .executeTakeFirst();
    if (!known) {
      const { patients } = await live()
        .select(({ fn }) => fn.count<number>('patient_id').distinct().as('patients'))
        .executeTakeFirstOrThrow();
      if (Number(patients) >= caseloadCap) throw new BookingConflict('caseload-cap');
    }
  }
}
