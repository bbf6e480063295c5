/**
 * Timely rows as FHIR R4 resources. Each resource says what the row holds and nothing
 * more: a patient has no gender or address here because the table has none.
 *
 * Ids: a resource's logical id is the row's `id`. Rows owned by a medical center are
 * keyed `(center_id, id)`, but FHIR reads arrive without a center, so reads go through
 * the plain `id` indexes (docs/database.md, "Look-ups without a center").
 * One clinician is one Practitioner, one PractitionerRole (a clinician works at one
 * center in one discipline) and one Schedule, all three with the clinician's id.
 *
 * The medical center is not served as a resource yet, so it is referred to by
 * identifier (a logical reference, https://hl7.org/fhir/R4/references.html#logical);
 * so is the booking request an appointment was booked for (`Appointment.basedOn`, a
 * ServiceRequest in FHIR's terms).
 */
import type {
  Appointment,
  Organization,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
  Schedule,
  ServiceRequest,
  Slot,
} from '@medplum/fhirtypes';
import type { Selectable } from 'kysely';
import type {
  APPOINTMENT_STATUSES,
  AppointmentsTable,
  CliniciansTable,
  PatientsTable,
} from '../../db/schema.ts';

export const SYSTEMS = {
  center: 'urn:timely:medical-center',
  memberNumber: 'urn:timely:member-number',
  discipline: 'urn:timely:discipline',
  appointmentKind: 'urn:timely:appointment-kind',
  modality: 'urn:timely:modality',
  /** the type of a request to book: urgent-intake, routine-intake, followup, psychiatry */
  requestType: 'urn:timely:request-type',
  /** the waiting-time standards (`src/engine/rules/standards.ts` ids) */
  standard: 'urn:timely:standard',
  /** a booking request's id (the request is not served as a ServiceRequest yet) */
  request: 'urn:timely:request',
  /** why a request waits: no-fitting-clinician, no-capacity-in-horizon */
  waitlistReason: 'urn:timely:waitlist-reason',
  /** why a booking was refused with a 409: slot-taken, daily-visit-cap, … */
  bookingConflict: 'urn:timely:booking-conflict',
  /** BCP 47 language tags (https://hl7.org/fhir/R4/valueset-languages.html) */
  language: 'urn:ietf:bcp:47',
} as const;

/** Timely appointment status → FHIR AppointmentStatus (R4). */
export const APPOINTMENT_STATUS_TO_FHIR = {
  booked: 'booked',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  'no-show': 'noshow',
} as const satisfies Record<(typeof APPOINTMENT_STATUSES)[number], Appointment['status']>;

export type FhirAppointmentStatus =
  (typeof APPOINTMENT_STATUS_TO_FHIR)[keyof typeof APPOINTMENT_STATUS_TO_FHIR];

export const FHIR_APPOINTMENT_STATUSES = Object.values(APPOINTMENT_STATUS_TO_FHIR);

/** FHIR status codes → Timely's, for searches. */
export function timelyAppointmentStatuses(
  codes: readonly FhirAppointmentStatus[],
): (typeof APPOINTMENT_STATUSES)[number][] {
  return Object.entries(APPOINTMENT_STATUS_TO_FHIR)
    .filter(([, fhir]) => codes.includes(fhir))
    .map(([timely]) => timely as (typeof APPOINTMENT_STATUSES)[number]);
}

function centerReference(centerId: string): Reference<Organization> {
  return { identifier: { system: SYSTEMS.center, value: centerId } };
}

/** The booking request behind an appointment (or a waitlisted one), by identifier. */
export function requestReference(requestId: string): Reference<ServiceRequest> {
  return { type: 'ServiceRequest', identifier: { system: SYSTEMS.request, value: requestId } };
}

function languages(codes: readonly string[]) {
  return codes.map((code) => ({ coding: [{ system: SYSTEMS.language, code }] }));
}

export function toPractitioner(row: Selectable<CliniciansTable>): Practitioner {
  return {
    resourceType: 'Practitioner',
    id: row.id,
    active: row.active,
    name: [{ text: row.name }],
    communication: languages(row.languages),
  };
}

export function toPractitionerRole(row: Selectable<CliniciansTable>): PractitionerRole {
  return {
    resourceType: 'PractitionerRole',
    id: row.id,
    active: row.active,
    practitioner: { reference: `Practitioner/${row.id}`, display: row.name },
    organization: centerReference(row.center_id),
    code: [
      { coding: [{ system: SYSTEMS.discipline, code: row.discipline }], text: row.discipline },
    ],
  };
}

export function toSchedule(row: Selectable<CliniciansTable>): Schedule {
  return {
    resourceType: 'Schedule',
    id: row.id,
    active: row.active,
    actor: [
      { reference: `Practitioner/${row.id}`, display: row.name },
      { reference: `PractitionerRole/${row.id}` },
    ],
    specialty: [{ coding: [{ system: SYSTEMS.discipline, code: row.discipline }] }],
  };
}

export function toPatient(row: Selectable<PatientsTable>): Patient {
  return {
    resourceType: 'Patient',
    id: row.id,
    identifier: [
      {
        system: SYSTEMS.memberNumber,
        value: row.member_number,
        assigner: centerReference(row.center_id),
      },
    ],
    name: [{ text: row.name }],
    ...(row.birth_date === null ? {} : { birthDate: row.birth_date }),
    communication: [{ language: languages([row.language])[0] ?? {} }],
    managingOrganization: centerReference(row.center_id),
  };
}

export function toAppointment(row: Selectable<AppointmentsTable>): Appointment {
  const minutes = Math.round((row.ends_at.getTime() - row.starts_at.getTime()) / 60_000);
  return {
    resourceType: 'Appointment',
    id: row.id,
    status: APPOINTMENT_STATUS_TO_FHIR[row.status],
    appointmentType: {
      coding: [{ system: SYSTEMS.appointmentKind, code: row.kind }],
      text: row.kind,
    },
    serviceType: [{ coding: [{ system: SYSTEMS.modality, code: row.modality }] }],
    start: row.starts_at.toISOString(),
    end: row.ends_at.toISOString(),
    ...(minutes >= 1 ? { minutesDuration: minutes } : {}),
    ...(row.created_at ? { created: row.created_at.toISOString() } : {}),
    ...(row.request_id === null ? {} : { basedOn: [requestReference(row.request_id)] }),
    participant: [
      { actor: { reference: `Patient/${row.patient_id}` }, status: 'accepted' },
      { actor: { reference: `Practitioner/${row.clinician_id}` }, status: 'accepted' },
    ],
  };
}

/** What `slots.ts` derives: one bookable (or taken) stretch of a clinician's time. */
export interface DerivedSlot {
  readonly id: string;
  readonly clinicianId: string;
  readonly start: number;
  readonly end: number;
  readonly status: 'free' | 'busy' | 'busy-unavailable';
  readonly kind: string | undefined;
}

export function toSlot(slot: DerivedSlot): Slot {
  return {
    resourceType: 'Slot',
    id: slot.id,
    schedule: { reference: `Schedule/${slot.clinicianId}` },
    status: slot.status,
    start: new Date(slot.start).toISOString(),
    end: new Date(slot.end).toISOString(),
    ...(slot.kind === undefined
      ? {}
      : { appointmentType: { coding: [{ system: SYSTEMS.appointmentKind, code: slot.kind }] } }),
  };
}
