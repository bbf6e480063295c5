/**
 * The access overview's arithmetic, apart from React: the API's rows (week × standard)
 * summed per week for one standard or all, and the share met on time.
 */
import type { WeekRow } from '../api/types.ts';

export interface WeekTotals {
  readonly weekStart: string;
  readonly requests: number;
  readonly met: number;
  readonly missed: number;
  readonly referred: number;
  readonly pending: number;
}

export const OUTCOMES = ['met', 'referred', 'missed', 'pending'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Per week, in week order; `standard` null sums every standard. */
export function totalsByWeek(rows: readonly WeekRow[], standard: string | null): WeekTotals[] {
  const weeks = new Map<string, WeekTotals>();
  for (const row of rows) {
    if (standard !== null && row.standard !== standard) continue;
    const sum = weeks.get(row.weekStart) ?? {
      weekStart: row.weekStart,
      requests: 0,
      met: 0,
      missed: 0,
      referred: 0,
      pending: 0,
    };
    weeks.set(row.weekStart, {
      weekStart: row.weekStart,
      requests: sum.requests + row.requests,
      met: sum.met + row.met,
      missed: sum.missed + row.missed,
      referred: sum.referred + row.referred,
      pending: sum.pending + row.pending,
    });
  }
  return [...weeks.values()].sort((a, b) => a.weekStart.localeCompare(b.weekStart));
}

/**
 * The share of decided requests (deadline passed, or met or referred already) that got
 * an in-network appointment in time; null when none is decided yet.
 */
export function onTimeShare(week: WeekTotals): number | null {
  const decided = week.requests - week.pending;
  return decided === 0 ? null : week.met / decided;
}
