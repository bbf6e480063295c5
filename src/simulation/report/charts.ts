/**
 * The report's charts as hand-written SVG: a daily column over time with one line per
 * scenario (compliance, backlog), and the distribution of waits under a standard (the
 * share of requests seen within x days, one line per scenario, the legal deadline
 * marked). No browser and no chart library: the files are small, open anywhere, and
 * the same results always give the same bytes.
 */

import type { DailyRow } from '../../engine/simulation/result.ts';
import { WAIT_BINS_PER_DAY } from '../../engine/simulation/result.ts';
import {
  cumulativeShares,
  histogramQuantile,
  histogramTotal,
} from '../../engine/simulation/statistics.ts';
import { dateTicks, dayOfDate, niceTicks } from './axes.ts';
import {
  dashAttribute,
  horizontalReference,
  type LegendEntry,
  linearScale,
  PLOT,
  pathThrough,
  renderChart,
  verticalReference,
} from './chart-frame.ts';
import { decimalsFor, formatNumber, formatPercent } from './format.ts';
import { seriesStyle } from './svg.ts';

/** Daily columns that can be charted (all numbers; compliance may be null on a day). */
export type DailyColumn = Exclude<keyof DailyRow, 'date'>;

export interface ScenarioDaily {
  readonly name: string;
  readonly daily: readonly DailyRow[];
}

export interface DailyChartOptions {
  /** Unique among the charts of a page (element ids derive from it). */
  readonly id: string;
  readonly title: string;
  readonly column: DailyColumn;
  readonly yLabel: string;
  readonly yFormat: 'percent' | 'number';
  /** Fixed value range (e.g. [0, 1] for compliance); otherwise from 0 (or the data's minimum) to its maximum. */
  readonly yDomain?: readonly [number, number];
  /** A dashed horizontal line, e.g. a 90% compliance target. */
  readonly reference?: { readonly value: number; readonly label: string };
  readonly scenarios: readonly ScenarioDaily[];
}

function formatValue(value: number, format: 'percent' | 'number', step: number): string {
  if (format === 'percent') return formatPercent(value, step * 100 < 1 ? 1 : 0);
  return formatNumber(value, step < 1 ? Math.min(3, Math.ceil(-Math.log10(step))) : 0);
}

/**
 * One daily column over time, a line per scenario in a fixed colour order (the first,
 * the baseline, in black). A day without a value (compliance on a day nobody was seen,
 * e.g. a Sunday) has no point; the line joins the days either side of it rather than
 * breaking every weekend.
 */
export function dailyChart(options: DailyChartOptions): string {
  const { column, scenarios } = options;
  const values = scenarios.flatMap((s) =>
    s.daily.map((row) => row[column]).filter((v): v is number => typeof v === 'number'),
  );
  // ISO dates sort as text.
  const dates = scenarios.flatMap((s) => s.daily.map((row) => row.date)).sort();
  const firstDate = dates[0] ?? '1970-01-01';
  const lastDate = dates[dates.length - 1] ?? firstDate;
  const firstDay = dayOfDate(firstDate);
  const lastDay = dayOfDate(lastDate);
  const xScale = linearScale(
    [firstDay, lastDay === firstDay ? firstDay + 1 : lastDay],
    [PLOT.left, PLOT.right],
  );
  const yTicks = options.yDomain
    ? niceTicks(options.yDomain[0], options.yDomain[1])
    : niceTicks(Math.min(0, ...values), values.length > 0 ? Math.max(...values) : 1);
  const yDomain: [number, number] = options.yDomain
    ? [options.yDomain[0], options.yDomain[1]]
    : [yTicks[0]!, yTicks[yTicks.length - 1]!];
  const yScale = linearScale(yDomain, [PLOT.bottom, PLOT.top]);
  const step = yTicks.length > 1 ? yTicks[1]! - yTicks[0]! : 1;
  const shown = (value: number): string => formatValue(value, options.yFormat, step);

  const marks: string[] = [];
  const annotations: string[] = [];
  if (options.reference) {
    const reference = horizontalReference(yScale(options.reference.value), options.reference.label);
    marks.push(reference.line);
    annotations.push(reference.label);
  }
  const legend: LegendEntry[] = [];
  const described: string[] = [];
  scenarios.forEach((scenario, index) => {
    const style = seriesStyle(index);
    const points = scenario.daily.flatMap((row) => {
      const value = row[column];
      return typeof value === 'number'
        ? [[xScale(dayOfDate(row.date)), yScale(value)] as const]
        : [];
    });
    const present = scenario.daily
      .map((row) => row[column])
      .filter((v): v is number => typeof v === 'number');
    legend.push({
      name: scenario.name,
      ...style,
      ...(present.length === 0 ? { note: '(no data)' } : {}),
    });
    if (points.length > 0) {
      marks.push(
        `<path d="${pathThrough(points)}" stroke="${style.color}" stroke-width="2" stroke-linejoin="round"${dashAttribute(style.dash)}/>`,
      );
      described.push(
        `${scenario.name}: from ${shown(present[0]!)} to ${shown(present[present.length - 1]!)}, lowest ${shown(Math.min(...present))}, highest ${shown(Math.max(...present))}`,
      );
    } else {
      described.push(`${scenario.name}: no data`);
    }
  });

  const first = scenarios.find((s) => s.daily.length > 0)?.daily;
  const period =
    first === undefined ? 'no days' : `${first[0]!.date} to ${first[first.length - 1]!.date}`;
  return renderChart({
    id: options.id,
    title: options.title,
    description: `Line chart of ${options.yLabel.toLowerCase()} per day, ${period}, one line per scenario. ${described.join('; ')}.`,
    xLabel: 'Date',
    yLabel: options.yLabel,
    xTicks: dateTicks(firstDate, lastDate).map((tick) => ({
      at: xScale(tick.day),
      label: tick.label,
    })),
    yTicks: yTicks.map((value) => ({ at: yScale(value), label: shown(value) })),
    marks,
    annotations,
    legend,
  });
}

