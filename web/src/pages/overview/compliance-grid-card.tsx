/**
 * Compliance by medical center or by discipline, week by week (`GET /access/compliance`):
 * a grid with a row per center or discipline (the whole network first) and a column
 * per week, each cell the share of that week's judged requests that met the standard,
 * written in the cell and shaded by band — and the same shares with their counts as a
 * table one click away.
 */
import { useMemo } from 'react';
import type { ComplianceByGroup } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import { ChartCard } from './chart-card.tsx';
import { type GroupLine, groupLines, type Share } from './compliance.ts';
import { COUNT, percentOrDash, weekLabel } from './format.ts';

export type GroupBy = 'center' | 'discipline';

const DISCIPLINES: Readonly<Record<string, string>> = {
  psychologist: 'Psychologist',
  lcsw: 'Clinical social worker',
  lmft: 'Marriage & family therapist',
  psychiatrist: 'Psychiatrist',
  unassigned: 'Unassigned',
};

/**
 * Bands, low to high, from ColorBrewer's colour-blind-safe RdBu scheme in light tints so
 * the dark figure in each cell keeps a 4.5:1 contrast; the figure, not the colour,
 * carries the value.
 */
export const BANDS = [
  { from: 0, to: 70, colour: '#ef8a62', label: 'under 70%' },
  { from: 70, to: 90, colour: '#fddbc7', label: '70–90%' },
  { from: 90, to: 95, colour: '#d1e5f0', label: '90–95%' },
  { from: 95, to: 101, colour: '#92c5de', label: '95% and over' },
] as const;
const NO_FIGURE = '#eceff3';
/** A cell's value when none of its requests is judged yet: below every band. */
const NONE_JUDGED = -1;

