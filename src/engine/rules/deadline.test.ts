/**
 * Deadlines of every standard for clock starts chosen to hit the hard cases: holidays,
 * weekends, a minute before and at midnight, Thanksgiving, and both DST changes of 2026
 * (8 March and 1 November in Los Angeles). The expected values were worked out by hand
 * on a printed calendar, not produced by the code under test.
 *
 * Elapsed-time limits run on the real clock, so across a DST change the wall-clock hour
 * shifts by one. Business-day limits end at 23:59:59.999 local time of the Nth business
 * day after the day the clock starts.
 */
import { describe, expect, it } from 'vitest';
import { formatInstant, type Instant, MS_PER_HOUR, parseInstant } from '../time.ts';
import { calendarNamed } from './calendar.ts';
import { deadlineFor } from './deadline.ts';
import { californiaStandards } from './standards.ts';

const california = calendarNamed('california');
const LA = california.timeZone;

function deadline(standardId: string, clockStart: string): string {
  const start = parseInstant(clockStart, LA);
  return formatInstant(
    deadlineFor(californiaStandards.get(standardId).limit, start, california),
    LA,
  );
}

type Row = [clockStart: string, standard: string, expected: string];

const cases: Record<string, Row[]> = {
  'Tuesday before Thanksgiving, 10:00': [
    ['2026-11-24T10:00:00-08:00', 'telephone-triage', '2026-11-24T10:30:00.000-08:00'],
    ['2026-11-24T10:00:00-08:00', 'urgent-no-prior-auth', '2026-11-26T10:00:00.000-08:00'],
    ['2026-11-24T10:00:00-08:00', 'urgent-prior-auth', '2026-11-28T10:00:00.000-08:00'],
    // Nov 25 (1); 26, 27 holidays; Nov 30 (2) … Dec 10 (10); Dec 17 is the 15th.
    ['2026-11-24T10:00:00-08:00', 'nonurgent-nonphysician-mh', '2026-12-10T23:59:59.999-08:00'],
    ['2026-11-24T10:00:00-08:00', 'followup-nonphysician-mh', '2026-12-10T23:59:59.999-08:00'],
    ['2026-11-24T10:00:00-08:00', 'nonurgent-psychiatry', '2026-12-17T23:59:59.999-08:00'],
  ],
  'the same moment written in UTC': [
    ['2026-11-24T18:00:00Z', 'urgent-no-prior-auth', '2026-11-26T10:00:00.000-08:00'],
    ['2026-11-24T18:00:00Z', 'nonurgent-nonphysician-mh', '2026-12-10T23:59:59.999-08:00'],
  ],
  'a minute before and at midnight (the local day decides, not UTC)': [
    ['2026-11-24T23:59:00-08:00', 'nonurgent-nonphysician-mh', '2026-12-10T23:59:59.999-08:00'],
    ['2026-11-25T07:59:00Z', 'nonurgent-nonphysician-mh', '2026-12-10T23:59:59.999-08:00'],
    ['2026-11-25T00:00:00-08:00', 'nonurgent-nonphysician-mh', '2026-12-11T23:59:59.999-08:00'],
    ['2026-07-01T23:59:00-07:00', 'nonurgent-nonphysician-mh', '2026-07-16T23:59:59.999-07:00'],
    ['2026-07-02T00:00:00-07:00', 'nonurgent-nonphysician-mh', '2026-07-17T23:59:59.999-07:00'],
    ['2026-07-02T23:59:00-07:00', 'telephone-triage', '2026-07-03T00:29:00.000-07:00'],
    ['2026-07-02T23:59:00-07:00', 'urgent-no-prior-auth', '2026-07-04T23:59:00.000-07:00'],
  ],
  'on a holiday (Independence Day observed, Friday 3 July 2026)': [
    // The holiday itself does not count: Jul 6 (1) … Jul 17 (10), Jul 24 (15).
    ['2026-07-03T00:00:00-07:00', 'nonurgent-nonphysician-mh', '2026-07-17T23:59:59.999-07:00'],
    ['2026-07-03T14:00:00-07:00', 'nonurgent-psychiatry', '2026-07-24T23:59:59.999-07:00'],
    ['2026-07-03T14:00:00-07:00', 'urgent-no-prior-auth', '2026-07-05T14:00:00.000-07:00'],
  ],
  'on Christmas Day 2026 (Friday), across New Year and Martin Luther King Jr. Day': [
    // Dec 28 (1) … Dec 31 (4); Jan 1 closed; Jan 4 (5) … Jan 11 (10); Jan 18 closed; Jan 19 (15).
    ['2026-12-25T09:00:00-08:00', 'nonurgent-nonphysician-mh', '2027-01-11T23:59:59.999-08:00'],
    ['2026-12-25T09:00:00-08:00', 'nonurgent-psychiatry', '2027-01-19T23:59:59.999-08:00'],
    ['2026-12-25T09:00:00-08:00', 'urgent-prior-auth', '2026-12-29T09:00:00.000-08:00'],
  ],
  'on a Saturday (after Thanksgiving)': [
    ['2026-11-28T10:00:00-08:00', 'nonurgent-nonphysician-mh', '2026-12-11T23:59:59.999-08:00'],
    ['2026-11-28T10:00:00-08:00', 'nonurgent-psychiatry', '2026-12-18T23:59:59.999-08:00'],
    ['2026-11-28T10:00:00-08:00', 'urgent-no-prior-auth', '2026-11-30T10:00:00.000-08:00'],
  ],
  'across Christmas and New Year 2027, both observed on Fridays': [
    // Dec 23 (1); 24 closed; Dec 27–30 (2–5); 31 closed; Jan 3–7 2028 (6–10).
    ['2027-12-22T14:00:00-08:00', 'nonurgent-nonphysician-mh', '2028-01-07T23:59:59.999-08:00'],
  ],
  'across the spring DST change (Sunday 8 March 2026, 02:00 → 03:00)': [
    // 48 real hours after 12:00 PST is 13:00 PDT.
    ['2026-03-07T12:00:00-08:00', 'urgent-no-prior-auth', '2026-03-09T13:00:00.000-07:00'],
    ['2026-03-07T12:00:00-08:00', 'urgent-prior-auth', '2026-03-11T13:00:00.000-07:00'],
    ['2026-03-07T12:00:00-08:00', 'telephone-triage', '2026-03-07T12:30:00.000-08:00'],
    ['2026-03-08T01:45:00-08:00', 'telephone-triage', '2026-03-08T03:15:00.000-07:00'],
    // Mar 9 (1) … Mar 20 (10), Mar 27 (15); end of day in summer time.
    ['2026-03-07T12:00:00-08:00', 'nonurgent-nonphysician-mh', '2026-03-20T23:59:59.999-07:00'],
    ['2026-03-07T12:00:00-08:00', 'nonurgent-psychiatry', '2026-03-27T23:59:59.999-07:00'],
  ],
  'across the autumn DST change (Sunday 1 November 2026, 02:00 → 01:00)': [
    // 48 real hours after 09:00 PDT is 08:00 PST.
    ['2026-10-31T09:00:00-07:00', 'urgent-no-prior-auth', '2026-11-02T08:00:00.000-08:00'],
    ['2026-10-31T09:00:00-07:00', 'urgent-prior-auth', '2026-11-04T08:00:00.000-08:00'],
    ['2026-10-31T09:00:00-07:00', 'telephone-triage', '2026-10-31T09:30:00.000-07:00'],
    ['2026-11-01T01:45:00-07:00', 'telephone-triage', '2026-11-01T01:15:00.000-08:00'],
    // Nov 2 (1) … Nov 10 (7); Veterans Day Nov 11 closed; Nov 12 (8) … Nov 16 (10), Nov 23 (15).
    ['2026-10-31T09:00:00-07:00', 'nonurgent-nonphysician-mh', '2026-11-16T23:59:59.999-08:00'],
    ['2026-10-31T09:00:00-07:00', 'nonurgent-psychiatry', '2026-11-23T23:59:59.999-08:00'],
  ],
};

describe('deadlineFor, California calendar', () => {
  for (const [situation, rows] of Object.entries(cases)) {
    describe(situation, () => {
      it.each(rows)('clock start %s, %s → %s', (clockStart, standard, expected) => {
        expect(deadline(standard, clockStart)).toBe(expected);
      });
    });
  }

  it('48 hours across the spring change is 48 × 3,600,000 ms, not two calendar days', () => {
    const start = parseInstant('2026-03-07T12:00:00-08:00', LA);
    const end = deadlineFor({ unit: 'hours', amount: 48 }, start, california);
    expect(end - start).toBe(48 * MS_PER_HOUR);
    expect(end).not.toBe(parseInstant('2026-03-09T12:00', LA));
  });

  it('is exact to the millisecond', () => {
    const start = (parseInstant('2026-11-24T10:00:00-08:00', LA) + 123) as Instant;
    expect(formatInstant(deadlineFor({ unit: 'minutes', amount: 30 }, start, california), LA)).toBe(
      '2026-11-24T10:30:00.123-08:00',
    );
  });
});
