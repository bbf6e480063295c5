/**
 * Small-count suppression: hand-worked groups for each part of the rule, and a property
 * over generated groups — a reader who knows the rule and every published figure can
 * never pin a withheld count under 11 to one value (checked by enumerating what the
 * other withheld cells could hold, independently of `smallCellRange`'s closed form).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type GroupSuppression,
  SUPPRESSION_THRESHOLD,
  suppressGroup,
  TINY_COUNT,
  type Withheld,
} from './suppression.ts';

const S = 'small' as const;
const C = 'complementary' as const;

describe('suppressGroup', () => {
  it('withholds nothing when every cell holds 11 or more', () => {
    expect(suppressGroup([40, 25, 12, 11])).toEqual({
      cells: [null, null, null, null],
      total: null,
    });
  });

  it('withholds a small cell and, since the total would give it away, the next smallest', () => {
    expect(suppressGroup([40, 25, 4])).toEqual({ cells: [null, C, S], total: null });
  });

  it('withholds zero like any count under 11', () => {
    expect(suppressGroup([40, 25, 0])).toEqual({ cells: [null, C, S], total: null });
  });

  it('needs no complement when the small cells together hold 11 or more and stay ambiguous', () => {
    // 6 + 7 = 13: each could be 3 to 10.
    expect(suppressGroup([6, 7, 30])).toEqual({ cells: [S, S, null], total: null });
  });

  it('adds a complement when the small cells hold fewer than 11 together (DDG (b))', () => {
    // 2 + 3 = 5 would be the total minus the shown cells: hide the smallest shown (12).
    expect(suppressGroup([2, 30, 3, 12])).toEqual({ cells: [S, null, S, C], total: null });
  });

  it('adds a complement when every withheld cell holds 3 or fewer (DDG (a))', () => {
    expect(TINY_COUNT).toBe(3);
    expect(suppressGroup([3, 3, 3, 2, 40, 60])).toEqual({
      cells: [S, S, S, S, C, null],
      total: null,
    });
  });

  it('adds a complement when the total pins the small cells: 10 and 10 of a total 20 over', () => {
    expect(suppressGroup([10, 10, 30, 45])).toEqual({ cells: [S, S, C, null], total: null });
  });

  it('adds another complement when the first one ties with the smallest shown cell', () => {
    // With 4 and an 11 withheld while another 11 is shown, the 11 withheld is known to be
    // exactly 11 (at least 11, at most the smallest shown), so the 4 would be too.
    expect(suppressGroup([40, 11, 11, 4])).toEqual({ cells: [null, C, C, S], total: null });
    // 12 shown instead: the complement is 11 or 12, so the small cell 3 or 4. Enough.
    expect(suppressGroup([40, 12, 11, 4])).toEqual({ cells: [null, null, C, S], total: null });
  });

  it('withholds the total when even hiding every cell cannot protect a small one', () => {
    // 0 and 11 of a total 11: whatever is hidden, the small cell is 11 − (at least 11).
    expect(suppressGroup([0, 11])).toEqual({ cells: [S, C], total: C });
  });

  it('shows the total of a group whose cells are all withheld, when it pins none of them', () => {
    // Each of the four could be 0 to 10 for all a reader of the total 11 can tell.
    expect(suppressGroup([3, 3, 3, 2])).toEqual({ cells: [S, S, S, S], total: null });
    // 10 and 10: a total of 20 would say both.
    expect(suppressGroup([10, 10])).toEqual({ cells: [S, S], total: C });
  });

  it('withholds everything when the total itself is under 11', () => {
    expect(suppressGroup([4, 5, 0])).toEqual({ cells: [S, S, S], total: S });
    expect(suppressGroup([])).toEqual({ cells: [], total: S });
  });

  it('breaks ties by the order given', () => {
    expect(suppressGroup([20, 20, 5]).cells).toEqual([C, null, S]);
  });

  it('refuses a count that is not a non-negative integer', () => {
    expect(() => suppressGroup([3, -1])).toThrow(RangeError);
    expect(() => suppressGroup([2.5])).toThrow(RangeError);
  });
});

/**
 * Every value a withheld small cell could hold, as a reader sees it: the shown cells,
 * the total, the labels, and the rule (small: 0–10; complementary: 11 up to the smallest
 * shown cell). Counted by building every reachable sum of the other withheld cells.
 */
