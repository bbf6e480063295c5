/**
 * Each kind of record an import takes: the table it goes to, the schema it must pass
 * (record-schemas.ts) and how a valid record becomes a row. A missing id becomes a
 * UUID here rather than in the database, so the rest of the import can refer to it.
 */
import { randomUUID } from 'node:crypto';
import type { Insertable } from 'kysely';
import type { z } from 'zod';
import type { Database } from '../db/schema.ts';
import {
  adminBlockRecord,
  appointmentRecord,
  centerCreate,
  clinicianCreate,
  patientCreate,
  requestRecord,
  sessionRecord,
  stoppageRecord,
  templateCreate,
  timeOffRecord,
} from './record-schemas.ts';
import type { TableName } from './staging.ts';

export interface RecordKind<T extends TableName, S extends z.ZodType> {
  readonly table: T;
  readonly schema: S;
  readonly toRow: (record: z.output<S>, createdAt: string | undefined) => Insertable<Database[T]>;
}

function kind<T extends TableName, S extends z.ZodType>(
  table: T,
  schema: S,
  toRow: RecordKind<T, S>['toRow'],
): RecordKind<T, S> {
  return { table, schema, toRow };
}

const created = (createdAt: string | undefined) =>
  createdAt === undefined ? {} : { created_at: createdAt };

export const KINDS = {
  centers: kind('medical_centers', centerCreate, (r, createdAt) => ({
    id: r.id,
    name: r.name,
    time_zone: r.timeZone,
    lat: r.lat ?? null,
    lon: r.lon ?? null,
    ...created(createdAt),
  })),
  clinicians: kind('clinicians', clinicianCreate, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    name: r.name,
    discipline: r.discipline,
    languages: r.languages,
    modalities: r.modalities,
    active: r.active,
    caseload_cap: r.caseloadCap ?? null,
    ...created(createdAt),
  })),
  templates: kind('templates', templateCreate, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    clinician_id: r.clinicianId,
    name: r.name,
    effective_from: r.effectiveFrom,
    effective_to: r.effectiveTo ?? null,
    daily_visit_cap: r.dailyVisitCap ?? null,
    ...created(createdAt),
  })),
  sessions: kind('template_sessions', sessionRecord, (r) => ({
    center_id: r.centerId,
    template_id: r.templateId,
    weekday: r.weekday,
    start_time: r.startTime,
    minutes: r.minutes,
    kind: r.kind,
  })),
  adminBlocks: kind('admin_blocks', adminBlockRecord, (r) => ({
    center_id: r.centerId,
    template_id: r.templateId,
    weekday: r.weekday,
    start_time: r.startTime,
    minutes: r.minutes,
    label: r.label,
  })),
  stoppages: kind('stoppages', stoppageRecord, (r, createdAt) => ({
    id: r.id ?? randomUUID(),
    center_id: r.centerId ?? null,
    name: r.name,
    disciplines: r.disciplines ?? null,
    notice_at: r.noticeAt ?? null,
    starts_at: r.start,
    ends_at: r.end ?? null,
    ...created(createdAt),
  })),
  timeOff: kind('time_off', timeOffRecord, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    clinician_id: r.clinicianId,
    starts_at: r.start,
    ends_at: r.end,
    reason: r.reason,
    stoppage_id: r.stoppageId ?? null,
    ...created(createdAt),
  })),
  patients: kind('patients', patientCreate, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    member_number: r.memberNumber,
    name: r.name,
    birth_date: r.birthDate ?? null,
    language: r.language,
    ...created(createdAt),
  })),
  requests: kind('requests', requestRecord, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    patient_id: r.patientId,
    type: r.type,
    standard: r.standard,
    discipline: r.discipline ?? null,
    clock_start: r.clockStart,
    deadline: r.deadline,
    not_before: r.notBefore ?? null,
    language: r.language,
    modality: r.modality,
    prior_clinician_id: r.priorClinician ?? null,
    status: r.status,
    extension_deadline: r.extensionDeadline ?? null,
    extension_reason: r.extensionReason ?? null,
    extension_recorded_by: r.extensionRecordedBy ?? null,
    extension_recorded_at: r.extensionRecordedAt ?? null,
    max_travel_km: r.maxTravelKm ?? null,
    ...created(createdAt),
  })),
  appointments: kind('appointments', appointmentRecord, (r, createdAt) => ({
    center_id: r.centerId,
    id: r.id ?? randomUUID(),
    clinician_id: r.clinicianId,
    patient_center_id: r.patientCenterId ?? r.centerId,
    patient_id: r.patientId,
    request_id: r.requestId ?? null,
    starts_at: r.start,
    ends_at: r.end,
    modality: r.modality,
    kind: r.kind,
    status: r.status,
    cancelled_at: r.cancelledAt ?? null,
    replaces_id: r.replacesId ?? null,
    ...created(createdAt),
  })),
} as const;

export type KindName = keyof typeof KINDS;

/** Database columns whose API name is not simply the camelCase of the column. */
const RENAMED: Readonly<Record<string, string>> = {
  starts_at: 'start',
  ends_at: 'end',
  prior_clinician_id: 'priorClinician',
};

/** The API field (and CSV header) a database column is written from. */
export function apiFieldOf(column: string): string {
  return (
    RENAMED[column] ?? column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase())
  );
}
