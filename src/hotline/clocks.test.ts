/** The case clocks: 72 hours for urgent cases, 30 calendar days for the rest, in the center's zone. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Instant, MS_PER_DAY, MS_PER_HOUR } from '../engine/time.ts';
import { caseClock, dueAt } from './clocks.ts';

const LA = 'America/Los_Angeles';
const at = (iso: string) => Date.parse(iso) as Instant;
const iso = (instant: Instant) => new Date(instant).toISOString();

describe('the due instant', () => {
  it.each([
    // received (UTC)              urgency      due (UTC)                  why
    ['2026-03-02T18:00:00Z', 'urgent', '2026-03-05T18:00:00Z', '72 hours'],
    [
      '2026-03-07T18:00:00Z',
      'urgent',
      '2026-03-10T18:00:00Z',
      '72 elapsed hours across spring DST',
    ],
    ['2026-04-02T17:00:00Z', 'standard', '2026-05-02T17:00:00Z', '30 days, no DST change'],
    ['2026-03-01T18:00:00Z', 'standard', '2026-03-31T17:00:00Z', '10:00 PST → 10:00 PDT'],
    ['2026-10-10T17:00:00Z', 'standard', '2026-11-09T18:00:00Z', '10:00 PDT → 10:00 PST'],
    ['2026-12-15T07:59:00Z', 'standard', '2027-01-14T07:59:00Z', '23:59 local, across a year'],
  ] as const)('%s %s → %s (%s)', (received, urgency, due, _why) => {
    expect(iso(dueAt(at(received), urgency, LA))).toBe(new Date(due).toISOString());
  });

  it('keeps the local wall-clock time 30 days on, whatever the day (property)', () => {
    const local = (instant: number) =>
      new Date(instant).toLocaleTimeString('en-GB', { timeZone: LA, hour12: false });
    fc.assert(
      fc.property(
        // 2020–2035, at whole minutes outside 01:00–03:00 (where DST skips or repeats).
        fc.integer({ min: 26_297_280, max: 34_187_040 }),
        (minute) => {
          const received = (minute * 60_000) as Instant;
          const hour = Number(local(received).slice(0, 2));
          fc.pre(hour >= 3);
          const due = dueAt(received, 'standard', LA);
          expect(local(due)).toBe(local(received));
          expect(Math.abs(due - received - 30 * MS_PER_DAY)).toBeLessThanOrEqual(MS_PER_HOUR);
        },
      ),
    );
  });
});

describe('the clock at a moment', () => {
  const due = at('2026-03-05T18:00:00Z');

  it('runs with the time left until the due instant, which is still in time', () => {
    expect(caseClock(due, null, at('2026-03-04T18:00:00Z'))).toEqual({
      dueAt: due,
      state: 'running',
      msLeft: 24 * MS_PER_HOUR,
      breached: false,
    });
    expect(caseClock(due, null, due)).toMatchObject({
      state: 'running',
      msLeft: 0,
      breached: false,
    });
  });

  it('is breached a millisecond after the due instant, with the time over as negative', () => {
    expect(caseClock(due, null, (due + 1) as Instant)).toMatchObject({
      state: 'breached',
      msLeft: -1,
      breached: true,
    });
  });

  it('stops when the case is settled: met at or before the due instant, missed after', () => {
    const later = at('2026-04-01T00:00:00Z');
    expect(caseClock(due, due, later)).toEqual({
      dueAt: due,
      state: 'met',
      msLeft: null,
      breached: false,
    });
    expect(caseClock(due, (due + 1) as Instant, later)).toMatchObject({
      state: 'missed',
      msLeft: null,
      breached: true,
    });
  });
});
