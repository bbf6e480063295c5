/**
 * A wait-time distribution from a frequency table (wait → how many requests waited
 * that long): histogram buckets sized to the standard's limit, and nearest-rank
 * percentiles. Pure arithmetic, apart from the database and the route.
 */
import type { StandardLimit } from '../../engine/rules/standards.ts';

export interface Frequency {
  /** A wait in the limit's unit (whole business days; hours or minutes may be fractional). */
  readonly wait: number;
  readonly count: number;
}

export interface Bucket {
  /** The bucket holds waits w with from ≤ w < to; `to` null: from and over. */
  readonly from: number;
  readonly to: number | null;
  readonly count: number;
}

export interface WaitDistribution {
  readonly appointed: number;
  readonly withinLimit: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly buckets: Bucket[];
}

/** Bucket widths a reader can add up in their head: whole days, or these hours/minutes. */
const NICE_WIDTHS = [1, 2, 5, 6, 10, 12, 15, 24, 30, 60, 120, 240];

/**
 * Buckets cover twice the limit, then one open bucket: a business-day standard gets
 * one bucket per day (a 10-day standard: 0, 1 … 19, then 20 and over); an hour or
 * minute standard about 16, of a round width (48 hours: 6-hour buckets).
 */
export function bucketWidth(limit: StandardLimit): number {
  if (limit.unit === 'business-days') return 1;
  const eighth = limit.amount / 8;
  return NICE_WIDTHS.find((width) => width >= eighth) ?? Math.ceil(eighth);
}

/**
 * The nearest-rank percentile (the smallest wait at least p of the requests waited no
 * longer than): always a wait that happened, as PostgreSQL's percentile_disc.
 */
export function percentile(sorted: readonly Frequency[], total: number, p: number): number | null {
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(p * total));
  let seen = 0;
  for (const { wait, count } of sorted) {
    seen += count;
    if (seen >= rank) return wait;
  }
  return sorted.at(-1)?.wait ?? null;
}

export function distributionOf(
  frequencies: readonly Frequency[],
  limit: StandardLimit,
): WaitDistribution {
  const sorted = frequencies.filter((f) => f.count > 0).sort((a, b) => a.wait - b.wait);
  const total = sorted.reduce((sum, f) => sum + f.count, 0);
  const width = bucketWidth(limit);
  const closed = Math.ceil((2 * limit.amount) / width);
  const counts = new Array<number>(closed + 1).fill(0);
  let withinLimit = 0;
  for (const { wait, count } of sorted) {
    // A wait below zero (an appointment before its clock, which booking never makes)
    // joins the first bucket rather than vanishing from the total.
    const index = Math.min(closed, Math.max(0, Math.floor(wait / width)));
    counts[index] = (counts[index] ?? 0) + count;
    if (wait <= limit.amount) withinLimit += count;
  }
  return {
    appointed: total,
    withinLimit,
    p50: percentile(sorted, total, 0.5),
    p90: percentile(sorted, total, 0.9),
    p99: percentile(sorted, total, 0.99),
    buckets: counts.map((count, i) => ({
      from: i * width,
      to: i === closed ? null : (i + 1) * width,
      count,
    })),
  };
}
