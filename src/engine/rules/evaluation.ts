/**
 * Evaluation of a request (and its appointment, if any) against a standard: the
 * deadline, whether it was met, the wait in hours and business days, and a status.
 *
 * An extension recorded by the treating provider (28 CCR § 1300.67.2.2(c)(5)(G): a
 * longer wait is allowed when the provider notes in the record that it will not harm
 * the patient) replaces the deadline; the result keeps the standard's own deadline too.
 */
import { TimelyError } from '../errors.ts';
import { type Instant, localDayOf, MS_PER_HOUR } from '../time.ts';
import type { BusinessCalendar } from './calendar.ts';
import { deadlineFor } from './deadline.ts';
import type { Standard } from './standards.ts';

export type EvaluationStatus = 'met' | 'missed' | 'open' | 'at-risk';

export interface Extension {
  /** The new deadline the treating provider set. */
  readonly deadline: Instant;
  readonly reason: string;
  readonly recordedBy: string;
  readonly recordedAt: Instant;
}

export interface EvaluationInput {
  readonly standard: Standard;
  readonly clockStart: Instant;
  /** Start of the appointment that serves the request, if one is booked. */
  readonly appointmentStart?: Instant | undefined;
  readonly extension?: Extension | undefined;
  /** The moment of evaluation; an open request is judged against it. */
  readonly now: Instant;
}

export interface AtRiskPolicy {
  /** Business-day standards: at risk within this many business days of the deadline. */
  readonly businessDays: number;
  /** Elapsed-time standards: at risk within this many hours of the deadline. */
  readonly hours: number;
}

export const DEFAULT_AT_RISK: AtRiskPolicy = { businessDays: 2, hours: 12 };

export interface Evaluation {
  readonly standardId: string;
  readonly clockStart: Instant;
  /** The deadline in force: the extension's if one was recorded, else the standard's. */
  readonly deadline: Instant;
  /** The deadline the standard itself gives. */
  readonly standardDeadline: Instant;
  readonly extended: boolean;
  /** true/false once an appointment is booked or the deadline has passed; null while open. */
  readonly met: boolean | null;
  /** Hours from the clock start to the appointment (or to `now` while none is booked). */
  readonly waitHours: number;
  /** Business days from the clock start's day to the appointment's (or now's) day. */
  readonly waitBusinessDays: number;
  readonly status: EvaluationStatus;
}

export function evaluate(
  input: EvaluationInput,
  calendar: BusinessCalendar,
  atRisk: AtRiskPolicy = DEFAULT_AT_RISK,
): Evaluation {
  const { standard, clockStart, appointmentStart, extension, now } = input;
  const standardDeadline = deadlineFor(standard.limit, clockStart, calendar);
  if (extension && extension.reason.trim() === '') {
    throw new TimelyError('FIELD_INVALID', 'extension.reason: an extension needs a reason', {
      path: 'extension.reason',
    });
  }
  const deadline = extension ? extension.deadline : standardDeadline;
  const until = appointmentStart ?? now;
  const zone = calendar.timeZone;
  const waitHours = (until - clockStart) / MS_PER_HOUR;
  const waitBusinessDays = calendar.businessDaysBetween(
    localDayOf(clockStart, zone),
    localDayOf(until, zone),
  );

  let status: EvaluationStatus;
  let met: boolean | null;
  if (appointmentStart !== undefined) {
    met = appointmentStart <= deadline;
    status = met ? 'met' : 'missed';
  } else if (now > deadline) {
    met = false;
    status = 'missed';
  } else {
    met = null;
    status = isAtRisk(now, deadline, standard, calendar, atRisk) ? 'at-risk' : 'open';
  }

  return {
    standardId: standard.id,
    clockStart,
    deadline,
    standardDeadline,
    extended: extension !== undefined,
    met,
    waitHours,
    waitBusinessDays,
    status,
  };
}

function isAtRisk(
  now: Instant,
  deadline: Instant,
  standard: Standard,
  calendar: BusinessCalendar,
  policy: AtRiskPolicy,
): boolean {
  if (standard.limit.unit === 'business-days') {
    const left = calendar.businessDaysBetween(
      localDayOf(now, calendar.timeZone),
      localDayOf(deadline, calendar.timeZone),
    );
    return left <= policy.businessDays;
  }
  return deadline - now <= policy.hours * MS_PER_HOUR;
}
