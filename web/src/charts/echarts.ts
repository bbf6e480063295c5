/**
 * ECharts, only the parts the app draws with (bar charts on a canvas, axes, tooltip,
 * legend), so the first page stays small: the whole library is ~1 MB, these ~150 kB
 * gzipped.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type { EChartsCoreOption } from 'echarts/core';
export { echarts };
