/**
 * The booking policy of issue 3, one hand-built scenario per rule: continuity for
 * follow-ups, referral out when nothing internal meets the deadline, late bookings
 * marked missed, the waitlist and its reasons, cancellation and rescheduling, re-booking
 * around a strike with every kind of result, restoring closed slots, and extensions.
 *
 * All scenarios run in the weeks around Thanksgiving 2026 in Los Angeles. A routine
 * request made on Friday 13 November has 10 business days: Thanksgiving (Thu 26) and
 * the day after are state holidays, so its deadline is Tuesday 1 December, 23:59:59.999.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant, type Instant, parseInstant } from '../time.ts';
import { BookingEngine } from './engine.ts';
import type { ClinicianInput, NetworkInput, RequestInput, TemplateInput } from './model.ts';
import { appointmentOf } from './oracle.ts';
import type { Outcome } from './outcomes.ts';
import { DEFAULT_POLICY } from './policy.ts';

const LA = 'America/Los_Angeles';
const at = (text: string): number => parseInstant(text, LA);
/** Local wall-clock time of an instant, to the minute: `2026-11-16T09:00`. */
const local = (t: number): string => formatInstant(t as Instant, LA).slice(0, 16);

const FRIDAY = at('2026-11-13T10:00');
const ROUTINE_DEADLINE = at('2026-12-01T23:59:59.999');

const WEEKDAYS: TemplateInput = {
  id: 'weekdays',
  sessions: [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '09:00', minutes: 60, kind: 'intake' as const },
    { weekday, start: '10:00', minutes: 45, kind: 'followup' as const },
    { weekday, start: '11:00', minutes: 45, kind: 'followup' as const },
  ]),
  adminBlocks: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '12:00', minutes: 60 })),
};

/** Sessions given as "weekday HH:MM kind", e.g. "1 09:00 intake" (intake 60 min, follow-up 45). */
function template(id: string, ...sessions: string[]): TemplateInput {
  return {
    id,
    sessions: sessions.map((text) => {
      const [weekday, start, kind] = text.split(' ') as [string, string, 'intake' | 'followup'];
      return { weekday: Number(weekday), start, minutes: kind === 'intake' ? 60 : 45, kind };
    }),
  };
}

function clinician(id: string, extra: Partial<ClinicianInput> = {}): ClinicianInput {
  return {
    id,
    discipline: 'lcsw',
    center: 'downtown',
    languages: ['en'],
    modalities: ['in-person', 'video'],
    schedule: [{ template: 'weekdays', from: '2026-11-01' }],
    ...extra,
  };
}

function network(extra: Partial<NetworkInput> & Pick<NetworkInput, 'clinicians'>): NetworkInput {
  return {
    horizon: { from: '2026-11-16', to: '2026-12-18' },
    centers: [
      { id: 'downtown', lat: 34.05, lon: -118.25 },
      { id: 'valley', lat: 34.25, lon: -118.45 },
    ],
    templates: [WEEKDAYS],
    ...extra,
  };
}

function request(id: string, extra: Partial<RequestInput> = {}): RequestInput {
  return {
    id,
    patientId: `patient-of-${id}`,
    type: 'routine-intake',
    standard: 'nonurgent-nonphysician-mh',
    clockStart: FRIDAY,
    ...extra,
  };
}

function followup(id: string, extra: Partial<RequestInput> = {}): RequestInput {
  return request(id, { type: 'followup', standard: 'followup-nonphysician-mh', ...extra });
}

/** Kind, clinician or provider, and local start of an outcome, for compact expectations. */
function brief(o: Outcome): string {
  if (o.kind === 'waitlisted') return `waitlisted: ${o.reason}`;
  const a = appointmentOf(o);
  if (!a) return o.kind;
  return `${o.kind} ${a.clinicianId ?? a.externalProviderId} ${local(a.start)}`;
}

