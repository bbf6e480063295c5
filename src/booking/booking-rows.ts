/**
 * The rows a booking writes: its request and, when something fits, its appointment.
 *
 * A new request is booked by one call of the database's `book_request` (migration
 * 0016), outside any transaction block: the key, the caps under the clinician's lock,
 * both rows and their audit events in one statement, so one round trip where BEGIN,
 * the lock, the insert and COMMIT were four, and plans PostgreSQL keeps per session.
 * The foreign keys and the exclusion constraint are checked as for any INSERT: the
 * constraint still has the last word (23P01).
 */
import { type Kysely, sql, type Transaction } from 'kysely';
import { BOOKING_REFUSED_STATE } from '../db/migrations/0016_booking_statement.ts';
import type { Database, NewAuditEvent } from '../db/schema.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import { type CapCheck, capWindow, refusalError } from './cap-checks.ts';
import type { KeyedCall } from './idempotency.ts';

/** An appointment to insert (times in epoch ms, like the engine). */
export interface AppointmentRow {
  readonly id: string;
  readonly centerId: string;
  readonly clinicianId: string;
  readonly patientCenterId: string;
  readonly patientId: string;
  readonly requestId: string | null;
  readonly start: number;
  readonly end: number;
  readonly modality: 'in-person' | 'video';
  readonly kind: 'intake' | 'followup';
  readonly replacesId: string | null;
}

export interface RequestRowInput {
  readonly request: RequestInput;
  /** The patient's home center: where the request row lives. */
  readonly centerId: string;
  /** The standard's deadline (without an extension), epoch ms. */
  readonly standardDeadline: number;
  readonly status: 'booked' | 'waitlisted';
}

function requestValues({ request, centerId, standardDeadline, status }: RequestRowInput) {
  const extension = request.extension;
  return {
    center_id: centerId,
    id: request.id,
    patient_id: request.patientId,
    type: request.type,
    standard: request.standard,
    clock_start: new Date(request.clockStart),
    deadline: new Date(standardDeadline),
    not_before: request.notBefore === undefined ? null : new Date(request.notBefore),
    language: request.language ?? 'en',
    modality: request.modality ?? 'any',
    prior_clinician_id: request.priorClinician ?? null,
    status,
    extension_deadline: extension ? new Date(extension.deadline) : null,
    extension_reason: extension?.reason ?? null,
    extension_recorded_by: extension?.recordedBy ?? null,
    extension_recorded_at: extension ? new Date(extension.recordedAt) : null,
    max_travel_km: request.maxTravelKm ?? null,
  };
}

function appointmentValues(appointment: AppointmentRow) {
  return {
    center_id: appointment.centerId,
    id: appointment.id,
    clinician_id: appointment.clinicianId,
    patient_center_id: appointment.patientCenterId,
    patient_id: appointment.patientId,
    request_id: appointment.requestId,
    starts_at: new Date(appointment.start),
    ends_at: new Date(appointment.end),
    modality: appointment.modality,
    kind: appointment.kind,
    replaces_id: appointment.replacesId,
  };
}

export async function insertAppointment(
  trx: Transaction<Database>,
  appointment: AppointmentRow,
): Promise<void> {
  await trx.insertInto('appointments').values(appointmentValues(appointment)).execute();
}

/** What a booking of a new request writes, for `bookRequest`. */
export interface NewBooking {
  readonly request: RequestRowInput;
  /** The appointment, with the caps to check before it; none for a waitlisted request. */
  readonly appointment: { readonly row: AppointmentRow; readonly check: CapCheck } | undefined;
  readonly audit: readonly NewAuditEvent[];
  /** The idempotency key to claim for the call's result, if the call has one. */
  readonly key: { readonly call: KeyedCall; readonly result: unknown } | undefined;
}

/** What became of one booking of a batch: written (or its key found claimed), or refused. */
export type BookingOutcome =
  | { readonly claimed: boolean; readonly error?: undefined }
  | { readonly error: Error };

/**
 * Books new requests in one statement, which is its own transaction when `db` is not
 * in one (migration 0016's `book_requests`): for each, the key claimed, the caps
 * checked under the clinician's lock, the request, its appointment and their audit
 * events inserted. Each booking stands alone: its outcome is `claimed` when another
 * call committed its key first (nothing written), or the error that undid it — a
 * `BookingConflict` for a cap, the database's error (its SQLSTATE in `code`) for a lost
 * race or a bad row — in the order given.
 */
export async function bookRequests(
  db: Kysely<Database>,
  bookings: readonly NewBooking[],
): Promise<BookingOutcome[]> {
  const { rows } = await sql<{ outcomes: RawOutcome[] | string }>`
    SELECT book_requests(${JSON.stringify(bookings.map(bookingArgument))}::jsonb) AS outcomes`.execute(
    db,
  );
  const raw = rows[0]!.outcomes;
  const outcomes: RawOutcome[] = typeof raw === 'string' ? (JSON.parse(raw) as RawOutcome[]) : raw;
  return outcomes.map((o) =>
    o.error ? { error: errorOf(o.error) } : { claimed: o.outcome === 'claimed' },
  );
}

/** One booking alone: `'claimed'` or undefined, and its refusal thrown. */
export async function bookRequest(
  db: Kysely<Database>,
  booking: NewBooking,
): Promise<'claimed' | undefined> {
  const [outcome] = await bookRequests(db, [booking]);
  if (outcome!.error) throw outcome!.error;
  return outcome!.claimed ? 'claimed' : undefined;
}

interface RawOutcome {
  readonly outcome?: string | null;
  readonly error?: {
    readonly code: string;
    readonly detail: string | null;
    readonly message: string;
  };
}

/** A booking as `book_requests` reads it: the rows by column, the cap window, the key. */
function bookingArgument({ request, appointment, audit, key }: NewBooking) {
  const w = appointment ? capWindow(appointment.check) : undefined;
  return {
    request: requestValues(request),
    appointment: appointment ? appointmentValues(appointment.row) : null,
    audit,
    day: w?.day ?? null,
    dayStart: w?.dayStart ?? null,
    dayEnd: w?.dayEnd ?? null,
    since: w?.since ?? null,
    key: key?.call.key ?? null,
    operation: key?.call.operation ?? null,
    hash: key?.call.hash ?? null,
    result: key ? key.result : null,
  };
}

/** The error a booking's block caught, as the driver would have raised it. */
function errorOf(caught: NonNullable<RawOutcome['error']>): Error {
  if (caught.code === BOOKING_REFUSED_STATE) return refusalError(caught.detail ?? 'unknown');
  return Object.assign(new Error(caught.message), {
    code: caught.code,
    detail: caught.detail ?? undefined,
  });
}
