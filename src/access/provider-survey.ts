/**
 * The regulator's rate of compliance, computed the way its annual Provider Appointment
 * Availability Survey (PAAS) is taken: on a survey day each provider's office is asked
 * for its next available urgent and non-urgent appointment, and a provider is compliant
 * for a kind when that appointment falls within the standard for its provider type
 * (28 CCR § 1300.67.2.2(d)(2); HSC § 1367.03(f)). The rate is compliant ÷ surveyed,
 * per network (medical center), separately for urgent and non-urgent; under 70% the plan
 * owes a corrective action plan.
 *
 * Here the "office" is the booking engine: the answer is the earliest slot the engine
 * would give a new patient with that clinician — an intake-kind session of the template
 * in force, not booked or held, not closed by time off, not on a holiday, on a day under
 * its visit cap, with room in the caseload — at or after the survey moment. Nothing here
 * models slots: it reads the engine's compiled network and asks the engine's ledger.
 *
 * Pure: plain data in, plain data out; no database, no clock.
 */
import type { BookingEngine } from '../engine/booking/engine.ts';
import type { RequestType } from '../engine/booking/model.ts';
import type { BusinessCalendar } from '../engine/rules/calendar.ts';
import { evaluate } from '../engine/rules/evaluation.ts';
import { californiaStandards, type StandardsTable } from '../engine/rules/standards.ts';
import {
  addDays,
  type DayNumber,
  type Instant,
  instantAtLocal,
  isoWeekdayOf,
  localDayOf,
} from '../engine/time.ts';