describe('continuity for follow-ups', () => {
  const net = network({
    templates: [WEEKDAYS, template('early', '1 08:00 followup', '2 08:00 followup')],
    clinicians: [
      clinician('early-bird', { schedule: [{ template: 'early', from: '2026-11-01' }] }),
      clinician('own'),
    ],
  });

  it('keeps the patient with their own clinician when they have a slot inside the deadline', () => {
    const engine = new BookingEngine(net);
    const placed = engine.place([followup('f1', { priorClinician: 'own' })]);
    // Another clinician has an earlier slot (08:00), but continuity wins.
    expect(brief(placed.at(0))).toBe('booked own 2026-11-16T10:00');
    const o = placed.at(0);
    expect(o.kind === 'booked' && o.appointment.continuity).toBe('kept');
    expect(placed.summary()).toMatchObject({ booked: 1, continuityKept: 1, continuityLost: 0 });
  });

  it('moves the patient to the earliest fitting clinician, marking the loss, when their own has no slot in time', () => {
    const away = network({
      ...net,
      clinicians: [
        net.clinicians[0]!,
        clinician('own', {
          timeOff: [{ from: at('2026-11-14T00:00'), to: at('2026-12-05T00:00'), reason: 'leave' }],
        }),
      ],
    });
    const engine = new BookingEngine(away);
    const placed = engine.place([followup('f1', { priorClinician: 'own' })]);
    expect(brief(placed.at(0))).toBe('booked early-bird 2026-11-16T08:00');
    const o = placed.at(0);
    expect(o.kind === 'booked' && o.appointment.continuity).toBe('lost');
    expect(placed.summary()).toMatchObject({ continuityKept: 0, continuityLost: 1 });
  });

  it('does not count a follow-up with the own clinician as a new patient against the caseload cap', () => {
    const capped = network({
      clinicians: [clinician('own', { caseloadCap: 3, activePatients: 3 })],
    });
    const engine = new BookingEngine(capped);
    const placed = engine.place([
      followup('f1', { priorClinician: 'own' }),
      request('new-patient'),
    ]);
    expect(brief(placed.at(0))).toBe('booked own 2026-11-16T10:00');
    expect(placed.at(1).kind).not.toBe('booked');
    expect(engine.load('own').caseload).toBe(3);
  });
});

describe('what continuity does not override', () => {
  it('applies only to follow-ups: an intake naming a prior psychiatrist goes to a non-physician', () => {
    // Policy 2 is about follow-ups; policy.ts: intakes are served by non-physicians.
    const engine = new BookingEngine(
      network({
        templates: [template('mon', '1 09:00 intake'), template('tue', '2 09:00 intake')],
        clinicians: [
          clinician('psychiatrist', {
            discipline: 'psychiatrist',
            schedule: [{ template: 'mon', from: '2026-11-01' }],
          }),
          clinician('therapist', { schedule: [{ template: 'tue', from: '2026-11-01' }] }),
        ],
      }),
    );
    const placed = engine.place([
      request('intake', { priorClinician: 'psychiatrist' }),
      request('psychiatry', {
        type: 'psychiatry',
        standard: 'nonurgent-psychiatry',
        clockStart: FRIDAY + 1,
        priorClinician: 'therapist',
      }),
    ]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked therapist 2026-11-17T09:00',
      'booked psychiatrist 2026-11-16T09:00',
    ]);
  });

  it("keeps a follow-up with the own clinician only if they speak the patient's language", () => {
    // Policy 3: a slot fits when discipline, language, modality and place fit.
    const engine = new BookingEngine(
      network({
        clinicians: [clinician('own'), clinician('bilingual', { languages: ['en', 'es'] })],
      }),
    );
    const placed = engine.place([followup('f1', { priorClinician: 'own', language: 'es' })]);
    expect(brief(placed.at(0))).toBe('booked bilingual 2026-11-16T10:00');
  });

  it('keeps a follow-up with the own clinician only if the visit can happen as the patient asks', () => {
    // In person within 10 km of the valley: the own clinician works downtown (~28 km away).
    const engine = new BookingEngine(
      network({
        clinicians: [clinician('own'), clinician('valley', { center: 'valley' })],
      }),
    );
    const placed = engine.place([
      followup('f1', {
        priorClinician: 'own',
        modality: 'in-person',
        center: 'valley',
        maxTravelKm: 10,
      }),
    ]);
    expect(brief(placed.at(0))).toBe('booked valley 2026-11-16T10:00');
  });
});

