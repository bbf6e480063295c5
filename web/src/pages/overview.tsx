/**
 * The access overview, first chart: what became of the requests of each of the last 13
 * weeks (met on time, referred out of network, missed, still pending), for all
 * standards or one — with the same numbers one click away as a table.
 */
import { useMemo, useState } from 'react';
import type { RequestsByWeek } from '../api/types.ts';
import { useApi } from '../api/use-api.ts';
import { Chart } from '../charts/chart.tsx';
import type { EChartsCoreOption } from '../charts/echarts.ts';
import { Empty, Failure, Loading } from '../components/states.tsx';
import { TableRegion } from '../components/table-region.tsx';
import { standardName } from './standards.ts';
import {
  OUTCOMES,
  type Outcome,
  onTimeShare,
  standardsIn,
  totalsByWeek,
  type WeekTotals,
} from './weekly-outcomes.ts';

const WEEKS = 13;
const LABELS: Readonly<Record<Outcome, string>> = {
  met: 'Met on time',
  referred: 'Referred out',
  missed: 'Missed',
  pending: 'Pending',
};
// Colour-blind-safe (Okabe–Ito), and never the only cue: the legend and table name them.
const COLOURS: Readonly<Record<Outcome, string>> = {
  met: '#009E73',
  referred: '#56B4E9',
  missed: '#D55E00',
  pending: '#BBBBBB',
};
const PERCENT = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const COUNT = new Intl.NumberFormat('en-US');

export function OverviewPage() {
  const [attempt, setAttempt] = useState(0);
  const [standard, setStandard] = useState<string>('');
  const [showTable, setShowTable] = useState(false);
  const answer = useApi<RequestsByWeek>(`/access/requests-by-week?weeks=${WEEKS}`, attempt);
  const rows = answer.state === 'ready' ? answer.data.weeks : [];
  const weeks = useMemo(() => totalsByWeek(rows, standard || null), [rows, standard]);
  const option = useMemo(() => chartOption(weeks), [weeks]);

  return (
    <section>
      <h1 tabIndex={-1}>Access overview</h1>
      <p className="lede">
        Requests of the last {WEEKS} weeks by the week their clock started, and what became of them
        against their legal deadline.
      </p>
      {answer.state === 'loading' && <Loading what="the weekly figures" />}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {answer.state === 'ready' && rows.length === 0 && (
        <Empty>No requests in the last {WEEKS} weeks.</Empty>
      )}
      {answer.state === 'ready' && rows.length > 0 && (
        <>
          <div className="toolbar">
            <label>
              Standard
              <select value={standard} onChange={(event) => setStandard(event.target.value)}>
                <option value="">All standards</option>
                {standardsIn(rows).map((id) => (
                  <option key={id} value={id}>
                    {standardName(id)}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              aria-expanded={showTable}
              aria-controls="weekly-table"
              onClick={() => setShowTable((shown) => !shown)}
            >
              {showTable ? 'Hide the numbers' : 'Show the numbers'}
            </button>
          </div>
          <figure className="card">
            <figcaption>
              Requests per week: {standard ? standardName(standard) : 'all standards'}
            </figcaption>
            <Chart option={option} label={chartSummary(weeks)} />
          </figure>
          {showTable && <WeeklyTable id="weekly-table" weeks={weeks} />}
          <p className="footnote">
            As of{' '}
            {new Date(answer.data.asOf).toLocaleString('en-US', { timeZone: answer.data.timeZone })}{' '}
            ({answer.data.timeZone}). Weeks start on Monday. Cancelled requests are not counted.
          </p>
        </>
      )}
    </section>
  );
}

function WeeklyTable({
  id,
  weeks,
}: {
  readonly id: string;
  readonly weeks: readonly WeekTotals[];
}) {
  return (
    <TableRegion label="Weekly numbers" id={id}>
      <table>
        <caption>Requests per week and what became of them</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col" className="num">
              Requests
            </th>
            {OUTCOMES.map((outcome) => (
              <th scope="col" className="num" key={outcome}>
                {LABELS[outcome]}
              </th>
            ))}
            <th scope="col" className="num">
              On time (of decided)
            </th>
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => {
            const share = onTimeShare(week);
            return (
              <tr key={week.weekStart}>
                <th scope="row">{week.weekStart}</th>
                <td className="num">{COUNT.format(week.requests)}</td>
                {OUTCOMES.map((outcome) => (
                  <td className="num" key={outcome}>
                    {COUNT.format(week[outcome])}
                  </td>
                ))}
                <td className="num">{share === null ? '—' : PERCENT.format(share)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableRegion>
  );
}

function chartOption(weeks: readonly WeekTotals[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 40, bottom: 40 },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: weeks.map((week) => week.weekStart.slice(5)), name: '' },
    yAxis: { type: 'value', name: 'requests', nameTextStyle: { align: 'left' } },
    series: OUTCOMES.map((outcome) => ({
      name: LABELS[outcome],
      type: 'bar',
      stack: 'outcome',
      itemStyle: { color: COLOURS[outcome] },
      data: weeks.map((week) => week[outcome]),
    })),
  };
}

function chartSummary(weeks: readonly WeekTotals[]): string {
  const last = weeks.filter((week) => onTimeShare(week) !== null).at(-1);
  const share = last ? onTimeShare(last) : null;
  return `Stacked bar chart of requests per week over ${weeks.length} weeks.${
    last && share !== null
      ? ` Week of ${last.weekStart}: ${PERCENT.format(share)} met on time.`
      : ''
  } The numbers are in the table under "Show the numbers".`;
}
