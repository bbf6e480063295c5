/**
 * The requests waiting for an appointment now (`GET /access/open-requests`): how many
 * are open, how many of those are at risk of missing their deadline within a few
 * business days, and how many have missed it and still wait — in total, and per
 * medical center as a chart with its table.
 */
import { useMemo, useState } from 'react';
import type { OpenRequests } from '../../api/types.ts';
import { useApi } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import { ChartCard } from './chart-card.tsx';
import { COUNT } from './format.ts';

const AT_RISK_CHOICES = [0, 1, 2, 3, 5, 10] as const;

interface CenterCounts {
  readonly id: string;
  readonly name: string;
  readonly open: number;
  readonly atRisk: number;
  readonly missed: number;
}

// Okabe–Ito: the series are named in the legend and the table too.
const SERIES = [
  { key: 'missed', name: 'Missed, still waiting', colour: '#D55E00' },
  { key: 'atRisk', name: 'At risk', colour: '#E69F00' },
  { key: 'calm', name: 'Open, not at risk', colour: '#56B4E9' },
] as const;

export function WaitingNowCard({ standard }: { readonly standard: string | null }) {
  const [days, setDays] = useState(2);
  const [attempt, setAttempt] = useState(0);
  const answer = useApi<OpenRequests>(`/access/open-requests?atRiskDays=${days}`, attempt);
  const centers = useMemo(
    () => (answer.state === 'ready' ? countsByCenter(answer.data, standard) : []),
    [answer, standard],
  );
  const total = centers.reduce(
    (sum, c) => ({
      open: sum.open + c.open,
      atRisk: sum.atRisk + c.atRisk,
      missed: sum.missed + c.missed,
    }),
    { open: 0, atRisk: 0, missed: 0 },
  );
  const option = useMemo(() => chartOption(centers), [centers]);
  const within = days === 0 ? 'today' : `within ${days} business day${days === 1 ? '' : 's'}`;

  return (
    <ChartCard
      id="waiting"
      title="Waiting now"
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel="Waiting requests by medical center"
      table={answer.state === 'ready' ? <WaitingTable centers={centers} total={total} /> : null}
      controls={
        <label>
          At risk when due
          <select value={days} onChange={(event) => setDays(Number(event.target.value))}>
            {AT_RISK_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n === 0 ? 'today' : `within ${n} business day${n === 1 ? '' : 's'}`}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {answer.state === 'loading' && <Loading what="the waiting requests" />}
      {answer.state === 'error' && (
        <Failure message={answer.message} onRetry={() => setAttempt((n) => n + 1)} />
      )}
      {answer.state === 'ready' && (
        <>
          <dl className="stats">
            <div className="stat">
              <dt>Open</dt>
              <dd>{COUNT.format(total.open)}</dd>
            </div>
            <div className="stat stat-warn">
              <dt>At risk ({within})</dt>
              <dd>{COUNT.format(total.atRisk)}</dd>
            </div>
            <div className="stat stat-bad">
              <dt>Missed, still waiting</dt>
              <dd>{COUNT.format(total.missed)}</dd>
            </div>
          </dl>
          {total.open + total.missed === 0 ? (
            <Empty>Nobody is waiting: every request is booked or referred.</Empty>
          ) : (
            <Chart
              option={option}
              height={Math.max(200, 40 + 22 * centers.length)}
              label={`Bar chart of the requests waiting now at each of ${centers.length} medical centers: ${COUNT.format(total.open)} open, ${COUNT.format(total.atRisk)} of them at risk, ${COUNT.format(total.missed)} missed and still waiting. The numbers are in the table under "Show the numbers".`}
            />
          )}
        </>
      )}
    </ChartCard>
  );
}

function countsByCenter(data: OpenRequests, standard: string | null): CenterCounts[] {
  return data.centers.map((center) => {
    const rows = data.rows.filter(
      (row) => row.center === center.id && (standard === null || row.standard === standard),
    );
    return {
      id: center.id,
      name: center.name,
      open: rows.reduce((sum, row) => sum + row.open, 0),
      atRisk: rows.reduce((sum, row) => sum + row.atRisk, 0),
      missed: rows.reduce((sum, row) => sum + row.missed, 0),
    };
  });
}

function WaitingTable({
  centers,
  total,
}: {
  readonly centers: readonly CenterCounts[];
  readonly total: Omit<CenterCounts, 'id' | 'name'>;
}) {
  return (
    <table>
      <caption>Requests waiting for an appointment, by medical center</caption>
      <thead>
        <tr>
          <th scope="col">Medical center</th>
          <th scope="col" className="num">
            Open
          </th>
          <th scope="col" className="num">
            At risk
          </th>
          <th scope="col" className="num">
            Missed, still waiting
          </th>
        </tr>
      </thead>
      <tbody>
        {centers.map((center) => (
          <tr key={center.id}>
            <th scope="row">{center.name}</th>
            <td className="num">{COUNT.format(center.open)}</td>
            <td className="num">{COUNT.format(center.atRisk)}</td>
            <td className="num">{COUNT.format(center.missed)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All centers</th>
          <td className="num">{COUNT.format(total.open)}</td>
          <td className="num">{COUNT.format(total.atRisk)}</td>
          <td className="num">{COUNT.format(total.missed)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function chartOption(centers: readonly CenterCounts[]): EChartsCoreOption {
  // Top to bottom in name order: a category axis draws its first value at the bottom.
  const shown = [...centers].reverse();
  const value = (center: CenterCounts, key: (typeof SERIES)[number]['key']) =>
    key === 'calm' ? center.open - center.atRisk : center[key];
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((center) => center.name) },
    series: SERIES.map((series) => ({
      name: series.name,
      type: 'bar',
      stack: 'waiting',
      itemStyle: { color: series.colour },
      data: shown.map((center) => value(center, series.key)),
    })),
  };
}
