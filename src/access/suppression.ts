/**
 * Small-count suppression for figures the public may read: which counts of a group are
 * withheld so that no count under 11 is published, nor can be worked out from those that
 * are. Pure: counts in, decisions out (the public status route applies it).
 *
 * A group is a set of cells and the total they add up to — on the public status page,
 * the medical centers' request counts for one standard in one week, and the network's.
 * The rule follows the California Health and Human Services Agency's Data
 * De-identification Guidelines (CalHHS DDG § 4.4.1, threshold 11, "complementary cell
 * suppression is also required so that the suppressed cells cannot be re-identified"):
 *
 * 1. Primary: a cell with fewer than 11 requests is withheld ("fewer than 11"). Zero
 *    included — the DDG would show a 0, but then a withheld cell is known to hold 1 to 10,
 *    which narrows it; and the issue asks for every cell under 11 to be withheld.
 * 2. Complementary: while the withheld cells of the group are not protected, the smallest
 *    cell still shown is withheld too (ties: the first in the order given). Protected
 *    means all of:
 *    a. they hold 11 or more requests together (DDG § 4.4.1 (b)) — the total minus the
 *       shown cells gives exactly their sum, which must not itself be a small count;
 *    b. not all of them hold 3 or fewer (DDG § 4.4.1 (a));
 *    c. the published figures leave a withheld small cell at least two possible values.
 *       What a reader knows: the total, the shown cells, that a "fewer than 11" cell
 *       holds 0 to 10, and that a complementary one holds 11 or more but no more than the
 *       smallest cell still shown (it was picked as the smallest). From those, a small
 *       cell lies in [lo, hi] (see `smallCellRange`); two small cells of 10 and 10
 *       passes (a) and (b) yet is pinned by a total of 20 (lo = hi = 10), and so is
 *       "4, then 11 picked while 11 is also the smallest shown".
 * 3. If every cell is withheld, no shown cell is left to subtract: the total (then 11 or
 *    more) is shown unless it would still pin a small cell by (c) — 0 and 11 of a total
 *    11 would — and then it is withheld too. A total under 11 is always withheld.
 *
 * Only the counts of requests decide; the outcome counts and shares of a withheld cell
 * are withheld with it (DDG: "suppression is required for all the associated statistical
 * entries").
 */

/** Fewer requests than this in a cell and its figures are withheld (CalHHS DDG § 4.4.1). */
export const SUPPRESSION_THRESHOLD = 11;

/** DDG § 4.4.1 (a): withheld cells that each hold this many or fewer need company. */
export const TINY_COUNT = 3;

/**
 * Why a figure is withheld: `small` — it counts fewer than the threshold; `complementary`
 * — it does not, but showing it would let a small one be worked out.
 */
export type Withheld = 'small' | 'complementary';

export interface GroupSuppression {
  /** For each cell, in the order given: why it is withheld, or null when shown. */
  readonly cells: readonly (Withheld | null)[];
  /** Why the group's total is withheld, or null when shown. */
  readonly total: Withheld | null;
}

/**
 * Decides which cells of a group, and whether its total, are withheld. `counts` are the
 * cells' request counts (non-negative integers); the total is their sum. The order
 * breaks ties when choosing a complementary cell, so the answer is deterministic.
 */
export function suppressGroup(counts: readonly number[]): GroupSuppression {
  for (const count of counts) {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`bad count ${count}`);
  }
  const total = counts.reduce((sum, count) => sum + count, 0);
  const cells: (Withheld | null)[] = counts.map((count) =>
    count < SUPPRESSION_THRESHOLD ? 'small' : null,
  );
  // Every cell of a small total is small too: nothing is shown, so nothing is subtracted.
  if (total < SUPPRESSION_THRESHOLD) return { cells, total: 'small' };
  while (!isProtected(counts, cells)) {
    const next = smallestShown(counts, cells);
    // Every cell withheld: the total is only their sum, each of them 0–10 or 11 and
    // over, so (a) and (b) no longer apply (the total is 11 or more); it is withheld
    // only when it would still pin a small cell.
    if (next === undefined)
      return { cells, total: pinsSmallCell(counts, cells) ? 'complementary' : null };
    cells[next] = 'complementary';
  }
  return { cells, total: null };
}

/**
 * The values a reader of the published figures can narrow a withheld small cell to:
 * [lo, hi]. With p small and q complementary cells withheld, holding r requests together,
 * and m the smallest cell still shown (Infinity when none is): the other small cells
 * hold 0 to 10 each and the complementary ones 11 to m, so this one holds at most
 * r − 11q and at least r − 10(p − 1) − qm, clamped to 0…10.
 */
export function smallCellRange(
  counts: readonly number[],
  cells: readonly (Withheld | null)[],
): { readonly lo: number; readonly hi: number } {
  const most = SUPPRESSION_THRESHOLD - 1;
  let small = 0;
  let complementary = 0;
  let withheld = 0;
  let smallestShown = Number.POSITIVE_INFINITY;
  counts.forEach((count, i) => {
    if (cells[i] === 'small') small += 1;
    else if (cells[i] === 'complementary') complementary += 1;
    else smallestShown = Math.min(smallestShown, count);
    if (cells[i] !== null) withheld += count;
  });
  const complementaryMost = complementary === 0 ? 0 : complementary * smallestShown;
  return {
    lo: Math.max(0, withheld - most * (small - 1) - complementaryMost),
    hi: Math.min(most, withheld - SUPPRESSION_THRESHOLD * complementary),
  };
}

function isProtected(counts: readonly number[], cells: readonly (Withheld | null)[]): boolean {
  const withheld = counts.filter((_, i) => cells[i] !== null);
  if (withheld.length === 0) return true;
  const together = withheld.reduce((sum, count) => sum + count, 0);
  if (together < SUPPRESSION_THRESHOLD) return false;
  if (withheld.every((count) => count <= TINY_COUNT)) return false;
  return !pinsSmallCell(counts, cells);
}

/** (c): whether the published figures leave a withheld small cell only one value. */
function pinsSmallCell(counts: readonly number[], cells: readonly (Withheld | null)[]): boolean {
  if (!cells.includes('small')) return false;
  const { lo, hi } = smallCellRange(counts, cells);
  return hi <= lo;
}

function smallestShown(
  counts: readonly number[],
  cells: readonly (Withheld | null)[],
): number | undefined {
  let best: number | undefined;
  counts.forEach((count, i) => {
    if (cells[i] === null && (best === undefined || count < (counts[best] ?? 0))) best = i;
  });
  return best;
}
