/**
 * The comparison chart: one daily measure over time, a line per run, in the CLI report's
 * colour and dash order (the first run black), on a time axis so runs of different
 * lengths or start dates line up by date.
 */
import { seriesStyle } from '../../../../src/simulation/report/svg.ts';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { dailyValue, formatDaily, MEASURES, type Measure, type Run } from './runs.ts';

/** The report's compliance target line (src/simulation/report/write-report.ts). */
const COMPLIANCE_TARGET = 0.9;

export function dailyChartOption(runs: readonly Run[], measure: Measure): EChartsCoreOption {
  const spec = MEASURES[measure];
  const share = spec.kind === 'share';
  return {
    animation: false,
    grid: { left: 64, right: 24, top: 48, bottom: 40 },
    legend: { top: 0, type: 'plain', textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value: unknown) =>
        formatDaily(measure, typeof value === 'number' ? value : null),
    },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true } },
    yAxis: {
      type: 'value',
      name: spec.unit,
      nameTextStyle: { align: 'left' },
      ...(share
        ? {
            min: 0,
            max: 1,
            axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
          }
        : { min: 0 }),
    },
    series: runs.map((run, index) => {
      const style = seriesStyle(index);
      return {
        name: run.label,
        type: 'line',
        showSymbol: false,
        // A day nobody was seen (a Sunday) has no compliance: join the days either side,
        // as the report's chart does, rather than break the line every weekend.
        connectNulls: true,
        color: style.color,
        lineStyle: {
          width: 2,
          color: style.color,
          type: style.dash === '' ? 'solid' : style.dash.split(' ').map(Number),
        },
        data: run.result.daily.map((row) => [row.date, dailyValue(row, measure)]),
        ...(share && index === 0
          ? {
              markLine: {
                silent: true,
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#4d5761' },
                label: { formatter: 'target 90%', position: 'insideStartBottom' },
                data: [{ yAxis: COMPLIANCE_TARGET }],
              },
            }
          : {}),
      };
    }),
  };
}
