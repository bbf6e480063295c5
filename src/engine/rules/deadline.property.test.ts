/**
 * Invariants of deadlines that must hold for every clock start, calendar and standard,
 * checked with fast-check over generated inputs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatInstant,
  type Instant,
  localDayOf,
  MS_PER_HOUR,
  MS_PER_MINUTE,
} from '../time.ts';
import { calendar, instant } from './arbitraries.ts';
import { deadlineFor } from './deadline.ts';
import { CALIFORNIA_STANDARDS, type StandardLimit } from './standards.ts';

const businessDays: fc.Arbitrary<StandardLimit> = fc
  .integer({ min: 1, max: 30 })
  .map((amount) => ({ unit: 'business-days', amount }));

const elapsed: fc.Arbitrary<StandardLimit> = fc.oneof(
  fc.integer({ min: 1, max: 10_000 }).map((amount) => ({ unit: 'minutes' as const, amount })),
  fc.integer({ min: 1, max: 500 }).map((amount) => ({ unit: 'hours' as const, amount })),
);

const limit = fc.oneof(
  businessDays,
  elapsed,
  fc.constantFrom(...CALIFORNIA_STANDARDS.map((s) => s.limit)),
);

describe('deadline invariants', () => {
  it('a business-day deadline falls on a business day, never a weekend or holiday', () => {
    fc.assert(
      fc.property(businessDays, instant, calendar, (l, start, cal) => {
        const day = localDayOf(deadlineFor(l, start, cal), cal.timeZone);
        expect(cal.isWeekend(day)).toBe(false);
        expect(cal.holidayOn(day)).toBeUndefined();
      }),
    );
  });

  it('a business-day deadline is the last millisecond of its local day', () => {
    fc.assert(
      fc.property(businessDays, instant, calendar, (l, start, cal) => {
        const end = deadlineFor(l, start, cal);
        const day = localDayOf(end, cal.timeZone);
        expect(formatInstant(end, cal.timeZone).slice(11, 23)).toBe('23:59:59.999');
        expect(localDayOf((end + 1) as Instant, cal.timeZone)).toBe(addDays(day, 1));
      }),
    );
  });

  it('a business-day deadline is exactly N business days after the clock start’s day', () => {
    fc.assert(
      fc.property(businessDays, instant, calendar, (l, start, cal) => {
        const from = localDayOf(start, cal.timeZone);
        const to = localDayOf(deadlineFor(l, start, cal), cal.timeZone);
        expect(cal.businessDaysBetween(from, to)).toBe(l.amount);
      }),
    );
  });

  it('an hour or minute deadline is exactly start + limit in elapsed milliseconds', () => {
    fc.assert(
      fc.property(elapsed, instant, calendar, (l, start, cal) => {
        const unit = l.unit === 'hours' ? MS_PER_HOUR : MS_PER_MINUTE;
        expect(deadlineFor(l, start, cal) - start).toBe(l.amount * unit);
      }),
    );
  });

  it('never moves earlier when the clock starts later, for every standard', () => {
    fc.assert(
      fc.property(
        limit,
        instant,
        fc.integer({ min: 0, max: 40 * 24 * MS_PER_HOUR }),
        calendar,
        (l, start, delay, cal) => {
          const later = (start + delay) as Instant;
          expect(deadlineFor(l, later, cal)).toBeGreaterThanOrEqual(deadlineFor(l, start, cal));
        },
      ),
    );
  });

  it('never falls before the clock start', () => {
    fc.assert(
      fc.property(limit, instant, calendar, (l, start, cal) => {
        expect(deadlineFor(l, start, cal)).toBeGreaterThan(start);
      }),
    );
  });
});