function possibleValues(
  counts: readonly number[],
  result: GroupSuppression,
  cell: number,
): number[] {
  const total = counts.reduce((sum, count) => sum + count, 0);
  const shown = counts.filter((_, i) => result.cells[i] === null);
  const withheld = total - shown.reduce((sum, count) => sum + count, 0);
  const smallestShown = shown.length === 0 ? withheld : Math.min(...shown);
  const range = (label: Withheld | null): [number, number] =>
    label === 'small' ? [0, SUPPRESSION_THRESHOLD - 1] : [SUPPRESSION_THRESHOLD, smallestShown];
  let reachable = new Set([0]);
  result.cells.forEach((label, i) => {
    if (label === null || i === cell) return;
    const [lo, hi] = range(label);
    const next = new Set<number>();
    for (const sum of reachable) {
      for (let value = lo; value <= hi && sum + value <= withheld; value += 1)
        next.add(sum + value);
    }
    reachable = next;
  });
  const values: number[] = [];
  for (let value = 0; value < SUPPRESSION_THRESHOLD; value += 1) {
    if (reachable.has(withheld - value)) values.push(value);
  }
  return values;
}

const count = fc.oneof(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 11, max: 40 }));
const group = fc.array(count, { minLength: 1, maxLength: 7 });

describe('suppressGroup, for any group', () => {
  it('withholds exactly the cells under 11 as small, and the total when it is under 11', () => {
    fc.assert(
      fc.property(group, (counts) => {
        const result = suppressGroup(counts);
        expect(result.cells).toHaveLength(counts.length);
        counts.forEach((n, i) => {
          expect(result.cells[i] === 'small').toBe(n < SUPPRESSION_THRESHOLD);
        });
        const total = counts.reduce((sum, n) => sum + n, 0);
        expect(result.total === 'small').toBe(total < SUPPRESSION_THRESHOLD);
      }),
    );
  });

  it('never lets the total and the shown cells pin a withheld small count', () => {
    fc.assert(
      fc.property(group, (counts) => {
        const result = suppressGroup(counts);
        if (result.total !== null) return;
        const withheld = counts.filter((_, i) => result.cells[i] !== null);
        if (withheld.length === 0) return;
        expect(withheld.reduce((sum, n) => sum + n, 0)).toBeGreaterThanOrEqual(
          SUPPRESSION_THRESHOLD,
        );
        // DDG (a) while a shown cell is left to withhold: not all of them tiny.
        if (withheld.length < counts.length) {
          expect(withheld.every((n) => n <= TINY_COUNT)).toBe(false);
        }
        result.cells.forEach((label, i) => {
          if (label !== 'small') return;
          const values = possibleValues(counts, result, i);
          expect(values).toContain(counts[i]);
          expect(values.length, `cell ${i} of ${counts.join(',')}`).toBeGreaterThanOrEqual(2);
        });
      }),
      { numRuns: 2000 },
    );
  });

  it('picks complements among the smallest cells, and only when a small cell needs one', () => {
    fc.assert(
      fc.property(group, (counts) => {
        const result = suppressGroup(counts);
        const shown = counts.filter((_, i) => result.cells[i] === null);
        const complements = counts.filter((_, i) => result.cells[i] === 'complementary');
        if (!result.cells.includes('small')) expect(complements).toEqual([]);
        for (const n of complements) expect(n).toBeLessThanOrEqual(Math.min(...shown));
      }),
    );
  });
});
