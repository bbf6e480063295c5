/**
 * Clinician utilisation and protected admin time against the template
 * (`GET /access/utilisation`): a grid of the share of offered session hours booked, per
 * medical center (or discipline) and week, and the admin hours planned and delivered per
 * FTE week by week against the contract's line — with every number one click away.
 * In a center's drill-down it breaks that center down by discipline.
 */
import { useMemo, useState } from 'react';
import {
  type UtilisationByGroup,
  type UtilisationCell,
  type UtilisationLine,
  utilisationLines,
} from '../../../../src/access/utilisation-lines.ts';
import { useApi } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { BandLegend } from './band-legend.tsx';
import { ChartCard } from './chart-card.tsx';
import { COUNT, percentOrDash, weekLabel } from './format.ts';
import { weekHeatmapOption } from './week-heatmap.ts';

const WEEKS = 13;
type GroupBy = 'center' | 'discipline';

const DISCIPLINES: Readonly<Record<string, string>> = {
  psychologist: 'Psychologist',
  lcsw: 'Clinical social worker',
  lmft: 'Marriage & family therapist',
  psychiatrist: 'Psychiatrist',
};

const HOURS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const FTE = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** Light tints of ColorBrewer's Blues, so the dark figure in each cell stays readable. */
const BANDS = [
  { from: 0, to: 25, colour: '#eff3ff', label: 'under 25%' },
  { from: 25, to: 50, colour: '#c6dbef', label: '25–50%' },
  { from: 50, to: 75, colour: '#9ecae1', label: '50–75%' },
  { from: 75, to: 90, colour: '#6baed6', label: '75–90%' },
  { from: 90, to: 101, colour: '#4f9bd0', label: '90% and over' },
] as const;
// Okabe–Ito; the legend and the table name the series too.
const PLANNED = '#BBBBBB';
const DELIVERED = '#0072B2';
const CONTRACT_LINE = '#D55E00';

/** The card's two parts are titled inside it (overview.css styles the card's h2 only). */
const PART_HEADING = { fontSize: '0.95rem', margin: '0.75rem 0 0.25rem' } as const;

function hours(value: number): string {
  return `${HOURS.format(value)} h`;
}

function hoursOrDash(value: number | null): string {
  return value === null ? '—' : hours(value);
}

export function UtilisationCard({ center }: { readonly center: string | null }) {
  // Inside one center there is nothing to break down by center: disciplines instead.
  const [chosen, setBy] = useState<GroupBy>('center');
  const by: GroupBy = center === null ? chosen : 'discipline';
  const [attempt, setAttempt] = useState(0);
  const scope = center === null ? '' : `&center=${encodeURIComponent(center)}`;
  const answer = useApi<UtilisationByGroup>(
    `/access/utilisation?by=${by}&weeks=${WEEKS}${scope}`,
    attempt,
  );
  const data = answer.state === 'ready' && answer.data.by === by ? answer.data : null;
  const lines = useMemo(
    () =>
      data === null
        ? []
        : utilisationLines(data, center === null ? 'Whole network' : 'Whole center', (group) =>
            by === 'discipline' ? (DISCIPLINES[group.name] ?? group.name) : group.name,
          ),
    [data, by, center],
  );
  const weeks = data?.weeks ?? [];
  const contract = data?.contract.adminHoursPerFteWeek ?? 0;
  const gridOption = useMemo(() => utilisationGrid(lines, weeks), [lines, weeks]);
  const adminOption = useMemo(
    () => adminChart(lines[0] ?? null, weeks, contract),
    [lines, weeks, contract],
  );
  const title = 'Clinician utilisation and admin time';

  return (
    <ChartCard
      id="utilisation"
      title={title}
      subtitle={by === 'center' ? 'by medical center' : 'by discipline'}
      tableLabel={`${title}: the numbers`}
      table={
        lines.length > 0 && data ? (
          <UtilisationTables lines={lines} weeks={weeks} by={by} contract={contract} />
        ) : null
      }
      wide
      controls={
        center === null && (
          <fieldset className="segmented">
            <legend className="visually-hidden">Group utilisation by</legend>
            {(['center', 'discipline'] as const).map((option) => (
              <label key={option}>
                <input
                  type="radio"
                  name="utilisation-group"
                  value={option}
                  checked={by === option}
                  onChange={() => setBy(option)}
                />
                {option === 'center' ? 'Medical center' : 'Discipline'}
              </label>
            ))}
          </fieldset>
        )
      }
    >
      {(answer.state === 'loading' || (answer.state === 'ready' && data === null)) && (
        <Loading what="utilisation" />
      )}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {data !== null && lines.length === 0 && (
        <Empty>No clinician had a template in force in the last {weeks.length} weeks.</Empty>
      )}
      {lines.length > 0 && (
        <>
          <h3 style={PART_HEADING}>Session hours booked, of those offered</h3>
          <Chart
            option={gridOption}
            height={64 + 26 * lines.length}
            label={gridSummary(lines, weeks, by)}
          />
          <BandLegend bands={BANDS} noFigure="nothing offered" />
          <h3 style={PART_HEADING}>
            Protected admin hours per FTE, {lines[0]?.name.toLowerCase()}
          </h3>
          <Chart
            option={adminOption}
            height={240}
            label={adminSummary(lines[0]!, weeks, contract)}
          />
          <p className="chart-note">
            Offered: the templates' session slots, less those closed by holidays and time off.
            Booked counts every live appointment in them — completed, still booked or a no-show.
            Admin time is lost on holidays and days off, and when a visit is booked into it.
            Contract line: {data?.contract.name}.
          </p>
        </>
      )}
    </ChartCard>
  );
}

