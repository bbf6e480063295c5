/**
 * The overview's week grids (compliance by group, utilisation by center): one row per
 * group with the network's on top, one column per week, each cell a percentage written
 * in it and shaded by band. The cards give the rows, what a cell shows and says; the
 * chart's look is decided once, here.
 */
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { weekLabel } from './format.ts';

/** A cell with no figure (nothing judged, nothing offered): shaded apart from every band. */
export const NO_FIGURE = '#eceff3';
const NO_VALUE = -1;

export interface HeatmapBand {
  /** Percent, inclusive. */
  readonly from: number;
  /** Percent, exclusive. */
  readonly to: number;
  readonly colour: string;
}

export interface HeatmapLine<Cell> {
  readonly name: string;
  readonly weeks: readonly Cell[];
}

export interface HeatmapCells<Cell> {
  /** The cell's share (0–1), or null when it has none. */
  readonly share: (cell: Cell) => number | null;
  /** The tooltip's second line, after "<name>, week of <week>". */
  readonly describe: (cell: Cell) => string;
}

export function weekHeatmapOption<Cell>(
  lines: readonly HeatmapLine<Cell>[],
  weeks: readonly string[],
  cells: HeatmapCells<Cell>,
  bands: readonly HeatmapBand[],
): EChartsCoreOption {
  // A category axis draws its first value at the bottom: the network (first line) goes
  // last, to be on top.
  const rows = [...lines].reverse();
  const data = rows.flatMap((line, y) =>
    line.weeks.map((cell, x) => {
      const share = cells.share(cell);
      return {
        value: [x, y, share === null ? NO_VALUE : Math.round(share * 1000) / 10],
        cell,
        label: { show: true, formatter: share === null ? '–' : `${Math.round(share * 100)}` },
      };
    }),
  );
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 28, containLabel: true },
    tooltip: {
      formatter: (params: { data?: { cell?: Cell; value?: number[] } }) => {
        const cell = params.data?.cell;
        const [x = 0, y = 0] = params.data?.value ?? [];
        const line = rows[y];
        if (cell === undefined || !line) return '';
        return `${line.name}, week of ${weekLabel(weeks[x] ?? '')}<br>${cells.describe(cell)}`;
      },
    },
    xAxis: {
      type: 'category',
      data: weeks.map(weekLabel),
      splitArea: { show: false },
      axisTick: { show: false },
      axisLine: { show: false },
    },
    yAxis: {
      type: 'category',
      data: rows.map((line) => line.name),
      axisTick: { show: false },
      axisLine: { show: false },
      axisLabel: {
        fontSize: 12,
        color: '#1b1f24',
        // The network's line (drawn last, on top) in bold.
        formatter: (name: string, index: number) =>
          index === rows.length - 1 ? `{network|${name}}` : name,
        rich: { network: { fontWeight: 'bold', fontSize: 12, color: '#1b1f24' } },
      },
    },
    // ECharts colours a heatmap through a visual map; the cards draw their legends.
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 2,
      pieces: [
        { lt: 0, color: NO_FIGURE },
        ...bands.map((band) => ({ gte: band.from, lt: band.to, color: band.colour })),
      ],
    },
    series: [
      {
        type: 'heatmap',
        // A few hundred cells: drawn at once on the chart's one canvas, not in layers.
        progressive: 0,
        data,
        label: { color: '#1b1f24', fontSize: 12 },
        itemStyle: { borderColor: '#ffffff', borderWidth: 2 },
        emphasis: { disabled: true },
      },
    ],
  };
}
