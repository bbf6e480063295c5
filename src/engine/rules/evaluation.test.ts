/**
 * Evaluation of a request against its standard: met, missed, open and at-risk, the
 * waits it reports, and extensions recorded by the treating provider.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant, type Instant, parseInstant } from '../time.ts';
import { calendarNamed } from './calendar.ts';
import { type EvaluationInput, type Extension, evaluate } from './evaluation.ts';
import { californiaStandards } from './standards.ts';

const california = calendarNamed();
const LA = california.timeZone;
const at = (text: string): Instant => parseInstant(text, LA);
const iso = (instant: Instant): string => formatInstant(instant, LA);

// Tuesday before Thanksgiving; the 10-business-day deadline is Thursday 10 December 23:59:59.999.
const routine = {
  standard: californiaStandards.get('nonurgent-nonphysician-mh'),
  clockStart: at('2026-11-24T10:00:00-08:00'),
};
// Saturday before the spring DST change; 48 real hours later is Monday 13:00 PDT.
const urgent = {
  standard: californiaStandards.get('urgent-no-prior-auth'),
  clockStart: at('2026-03-07T12:00:00-08:00'),
};

function evaluateRoutine(extra: Partial<EvaluationInput> & { now: Instant }) {
  return evaluate({ ...routine, ...extra }, california);
}

describe('a booked appointment', () => {
  it('is met on the deadline day, with waits in real hours and business days', () => {
    const result = evaluateRoutine({
      appointmentStart: at('2026-12-10T16:00:00-08:00'),
      now: at('2026-11-25T09:00:00-08:00'),
    });
    expect(result).toMatchObject({ status: 'met', met: true, extended: false });
    expect(iso(result.deadline)).toBe('2026-12-10T23:59:59.999-08:00');
    expect(result.waitHours).toBe(16 * 24 + 6);
    expect(result.waitBusinessDays).toBe(10);
  });

  it('is missed the next business day', () => {
    const result = evaluateRoutine({
      appointmentStart: at('2026-12-11T09:00:00-08:00'),
      now: at('2026-11-25T09:00:00-08:00'),
    });
    expect(result).toMatchObject({ status: 'missed', met: false, waitBusinessDays: 11 });
    expect(result.waitHours).toBe(16 * 24 + 23);
  });

  it('counts as met at exactly the deadline instant', () => {
    const deadline = at('2026-03-09T13:00:00-07:00');
    const result = evaluate({ ...urgent, appointmentStart: deadline, now: deadline }, california);
    expect(result.status).toBe('met');
  });

  it('counts real hours across a DST change (12:00 PST Saturday → 12:30 PDT Monday is 47.5 h)', () => {
    const result = evaluate(
      {
        ...urgent,
        appointmentStart: at('2026-03-09T12:30:00-07:00'),
        now: at('2026-03-07T12:05:00-08:00'),
      },
      california,
    );
    expect(result).toMatchObject({ status: 'met', waitHours: 47.5, waitBusinessDays: 1 });
  });
});

describe('a request with no appointment yet', () => {
  it('is open well before the deadline, with the wait so far', () => {
    const result = evaluateRoutine({ now: at('2026-11-30T12:00:00-08:00') });
    expect(result).toMatchObject({ status: 'open', met: null, waitBusinessDays: 2 });
    expect(result.waitHours).toBe(6 * 24 + 2);
  });

  it('is at risk within two business days of a business-day deadline', () => {
    expect(evaluateRoutine({ now: at('2026-12-07T12:00:00-08:00') }).status).toBe('open');
    expect(evaluateRoutine({ now: at('2026-12-08T12:00:00-08:00') }).status).toBe('at-risk');
    expect(evaluateRoutine({ now: at('2026-12-10T23:59:59.999-08:00') }).status).toBe('at-risk');
  });

  it('is at risk within twelve hours of an hour deadline', () => {
    const status = (now: string) => evaluate({ ...urgent, now: at(now) }, california).status;
    expect(status('2026-03-09T00:59:00-07:00')).toBe('open');
    expect(status('2026-03-09T01:00:00-07:00')).toBe('at-risk');
  });

  it('honours a stricter at-risk policy', () => {
    const result = evaluate({ ...routine, now: at('2026-12-04T12:00:00-08:00') }, california, {
      businessDays: 5,
      hours: 24,
    });
    expect(result.status).toBe('at-risk');
  });

  it('is missed once the deadline has passed', () => {
    const result = evaluateRoutine({ now: at('2026-12-11T00:00:00-08:00') });
    expect(result).toMatchObject({ status: 'missed', met: false });
  });
});

describe('an extension recorded by the treating provider', () => {
  const extension: Extension = {
    deadline: at('2026-12-18T23:59:59.999-08:00'),
    reason: 'Longer wait will not harm the patient (noted in the record).',
    recordedBy: 'clinician-42',
    recordedAt: at('2026-11-25T11:00:00-08:00'),
  };

  it('replaces the deadline and keeps the standard’s own', () => {
    const result = evaluateRoutine({
      extension,
      appointmentStart: at('2026-12-15T10:00:00-08:00'),
      now: at('2026-11-25T12:00:00-08:00'),
    });
    expect(result).toMatchObject({ status: 'met', met: true, extended: true });
    expect(iso(result.deadline)).toBe('2026-12-18T23:59:59.999-08:00');
    expect(iso(result.standardDeadline)).toBe('2026-12-10T23:59:59.999-08:00');
  });

  it('can still be missed', () => {
    const result = evaluateRoutine({
      extension,
      appointmentStart: at('2026-12-21T10:00:00-08:00'),
      now: at('2026-11-25T12:00:00-08:00'),
    });
    expect(result.status).toBe('missed');
  });

  it.each(['', '   '])('is rejected without a reason (%j)', (reason) => {
    expect(() =>
      evaluateRoutine({
        extension: { ...extension, reason },
        now: at('2026-11-25T12:00:00-08:00'),
      }),
    ).toThrowError(expect.objectContaining({ code: 'FIELD_INVALID', path: 'extension.reason' }));
  });
});
