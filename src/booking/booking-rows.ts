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
import { sqlStateOf } from '../db/sql-state.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import { type CapCheck, capWindow, throwIfRefused } from './cap-checks.ts';
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

/**
 * Books a new request in one statement, which is its own transaction (migration 0016's
 * `book_request`): the key claimed, the caps checked under the clinician's lock, the
 * request, its appointment and their audit events inserted. Returns `'claimed'` when
 * another call committed the key first (nothing was written). A cap throws a
 * `BookingConflict`, a lost race the exclusion constraint's error; either way nothing
 * was written.
 */
export async function bookRequest(
  db: Kysely<Database>,
  booking: NewBooking,
): Promise<'claimed' | undefined> {
  const { appointment, key } = booking;
  const w = appointment ? capWindow(appointment.check) : undefined;
  try {
    const { rows } = await sql<{ outcome: string | null }>`
      SELECT book_request(${JSON.stringify(requestValues(booking.request))}::jsonb,
        ${appointment ? JSON.stringify(appointmentValues(appointment.row)) : null}::jsonb,
        ${JSON.stringify(booking.audit)}::jsonb,
        ${w?.day ?? null}::date, ${w?.dayStart ?? null}::timestamptz,
        ${w?.dayEnd ?? null}::timestamptz, ${w?.since ?? null}::timestamptz,
        ${key?.call.key ?? null}::text, ${key?.call.operation ?? null}::text,
        ${key?.call.hash ?? null}::text,
        ${key ? JSON.stringify(key.result) : null}::jsonb) AS outcome`.execute(db);
    return rows[0]?.outcome === 'claimed' ? 'claimed' : undefined;
  } catch (error) {
    if (sqlStateOf(error) === BOOKING_REFUSED_STATE) throwIfRefused(refusalOf(error));
    throw error;
  }
}

/** The cap a `book_request` refusal names (its DETAIL). */
function refusalOf(error: unknown): string {
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string' ? detail : 'unknown';
}
