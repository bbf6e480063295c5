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
  readonly sessions: readonly { readonly weekday: number }[];
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

/** A request for care as `GET /requests` lists it (the scheduler's queue). */
export interface QueuedRequest {
  readonly centerId: string;
  readonly id: string;
  readonly patient: { readonly id: string; readonly name: string; readonly memberNumber: string };
  readonly type: string;
  readonly standard: string;
  readonly status: 'open' | 'booked' | 'referred' | 'waitlisted' | 'cancelled';
  readonly clockStart: string;
  readonly deadline: string;
  readonly extensionDeadline: string | null;
  readonly language: string;
  readonly modality: 'in-person' | 'video' | 'any';
}

/**
 * One week × standard × group of `GET /access/compliance` (a center id, a discipline, a
 * language code or a request type).
 */
export interface ComplianceRow {
  readonly weekStart: string;
  readonly standard: string;
  readonly group: string;
  readonly requests: number;
  readonly met: number;
  readonly referred: number;
  readonly missed: number;
  readonly pending: number;
  /** met + referred + missed */
  readonly judged: number;
  /** met ÷ judged; null while none is judged */
  readonly compliance: number | null;
  /** follow-ups that named the member's own clinician */
  readonly followups: number;
  /** of those, first seen by that clinician */
  readonly continuityKept: number;
}

export type ComplianceGrouping = 'center' | 'discipline' | 'language' | 'type';

export interface ComplianceByGroup {
  readonly timeZone: string;
  readonly asOf: string;
  readonly by: ComplianceGrouping;
  /** the medical center filtered on (a drill-down), or null for the whole network */
  readonly center: string | null;
  readonly weeks: readonly string[];
  readonly groups: readonly { readonly id: string; readonly name: string }[];
  readonly rows: readonly ComplianceRow[];
}

export interface WaitBucket {
  readonly from: number;
  /** exclusive; null: from and over */
  readonly to: number | null;
  readonly count: number;
}

export interface StandardWaits {
  readonly standard: string;
  readonly unit: 'business-days' | 'hours' | 'minutes';
  readonly limit: number;
  readonly appointed: number;
  readonly withinLimit: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly buckets: readonly WaitBucket[];
}

export interface WaitTimes {
  readonly timeZone: string;
  readonly asOf: string;
  readonly weeks: readonly string[];
  readonly standards: readonly StandardWaits[];
}

export interface OpenRequests {
  readonly timeZone: string;
  readonly asOf: string;
  readonly atRiskDays: number;
  readonly atRiskBefore: string;
  readonly centers: readonly { readonly id: string; readonly name: string }[];
  readonly rows: readonly {
    readonly center: string;
    readonly standard: string;
    readonly open: number;
    /** of the open ones */
    readonly atRisk: number;
    /** deadline passed, still waiting */
    readonly missed: number;
  }[];
}
