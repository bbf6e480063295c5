/**
 * The rows a booking writes: its request and, when something fits, its appointment.
 *
 * A booking writes both in the same statement that counts the caps
 * (`insertBookingUnderCaps`), right after the clinician's lock: data-modifying CTEs run
 * on the statement's one snapshot, so the counts see every booking committed before the
 * lock was granted and none of this one's own rows (PostgreSQL docs, 7.8.4
 * "Data-Modifying Statements in WITH"). The foreign keys and the exclusion constraint
 * are checked as for separate INSERTs: the constraint still has the last word (23P01).
 * One round trip instead of four at ~0.2 ms each, on the path that books.
 */
import { sql, type Transaction } from 'kysely';
import type { Database, NewAuditEvent } from '../db/schema.ts';
import type { RequestInput } from '../engine/booking/model.ts';
import { type CapCheck, capRefusal, throwIfRefused } from './cap-checks.ts';

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

export async function insertRequest(
  trx: Transaction<Database>,
  row: RequestRowInput,
): Promise<void> {
  await trx.insertInto('requests').values(requestValues(row)).execute();
}

export async function insertAppointment(
  trx: Transaction<Database>,
  appointment: AppointmentRow,
): Promise<void> {
  await trx.insertInto('appointments').values(appointmentValues(appointment)).execute();
}

/**
 * Counts the caps and, when none refuses, inserts the request and its appointment, in
 * one statement; run it after `lockClinician` in the same transaction. A cap throws a
 * `BookingConflict` (nothing was inserted; the caller rolls back).
 */
export async function insertBookingUnderCaps(
  trx: Transaction<Database>,
  check: CapCheck,
  caseloadCap: number | null,
  request: RequestRowInput,
  appointment: AppointmentRow,
  audit: readonly NewAuditEvent[] = [],
): Promise<void> {
  const r = requestValues(request);
  const a = appointmentValues(appointment);
  // Typed casts: the values are SELECTed (INSERT … SELECT … WHERE), not VALUES, so
  // PostgreSQL has no column to infer a parameter's type from.
  const { rows } = await sql<{ refused: string | null }>`
    WITH verdict AS MATERIALIZED (SELECT ${capRefusal(check, caseloadCap)} AS refused),
    request AS (
      INSERT INTO requests (center_id, id, patient_id, type, standard, clock_start, deadline,
        not_before, language, modality, prior_clinician_id, status, extension_deadline,
        extension_reason, extension_recorded_by, extension_recorded_at, max_travel_km)
      SELECT ${r.center_id}::text, ${r.id}::text, ${r.patient_id}::text, ${r.type}::text,
        ${r.standard}::text, ${r.clock_start}::timestamptz, ${r.deadline}::timestamptz,
        ${r.not_before}::timestamptz, ${r.language}::text, ${r.modality}::text,
        ${r.prior_clinician_id}::text, ${r.status}::text, ${r.extension_deadline}::timestamptz,
        ${r.extension_reason}::text, ${r.extension_recorded_by}::text,
        ${r.extension_recorded_at}::timestamptz, ${r.max_travel_km}::float8
      FROM verdict WHERE verdict.refused IS NULL
      RETURNING 1),
    appointment AS (
      INSERT INTO appointments (center_id, id, clinician_id, patient_center_id, patient_id,
        request_id, starts_at, ends_at, modality, kind, replaces_id)
      SELECT ${a.center_id}::text, ${a.id}::text, ${a.clinician_id}::text,
        ${a.patient_center_id}::text, ${a.patient_id}::text, ${a.request_id}::text,
        ${a.starts_at}::timestamptz, ${a.ends_at}::timestamptz, ${a.modality}::text,
        ${a.kind}::text, ${a.replaces_id}::text
      FROM verdict WHERE verdict.refused IS NULL
      RETURNING 1)${auditInsert(audit)}
    SELECT refused FROM verdict`.execute(trx);
  throwIfRefused(rows[0]?.refused);
}

/** The audit trail's columns a booking's events may set (the rest take their defaults). */
const AUDIT_COLUMNS = [
  'center_id',
  'actor_user_id',
  'actor_role',
  'action',
  'entity_type',
  'entity_id',
  'outcome',
  'detail',
  'patient_center_id',
  'patient_id',
  'source_address',
  'request_id',
] as const;

/**
 * A CTE inserting the audit events with the booking (only when it is inserted): the
 * rows travel as one JSON parameter, typed by the table's own row type.
 */
function auditInsert(audit: readonly NewAuditEvent[]) {
  if (audit.length === 0) return sql``;
  const columns = AUDIT_COLUMNS.filter((c) => audit.some((row) => row[c] !== undefined));
  const list = sql.join(columns.map((c) => sql.ref(c)));
  const picked = sql.join(columns.map((c) => sql.ref(`e.${c}`)));
  return sql`,
    audit AS (
      INSERT INTO audit_events (${list})
      SELECT ${picked}
      FROM verdict, jsonb_populate_recordset(NULL::audit_events, ${JSON.stringify(audit)}::jsonb) e
      WHERE verdict.refused IS NULL
      RETURNING 1)`;
}
