/**
 * What became of the requests of each of the last weeks (met on time, referred out of
 * network, missed, still pending), for all standards or one, from
 * `GET /access/requests-by-week` — with the same numbers one click away as a table.
 */
import { useMemo } from 'react';
import type { RequestsByWeek } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import {
  OUTCOMES,
  type Outcome,
  onTimeShare,
  totalsByWeek,
  type WeekTotals,
} from '../weekly-outcomes.ts';
import { ChartCard } from './chart-card.tsx';
import { COUNT, PERCENT, percentOrDash, weekLabel } from './format.ts';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
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

export function WeeklyOutcomesCard({
  answer,
  weeks,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<RequestsByWeek>;
  readonly weeks: number;
  /** One standard, or null for all. */
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const rows = answer.state === 'ready' ? answer.data.weeks : [];
  const totals = useMemo(() => totalsByWeek(rows, standard), [rows, standard]);
  const option = useMemo(() => chartOption(totals), [totals]);
  return (
    <ChartCard
      id="weekly"
      title="Requests per week"
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel="Weekly numbers"
      table={totals.length > 0 ? <WeeklyTable weeks={totals} /> : null}
      wide
    >
      {answer.state === 'loading' && <Loading what="the weekly figures" />}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
      {answer.state === 'ready' && totals.length === 0 && (
        <Empty>No requests in the last {weeks} weeks.</Empty>
      )}
      {totals.length > 0 && <Chart option={option} label={chartSummary(totals)} height={300} />}
    </ChartCard>
  );
}

function WeeklyTable({ weeks }: { readonly weeks: readonly WeekTotals[] }) {
  return (
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
              {OUTCOME_LABELS[outcome]}
            </th>
          ))}
          <th scope="col" className="num">
            On time (of decided)
          </th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.weekStart}>
            <th scope="row">{week.weekStart}</th>
            <td className="num">{COUNT.format(week.requests)}</td>
            {OUTCOMES.map((outcome) => (
              <td className="num" key={outcome}>
                {COUNT.format(week[outcome])}
              </td>
            ))}
            <td className="num">{percentOrDash(onTimeShare(week))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function chartOption(weeks: readonly WeekTotals[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: weeks.map((week) => weekLabel(week.weekStart)) },
    yAxis: { type: 'value', name: 'requests', nameTextStyle: { align: 'left' } },
    series: OUTCOMES.map((outcome) => ({
      name: OUTCOME_LABELS[outcome],
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