describe('caseload caps count new patients only', () => {
  it('lets a full clinician see their own follow-up patient late rather than dropping them', () => {
    // The own clinician is at their caseload cap and has no slot before the deadline
    // (1 December): their first slot (7 December) is still the earliest that fits — the
    // patient is theirs, so it adds nothing to the caseload — and it is booked late.
    const engine = new BookingEngine(
      network({
        clinicians: [
          clinician('own', {
            caseloadCap: 2,
            activePatients: 2,
            schedule: [{ template: 'weekdays', from: '2026-12-07' }],
          }),
        ],
      }),
    );
    const placed = engine.place([followup('f1', { priorClinician: 'own' })]);
    expect(brief(placed.at(0))).toBe('booked own 2026-12-07T10:00');
    const o = placed.at(0);
    expect(o.kind === 'booked' && o.appointment).toMatchObject({
      continuity: 'kept',
      evaluation: { met: false, status: 'missed' },
    });
  });

  it('frees one place per discharge, never two, even when a discharged patient later cancels', () => {
    // Room for one patient. P is booked; a discharge frees a place, Q takes it; then P's
    // appointment is cancelled. Q is still a live patient: R must not be taken too.
    const engine = new BookingEngine(
      network({ clinicians: [clinician('solo', { caseloadCap: 1 })] }),
    );
    const p = engine.place([request('P')]).at(0);
    if (p.kind !== 'booked') throw new Error('expected a booking');
    engine.dischargePatient('solo', p.appointment.patientId);
    expect(engine.place([request('Q', { clockStart: FRIDAY + 1 })]).at(0).kind).toBe('booked');
    engine.cancel(p.appointment.id, { now: FRIDAY });
    expect(engine.place([request('R', { clockStart: FRIDAY + 2 })]).at(0).kind).not.toBe('booked');
    const patients = [...engine.allAppointments()].filter((a) => a.status === 'booked');
    expect(patients.map((a) => a.requestId)).toEqual(['Q']);
  });

  it('counts a patient once, however many of their requests a clinician takes', () => {
    // The patient's intake is with 'solo'; their therapist then left, and the follow-up
    // goes to 'solo' too. 'solo' has room for one new patient: this is the same one.
    const engine = new BookingEngine(
      network({
        clinicians: [
          clinician('solo', { caseloadCap: 1 }),
          clinician('departed', { active: false }),
        ],
      }),
    );
    const placed = engine.place([
      request('intake', { patientId: 'pat-1' }),
      followup('followup', {
        patientId: 'pat-1',
        priorClinician: 'departed',
        clockStart: FRIDAY + 1,
      }),
    ]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked solo 2026-11-16T09:00',
      'booked solo 2026-11-16T10:00',
    ]);
  });
});

describe('when nothing internal meets the deadline', () => {
  // The only clinician joins on Monday 7 December, after the routine deadline of 1 December.
  const late = (externalProviders: NetworkInput['externalProviders']) =>
    network({
      clinicians: [
        clinician('newcomer', { schedule: [{ template: 'weekdays', from: '2026-12-07' }] }),
      ],
      externalProviders,
    });
  const partner = {
    id: 'partner',
    disciplines: ['lcsw', 'lmft', 'psychologist'],
    languages: ['en'],
    modalities: ['video' as const],
    weeklyCapacity: 1,
    leadDays: 2,
  };

  it('refers out to an external provider with capacity, counted as referred', () => {
    const engine = new BookingEngine(late([partner]));
    const placed = engine.place([request('r1')]);
    // Lead time of 2 days from Friday lands on Sunday: the first business day is Monday, 09:00.
    expect(brief(placed.at(0))).toBe('referred partner 2026-11-16T09:00');
    const o = placed.at(0);
    expect(o.kind === 'referred' && o.appointment.evaluation).toMatchObject({
      met: true,
      status: 'met',
      deadline: ROUTINE_DEADLINE,
    });
    expect(placed.summary()).toMatchObject({ booked: 0, referred: 1, waitlisted: 0, met: 1 });
  });

  it('uses each week of external capacity once, then books the earliest internal slot late, marked missed', () => {
    const engine = new BookingEngine(late([partner]));
    const placed = engine.place(
      ['r1', 'r2', 'r3', 'r4'].map((id, i) => request(id, { clockStart: FRIDAY + i })),
    );
    expect(placed.outcomes().map(brief)).toEqual([
      'referred partner 2026-11-16T09:00',
      'referred partner 2026-11-23T09:00',
      'referred partner 2026-11-30T09:00',
      // The partner's next free visit (7 December, 09:00) is no earlier than the internal slot.
      'booked newcomer 2026-12-07T09:00',
    ]);
    const o = placed.at(3);
    expect(o.kind === 'booked' && o.appointment.evaluation).toMatchObject({
      met: false,
      status: 'missed',
    });
    expect(placed.summary()).toMatchObject({ booked: 1, referred: 3, met: 3, missed: 1 });
  });

  it('refers only within a provider contract: a surge contracted from 23 November takes the second request', () => {
    const surge = { ...partner, id: 'surge', from: '2026-11-23', to: '2026-11-27' };
    const engine = new BookingEngine(late([{ ...partner, to: '2026-11-20' }, surge]));
    const placed = engine.place(
      ['r1', 'r2', 'r3'].map((id, i) => request(id, { clockStart: FRIDAY + i })),
    );
    expect(placed.outcomes().map(brief)).toEqual([
      'referred partner 2026-11-16T09:00',
      'referred surge 2026-11-23T09:00',
      // Both contracts are used up or over: the internal slot, late.
      'booked newcomer 2026-12-07T09:00',
    ]);
  });

  it('books the earliest internal slot late, marked missed, when there is no external capacity', () => {
    const engine = new BookingEngine(late([{ ...partner, weeklyCapacity: 0 }]));
    const placed = engine.place([request('r1')]);
    expect(brief(placed.at(0))).toBe('booked newcomer 2026-12-07T09:00');
    const o = placed.at(0);
    expect(o.kind === 'booked' && o.appointment.evaluation).toMatchObject({
      met: false,
      status: 'missed',
    });
    expect(o.kind === 'booked' && o.appointment.evaluation.waitBusinessDays).toBe(14);
  });

  it('counts an extension recorded by the treating provider as the deadline', () => {
    const engine = new BookingEngine(late([]));
    const extension = {
      deadline: at('2026-12-11T23:59:59.999'),
      reason: 'stable; a later start will not harm the patient',
      recordedBy: 'newcomer',
      recordedAt: FRIDAY,
    };
    const placed = engine.place([
      request('with', { extension }),
      request('without', { clockStart: FRIDAY + 1 }),
    ]);
    const [withExt, withoutExt] = placed.outcomes();
    expect(withExt!.kind === 'booked' && withExt!.appointment.evaluation).toMatchObject({
      met: true,
      deadline: extension.deadline,
      standardDeadline: ROUTINE_DEADLINE,
    });
    expect(withoutExt!.kind === 'booked' && withoutExt!.appointment.evaluation).toMatchObject({
      met: false,
      deadline: ROUTINE_DEADLINE,
    });
  });

  it('refers out rather than booking late when the extension is not long enough', () => {
    const engine = new BookingEngine(late([partner]));
    const placed = engine.place([
      request('r1', {
        extension: {
          deadline: at('2026-12-04T23:59:59.999'),
          reason: 'noted',
          recordedBy: 'newcomer',
          recordedAt: FRIDAY,
        },
      }),
    ]);
    expect(brief(placed.at(0))).toBe('referred partner 2026-11-16T09:00');
  });
});

