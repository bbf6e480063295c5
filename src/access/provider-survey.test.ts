/**
 * The provider survey on a tiny network whose answers are worked out by hand: each
 * clinician's next available intake slot across Thanksgiving (Thursday and Friday are
 * California holidays) and the weekend after it, an admin block, a booked slot, a day at
 * its visit cap, time off and a full caseload — and whether it meets the standard for
 * the clinician's provider type.
 *
 * Times are Pacific Standard Time (UTC−8) throughout.
 */
import { describe, expect, it } from 'vitest';
import { BookingEngine } from '../engine/booking/engine.ts';
import type { NetworkInput, TemplateInput } from '../engine/booking/model.ts';
import { BusinessCalendar, CALIFORNIA } from '../engine/rules/calendar.ts';
import { dayNumberOfDate, type Instant, type LocalDate } from '../engine/time.ts';
import {
  belowThreshold,
  PAAS_QUESTIONS,
  type ProviderAnswer,
  surveyHorizon,
  surveyMoment,
  surveyProviders,
  tallySurvey,
} from './provider-survey.ts';

const calendar = new BusinessCalendar(CALIFORNIA);
/** A Pacific standard time, `2026-11-25 14:00`, as an instant. */
const pst = (text: string) => Date.parse(`${text.replace(' ', 'T')}:00-08:00`) as Instant;
const weekdays = [1, 2, 3, 4, 5];
/** Intakes at 09:00 and 14:00, a follow-up at 11:00, Monday to Friday. */
const sessions = (days: number[]) =>
  days.flatMap((weekday) => [
    { weekday, start: '09:00', minutes: 60, kind: 'intake' as const },
    { weekday, start: '11:00', minutes: 45, kind: 'followup' as const },
    { weekday, start: '14:00', minutes: 60, kind: 'intake' as const },
  ]);
const templates: TemplateInput[] = [
  { id: 'standard', sessions: sessions(weekdays) },
  {
    // Wednesday afternoon is protected planning time instead of the 14:00 intake.
    id: 'admin-wednesday',
    sessions: sessions(weekdays).filter((s) => !(s.weekday === 3 && s.start === '14:00')),
    adminBlocks: [{ weekday: 3, start: '13:00', minutes: 240, label: 'planning & preparation' }],
  },
  { id: 'one-visit-a-day', sessions: sessions(weekdays), dailyVisitCap: 1 },
];

const clinician = (
  id: string,
  discipline: string,
  center: string,
  template = 'standard',
  extra: Partial<NetworkInput['clinicians'][number]> = {},
) => ({
  id,
  discipline,
  center,
  languages: ['en'],
  modalities: ['in-person' as const, 'video' as const],
  schedule: [{ template, from: '2026-11-01' }],
  ...extra,
});

const network: NetworkInput = {
  horizon: { from: '2026-11-23', to: '2026-12-31' },
  centers: [
    { id: 'north', lat: 34.1, lon: -118.3 },
    { id: 'south', lat: 33.8, lon: -118.3 },
  ],
  templates,
  clinicians: [
    clinician('a1', 'psychologist', 'north'),
    clinician('b1', 'lcsw', 'north', 'admin-wednesday'),
    clinician('c1', 'lmft', 'north'),
    clinician('f1', 'psychiatrist', 'north'),
    clinician('d1', 'psychologist', 'south', 'one-visit-a-day'),
    clinician('e1', 'lcsw', 'south', 'standard', {
      timeOff: [{ from: pst('2026-11-25 00:00'), to: pst('2026-12-12 00:00'), reason: 'vacation' }],
    }),
    clinician('g1', 'psychiatrist', 'south'),
    clinician('h1', 'psychologist', 'south', 'standard', { caseloadCap: 1, activePatients: 1 }),
  ],
};

