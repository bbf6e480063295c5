/**
 * The compliance figures the overview shows, from `GET /access/compliance` rows
 * (week × standard × group), apart from React: sums for one standard or all, per
 * group and week, for the whole network, and this week against the whole window.
 */
import type { ComplianceByGroup, ComplianceRow } from '../../api/types.ts';

export interface Share {
  readonly requests: number;
  readonly met: number;
  readonly referred: number;
  readonly missed: number;
  readonly pending: number;
  readonly judged: number;
  /** met ÷ judged; null while none is judged */
  readonly compliance: number | null;
}

export const NO_REQUESTS: Share = {
  requests: 0,
  met: 0,
  referred: 0,
  missed: 0,
  pending: 0,
  judged: 0,
  compliance: null,
};

export function sumOf(rows: readonly ComplianceRow[]): Share {
  let { requests, met, referred, missed, pending } = NO_REQUESTS;
  for (const row of rows) {
    requests += row.requests;
    met += row.met;
    referred += row.referred;
    missed += row.missed;
    pending += row.pending;
  }
  const judged = met + referred + missed;
  return {
    requests,
    met,
    referred,
    missed,
    pending,
    judged,
    compliance: judged === 0 ? null : met / judged,
  };
}

/** A standard's figures (or all standards') this week and over the whole window. */
export interface StandardSummary {
  readonly standard: string;
  readonly thisWeek: Share;
  readonly window: Share;
}

/** One summary per standard that has requests in the window, in `order`. */
export function summariesByStandard(
  data: ComplianceByGroup,
  order: readonly string[],
): StandardSummary[] {
  const thisWeek = data.weeks.at(-1);
  const present = new Set(data.rows.map((row) => row.standard));
  const known = order.filter((id) => present.has(id));
  const others = [...present].filter((id) => !order.includes(id)).sort();
  return [...known, ...others].map((standard) => {
    const rows = data.rows.filter((row) => row.standard === standard);
    return {
      standard,
      thisWeek: sumOf(rows.filter((row) => row.weekStart === thisWeek)),
      window: sumOf(rows),
    };
  });
}

/** A line of the by-group grid: the whole network (`id` null) or one group. */
export interface GroupLine {
  readonly id: string | null;
  readonly name: string;
  /** One share per week of `data.weeks`. */
  readonly weeks: readonly Share[];
  readonly window: Share;
}

/**
 * Per group and week, for one standard (`standard`) or all pooled (null): the network
 * first, then the groups by name. A group with no request of the standard is left out.
 */
export function groupLines(
  data: ComplianceByGroup,
  standard: string | null,
  networkName: string,
): GroupLine[] {
  const rows = data.rows.filter((row) => standard === null || row.standard === standard);
  const line = (id: string | null, name: string, own: readonly ComplianceRow[]): GroupLine => ({
    id,
    name,
    weeks: data.weeks.map((week) => sumOf(own.filter((row) => row.weekStart === week))),
    window: sumOf(own),
  });
  const lines = data.groups
    .map((group) =>
      line(
        group.id,
        group.name,
        rows.filter((row) => row.group === group.id),
      ),
    )
    .filter((group) => group.window.requests > 0);
  return rows.length === 0 ? [] : [line(null, networkName, rows), ...lines];
}

/** A week's follow-ups with a clinician of their own, and how many stayed with them. */
export interface WeekContinuity {
  readonly weekStart: string;
  /** follow-ups that named the member's own clinician */
  readonly followups: number;
  /** of those, first seen by that clinician */
  readonly kept: number;
  /** kept ÷ followups; null without follow-ups */
  readonly share: number | null;
}

/**
 * Per week of `data.weeks` (every one, oldest first), the follow-ups of one standard or
 * all (null) summed over the groups: each request is in exactly one group, so the sum is
 * the network's (or the drill-down's center's) figure whatever the grouping.
 */
export function continuityByWeek(
  data: ComplianceByGroup,
  standard: string | null,
): WeekContinuity[] {
  return data.weeks.map((weekStart) => {
    let followups = 0;
    let kept = 0;
    for (const row of data.rows) {
      if (row.weekStart !== weekStart || (standard !== null && row.standard !== standard)) continue;
      followups += row.followups;
      kept += row.continuityKept;
    }
    return { weekStart, followups, kept, share: followups === 0 ? null : kept / followups };
  });
}
