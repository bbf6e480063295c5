/**
 * Compliance by medical center, discipline, language or request type, week by week
 * (`GET /access/compliance`): a grid with a row per group (the whole network, or in a
 * drill-down the whole center, first) and a column per week, each cell the share of that
 * week's judged requests that met the standard, written in the cell and shaded by band —
 * the same shares with their counts as a table one click away, and the same rows as a
 * CSV file. In the network's view by center, a center's row (in the table, or on the
 * chart) opens that center's drill-down.
 */
import { type MouseEvent, useMemo } from 'react';
import type { ComplianceByGroup, ComplianceGrouping } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { navigate } from '../../app/router.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import { BandLegend } from './band-legend.tsx';
import { ChartCard } from './chart-card.tsx';
import { type GroupLine, groupLines, type Share } from './compliance.ts';
import { COUNT, groupName, overviewPath, percentOrDash, weekLabel } from './format.ts';
import { weekHeatmapOption } from './week-heatmap.ts';

/** What each grouping is called: on its switch, and in a sentence. */
const GROUPINGS: Readonly<Record<ComplianceGrouping, { label: string; noun: string }>> = {
  center: { label: 'Medical center', noun: 'medical center' },
  discipline: { label: 'Discipline', noun: 'discipline' },
  language: { label: 'Language', noun: 'language' },
  type: { label: 'Request type', noun: 'request type' },
};
/** Inside one center every request is that center's: no grouping by center there. */
const NETWORK_GROUPINGS = ['center', 'discipline', 'language', 'type'] as const;
const CENTER_GROUPINGS = ['discipline', 'language', 'type'] as const;

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