describe('the policy is configurable', () => {
  const late = network({
    clinicians: [
      clinician('newcomer', { schedule: [{ template: 'weekdays', from: '2026-12-07' }] }),
    ],
    externalProviders: [
      {
        id: 'partner',
        disciplines: ['lcsw'],
        languages: ['en'],
        modalities: ['video'],
        weeklyCapacity: 5,
        leadDays: 2,
      },
    ],
  });

  it('without referrals, books the earliest internal slot late', () => {
    const engine = new BookingEngine(late, { policy: { referOut: false } });
    expect(brief(engine.place([request('r1')]).at(0))).toBe('booked newcomer 2026-12-07T09:00');
  });

  it('without late bookings, refers out if in time, else keeps the request waiting', () => {
    const engine = new BookingEngine(
      { ...late, externalProviders: [{ ...late.externalProviders![0]!, leadDays: 30 }] },
      { policy: { acceptLate: false } },
    );
    expect(brief(engine.place([request('r1')]).at(0))).toBe('waitlisted: no-capacity-in-horizon');
    const inTime = new BookingEngine(late, { policy: { acceptLate: false } });
    expect(brief(inTime.place([request('r1')]).at(0))).toBe('referred partner 2026-11-16T09:00');
  });

  it('without continuity, books a follow-up with the earliest fitting clinician', () => {
    const net = network({
      templates: [WEEKDAYS, template('early', '1 08:00 followup')],
      clinicians: [
        clinician('early-bird', { schedule: [{ template: 'early', from: '2026-11-01' }] }),
        clinician('own'),
      ],
    });
    const engine = new BookingEngine(net, { policy: { continuity: false } });
    const o = engine.place([followup('f1', { priorClinician: 'own' })]).at(0);
    expect(brief(o)).toBe('booked early-bird 2026-11-16T08:00');
    expect(o.kind === 'booked' && o.appointment.continuity).toBe('lost');
  });

  it('lets a plan name the disciplines that serve a request type', () => {
    const net = network({
      disciplines: [
        { id: 'lcsw', physician: false },
        { id: 'psychiatrist', physician: true },
        { id: 'pmhnp', physician: false },
      ],
      clinicians: [
        clinician('nurse-practitioner', { discipline: 'pmhnp' }),
        clinician('therapist'),
      ],
    });
    const psychiatry = request('p1', { type: 'psychiatry', standard: 'nonurgent-psychiatry' });
    const byDefault = new BookingEngine(net).place([psychiatry]).at(0);
    expect(brief(byDefault)).toBe('waitlisted: no-fitting-clinician');
    const disciplines = { ...DEFAULT_POLICY.disciplines, psychiatry: ['psychiatrist', 'pmhnp'] };
    const configured = new BookingEngine(net, { policy: { disciplines } })
      .place([psychiatry])
      .at(0);
    expect(brief(configured)).toBe('booked nurse-practitioner 2026-11-16T09:00');
  });
});