export interface ScenarioWaits {
  readonly name: string;
  /** Waits in bins of 1/WAIT_BINS_PER_DAY day, the last bin open-ended (as a run keeps them). */
  readonly histogram: ArrayLike<number>;
}

export interface WaitChartOptions {
  readonly id: string;
  readonly title: string;
  /** The legal deadline in (calendar) days, drawn as a dashed vertical line. */
  readonly deadline?: { readonly days: number; readonly label: string };
  readonly scenarios: readonly ScenarioWaits[];
}

/** Points of a line drawn in a chart, at most this many per scenario. */
const MAX_POINTS = 600;

/** Share of the waits in `histogram` shorter than `days`, spreading each bin's waits evenly. */
export function shareWithin(histogram: ArrayLike<number>, days: number): number | null {
  const shares = cumulativeShares(histogram);
  if (shares === null) return null;
  const position = Math.max(0, days * WAIT_BINS_PER_DAY);
  const bin = Math.floor(position);
  if (bin >= shares.length - 1) return shares[shares.length - 2] ?? 0;
  const before = bin === 0 ? 0 : shares[bin - 1]!;
  return before + (shares[bin]! - before) * (position - bin);
}

/**
 * The distribution of waits under one standard: for each x, the share of requests seen
 * within x days (the empirical distribution function, exact at hour edges and straight
 * between them). The x axis runs to the longest 99th percentile of the scenarios, or a
 * little past the deadline if that is later.
 */
export function waitDistributionChart(options: WaitChartOptions): string {
  const { scenarios, deadline } = options;
  const lastBin = Math.max(0, ...scenarios.map((s) => s.histogram.length - 1));
  const longestP99 = Math.max(
    0,
    ...scenarios.map((s) =>
      histogramTotal(s.histogram) > 0 ? histogramQuantile(s.histogram, 0.99) : 0,
    ),
  );
  const wanted = Math.max(longestP99, deadline ? deadline.days * 1.25 : 0, 1 / WAIT_BINS_PER_DAY);
  const xTicks = niceTicks(0, Math.min(wanted, lastBin / WAIT_BINS_PER_DAY));
  const xMax = xTicks[xTicks.length - 1]!;
  const xScale = linearScale([0, xMax], [PLOT.left, PLOT.right]);
  const yTicks = niceTicks(0, 1);
  const yScale = linearScale([0, 1], [PLOT.bottom, PLOT.top]);
  const binsShown = Math.min(lastBin, Math.round(xMax * WAIT_BINS_PER_DAY));
  const stride = Math.max(1, Math.ceil(binsShown / MAX_POINTS));

  const marks: string[] = [];
  const annotations: string[] = [];
  if (deadline) {
    const reference = verticalReference(xScale(deadline.days), deadline.label);
    marks.push(reference.line);
    annotations.push(reference.label);
  }
  const legend: LegendEntry[] = [];
  const described: string[] = [];
  scenarios.forEach((scenario, index) => {
    const style = seriesStyle(index);
    const shares = cumulativeShares(scenario.histogram);
    if (shares === null) {
      legend.push({ name: scenario.name, ...style, note: '(no requests)' });
      described.push(`${scenario.name}: no requests`);
      return;
    }
    legend.push({ name: scenario.name, ...style });
    // Bin i ends at (i + 1) / WAIT_BINS_PER_DAY days, where the share seen is shares[i].
    const points: [number, number][] = [[xScale(0), yScale(0)]];
    for (let end = stride; end <= binsShown; end += stride) {
      points.push([xScale(end / WAIT_BINS_PER_DAY), yScale(shares[end - 1]!)]);
    }
    if (binsShown % stride !== 0) {
      points.push([xScale(binsShown / WAIT_BINS_PER_DAY), yScale(shares[binsShown - 1]!)]);
    }
    marks.push(
      `<path d="${pathThrough(points)}" stroke="${style.color}" stroke-width="2" stroke-linejoin="round"${dashAttribute(style.dash)}/>`,
    );
    const p50 = histogramQuantile(scenario.histogram, 0.5);
    const p90 = histogramQuantile(scenario.histogram, 0.9);
    const withinDeadline = deadline ? shareWithin(scenario.histogram, deadline.days) : null;
    described.push(
      `${scenario.name}: half seen within ${formatNumber(p50, decimalsFor(p50))} days, 90% within ${formatNumber(p90, decimalsFor(p90))} days${withinDeadline === null ? '' : `, ${formatPercent(withinDeadline)} within the deadline`}`,
    );
  });

  const xStep = xTicks.length > 1 ? xTicks[1]! - xTicks[0]! : 1;
  return renderChart({
    id: options.id,
    title: options.title,
    description: `Share of requests seen within a number of days of the clock start, one line per scenario${deadline ? `; the dashed line marks the deadline (${deadline.label})` : ''}. ${described.join('; ')}.`,
    xLabel: 'Days from clock start to visit',
    yLabel: 'Share of requests seen',
    xTicks: xTicks.map((value) => ({
      at: xScale(value),
      label: formatNumber(value, xStep < 1 ? Math.ceil(-Math.log10(xStep) - 1e-9) : 0),
    })),
    yTicks: yTicks.map((value) => ({ at: yScale(value), label: formatPercent(value, 0) })),
    marks,
    annotations,
    legend,
  });
}
