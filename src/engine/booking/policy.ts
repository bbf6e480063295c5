/**
 * The booking policy: what serves a request and in which order requests are served.
 * Defaults follow the booking issue; every rule can be switched by configuration.
 */
import type { RequestType, SlotKind } from './model.ts';

export interface BookingPolicy {
  /** Urgent requests are placed before non-urgent ones (then earliest deadline, then earliest request). */
  readonly urgentFirst: boolean;
  /** Follow-ups stay with the patient's own clinician when that clinician has a slot inside the deadline. */
  readonly continuity: boolean;
  /** When nothing internal meets the deadline, refer out to an external provider with capacity. */
  readonly referOut: boolean;
  /**
   * When nothing meets the deadline, still book the earliest option (internal, or an
   * external one if it comes sooner), marked missed; when false, such requests wait.
   */
  readonly acceptLate: boolean;
  /** Disciplines that may serve each request type; follow-ups use the prior clinician's discipline when known. */
  readonly disciplines: Readonly<
    Record<RequestType, 'non-physician' | 'physician' | readonly string[]>
  >;
  /** The kind of template session each request type needs. */
  readonly slotKind: Readonly<Record<RequestType, SlotKind>>;
  /** Local time at which an external provider's appointment is assumed to start. */
  readonly externalVisitMinuteOfDay: number;
}

export const DEFAULT_POLICY: BookingPolicy = {
  urgentFirst: true,
  continuity: true,
  referOut: true,
  acceptLate: true,
  disciplines: {
    'urgent-intake': 'non-physician',
    'routine-intake': 'non-physician',
    followup: 'non-physician',
    psychiatry: 'physician',
  },
  slotKind: {
    'urgent-intake': 'intake',
    'routine-intake': 'intake',
    followup: 'followup',
    psychiatry: 'intake',
  },
  externalVisitMinuteOfDay: 9 * 60,
};

export function resolvePolicy(overrides: Partial<BookingPolicy> = {}): BookingPolicy {
  return { ...DEFAULT_POLICY, ...overrides };
}