export function ComplianceGridCard({
  answer,
  by,
  onBy,
  center,
  centerName,
  csvPath,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<ComplianceByGroup>;
  readonly by: ComplianceGrouping;
  readonly onBy: (by: ComplianceGrouping) => void;
  /** The drill-down's center, or null for the whole network. */
  readonly center: string | null;
  readonly centerName: string | null;
  /** The same rows as CSV: the same grouping, center and weeks. */
  readonly csvPath: string;
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const data =
    answer.state === 'ready' && answer.data.by === by && answer.data.center === center
      ? answer.data
      : null;
  const total = center === null ? 'Whole network' : `All of ${centerName ?? center}`;
  const lines = useMemo(() => {
    if (data === null) return [];
    const groups = data.groups
      .map((g) => ({ ...g, name: groupName(g.name, by) }))
      .sort((a, b) => a.name.localeCompare(b.name, 'en') || a.id.localeCompare(b.id, 'en'));
    return groupLines({ ...data, groups }, standard, total);
  }, [data, standard, by, total]);
  const weeks = data?.weeks ?? [];
  const option = useMemo(() => chartOption(lines, weeks), [lines, weeks]);
  const title = `Compliance by ${GROUPINGS[by].noun}`;
  // The network's centers lead to their drill-downs.
  const linksToCenters = by === 'center' && center === null;

  return (
    <ChartCard
      id="compliance-grid"
      title={title}
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel={`${title}: the numbers`}
      table={
        lines.length > 0 ? (
          <GridTable lines={lines} weeks={weeks} by={by} linksToCenters={linksToCenters} />
        ) : null
      }
      wide
      controls={
        <>
          <fieldset className="segmented">
            <legend className="visually-hidden">Group by</legend>
            {(center === null ? NETWORK_GROUPINGS : CENTER_GROUPINGS).map((option) => (
              <label key={option}>
                <input
                  type="radio"
                  name="compliance-group"
                  value={option}
                  checked={by === option}
                  onChange={() => onBy(option)}
                />
                {GROUPINGS[option].label}
              </label>
            ))}
          </fieldset>
          {/* A plain download: the browser sends the session cookie, the server names the file. */}
          <a className="button-link" href={csvPath} download>
            Download CSV
          </a>
        </>
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
          {linksToCenters ? (
            // A shortcut for the pointer only: the table's links are the keyboard's way in.
            // biome-ignore lint/a11y/noStaticElementInteractions: the links in the table are the accessible equivalent
            // biome-ignore lint/a11y/useKeyWithClickEvents: the links in the table are the accessible equivalent
            <div className="chart-links" onClick={(event) => openCenterAt(event, lines)}>
              <Chart
                option={option}
                height={64 + 26 * lines.length}
                label={`${chartSummary(lines, weeks, by)} Each center's name in the table opens its own overview.`}
              />
            </div>
          ) : (
            <Chart
              option={option}
              height={64 + 26 * lines.length}
              label={chartSummary(lines, weeks, by)}
            />
          )}
          <BandLegend bands={BANDS} noFigure="none judged yet" />
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

/**
 * A click on the grid's chart, on a center's row (its cells or its label), opens that
 * center's drill-down. The chart's own instance turns the pixel into the row: the rows
 * are drawn bottom-up (see `chartOption`), the network's on top.
 */
function openCenterAt(event: MouseEvent<HTMLDivElement>, lines: readonly GroupLine[]): void {
  const box = event.currentTarget.querySelector<HTMLDivElement>('.chart');
  if (!box) return;
  const bounds = box.getBoundingClientRect();
  const point = [event.clientX - bounds.left, event.clientY - bounds.top];
  // Loaded already: the chart being clicked was drawn with it.
  void import('../../charts/echarts.ts').then(({ echarts }) => {
    const at = echarts.getInstanceByDom(box)?.convertFromPixel({ gridIndex: 0 }, point);
    const row = Array.isArray(at) ? Math.round(Number(at[1])) : Number.NaN;
    const line = [...lines].reverse()[row];
    if (line?.id) navigate(overviewPath(line.id));
  });
}

function chartOption(lines: readonly GroupLine[], weeks: readonly string[]): EChartsCoreOption {
  return weekHeatmapOption(
    lines,
    weeks,
    {
      share: (share: Share) => share.compliance,
      describe: (share: Share) =>
        `${percentOrDash(share.compliance)} met: ${COUNT.format(share.met)} of ${COUNT.format(
          share.judged,
        )} judged, ${COUNT.format(share.pending)} pending`,
    },
    BANDS,
  );
}

function chartSummary(
  lines: readonly GroupLine[],
  weeks: readonly string[],
  by: ComplianceGrouping,
): string {
  const network = lines[0];
  const lastWeek = weeks.length - 1;
  const judgedLines = lines.slice(1).filter((line) => line.window.compliance !== null);
  const lowest = [...judgedLines].sort(
    (a, b) => (a.window.compliance ?? 1) - (b.window.compliance ?? 1),
  )[0];
  return `Grid of the share of requests that met their deadline, by ${
    GROUPINGS[by].noun
  } and week over ${weeks.length} weeks. ${network?.name ?? ''} this week: ${percentOrDash(
    network?.weeks[lastWeek]?.compliance ?? null,
  )}; over the ${weeks.length} weeks: ${percentOrDash(network?.window.compliance ?? null)}.${
    lowest ? ` Lowest: ${lowest.name}, ${percentOrDash(lowest.window.compliance)}.` : ''
  } The numbers are in the table under "Show the numbers".`;
}

function GridTable({
  lines,
  weeks,
  by,
  linksToCenters,
}: {
  readonly lines: readonly GroupLine[];
  readonly weeks: readonly string[];
  readonly by: ComplianceGrouping;
  readonly linksToCenters: boolean;
}) {
  return (
    <table className="grid-table">
      <caption>
        Share of judged requests that met their deadline (met / judged), by {GROUPINGS[by].noun} and
        week
        {linksToCenters && '; a center opens its own overview'}
      </caption>
      <thead>
        <tr>
          <th scope="col">{GROUPINGS[by].label}</th>
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
            <th scope="row">
              {linksToCenters && line.id !== null ? (
                <Link to={overviewPath(line.id)}>{line.name}</Link>
              ) : (
                line.name
              )}
            </th>
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
