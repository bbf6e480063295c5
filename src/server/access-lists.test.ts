/**
 * Business days left, as the at-risk list shows them: worked out by hand around
 * Thanksgiving 2026 (Thursday 26 and Friday 27 November are state holidays), and, for
 * any clock and deadline, the same count as the list's cut-off (`atRiskCutoff`): a
 * request with n days left is listed from `days=n` on and not before.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { businessDaysLeft } from './access-lists.ts';
import { atRiskCutoff } from './routes/access-open-requests.ts';

/** Wednesday 25 November 2026, 10:00 in Los Angeles. */
const NOW = new Date('2026-11-25T10:00:00-08:00');

describe('business days left', () => {
  it.each([
    ['later today', '2026-11-25T20:00:00-08:00', 0],
    ['Thanksgiving (a holiday): by the end of Monday', '2026-11-26T09:00:00-08:00', 1],
    ['Saturday: by the end of Monday', '2026-11-28T12:00:00-08:00', 1],
    ['Monday, the first business day after today', '2026-11-30T23:59:59.999-08:00', 1],
    ['Wednesday next week', '2026-12-02T23:59:59.999-08:00', 3],
    ['earlier today: overdue, none since', '2026-11-25T08:00:00-08:00', 0],
    ['yesterday: one business day since', '2026-11-24T23:59:59.999-08:00', -1],
    ['last Friday: Monday, Tuesday and today since', '2026-11-20T23:59:59.999-08:00', -3],
    ['last Saturday: the same three', '2026-11-21T12:00:00-08:00', -3],
  ])('%s → %i', (_, due, expected) => {
    expect(businessDaysLeft(NOW, new Date(due))).toBe(expected);
  });

  it('is the smallest `days` whose cut-off lists the deadline', () => {
    const start = Date.parse('2026-01-01T00:00:00Z');
    const year = 365 * 86_400_000;
    fc.assert(
      fc.property(
        fc.integer({ min: start, max: start + year }),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        (now, ahead) => {
          const asOf = new Date(now);
          const due = new Date(now + ahead);
          const left = businessDaysLeft(asOf, due);
          expect(left).toBeGreaterThanOrEqual(0);
          expect(due.getTime()).toBeLessThan(atRiskCutoff(asOf, left).getTime());
          if (left > 0) {
            expect(due.getTime()).toBeGreaterThanOrEqual(atRiskCutoff(asOf, left - 1).getTime());
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});