/** The engine as the books stood: c1's and f1's Wednesday intake booked, d1's days full. */
function bookedEngine(): BookingEngine {
  const engine = new BookingEngine(network);
  const hold = (id: string, clinicianId: string, start: string, minutes: number) =>
    engine.hold({
      id,
      clinicianId,
      patientId: `patient-${id}`,
      start: pst(start),
      end: pst(start) + minutes * 60_000,
    });
  hold('c1-wed', 'c1', '2026-11-25 14:00', 60);
  hold('f1-wed', 'f1', '2026-11-25 14:00', 60);
  // One visit a day: Wednesday's follow-up and Monday's first intake fill d1's days.
  hold('d1-wed', 'd1', '2026-11-25 11:00', 45);
  hold('d1-mon', 'd1', '2026-11-30 09:00', 60);
  return engine;
}

const byId = (answers: readonly ProviderAnswer[]) =>
  Object.fromEntries(
    answers.map((a) => [
      a.clinicianId,
      {
        type: a.providerType,
        next:
          a.urgent.nextAvailable === null ? null : new Date(a.urgent.nextAvailable).toISOString(),
        urgent: a.urgent.compliant,
        nonUrgent: a.nonUrgent.compliant,
      },
    ]),
  );

describe('the survey moment', () => {
  it("is the week's first business day at 10:00 Pacific", () => {
    const monday = (date: string) => dayNumberOfDate(date as LocalDate);
    expect(new Date(surveyMoment(monday('2026-11-23'), calendar)).toISOString()).toBe(
      '2026-11-23T18:00:00.000Z',
    );
    // Labor Day: the offices are called on Tuesday (daylight time, UTC−7).
    expect(new Date(surveyMoment(monday('2026-09-07'), calendar)).toISOString()).toBe(
      '2026-09-08T17:00:00.000Z',
    );
    expect(() => surveyMoment(monday('2026-11-24'), calendar)).toThrow(/Monday/);
  });

  it('opens the engine through the latest deadline a provider can be judged by', () => {
    // 15 business days after Wednesday 25 November for a psychiatrist: Friday 18 December.
    const horizon = surveyHorizon(pst('2026-11-25 10:00'), calendar);
    expect(horizon).toEqual({
      first: dayNumberOfDate('2026-11-25' as LocalDate),
      last: dayNumberOfDate('2026-12-18' as LocalDate),
    });
  });
});

