/**
 * The shapes of the API answers the web app reads (the OpenAPI document at
 * /openapi.json is their source; these list only the fields the pages use).
 */
import type { Role } from '../../../src/auth/principal.ts';

export interface PublicPrincipal {
  readonly name: string;
  readonly role: Role;
  readonly centerId: string | null;
  readonly clinician: { readonly centerId: string; readonly id: string } | null;
}

export interface SignInAnswer {
  readonly principal: PublicPrincipal;
  readonly csrfToken: string;
  readonly expiresAt: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export interface Center {
  readonly id: string;
  readonly name: string;
}

export interface Clinician {
  readonly centerId: string;
  readonly id: string;
  readonly name: string;
  readonly discipline: string;
  readonly languages: readonly string[];
  readonly modalities: readonly string[];
  readonly active: boolean;
  readonly caseloadCap: number | null;
}

export interface WeekRow {
  readonly weekStart: string;
  readonly standard: string;
  readonly requests: number;
  readonly met: number;
  readonly missed: number;
  readonly referred: number;
  readonly pending: number;
}

export interface RequestsByWeek {
  readonly timeZone: string;
  readonly asOf: string;
  readonly weeks: readonly WeekRow[];
}

export interface Patient {
  readonly centerId: string;
  readonly id: string;
  readonly memberNumber: string;
  readonly name: string;
  readonly language: string;
}

export interface BookingEvaluation {
  readonly standard: string;
  readonly clockStart: string;
  readonly deadline: string;
  readonly met: boolean | null;
  readonly waitHours: number | null;
  readonly status: 'met' | 'missed' | 'open';
}

export interface BookingOption {
  readonly clinicianId: string;
  readonly centerId: string;
  readonly start: string;
  readonly end: string;
  readonly modality: 'in-person' | 'video';
  readonly kind: 'intake' | 'followup';
  readonly evaluation: BookingEvaluation;
}

export interface Availability {
  readonly standard: string;
  readonly deadline: string;
  readonly options: readonly BookingOption[];
  readonly waitlistReason: string | null;
}

export interface BookedAppointment {
  readonly centerId: string;
  readonly id: string;
  readonly clinicianId: string;
  readonly patientId: string;
  readonly start: string;
  readonly end: string;
  readonly modality: 'in-person' | 'video';
}

export type BookingAnswer =
  | {
      readonly outcome: 'booked';
      readonly requestId: string;
      readonly deadline: string;
      readonly evaluation: BookingEvaluation;
      readonly appointment: BookedAppointment;
    }
  | {
      readonly outcome: 'waitlisted';
      readonly requestId: string;
      readonly deadline: string;
      readonly reason: string;
    };

export interface Template {
  readonly centerId: string;
  readonly id: string;
  readonly clinicianId: string;
  readonly name: string;
  readonly effectiveFrom: string;
  readonly effectiveTo: string | null;
  readonly adminBlocks: readonly {
    readonly id: string;
    readonly weekday: number;
    readonly startTime: string;
    readonly minutes: number;
    readonly label: string;
  }[];
}

/** A FHIR searchset Bundle, as far as the scheduler reads it. */
export interface Bundle<T> {
  readonly entry?: readonly { readonly resource: T }[];
}

export interface FhirSlot {
  readonly id: string;
  readonly status: 'free' | 'busy' | 'busy-unavailable';
  readonly start: string;
  readonly end: string;
  readonly appointmentType?: { readonly coding?: readonly { readonly code?: string }[] };
}

export interface FhirAppointment {
  readonly id: string;
  readonly status: string;
  readonly start: string;
  readonly end: string;
  readonly participant: readonly { readonly actor?: { readonly reference?: string } }[];
}
