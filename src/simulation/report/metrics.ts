/**
 * The figures a comparison shows, in order, and how each is printed. The terminal table
 * and the HTML report both read this list, so they never disagree on what a row means.
 */

import { CALIFORNIA_STANDARDS } from '../../engine/rules/standards.ts';
import type { SimulationResult, SimulationSummary } from '../../engine/simulation/result.ts';
import {
  compareReplications,
  type Estimate,
  estimateFigure,
  standardIdsOf,
} from '../../engine/simulation/statistics.ts';
import { decimalsFor, formatNumber, formatPercent, formatSigned } from './format.ts';

export type MetricKind = 'count' | 'share' | 'days' | 'hours' | 'money';

export interface Metric {
  /** Rows are shown in groups: a standard's id, or a heading such as "Backlog". */
  readonly group: string;
  readonly label: string;
  readonly kind: MetricKind;
  /** In the short terminal table too (otherwise only in the HTML report). */
  readonly brief: boolean;
  readonly figure: (summary: SimulationSummary) => number | null;
}

/**
 * Standard ids of the results: California's in the statute's order first, then any other
 * in order of appearance.
 */
export function orderedStandardIds(results: readonly SimulationResult[]): string[] {
  const present = new Set(standardIdsOf(results));
  const known = CALIFORNIA_STANDARDS.map((s) => s.id).filter((id) => present.has(id));
  return [...known, ...[...present].filter((id) => !known.includes(id))];
}

/** Wait figures exist only where someone was seen under the standard. */
function waitOf(
  id: string,
  pick: 'mean' | 'p50' | 'p90' | 'p99',
): (summary: SimulationSummary) => number | null {
  return (summary) => {
    const figures = summary.standards[id];
    return figures !== undefined && figures.count > 0 ? figures.waitDays[pick] : null;
  };
}

export function reportMetrics(standardIds: readonly string[]): Metric[] {
  const perStandard = standardIds.flatMap((group): Metric[] => [
    {
      group,
      label: 'seen',
      kind: 'count',
      brief: false,
      figure: (s) => s.standards[group]?.count ?? 0,
    },
    {
      group,
      label: 'compliance',
      kind: 'share',
      brief: true,
      figure: (s) => s.standards[group]?.compliance ?? null,
    },
    { group, label: 'wait p50 (days)', kind: 'days', brief: true, figure: waitOf(group, 'p50') },
    { group, label: 'wait p90 (days)', kind: 'days', brief: true, figure: waitOf(group, 'p90') },
    { group, label: 'wait p99 (days)', kind: 'days', brief: false, figure: waitOf(group, 'p99') },
    { group, label: 'wait mean (days)', kind: 'days', brief: false, figure: waitOf(group, 'mean') },
  ]);
  const activity = 'Activity';
  const backlog = 'Backlog (requests not yet seen)';
  const workforce = 'Workforce and cost';
  return [
    ...perStandard,
    { group: activity, label: 'requests', kind: 'count', brief: false, figure: (s) => s.requests },
    { group: activity, label: 'visits', kind: 'count', brief: true, figure: (s) => s.visits },
    {
      group: activity,
      label: 'external visits',
      kind: 'count',
      brief: false,
      figure: (s) => s.externalVisits,
    },
    { group: activity, label: 'no-shows', kind: 'count', brief: false, figure: (s) => s.noShows },
    {
      group: activity,
      label: 'cancellations',
      kind: 'count',
      brief: false,
      figure: (s) => s.cancellations,
    },
    {
      group: activity,
      label: 'referrals out',
      kind: 'count',
      brief: true,
      figure: (s) => s.referralsOut,
    },
    {
      group: activity,
      label: 'unplaced at end',
      kind: 'count',
      brief: true,
      figure: (s) => s.unplaced,
    },
    { group: activity, label: 'rebooked', kind: 'count', brief: false, figure: (s) => s.rebooked },
    { group: backlog, label: 'mean', kind: 'count', brief: true, figure: (s) => s.backlog.mean },
    { group: backlog, label: 'max', kind: 'count', brief: true, figure: (s) => s.backlog.max },
    { group: backlog, label: 'end', kind: 'count', brief: true, figure: (s) => s.backlog.end },
    {
      group: workforce,
      label: 'utilisation',
      kind: 'share',
      brief: true,
      figure: (s) => s.utilisation,
    },
    {
      group: workforce,
      label: 'session hours',
      kind: 'hours',
      brief: false,
      figure: (s) => s.sessionHours,
    },
    {
      group: workforce,
      label: 'admin hours',
      kind: 'hours',
      brief: false,
      figure: (s) => s.adminHours,
    },
    {
      group: workforce,
      label: 'clinicians at end',
      kind: 'count',
      brief: false,
      figure: (s) => s.cliniciansEnd,
    },
    { group: workforce, label: 'wage cost', kind: 'money', brief: true, figure: (s) => s.wageCost },
    {
      group: workforce,
      label: 'external cost',
      kind: 'money',
      brief: true,
      figure: (s) => s.externalCost,
    },
  ];
}

/** Decimals a value of a metric is printed with (about three significant figures). */
function decimalsOf(kind: MetricKind, value: number): number {
  switch (kind) {
    case 'share':
      return 1;
    case 'days':
      return decimalsFor(value);
    case 'money':
      return 0;
    case 'count':
    case 'hours':
      // Means over replications are fractional; a tenth is enough below a hundred.
      return Number.isInteger(value) ? 0 : decimalsFor(value, 1);
  }
}

/** A value of a metric as printed: "87.3%", "2.45", "1,234", "$1,234,567". */
export function formatMetric(
  kind: MetricKind,
  value: number,
  decimals = decimalsOf(kind, value),
): string {
  if (kind === 'share') return formatPercent(value, decimals);
  if (kind === 'money') return `$${formatNumber(value, decimals)}`;
  return formatNumber(value, decimals);
}

/** A difference of a metric: shares in percentage points ("+2.1 pp"), others signed. */
export function formatMetricDifference(kind: MetricKind, value: number): string {
  if (kind === 'share') return `${formatSigned(value * 100, (m) => formatNumber(m, 1))} pp`;
  return formatSigned(value, (m) => formatMetric(kind, m));
}

/**
 * Half the width of a 95% interval, as printed after "±", to the decimals of the mean it
 * qualifies; null without an interval.
 */
export function formatHalfWidth(kind: MetricKind, estimate: Estimate): string | null {
  if (estimate.low === null || estimate.high === null) return null;
  const half = (estimate.high - estimate.low) / 2;
  const decimals = decimalsOf(kind, estimate.mean);
  if (kind === 'share') return `${formatNumber(half * 100, decimals)} pp`;
  return formatMetric(kind, half, decimals);
}

export interface ScenarioRuns {
  readonly name: string;
  /** One result per seed; the first scenario is the baseline the others are compared to. */
  readonly replications: readonly SimulationResult[];
}

export interface MetricCell {
  readonly value: Estimate | null;
  /** Scenario minus baseline; null for the baseline itself or when either has no value. */
  readonly difference: Estimate | null;
}

/** Each scenario's estimate of a metric and its difference to the first scenario (the baseline). */
export function metricCells(metric: Metric, scenarios: readonly ScenarioRuns[]): MetricCell[] {
  const baseline = scenarios[0]?.replications ?? [];
  return scenarios.map((scenario, index) => ({
    value: estimateFigure(scenario.replications, metric.figure),
    difference:
      index === 0 ? null : compareReplications(baseline, scenario.replications, metric.figure),
  }));
}
