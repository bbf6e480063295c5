/**
 * The hotline on the compliance overview (`GET /hotline/metrics`): the cases open now
 * by age (and how many are past their clock), the share of each week's cases settled
 * within their clock (72 hours urgent, 30 days standard), and each week's cases by
 * category — a chart with its numbers one click away. Counts only. Shown only to the
 * roles the policy lets read the metrics (the card asks src/auth/policy.ts itself); in a
 * center's drill-down, that center's cases.
 */
import { useMemo, useState } from 'react';
import { policyOf } from '../../../../src/auth/policy.ts';
import { CASE_CATEGORIES } from '../../../../src/hotline/case-codes.ts';
import { useApi } from '../../api/use-api.ts';
import { useSession } from '../../app/session.tsx';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Failure, Loading } from '../../components/states.tsx';
import { CATEGORY_LABELS } from '../hotline/labels.ts';
import type { HotlineMetrics } from '../hotline/types.ts';
import { ChartCard } from './chart-card.tsx';
import '../hotline/hotline.css';
import { COUNT, percentOrDash, weekLabel } from './format.ts';

const WEEKS = 13;
// Okabe–Ito, one per category; the legend and the table name them too.
const CATEGORY_COLOURS = ['#D55E00', '#E69F00', '#56B4E9', '#CC79A7', '#009E73', '#999999'];

/** `center`: a drill-down's medical center (its cases only), or null for the network. */
export function HotlineCard({ center = null }: { readonly center?: string | null }) {
  const { state } = useSession();
  const role = state.status === 'signed-in' ? state.principal.role : 'public';
  if (policyOf('GET', '/hotline/metrics')?.[role] === undefined) return null;
  return <HotlineMetricsCard center={center} />;
}

function HotlineMetricsCard({ center }: { readonly center: string | null }) {
  const [attempt, setAttempt] = useState(0);
  const query = new URLSearchParams({ weeks: String(WEEKS) });
  if (center !== null) query.set('center', center);
  const answer = useApi<HotlineMetrics>(`/hotline/metrics?${query}`, attempt);
  const data = answer.state === 'ready' ? answer.data : null;
  const option = useMemo(() => (data ? chartOption(data) : null), [data]);
  const totals = useMemo(() => (data ? totalsOf(data) : null), [data]);

  return (
    <ChartCard
      id="hotline"
      title="Hotline cases"
      subtitle={`last ${WEEKS} weeks`}
      tableLabel="Hotline cases per week"
      table={data ? <WeeklyTable data={data} /> : null}
      wide
    >
      {answer.state === 'loading' && <Loading what="the hotline figures" />}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {data && totals && option && (
        <>
          <dl className="stats">
            <div className="stat">
              <dt>Open now</dt>
              <dd>{COUNT.format(totals.open)}</dd>
            </div>
            <div className={totals.overdue > 0 ? 'stat stat-bad' : 'stat'}>
              <dt>Open past their clock</dt>
              <dd>{COUNT.format(totals.overdue)}</dd>
            </div>
            <div className="stat">
              <dt>Settled in time ({WEEKS} weeks)</dt>
              <dd>{percentOrDash(totals.share)}</dd>
            </div>
          </dl>
          <table className="hotline-ages">
            <caption>Open cases by time since the call</caption>
            <thead>
              <tr>
                <th scope="col">Age</th>
                {data.openByAge.map((band) => (
                  <th scope="col" className="num" key={band.band}>
                    {band.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Urgent</th>
                {data.openByAge.map((band) => (
                  <td className="num" key={band.band}>
                    {COUNT.format(band.urgent)}
                  </td>
                ))}
              </tr>
              <tr>
                <th scope="row">Standard</th>
                {data.openByAge.map((band) => (
                  <td className="num" key={band.band}>
                    {COUNT.format(band.standard)}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
          <Chart option={option} label={chartSummary(data, totals.share)} height={320} />
          <p className="chart-note">
            Bars: cases received each week, by category. Line: the share of the week's cases whose
            outcome against the clock is known that were resolved or closed in time.
          </p>
        </>
      )}
    </ChartCard>
  );
}

function totalsOf(data: HotlineMetrics) {
  const open = data.openByAge.reduce((sum, band) => sum + band.urgent + band.standard, 0);
  const overdue = data.openByAge.reduce((sum, band) => sum + band.overdue, 0);
  const inTime = data.weekly.reduce((sum, week) => sum + week.inTime, 0);
  const decided = data.weekly.reduce(
    (sum, week) => sum + week.inTime + week.late + week.overdue,
    0,
  );
  return { open, overdue, share: decided === 0 ? null : inTime / decided };
}

function casesOf(data: HotlineMetrics, week: string, category: string): number {
  return (
    data.categories.find((row) => row.weekStart === week && row.category === category)?.cases ?? 0
  );
}

function WeeklyTable({ data }: { readonly data: HotlineMetrics }) {
  return (
    <table>
      <caption>Hotline cases per week of the call, against their clock and by category</caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col" className="num">
            Received
          </th>
          <th scope="col" className="num">
            In time
          </th>
          <th scope="col" className="num">
            Late
          </th>
          <th scope="col" className="num">
            Open, overdue
          </th>
          <th scope="col" className="num">
            Open, in time
          </th>
          <th scope="col" className="num">
            Share in time
          </th>
          {CASE_CATEGORIES.map((category) => (
            <th scope="col" className="num" key={category}>
              {CATEGORY_LABELS[category]}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {data.weekly.map((week) => (
          <tr key={week.weekStart}>
            <th scope="row">{week.weekStart}</th>
            <td className="num">{COUNT.format(week.received)}</td>
            <td className="num">{COUNT.format(week.inTime)}</td>
            <td className="num">{COUNT.format(week.late)}</td>
            <td className="num">{COUNT.format(week.overdue)}</td>
            <td className="num">{COUNT.format(week.running)}</td>
            <td className="num">{percentOrDash(week.shareInTime)}</td>
            {CASE_CATEGORIES.map((category) => (
              <td className="num" key={category}>
                {COUNT.format(casesOf(data, week.weekStart, category))}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function chartOption(data: HotlineMetrics): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 48, right: 56, top: 32, bottom: 72 },
    legend: { bottom: 0, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'category', data: data.weekly.map((week) => weekLabel(week.weekStart)) },
    yAxis: [
      { type: 'value', name: 'cases', minInterval: 1, nameTextStyle: { align: 'left' } },
      {
        type: 'value',
        name: 'in time',
        min: 0,
        max: 1,
        axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` },
        splitLine: { show: false },
      },
    ],
    series: [
      ...CASE_CATEGORIES.map((category, index) => ({
        name: CATEGORY_LABELS[category],
        type: 'bar',
        stack: 'category',
        itemStyle: { color: CATEGORY_COLOURS[index] },
        data: data.weekly.map((week) => casesOf(data, week.weekStart, category)),
      })),
      {
        name: 'Share in time',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        itemStyle: { color: '#0b5cad' },
        data: data.weekly.map((week) => week.shareInTime),
      },
    ],
  };
}

function chartSummary(data: HotlineMetrics, share: number | null): string {
  const received = data.weekly.reduce((sum, week) => sum + week.received, 0);
  return `Bar chart of hotline cases per week over ${data.weekly.length} weeks by category, ${received} in all, with the share settled in time as a line${
    share === null ? '' : `: ${percentOrDash(share)} over the window`
  }. The numbers are in the table under "Show the numbers".`;
}