/** The provider types the survey reports apart (a physician discipline is a psychiatrist). */
export const PROVIDER_TYPES = ['non-physician', 'psychiatrist'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** The regulator's line: a network under it on either kind owes a corrective action plan. */
export const CORRECTIVE_ACTION_THRESHOLD = 0.7;

/** One question the survey asks: the standard the answer is judged by, and as which request the engine is asked. */
export interface SurveyQuestion {
  readonly standard: string;
  readonly requestType: RequestType;
}

export type SurveyQuestions = Readonly<
  Record<ProviderType, { readonly urgent: SurveyQuestion; readonly nonUrgent: SurveyQuestion }>
>;

/**
 * What the survey asks each provider type, by standard id (the limits live in the
 * standards table, never here). Urgent: the 48-hour standard for a non-physician mental
 * health provider, whom a member reaches without prior authorization, and the 96-hour
 * one for a psychiatrist, a specialist physician whose urgent visit the plan authorizes
 * first — our reading of the DMHC's PAAS methodology; a plan that reads it otherwise
 * passes its own table. Non-urgent: 10 business days for non-physician providers, 15 for
 * psychiatrists (HSC § 1367.03(a)(5)(D)–(E)).
 */
export const PAAS_QUESTIONS: SurveyQuestions = {
  'non-physician': {
    urgent: { standard: 'urgent-no-prior-auth', requestType: 'urgent-intake' },
    nonUrgent: { standard: 'nonurgent-nonphysician-mh', requestType: 'routine-intake' },
  },
  psychiatrist: {
    urgent: { standard: 'urgent-prior-auth', requestType: 'psychiatry' },
    nonUrgent: { standard: 'nonurgent-psychiatry', requestType: 'psychiatry' },
  },
};

/** The local minute of the day the survey calls: mid-morning, when offices answer. */
export const SURVEY_MINUTE_OF_DAY = 10 * 60;

/**
 * The survey moment of the week that starts on `monday`: its first business day (Monday,
 * or Tuesday after a Monday holiday…) at 10:00 in the calendar's zone. Offices are called
 * on business days; a week with none (never in California) falls back to its Monday.
 */
export function surveyMoment(monday: DayNumber, calendar: BusinessCalendar): Instant {
  if (isoWeekdayOf(monday) !== 1) throw new RangeError('a survey week starts on a Monday');
  let day = monday;
  for (let i = 0; i < 5 && !calendar.isBusinessDay(day); i++) day = addDays(day, 1);
  if (!calendar.isBusinessDay(day)) day = monday;
  return instantAtLocal(day, SURVEY_MINUTE_OF_DAY, calendar.timeZone);
}

/** The local days the engine must open for a survey at `at`: through the latest deadline it can be judged by. */
export function surveyHorizon(
  at: Instant,
  calendar: BusinessCalendar,
  options: { readonly standards?: StandardsTable; readonly questions?: SurveyQuestions } = {},
): { readonly first: DayNumber; readonly last: DayNumber } {
  const standards = options.standards ?? californiaStandards;
  const questions = options.questions ?? PAAS_QUESTIONS;
  let latest = at;
  for (const type of PROVIDER_TYPES) {
    for (const question of [questions[type].urgent, questions[type].nonUrgent]) {
      const judged = evaluate(
        { standard: standards.get(question.standard), clockStart: at, now: at },
        calendar,
      );
      if (judged.deadline > latest) latest = judged.deadline;
    }
  }
  return {
    first: localDayOf(at, calendar.timeZone),
    last: localDayOf(latest, calendar.timeZone),
  };
}

/** One answer: the next available appointment of a kind, and whether it meets its standard. */
export interface SurveyAnswer {
  readonly standard: string;
  /** Start of the next available appointment, or null: none the engine can offer up to the horizon's end. */
  readonly nextAvailable: Instant | null;
  readonly deadline: Instant;
  readonly compliant: boolean;
}

export interface ProviderAnswer {
  readonly clinicianId: string;
  readonly center: string;
  readonly providerType: ProviderType;
  readonly urgent: SurveyAnswer;
  readonly nonUrgent: SurveyAnswer;
}

export interface SurveyOptions {
  /** The survey moment: appointments starting at or after it are available. */
  readonly at: Instant;
  readonly calendar: BusinessCalendar;
  readonly standards?: StandardsTable;
  readonly questions?: SurveyQuestions;
}

/**
 * Surveys every clinician the engine was built with (the caller picks them: the server
 * takes the active ones with a template in force on the survey day): a census, not a
 * sample — the PAAS samples only because calling every office costs; the engine answers
 * for all of them at once, and a census has no sampling error. The engine must hold the
 * bookings as they stood at `at` and its horizon must reach `surveyHorizon(at).last`; it
 * is read, never changed.
 */
export function surveyProviders(engine: BookingEngine, options: SurveyOptions): ProviderAnswer[] {
  const standards = options.standards ?? californiaStandards;
  const questions = options.questions ?? PAAS_QUESTIONS;
  const { at, calendar } = options;
  const net = engine.net;
  const judge = (standard: string, next: Instant | null): SurveyAnswer => {
    const judged = evaluate(
      {
        standard: standards.get(standard),
        clockStart: at,
        appointmentStart: next ?? undefined,
        now: at,
      },
      calendar,
    );
    return {
      standard,
      nextAvailable: next,
      deadline: judged.deadline,
      compliant: judged.met === true,
    };
  };
  const answers: ProviderAnswer[] = [];
  for (let c = 0; c < net.clinicianIds.length; c++) {
    const providerType: ProviderType =
      net.physicianDiscipline[net.clinicianDiscipline[c]!] === 1 ? 'psychiatrist' : 'non-physician';
    const asked = questions[providerType];
    answers.push({
      clinicianId: net.clinicianIds[c]!,
      center: net.centerIds[net.clinicianCenter[c]!]!,
      providerType,
      urgent: judge(asked.urgent.standard, nextAvailable(engine, c, asked.urgent.requestType, at)),
      nonUrgent: judge(
        asked.nonUrgent.standard,
        nextAvailable(engine, c, asked.nonUrgent.requestType, at),
      ),
    });
  }
  return answers;
}

/**
 * The earliest slot of clinician c that the engine would book a new patient into for a
 * request of this type, starting at or after `at`, or null. The slot kind is the booking
 * policy's for the type; a slot is free when the engine's ledger says so (not booked,
 * held, closed or capped); a clinician whose caseload is full takes no new patient.
 */
export function nextAvailable(
  engine: BookingEngine,
  c: number,
  requestType: RequestType,
  at: number,
): Instant | null {
  const net = engine.net;
  const id = net.clinicianIds[c]!;
  if (engine.load(id).caseload >= net.caseloadCap[c]!) return null;
  const kind = engine.policy.slotKind[requestType] === 'intake' ? 0 : 1;
  const D = net.days;
  const end = net.clinicianDayStart[(c + 1) * D]!;
  for (let s = net.clinicianDayStart[c * D]!; s < end; s++) {
    const start = net.slotStart[s]!;
    if (start < at || net.slotKind[s] !== kind) continue;
    if (engine.slotFree(id, start)) return start as Instant;
  }
  return null;
}

/** Surveyed and compliant providers of one medical center and provider type. */
export interface SurveyTally {
  readonly center: string;
  readonly providerType: ProviderType;
  readonly surveyed: number;
  readonly urgentCompliant: number;
  readonly nonUrgentCompliant: number;
}

/** The answers counted per center and provider type, in center then type order. */
export function tallySurvey(answers: readonly ProviderAnswer[]): SurveyTally[] {
  const byKey = new Map<string, SurveyTally>();
  for (const a of answers) {
    const key = `${a.center}\u0000${a.providerType}`;
    const t = byKey.get(key) ?? {
      center: a.center,
      providerType: a.providerType,
      surveyed: 0,
      urgentCompliant: 0,
      nonUrgentCompliant: 0,
    };
    byKey.set(key, {
      ...t,
      surveyed: t.surveyed + 1,
      urgentCompliant: t.urgentCompliant + (a.urgent.compliant ? 1 : 0),
      nonUrgentCompliant: t.nonUrgentCompliant + (a.nonUrgent.compliant ? 1 : 0),
    });
  }
  return [...byKey.values()].sort(
    (a, b) =>
      a.center.localeCompare(b.center, 'en') ||
      PROVIDER_TYPES.indexOf(a.providerType) - PROVIDER_TYPES.indexOf(b.providerType),
  );
}

/** compliant ÷ surveyed, or null when nobody was surveyed. */
export function rateOf(compliant: number, surveyed: number): number | null {
  return surveyed === 0 ? null : compliant / surveyed;
}

/** Whether either rate is under the line (exactly 70% is not): a corrective action plan is due. */
export function belowThreshold(
  t: Pick<SurveyTally, 'surveyed' | 'urgentCompliant' | 'nonUrgentCompliant'>,
  threshold: number = CORRECTIVE_ACTION_THRESHOLD,
): boolean {
  const under = (rate: number | null) => rate !== null && rate < threshold;
  return (
    under(rateOf(t.urgentCompliant, t.surveyed)) || under(rateOf(t.nonUrgentCompliant, t.surveyed))
  );
}
