/**
 * A hotline case's clock. A plan resolves a grievance within 30 calendar days of
 * receiving it, and one involving an imminent and serious threat to the member's health
 * within 72 hours (HSC § 1368.01; 28 CCR §§ 1300.68 and 1300.68.01; SPEC.md). Pure: no
 * I/O.
 *
 * - Urgent: received + 72 hours of elapsed time (a DST change does not move it).
 * - Standard: the same wall-clock time 30 calendar days later in the medical center's
 *   time zone (so a call at 10:00 on 1 March is due at 10:00 on 31 March, although
 *   that is 29 days and 23 hours later in the spring).
 *
 * A case is settled (resolved or closed) in time when it settled at or before its due
 * instant; an unsettled case is breached once the due instant has passed. A reopened
 * case runs against its first due instant: the member's grievance was received then.
 */
import { Temporal } from 'temporal-polyfill';
import { type Instant, MS_PER_HOUR } from '../engine/time.ts';
import type { Urgency } from './case-codes.ts';

export const URGENT_HOURS = 72;
export const STANDARD_DAYS = 30;

/** The instant a case received at `receivedAt` must be resolved by. */
export function dueAt(receivedAt: Instant, urgency: Urgency, timeZone: string): Instant {
  if (urgency === 'urgent') return (receivedAt + URGENT_HOURS * MS_PER_HOUR) as Instant;
  // Temporal adds calendar days on the wall clock, resolving a time that DST skips or
  // repeats as RFC 5545 does ('compatible'), like the engine's instantAtLocal.
  const received = Temporal.Instant.fromEpochMilliseconds(receivedAt).toZonedDateTimeISO(timeZone);
  return received.add({ days: STANDARD_DAYS }).epochMilliseconds as Instant;
}

/** Where a case stands against its clock at `now`. */
export type ClockState =
  /** Not settled, due instant still ahead (or now). */
  | 'running'
  /** Not settled, due instant passed. */
  | 'breached'
  /** Settled at or before the due instant. */
  | 'met'
  /** Settled after the due instant. */
  | 'missed';

export interface CaseClock {
  readonly dueAt: Instant;
  readonly state: ClockState;
  /** Milliseconds from now to the due instant (negative once passed); null when settled. */
  readonly msLeft: number | null;
  /** Past due and not settled, or settled late. */
  readonly breached: boolean;
}

export function caseClock(
  dueAtInstant: Instant,
  settledAt: Instant | null,
  now: Instant,
): CaseClock {
  if (settledAt !== null) {
    const met = settledAt <= dueAtInstant;
    return { dueAt: dueAtInstant, state: met ? 'met' : 'missed', msLeft: null, breached: !met };
  }
  const msLeft = dueAtInstant - now;
  return {
    dueAt: dueAtInstant,
    state: msLeft < 0 ? 'breached' : 'running',
    msLeft,
    breached: msLeft < 0,
  };
}
