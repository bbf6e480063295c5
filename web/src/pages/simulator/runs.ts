/**
 * Finished runs and the figures that compare them. The figures, their order and their
 * formatting are the CLI report's (src/simulation/report/metrics.ts), so the page and
 * `timely simulate` never disagree on what "compliance" or "wait p90" means or how it
 * is rounded; differences are to the first run compared, as the report's are to its
 * baseline.
 */
import type { DailyRow, SimulationResult } from '../../../../src/engine/simulation/result.ts';
import {
  formatMetric,
  formatMetricDifference,
  type Metric,
  metricCells,
  orderedStandardIds,
  reportMetrics,
} from '../../../../src/simulation/report/metrics.ts';
import { standardName } from '../standards.ts';

export interface Run {
  /** 1, 2, 3… in the order the runs finished. */
  readonly id: number;
  /** "2. strike-4-weeks · seed 7": what the table, legend and list call the run. */
  readonly label: string;
  readonly name: string;
  readonly seed: number;
  readonly result: SimulationResult;
}

export function runLabel(id: number, name: string, seed: number): string {
  return `${id}. ${name} · seed ${seed}`;
}

export interface SummaryCell {
  readonly text: string;
  /** Against the first run compared ("+2.1 pp", "-340"); null for that run or no value. */
  readonly difference: string | null;
}

export interface SummaryRow {
  readonly label: string;
  readonly cells: readonly SummaryCell[];
}

export interface SummaryGroup {
  /** A standard's short name, or the report's heading ("Activity", "Backlog …"). */
  readonly heading: string;
  readonly rows: readonly SummaryRow[];
}

/**
 * The report's short table (what its terminal table shows), plus how many were seen
 * under each standard: a compliance share means little without its count.
 */
function shownMetric(metric: Metric): boolean {
  return metric.brief || metric.label === 'seen';
}

/** The summary of each run, side by side, in the report's groups and order. */
export function summaryGroups(runs: readonly Run[]): SummaryGroup[] {
  const standards = new Set(orderedStandardIds(runs.map((run) => run.result)));
  const scenarios = runs.map((run) => ({ name: run.label, replications: [run.result] }));
  const groups: { heading: string; rows: SummaryRow[] }[] = [];
  for (const metric of reportMetrics([...standards]).filter(shownMetric)) {
    const heading = standards.has(metric.group) ? standardName(metric.group) : metric.group;
    let group = groups.at(-1);
    if (group?.heading !== heading) {
      group = { heading, rows: [] };
      groups.push(group);
    }
    const cells = metricCells(metric, scenarios).map(
      (cell): SummaryCell => ({
        text: cell.value === null ? '—' : formatMetric(metric.kind, cell.value.mean),
        difference:
          cell.difference === null
            ? null
            : formatMetricDifference(metric.kind, cell.difference.mean),
      }),
    );
    group.rows.push({ label: metric.label, cells });
  }
  return groups;
}

/** The daily columns the page charts. */
export type Measure = 'compliance' | 'backlog' | 'cliniciansAtWork' | 'visits';

export interface MeasureSpec {
  readonly label: string;
  /** What one value is, for the axis and the table. */
  readonly unit: string;
  readonly kind: 'share' | 'count';
  /** The chart's caption: how to read it. */
  readonly caption: string;
}

export const MEASURES: Readonly<Record<Measure, MeasureSpec>> = {
  compliance: {
    label: 'Compliance over time',
    unit: 'share seen by the deadline',
    kind: 'share',
    caption:
      'Share of the requests seen each day that were seen by their legal deadline (the dashed line: a 90% target).',
  },
  backlog: {
    label: 'Backlog over time',
    unit: 'requests not yet seen',
    kind: 'count',
    caption: 'Requests not yet seen (booked ahead or waiting) at the end of each day.',
  },
  cliniciansAtWork: {
    label: 'Clinicians at work',
    unit: 'clinicians at work',
    kind: 'count',
    caption: 'Clinicians employed and not away (leave, stoppage) each day.',
  },
  visits: {
    label: 'Visits per day',
    unit: 'visits in network',
    kind: 'count',
    caption: 'Visits that took place in network each day.',
  },
};

export function dailyValue(row: DailyRow, measure: Measure): number | null {
  return row[measure];
}

/** A value of a measure as the table prints it. */
export function formatDaily(measure: Measure, value: number | null): string {
  if (value === null) return '—';
  return formatMetric(MEASURES[measure].kind, value);
}

/** Every date any of the runs has, in order (ISO dates sort as text). */
export function datesOf(runs: readonly Run[]): string[] {
  const dates = new Set<string>();
  for (const run of runs) for (const row of run.result.daily) dates.add(row.date);
  return [...dates].sort();
}

/** One sentence of what a chart shows, for screen readers (the canvas says nothing). */
export function describeDaily(runs: readonly Run[], measure: Measure): string {
  const spec = MEASURES[measure];
  const parts = runs.map((run) => {
    const values = run.result.daily
      .map((row) => dailyValue(row, measure))
      .filter((v): v is number => v !== null);
    if (values.length === 0) return `${run.label}: no data`;
    const show = (v: number) => formatDaily(measure, v);
    return `${run.label}: lowest ${show(Math.min(...values))}, highest ${show(Math.max(...values))}, last ${show(values.at(-1)!)}`;
  });
  return `Line chart of ${spec.unit} per day, one line per run. ${parts.join('; ')}. The numbers are in the table under "Show the daily numbers".`;
}
