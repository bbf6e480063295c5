/**
 * What the booking engine reports: appointments, the outcome of each request, and
 * the evaluation of each booking against its standard.
 */
import type { Instant } from '../time.ts';
import type { RequestInput } from './model.ts';
import type { WaitlistReason } from './request-table.ts';

export type AppointmentStatus = 'booked' | 'completed' | 'no-show' | 'cancelled' | 'rebooked';

export interface BookingEvaluation {
  readonly standard: string;
  readonly clockStart: Instant;
  readonly deadline: Instant;
  /** The standard's own deadline (differs from `deadline` when an extension was recorded). */
  readonly standardDeadline: Instant;
  /** null while the request waits with no appointment. */
  readonly met: boolean | null;
  readonly waitHours: number | null;
  readonly waitBusinessDays: number | null;
  readonly status: 'met' | 'missed' | 'open';
}

export interface Appointment {
  readonly id: string;
  readonly requestId: string;
  readonly patientId: string;
  /** The plan's clinician, or null for an external referral. */
  readonly clinicianId: string | null;
  readonly externalProviderId: string | null;
  readonly start: Instant;
  readonly end: Instant;
  readonly status: AppointmentStatus;
  /** For follow-ups: whether the patient stayed with their own clinician. */
  readonly continuity: 'kept' | 'lost' | 'n/a';
  /** The appointment this one replaced when it was re-booked. */
  readonly replaces: string | null;
  readonly evaluation: BookingEvaluation;
}

export type Outcome =
  | { readonly kind: 'booked'; readonly requestId: string; readonly appointment: Appointment }
  | { readonly kind: 'referred'; readonly requestId: string; readonly appointment: Appointment }
  /** The request's appointment was cancelled and the request closed. */
  | { readonly kind: 'cancelled'; readonly requestId: string }
  | {
      readonly kind: 'waitlisted';
      readonly requestId: string;
      readonly reason: WaitlistReason;
      readonly evaluation: BookingEvaluation;
    };

export interface PlacementSummary {
  readonly requests: number;
  readonly booked: number;
  readonly referred: number;
  readonly waitlisted: number;
  /** Bookings and referrals that meet their deadline. */
  readonly met: number;
  readonly missed: number;
  readonly continuityKept: number;
  readonly continuityLost: number;
  /** Requests closed by cancelling their appointment. */
  readonly cancelled: number;
}

export type RebookResult =
  | 'kept'
  | 'moved-same-clinician'
  | 'moved-other-clinician'
  | 'referred-out'
  | 'unplaceable';

export interface RebookEntry {
  readonly appointmentId: string;
  readonly requestId: string;
  readonly patientId: string;
  readonly result: RebookResult;
  readonly previous: { readonly clinicianId: string | null; readonly start: Instant };
  /** The new appointment (moved or referred), or null. */
  readonly next: Appointment | null;
  readonly evaluation: BookingEvaluation;
}

export interface RebookReport {
  /** Id to pass to `restore` when the unavailability ends. */
  readonly closureId: string;
  /** In the order the affected appointments were re-placed (priority order), kept ones last. */
  readonly entries: readonly RebookEntry[];
  readonly totals: Readonly<Record<RebookResult, number>> & {
    readonly affected: number;
    readonly metBefore: number;
    readonly metAfter: number;
  };
}

/** An appointment booked elsewhere whose time is gone, to re-place (see `BookingEngine.displace`). */
export interface DisplacedInput {
  readonly request: RequestInput;
  /** The clinician it was booked with: preferred when they have a slot inside the deadline. */
  readonly clinicianId: string | null;
}

export interface DisplacementEntry {
  /** The item's position in the input. */
  readonly index: number;
  readonly result: Exclude<RebookResult, 'kept'>;
  /** The new appointment (internal or external), or null when unplaceable (waitlisted). */
  readonly next: Appointment | null;
  readonly evaluation: BookingEvaluation;
}

export interface DisplacementReport {
  /** In the order the items were placed: the engine's priority order. */
  readonly entries: readonly DisplacementEntry[];
}

/** One of a request's options: a slot the engine would book for it (see `BookingEngine.options`). */
export interface SlotChoice {
  readonly clinicianId: string;
  readonly start: Instant;
  readonly end: Instant;
  readonly kind: 'intake' | 'followup';
  /** As if the request were booked there. */
  readonly evaluation: BookingEvaluation;
}

/** A request's options, best first, and what the engine would do once they run out. */
export interface OptionList {
  /** The request's evaluation before any booking (status `open`). */
  readonly evaluation: BookingEvaluation;
  readonly options: readonly SlotChoice[];
  /** `referral`: the engine would refer the request out next; `waitlist`: it would wait; null: the count was reached. */
  readonly after: 'referral' | 'waitlist' | null;
  /** Why it would wait, when `after` is `waitlist`. */
  readonly waitlistReason: WaitlistReason | null;
}