export function ComplianceGridCard({
  answer,
  by,
  onBy,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<ComplianceByGroup>;
  readonly by: GroupBy;
  readonly onBy: (by: GroupBy) => void;
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const data = answer.state === 'ready' && answer.data.by === by ? answer.data : null;
  const lines = useMemo(
    () =>
      data === null
        ? []
        : groupLines(
            { ...data, groups: data.groups.map((g) => ({ ...g, name: groupName(g.name, by) })) },
            standard,
            'Whole network',
          ),
    [data, standard, by],
  );
  const weeks = data?.weeks ?? [];
  const option = useMemo(() => chartOption(lines, weeks), [lines, weeks]);
  const title = by === 'center' ? 'Compliance by medical center' : 'Compliance by discipline';

  return (
    <ChartCard
      id="compliance-grid"
      title={title}
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel={`${title}: the numbers`}
      table={lines.length > 0 ? <GridTable lines={lines} weeks={weeks} by={by} /> : null}
      wide
      controls={
        <fieldset className="segmented">
          <legend className="visually-hidden">Group by</legend>
          {(['center', 'discipline'] as const).map((option) => (
            <label key={option}>
              <input
                type="radio"
                name="compliance-group"
                value={option}
                checked={by === option}
                onChange={() => onBy(option)}
              />
              {option === 'center' ? 'Medical center' : 'Discipline'}
            </label>
          ))}
        </fieldset>
      }
    >
      {(answer.state === 'loading' || (answer.state === 'ready' && data === null)) && (
        <Loading what="compliance by group" />
      )}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
      {data !== null && lines.length === 0 && (
        <Empty>No requests in the last {weeks.length} weeks.</Empty>
      )}
      {lines.length > 0 && (
        <>
          <Chart
            option={option}
            height={64 + 26 * lines.length}
            label={chartSummary(lines, weeks, by)}
          />
          <ul className="band-legend" aria-label="Shading">
            {BANDS.map((band) => (
              <li key={band.label}>
                <span className="swatch" style={{ background: band.colour }} aria-hidden="true" />
                {band.label}
              </li>
            ))}
            <li>
              <span className="swatch" style={{ background: NO_FIGURE }} aria-hidden="true" />
              none judged yet
            </li>
          </ul>
          <p className="chart-note">
            A week counts the requests whose clock started in it. In recent weeks many are still
            pending (deadline ahead, no appointment in time yet), so their share settles as those
            deadlines pass.
          </p>
        </>
      )}
    </ChartCard>
  );
}

function groupName(name: string, by: GroupBy): string {
  return by === 'discipline' ? (DISCIPLINES[name] ?? name) : name;
}

function cellText(share: Share): string {
  return share.compliance === null ? '–' : `${Math.round(share.compliance * 100)}`;
}

function chartOption(lines: readonly GroupLine[], weeks: readonly string[]): EChartsCoreOption {
  // A category axis draws its first value at the bottom: the network goes last to be on top.
  const rows = [...lines].reverse();
  const data = rows.flatMap((line, y) =>
    line.weeks.map((share, x) => ({
      value: [
        x,
        y,
        share.compliance === null ? NONE_JUDGED : Math.round(share.compliance * 1000) / 10,
      ],
      share,
      label: { show: true, formatter: cellText(share) },
    })),
  );
  return {
    animation: false,
    grid: { left: 8, right: 8, top: 8, bottom: 28, containLabel: true },
    tooltip: {
      formatter: (params: { data?: { share?: Share; value?: number[] } }) => {
        const share = params.data?.share;
        const [x = 0, y = 0] = params.data?.value ?? [];
        const line = rows[y];
        if (!share || !line) return '';
        return `${line.name}, week of ${weekLabel(weeks[x] ?? '')}<br>${percentOrDash(
          share.compliance,
        )} met: ${COUNT.format(share.met)} of ${COUNT.format(share.judged)} judged, ${COUNT.format(
          share.pending,
        )} pending`;
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
    // ECharts colours a heatmap through a visual map; the page draws its legend itself.
    visualMap: {
      type: 'piecewise',
      show: false,
      dimension: 2,
      pieces: [
        { lt: 0, color: NO_FIGURE },
        ...BANDS.map((band) => ({ gte: band.from, lt: band.to, color: band.colour })),
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

function chartSummary(lines: readonly GroupLine[], weeks: readonly string[], by: GroupBy): string {
  const network = lines[0];
  const lastWeek = weeks.length - 1;
  const judgedLines = lines.slice(1).filter((line) => line.window.compliance !== null);
  const lowest = [...judgedLines].sort(
    (a, b) => (a.window.compliance ?? 1) - (b.window.compliance ?? 1),
  )[0];
  return `Grid of the share of requests that met their deadline, by ${
    by === 'center' ? 'medical center' : 'discipline'
  } and week over ${weeks.length} weeks. Whole network this week: ${percentOrDash(
    network?.weeks[lastWeek]?.compliance ?? null,
  )}; over the ${weeks.length} weeks: ${percentOrDash(network?.window.compliance ?? null)}.${
    lowest ? ` Lowest: ${lowest.name}, ${percentOrDash(lowest.window.compliance)}.` : ''
  } The numbers are in the table under "Show the numbers".`;
}

function GridTable({
  lines,
  weeks,
  by,
}: {
  readonly lines: readonly GroupLine[];
  readonly weeks: readonly string[];
  readonly by: GroupBy;
}) {
  return (
    <table className="grid-table">
      <caption>
        Share of judged requests that met their deadline (met / judged), by{' '}
        {by === 'center' ? 'medical center' : 'discipline'} and week
      </caption>
      <thead>
        <tr>
          <th scope="col">{by === 'center' ? 'Medical center' : 'Discipline'}</th>
          {weeks.map((week) => (
            <th scope="col" className="num" key={week}>
              {weekLabel(week)}
            </th>
          ))}
          <th scope="col" className="num">
            {weeks.length} weeks
          </th>
        </tr>
      </thead>
      <tbody>
        {lines.map((line) => (
          <tr key={line.id ?? 'network'}>
            <th scope="row">{line.name}</th>
            {[...line.weeks, line.window].map((share, i) => (
              <td className="num" key={weeks[i] ?? 'window'}>
                {percentOrDash(share.compliance)}
                <span className="cell-counts">
                  {COUNT.format(share.met)}/{COUNT.format(share.judged)}
                </span>
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