describe('each provider’s next available appointment', () => {
  it('is found across Thanksgiving and the weekend, around bookings, caps and time off', () => {
    const engine = bookedEngine();
    const answers = surveyProviders(engine, { at: pst('2026-11-25 10:00'), calendar });
    const z = (text: string) => new Date(pst(text)).toISOString();
    // Urgent: by Friday 10:00 (48 hours; 96 hours — Sunday 10:00 — for a psychiatrist).
    // Non-urgent: by the end of Friday 11 December (10 business days; 15 for a
    // psychiatrist: Friday 18 December).
    expect(byId(answers)).toEqual({
      // Wednesday's 14:00 intake is free.
      a1: { type: 'non-physician', next: z('2026-11-25 14:00'), urgent: true, nonUrgent: true },
      // No intake on Wednesday afternoon (admin block); Thursday and Friday are holidays,
      // then the weekend: Monday.
      b1: { type: 'non-physician', next: z('2026-11-30 09:00'), urgent: false, nonUrgent: true },
      // Wednesday's intake is booked.
      c1: { type: 'non-physician', next: z('2026-11-30 09:00'), urgent: false, nonUrgent: true },
      // Monday comes after the 96 hours too.
      f1: { type: 'psychiatrist', next: z('2026-11-30 09:00'), urgent: false, nonUrgent: true },
      // Wednesday and Monday are at the one-visit cap: Tuesday.
      d1: { type: 'non-physician', next: z('2026-12-01 09:00'), urgent: false, nonUrgent: true },
      // Away until Saturday 12 December: Monday 14th, past both deadlines.
      e1: { type: 'non-physician', next: z('2026-12-14 09:00'), urgent: false, nonUrgent: false },
      g1: { type: 'psychiatrist', next: z('2026-11-25 14:00'), urgent: true, nonUrgent: true },
      // The caseload is full: no new patient at all.
      h1: { type: 'non-physician', next: null, urgent: false, nonUrgent: false },
    });
    const a1 = answers.find((a) => a.clinicianId === 'a1')!;
    expect(a1.urgent).toMatchObject({
      standard: 'urgent-no-prior-auth',
      deadline: pst('2026-11-27 10:00'),
    });
    expect(a1.nonUrgent).toMatchObject({
      standard: 'nonurgent-nonphysician-mh',
      deadline: pst('2026-12-12 00:00') - 1,
    });
    const f1 = answers.find((a) => a.clinicianId === 'f1')!;
    expect(f1.urgent).toMatchObject({
      standard: PAAS_QUESTIONS.psychiatrist.urgent.standard,
      deadline: pst('2026-11-29 10:00'),
    });
    expect(f1.nonUrgent.deadline).toBe(pst('2026-12-19 00:00') - 1);
  });

  it('counts compliant providers per center and provider type', () => {
    const answers = surveyProviders(bookedEngine(), { at: pst('2026-11-25 10:00'), calendar });
    expect(tallySurvey(answers)).toEqual([
      {
        center: 'north',
        providerType: 'non-physician',
        surveyed: 3,
        urgentCompliant: 1,
        nonUrgentCompliant: 3,
      },
      {
        center: 'north',
        providerType: 'psychiatrist',
        surveyed: 1,
        urgentCompliant: 0,
        nonUrgentCompliant: 1,
      },
      {
        center: 'south',
        providerType: 'non-physician',
        surveyed: 3,
        urgentCompliant: 0,
        nonUrgentCompliant: 1,
      },
      {
        center: 'south',
        providerType: 'psychiatrist',
        surveyed: 1,
        urgentCompliant: 1,
        nonUrgentCompliant: 1,
      },
    ]);
  });

  it('looks past a weekend from a Friday afternoon, and only at slots from the moment on', () => {
    const answers = byId(
      surveyProviders(bookedEngine(), { at: pst('2026-12-04 15:00'), calendar }),
    );
    const monday = new Date(pst('2026-12-07 09:00')).toISOString();
    // Friday's 14:00 intake has begun: Monday 09:00, after the 48 hours (Sunday 15:00)…
    expect(answers.a1).toEqual({
      type: 'non-physician',
      next: monday,
      urgent: false,
      nonUrgent: true,
    });
    // …but within a psychiatrist's 96 (Tuesday 15:00).
    expect(answers.g1).toEqual({
      type: 'psychiatrist',
      next: monday,
      urgent: true,
      nonUrgent: true,
    });
  });

  it('leaves the engine as it found it', () => {
    const engine = bookedEngine();
    const at = pst('2026-11-25 10:00');
    const first = surveyProviders(engine, { at, calendar });
    expect(surveyProviders(engine, { at, calendar })).toEqual(first);
    expect(engine.holdCount).toBe(4);
    expect(engine.slotFree('a1', pst('2026-11-25 14:00'))).toBe(true);
  });
});

describe('the corrective action line', () => {
  const tally = (surveyed: number, urgentCompliant: number, nonUrgentCompliant: number) => ({
    surveyed,
    urgentCompliant,
    nonUrgentCompliant,
  });
  it('is crossed by a rate under 70% on either kind, not by 70% exactly', () => {
    expect(belowThreshold(tally(10, 7, 7))).toBe(false);
    expect(belowThreshold(tally(10, 6, 10))).toBe(true);
    expect(belowThreshold(tally(10, 10, 6))).toBe(true);
    expect(belowThreshold(tally(3, 2, 3))).toBe(true); // 66.7%
    // Nobody surveyed: no rate, nothing owed.
    expect(belowThreshold(tally(0, 0, 0))).toBe(false);
  });
});
