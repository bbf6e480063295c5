/**
 * Invariants of business-day arithmetic over generated calendars and days.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../time.ts';
import { calendar, day } from './arbitraries.ts';

const count = fc.integer({ min: 0, max: 60 });

describe('business-day arithmetic', () => {
  it('businessDaysBetween(d, addBusinessDays(d, n)) is n', () => {
    fc.assert(
      fc.property(calendar, day, count, (cal, d, n) => {
        expect(cal.businessDaysBetween(d, cal.addBusinessDays(d, n))).toBe(n);
      }),
    );
  });

  it('adding the business days between two days lands on the later one, if it is a business day', () => {
    fc.assert(
      fc.property(calendar, day, fc.integer({ min: 1, max: 90 }), (cal, d, gap) => {
        const later = addDays(d, gap);
        fc.pre(cal.isBusinessDay(later));
        expect(cal.addBusinessDays(d, cal.businessDaysBetween(d, later))).toBe(later);
      }),
    );
  });

  it('addBusinessDays(d, n) with n ≥ 1 is a business day after d', () => {
    fc.assert(
      fc.property(calendar, day, fc.integer({ min: 1, max: 60 }), (cal, d, n) => {
        const result = cal.addBusinessDays(d, n);
        expect(result).toBeGreaterThan(d);
        expect(cal.isBusinessDay(result)).toBe(true);
      }),
    );
  });

  it('businessDaysBetween is antisymmetric and additive', () => {
    fc.assert(
      fc.property(
        calendar,
        day,
        fc.integer({ min: -60, max: 60 }),
        fc.integer({ min: -60, max: 60 }),
        (cal, a, x, y) => {
          const b = addDays(a, x);
          const c = addDays(b, y);
          // A sum, not toBe(-x): the same day gives 0 one way and -0 the other.
          expect(cal.businessDaysBetween(b, a) + cal.businessDaysBetween(a, b)).toBe(0);
          expect(cal.businessDaysBetween(a, c)).toBe(
            cal.businessDaysBetween(a, b) + cal.businessDaysBetween(b, c),
          );
        },
      ),
    );
  });
});