describe('priority', () => {
  it('serves an urgent request before a routine one made earlier, in the same batch', () => {
    const net = network({
      horizon: { from: '2026-11-16', to: '2026-11-20' },
      clinicians: [clinician('solo', { schedule: [{ template: 'one', from: '2026-11-01' }] })],
      templates: [template('one', '1 09:00 intake')],
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([
      request('routine', { clockStart: at('2026-11-13T08:00') }),
      request('urgent', {
        type: 'urgent-intake',
        standard: 'urgent-no-prior-auth',
        clockStart: at('2026-11-14T08:00'),
      }),
    ]);
    expect(brief(placed.at(1))).toBe('booked solo 2026-11-16T09:00');
    expect(brief(placed.at(0))).toBe('waitlisted: no-capacity-in-horizon');
  });

  it('serves the earlier deadline first, then the earlier request, whatever the batch order', () => {
    const net = network({
      clinicians: [clinician('solo', { schedule: [{ template: 'mwf', from: '2026-11-01' }] })],
      templates: [template('mwf', '1 09:00 intake', '3 09:00 intake', '5 09:00 intake')],
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([
      request('friday-10h', { clockStart: at('2026-11-13T10:00') }),
      // Asked first, but the treating provider noted a later deadline will not harm.
      request('extended', {
        clockStart: at('2026-11-12T09:00'),
        extension: {
          deadline: at('2026-12-11T23:59:59.999'),
          reason: 'stable between sessions',
          recordedBy: 'solo',
          recordedAt: at('2026-11-12T09:00'),
        },
      }),
      request('friday-9h', { clockStart: at('2026-11-13T09:00') }),
    ]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked solo 2026-11-18T09:00',
      'booked solo 2026-11-20T09:00',
      'booked solo 2026-11-16T09:00',
    ]);
  });
});

describe('the waitlist', () => {
  it("keeps a request nobody can serve with the reason 'no-fitting-clinician'", () => {
    const engine = new BookingEngine(
      network({ clinicians: [clinician('a'), clinician('b', { languages: ['en', 'es'] })] }),
    );
    const placed = engine.place([request('armenian', { language: 'hy' })]);
    const o = placed.at(0);
    expect(brief(o)).toBe('waitlisted: no-fitting-clinician');
    expect(o.kind === 'waitlisted' && o.evaluation).toMatchObject({ status: 'open', met: null });
    expect(engine.waitlisted()).toEqual([
      { requestId: 'armenian', reason: 'no-fitting-clinician' },
    ]);
    expect(placed.summary()).toMatchObject({ waitlisted: 1, booked: 0, met: 0, missed: 0 });
  });

  it("keeps a request that fits but finds no free slot in the horizon with the reason 'no-capacity-in-horizon'", () => {
    const net = network({
      horizon: { from: '2026-11-16', to: '2026-11-20' },
      templates: [template('one', '1 09:00 intake')],
      clinicians: [clinician('solo', { schedule: [{ template: 'one', from: '2026-11-01' }] })],
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([request('first'), request('second', { clockStart: FRIDAY + 1 })]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked solo 2026-11-16T09:00',
      'waitlisted: no-capacity-in-horizon',
    ]);
  });

  it('offers a cancelled slot to the first waitlisted request that fits it', () => {
    const net = network({
      templates: [template('one', '1 09:00 intake', '4 09:00 intake')],
      clinicians: [clinician('solo', { schedule: [{ template: 'one', from: '2026-11-01' }] })],
      horizon: { from: '2026-11-16', to: '2026-11-20' },
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([
      request('booked-monday', { clockStart: FRIDAY }),
      request('booked-thursday', { clockStart: FRIDAY + 1 }),
      // First in line, but cannot come before Tuesday: Monday's slot does not fit it.
      request('from-tuesday', { clockStart: FRIDAY + 2, notBefore: at('2026-11-17T00:00') }),
      request('second-in-line', { clockStart: FRIDAY + 3 }),
      request('third-in-line', { clockStart: FRIDAY + 4 }),
    ]);
    expect(engine.waitlisted().map((w) => w.requestId)).toEqual([
      'from-tuesday',
      'second-in-line',
      'third-in-line',
    ]);
    const monday = placed.at(0);
    if (monday.kind !== 'booked') throw new Error('expected a booking');
    const { cancelled, offers } = engine.cancel(monday.appointment.id, {
      now: at('2026-11-14T12:00'),
    });
    expect(cancelled.status).toBe('cancelled');
    expect(offers.map(brief)).toEqual(['booked solo 2026-11-16T09:00']);
    expect(offers[0]!.requestId).toBe('second-in-line');
    expect(engine.waitlisted().map((w) => w.requestId)).toEqual(['from-tuesday', 'third-in-line']);
  });

  it('does not offer a freed slot that has already started', () => {
    const net = network({
      templates: [template('one', '1 09:00 intake')],
      clinicians: [clinician('solo', { schedule: [{ template: 'one', from: '2026-11-01' }] })],
      horizon: { from: '2026-11-16', to: '2026-11-20' },
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([
      request('booked'),
      request('waiting', { clockStart: FRIDAY + 1 }),
    ]);
    const o = placed.at(0);
    if (o.kind !== 'booked') throw new Error('expected a booking');
    expect(engine.cancel(o.appointment.id, { now: at('2026-11-16T09:30') }).offers).toEqual([]);
    expect(engine.waitlisted().map((w) => w.requestId)).toEqual(['waiting']);
  });

  it('offers slots a day cap held back once a cancellation brings the day under its cap', () => {
    const capped = { ...template('capped', '1 09:00 intake', '1 14:00 intake'), dailyVisitCap: 1 };
    const net = network({
      templates: [capped],
      clinicians: [clinician('solo', { schedule: [{ template: 'capped', from: '2026-11-01' }] })],
      horizon: { from: '2026-11-16', to: '2026-11-20' },
    });
    const engine = new BookingEngine(net);
    const placed = engine.place([
      request('morning'),
      request('afternoon-only', { clockStart: FRIDAY + 1, notBefore: at('2026-11-16T12:00') }),
    ]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked solo 2026-11-16T09:00',
      'waitlisted: no-capacity-in-horizon',
    ]);
    const o = placed.at(0);
    if (o.kind !== 'booked') throw new Error('expected a booking');
    const { offers } = engine.cancel(o.appointment.id, { now: FRIDAY });
    expect(offers.map(brief)).toEqual(['booked solo 2026-11-16T14:00']);
    expect(engine.load('solo').visitsByDay[0]).toBe(1);
  });
});

describe('a cancelled request', () => {
  it('is not reported as waiting when it is not on the waitlist', () => {
    const engine = new BookingEngine(network({ clinicians: [clinician('solo')] }));
    const placed = engine.place([request('r1')]);
    const o = placed.at(0);
    if (o.kind !== 'booked') throw new Error('expected a booking');
    engine.cancel(o.appointment.id, { now: FRIDAY });
    expect(engine.waitlisted()).toEqual([]);
    expect(engine.outcome('r1').kind).not.toBe('waitlisted');
    expect(placed.at(0).kind).not.toBe('waitlisted');
  });
});

describe('rescheduling', () => {
  const net = network({
    templates: [
      template('mon-wed', '1 09:00 intake', '3 09:00 intake'),
      template('tue', '2 09:00 intake'),
    ],
    clinicians: [
      clinician('own', { schedule: [{ template: 'mon-wed', from: '2026-11-01' }] }),
      clinician('other', { schedule: [{ template: 'tue', from: '2026-11-01' }] }),
    ],
    horizon: { from: '2026-11-16', to: '2026-11-20' },
  });

  it('prefers the same clinician, even over an earlier slot with another one', () => {
    const engine = new BookingEngine(net);
    const first = engine.place([request('r1')]).at(0);
    expect(brief(first)).toBe('booked own 2026-11-16T09:00');
    if (first.kind !== 'booked') throw new Error('expected a booking');
    // The patient missed Monday's visit; rescheduled on Monday at 10:00.
    const { previous, outcome } = engine.reschedule(first.appointment.id, {
      now: at('2026-11-16T10:00'),
    });
    expect(previous.status).toBe('rebooked');
    expect(brief(outcome)).toBe('booked own 2026-11-18T09:00');
    expect(outcome.kind === 'booked' && outcome.appointment.replaces).toBe(first.appointment.id);
  });

  it('offers the slot it frees to the waitlist', () => {
    // Issue 3, policy 4: "When a slot frees (cancellation, no-show released, new template),
    // the waitlist is offered it in priority order." A reschedule frees a slot too.
    const engine = new BookingEngine(
      network({
        templates: [template('mon-wed', '1 09:00 intake', '3 09:00 intake')],
        clinicians: [clinician('own', { schedule: [{ template: 'mon-wed', from: '2026-11-01' }] })],
        horizon: { from: '2026-11-16', to: '2026-11-20' },
      }),
    );
    const placed = engine.place([
      request('monday', { clockStart: FRIDAY }),
      request('wednesday', { clockStart: FRIDAY + 1 }),
      request('from-tuesday', { clockStart: FRIDAY + 2, notBefore: at('2026-11-17T00:00') }),
    ]);
    expect(placed.outcomes().map(brief)).toEqual([
      'booked own 2026-11-16T09:00',
      'booked own 2026-11-18T09:00',
      'waitlisted: no-capacity-in-horizon',
    ]);
    // Monday's patient cancels; Monday does not fit the waiting request, so it stays free.
    const monday = placed.at(0);
    const wednesday = placed.at(1);
    if (monday.kind !== 'booked' || wednesday.kind !== 'booked')
      throw new Error('expected bookings');
    expect(engine.cancel(monday.appointment.id, { now: FRIDAY }).offers).toEqual([]);
    // Wednesday's patient takes the earlier slot: Wednesday frees, and fits the waiting request.
    const { outcome } = engine.reschedule(wednesday.appointment.id, { now: FRIDAY });
    expect(brief(outcome)).toBe('booked own 2026-11-16T09:00');
    expect(brief(engine.outcome('from-tuesday'))).toBe('booked own 2026-11-18T09:00');
    expect(engine.waitlisted()).toEqual([]);
  });
});

describe('re-booking around a strike', () => {
  // 'striker' speaks English, Spanish and Chinese and has five Monday intakes and one on
  // Wednesday; 'colleague' speaks English and has one intake on Tuesday; 'partner' is an
  // external provider for Spanish speakers by video, one visit a week.
  const strikeNetwork = network({
    horizon: { from: '2026-11-16', to: '2026-11-20' },
    templates: [
      template(
        'striker',
        '1 08:00 intake',
        '1 09:00 intake',
        '1 10:00 intake',
        '1 11:00 intake',
        '1 14:00 intake',
        '3 09:00 intake',
      ),
      template('colleague', '2 10:00 intake'),
    ],
    clinicians: [
      clinician('striker', {
        languages: ['en', 'es', 'zh'],
        schedule: [{ template: 'striker', from: '2026-11-01' }],
      }),
      clinician('colleague', { schedule: [{ template: 'colleague', from: '2026-11-01' }] }),
    ],
    externalProviders: [
      {
        id: 'partner',
        disciplines: ['lcsw'],
        languages: ['es'],
        modalities: ['video'],
        weeklyCapacity: 1,
        leadDays: 0,
      },
    ],
  });
  const requests = [
    request('zh-1', { language: 'zh', clockStart: FRIDAY }),
    request('zh-2', { language: 'zh', clockStart: FRIDAY + 1 }),
    request('en-1', { clockStart: FRIDAY + 2 }),
    request('es-1', { language: 'es', clockStart: FRIDAY + 3 }),
    request('en-2', { clockStart: FRIDAY + 4 }),
  ];
  const strike = [
    {
      clinicianId: 'striker',
      from: at('2026-11-16T07:00'),
      to: at('2026-11-16T12:00'),
      reason: 'strike',
    },
  ];
  const SATURDAY = at('2026-11-14T09:00');

  function struck() {
    const engine = new BookingEngine(strikeNetwork);
    const placed = engine.place(requests);
    const before = [...engine.allAppointments()];
    const report = engine.rebook(strike, { now: SATURDAY });
    return { engine, placed, before, report };
  }

  it('starts from every request with the striking clinician on Monday', () => {
    const engine = new BookingEngine(strikeNetwork);
    expect(engine.place(requests).outcomes().map(brief)).toEqual([
      'booked striker 2026-11-16T08:00',
      'booked striker 2026-11-16T09:00',
      'booked striker 2026-11-16T10:00',
      'booked striker 2026-11-16T11:00',
      'booked striker 2026-11-16T14:00',
    ]);
  });

  it('reports each appointment once: kept, moved to the same or another clinician, referred out, or unplaceable', () => {
    const { engine, report } = struck();
    expect(report.entries.map((e) => [e.requestId, e.result])).toEqual([
      // Re-placed in priority order; the same clinician first.
      ['zh-1', 'moved-same-clinician'],
      // Only the striker speaks Chinese, and has nothing left: it waits.
      ['zh-2', 'unplaceable'],
      ['en-1', 'moved-other-clinician'],
      // Only the striker speaks Spanish internally: the partner takes it.
      ['es-1', 'referred-out'],
      // Monday afternoon is outside the strike.
      ['en-2', 'kept'],
    ]);
    expect(
      report.entries.map((e) =>
        e.next ? brief({ kind: 'booked', requestId: e.requestId, appointment: e.next }) : null,
      ),
    ).toEqual([
      'booked striker 2026-11-18T09:00',
      null,
      'booked colleague 2026-11-17T10:00',
      'booked partner 2026-11-16T09:00',
      null,
    ]);
    expect(report.totals).toEqual({
      affected: 4,
      kept: 1,
      'moved-same-clinician': 1,
      'moved-other-clinician': 1,
      'referred-out': 1,
      unplaceable: 1,
      metBefore: 4,
      metAfter: 3,
    });
    expect(engine.waitlisted()).toEqual([{ requestId: 'zh-2', reason: 'no-capacity-in-horizon' }]);
    expect(brief(engine.outcome('es-1'))).toBe('referred partner 2026-11-16T09:00');
  });

  it('leaves every other appointment as it was, and books nothing inside the strike', () => {
    const { engine, before, report } = struck();
    const moved = new Set(
      report.entries.filter((e) => e.result !== 'kept').map((e) => e.appointmentId),
    );
    const after = new Map([...engine.allAppointments()].map((a) => [a.id, a]));
    for (const a of before) {
      if (moved.has(a.id)) expect(after.get(a.id)!.status).toBe('rebooked');
      else expect(after.get(a.id)).toEqual(a);
    }
    for (const a of after.values()) {
      if (a.status !== 'booked' || a.clinicianId !== 'striker') continue;
      expect(a.start >= strike[0]!.to || a.end <= strike[0]!.from, local(a.start)).toBe(true);
    }
  });

  it('reports as kept only appointments on the days the unavailability touches', () => {
    // Sunday 15 November, the day before the horizon: it touches no day of the horizon,
    // so Monday's appointments are neither affected nor "kept".
    const engine = new BookingEngine(strikeNetwork);
    engine.place(requests);
    const sunday = [
      { clinicianId: 'striker', from: at('2026-11-15T10:00'), to: at('2026-11-15T11:00') },
    ];
    expect(engine.rebook(sunday, { now: SATURDAY }).entries).toEqual([]);
    // After the horizon (Monday 23 November) likewise.
    const later = [
      { clinicianId: 'striker', from: at('2026-11-23T10:00'), to: at('2026-11-23T11:00') },
    ];
    expect(engine.rebook(later, { now: SATURDAY }).entries).toEqual([]);
  });

  it('re-places urgent requests before routine ones, whatever their old order', () => {
    const engine = new BookingEngine(
      network({
        horizon: { from: '2026-11-16', to: '2026-11-20' },
        templates: [template('three', '1 09:00 intake', '1 10:00 intake', '3 09:00 intake')],
        clinicians: [
          clinician('striker', { schedule: [{ template: 'three', from: '2026-11-01' }] }),
        ],
      }),
    );
    engine.place([request('routine', { clockStart: at('2026-11-13T08:00') })]);
    engine.place([
      request('urgent', {
        type: 'urgent-intake',
        standard: 'urgent-prior-auth',
        clockStart: at('2026-11-14T08:00'),
      }),
    ]);
    const report = engine.rebook(
      [{ clinicianId: 'striker', from: at('2026-11-16T00:00'), to: at('2026-11-17T00:00') }],
      { now: SATURDAY },
    );
    expect(report.entries.map((e) => [e.requestId, e.result])).toEqual([
      ['urgent', 'moved-same-clinician'],
      ['routine', 'unplaceable'],
    ]);
    expect(brief(engine.outcome('urgent'))).toBe('booked striker 2026-11-18T09:00');
  });

  it('reopens the slots when the strike ends and offers them to the waitlist', () => {
    const { engine, report } = struck();
    const offers = engine.restore(report.closureId, { now: SATURDAY });
    expect(offers.map((o) => [o.requestId, brief(o)])).toEqual([
      ['zh-2', 'booked striker 2026-11-16T08:00'],
    ]);
    expect(engine.waitlisted()).toEqual([]);
    // The other reopened Monday slots are free again for new requests.
    const later = engine.place([request('new', { clockStart: at('2026-11-14T10:00') })]);
    expect(brief(later.at(0))).toBe('booked striker 2026-11-16T09:00');
    expect(() => engine.restore(report.closureId, { now: SATURDAY })).toThrow(/unknown/);
  });
});
