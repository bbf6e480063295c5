/**
 * The impact report's rows (day × standard) added up per day, and the stacked bar chart
 * of them: per day of the original appointment, how many were kept, moved, referred out
 * or left unplaced. Plain data in, ECharts options out (no React, tested alone).
 */
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { formatDay } from '../scheduler/time.ts';
import type { ImpactRow } from './types.ts';

export interface DayTotals {
  readonly day: string;
  readonly kept: number;
  readonly moved: number;
  readonly referredOut: number;
  readonly unplaceable: number;
}

export function totalsByDay(rows: readonly ImpactRow[]): DayTotals[] {
  const days = new Map<
    string,
    { kept: number; moved: number; referredOut: number; unplaceable: number }
  >();
  for (const row of rows) {
    const day = days.get(row.day) ?? { kept: 0, moved: 0, referredOut: 0, unplaceable: 0 };
    day.kept += row.kept;
    day.moved += row.moved;
    day.referredOut += row.referredOut;
    day.unplaceable += row.unplaceable;
    days.set(row.day, day);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([day, totals]) => ({ day, ...totals }));
}

/** The series, in stacking order, with colours that stay apart for colour-blind readers. */
const SERIES: readonly (readonly [Exclude<keyof DayTotals, 'day'>, string, string])[] = [
  ['moved', 'Moved', '#1a7f37'],
  ['referredOut', 'Referred out', '#0b5cad'],
  ['unplaceable', 'Unplaceable', '#a3260f'],
  ['kept', 'Kept', '#8a949e'],
];

export function dayChartOption(days: readonly DayTotals[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 56 },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      data: days.map((d) => formatDay(d.day)),
      axisLabel: { hideOverlap: true, rotate: days.length > 14 ? 40 : 0 },
    },
    yAxis: { type: 'value', name: 'appointments', minInterval: 1 },
    series: SERIES.map(([key, name, color]) => ({
      name,
      type: 'bar',
      stack: 'day',
      // A few days only: bars, not blocks.
      barMaxWidth: 56,
      color,
      data: days.map((d) => d[key]),
    })),
  };
}