function utilisationGrid(
  lines: readonly UtilisationLine[],
  weeks: readonly string[],
): EChartsCoreOption {
  return weekHeatmapOption(
    lines,
    weeks,
    {
      share: (cell: UtilisationCell) => cell.utilisation,
      describe: (cell: UtilisationCell) =>
        `${percentOrDash(cell.utilisation)} booked: ${hours(cell.booked)} of ${hours(
          cell.offered,
        )} offered`,
    },
    BANDS,
  );
}

function adminChart(
  line: UtilisationLine | null,
  weeks: readonly string[],
  contract: number,
): EChartsCoreOption {
  const cells = line?.weeks ?? [];
  return {
    animation: false,
    grid: { left: 48, right: 16, top: 40, bottom: 28 },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: number | null) => (value === null ? '—' : hours(value)),
    },
    xAxis: { type: 'category', data: weeks.map(weekLabel) },
    yAxis: { type: 'value', name: 'hours per FTE', nameTextStyle: { align: 'left' } },
    series: [
      {
        name: 'Planned',
        type: 'bar',
        itemStyle: { color: PLANNED },
        data: cells.map((cell) => cell.adminPlannedPerFte),
      },
      {
        name: 'Delivered',
        type: 'bar',
        itemStyle: { color: DELIVERED },
        data: cells.map((cell) => cell.adminDeliveredPerFte),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: CONTRACT_LINE, type: 'dashed', width: 2 },
          label: {
            position: 'insideEndTop',
            formatter: `contract: ${HOURS.format(contract)} h`,
            color: CONTRACT_LINE,
          },
          data: [{ yAxis: contract }],
        },
      },
    ],
  };
}

function gridSummary(lines: readonly UtilisationLine[], weeks: readonly string[], by: GroupBy) {
  const network = lines[0];
  const last = network?.weeks.at(-1);
  return `Grid of the share of offered session hours that were booked, by ${
    by === 'center' ? 'medical center' : 'discipline'
  } and week over ${weeks.length} weeks. ${network?.name}: ${percentOrDash(
    network?.window.utilisation ?? null,
  )} over the ${weeks.length} weeks${
    last ? `, ${percentOrDash(last.utilisation)} this week` : ''
  }. The numbers are in the table under "Show the numbers".`;
}

function adminSummary(line: UtilisationLine, weeks: readonly string[], contract: number) {
  return `Bar chart of protected admin hours per FTE planned and delivered, week by week over ${
    weeks.length
  } weeks, against the contract's ${HOURS.format(contract)} hours. Over the ${
    weeks.length
  } weeks: ${hoursOrDash(line.window.adminPlannedPerFte)} planned and ${hoursOrDash(
    line.window.adminDeliveredPerFte,
  )} delivered per FTE week. The numbers are in the table under "Show the numbers".`;
}

function UtilisationTables({
  lines,
  weeks,
  by,
  contract,
}: {
  readonly lines: readonly UtilisationLine[];
  readonly weeks: readonly string[];
  readonly by: GroupBy;
  readonly contract: number;
}) {
  const network = lines[0]!;
  return (
    <>
      <table className="grid-table">
        <caption>
          Session hours booked of those offered, by{' '}
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
              {[...line.weeks, line.window].map((cell, i) => (
                <td className="num" key={weeks[i] ?? 'window'}>
                  {percentOrDash(cell.utilisation)}
                  <span className="cell-counts">
                    {HOURS.format(cell.booked)}/{HOURS.format(cell.offered)} h
                  </span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <table>
        <caption>
          {network.name}, week by week: headcount, session hours and protected admin hours against
          the contract's {HOURS.format(contract)} h per FTE
        </caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col" className="num">
              Clinicians
            </th>
            <th scope="col" className="num">
              FTE
            </th>
            <th scope="col" className="num">
              Offered
            </th>
            <th scope="col" className="num">
              Booked
            </th>
            <th scope="col" className="num">
              Completed
            </th>
            <th scope="col" className="num">
              No-show
            </th>
            <th scope="col" className="num">
              Utilisation
            </th>
            <th scope="col" className="num">
              Admin planned
            </th>
            <th scope="col" className="num">
              Lost: holiday, time off
            </th>
            <th scope="col" className="num">
              Lost: visit booked in
            </th>
            <th scope="col" className="num">
              Admin delivered
            </th>
            <th scope="col" className="num">
              Planned per FTE
            </th>
            <th scope="col" className="num">
              Delivered per FTE
            </th>
          </tr>
        </thead>
        <tbody>
          {network.weeks.map((cell, i) => (
            <tr key={weeks[i]}>
              <th scope="row">{weeks[i]}</th>
              <td className="num">{COUNT.format(cell.clinicians)}</td>
              <td className="num">{FTE.format(cell.fte)}</td>
              <td className="num">{hours(cell.offered)}</td>
              <td className="num">{hours(cell.booked)}</td>
              <td className="num">{hours(cell.completed)}</td>
              <td className="num">{hours(cell.noShow)}</td>
              <td className="num">{percentOrDash(cell.utilisation)}</td>
              <td className="num">{hours(cell.adminPlanned)}</td>
              <td className="num">{hours(cell.adminClosed)}</td>
              <td className="num">{hours(cell.adminBooked)}</td>
              <td className="num">{hours(cell.adminDelivered)}</td>
              <td className="num">{hoursOrDash(cell.adminPlannedPerFte)}</td>
              <td className="num">{hoursOrDash(cell.adminDeliveredPerFte)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
