/**
 * The requests waiting for an appointment now (`GET /access/open-requests`): how many
 * are open, how many of those are at risk of missing their deadline within a few
 * business days, and how many have missed it and still wait — in total, and per
 * medical center (in a center's drill-down: that center's, per standard) as a chart
 * with its table. The answer counts every center; the page asks once and filters here.
 */
import { useMemo } from 'react';
import type { OpenRequests } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Link } from '../../components/link.tsx';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { STANDARD_IDS, standardName } from '../standards.ts';
import { ChartCard } from './chart-card.tsx';
import { COUNT, overviewPath } from './format.ts';

const AT_RISK_CHOICES = [0, 1, 2, 3, 5, 10] as const;

/** A bar and a table row: a medical center's counts, or in a drill-down a standard's. */
interface WaitingLine {
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

export function WaitingNowCard({
  answer,
  center,
  days,
  onDays,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<OpenRequests>;
  /** The drill-down's center, or null for the whole network. */
  readonly center: string | null;
  /** At risk: the deadline falls within this many business days. */
  readonly days: number;
  readonly onDays: (days: number) => void;
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const lines = useMemo(
    () =>
      answer.state !== 'ready'
        ? []
        : center === null
          ? countsByCenter(answer.data, standard)
          : countsByStandard(answer.data, center, standard),
    [answer, center, standard],
  );
  const byWhat = center === null ? 'medical center' : 'standard';
  const total = lines.reduce(
    (sum, c) => ({
      open: sum.open + c.open,
      atRisk: sum.atRisk + c.atRisk,
      missed: sum.missed + c.missed,
    }),
    { open: 0, atRisk: 0, missed: 0 },
  );
  const option = useMemo(() => chartOption(lines), [lines]);
  const within = days === 0 ? 'today' : `within ${days} business day${days === 1 ? '' : 's'}`;

  return (
    <ChartCard
      id="waiting"
      title="Waiting now"
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel={`Waiting requests by ${byWhat}`}
      table={
        answer.state === 'ready' ? (
          <WaitingTable lines={lines} total={total} byWhat={byWhat} />
        ) : null
      }
      controls={
        <label>
          At risk when due
          <select value={days} onChange={(event) => onDays(Number(event.target.value))}>
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
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
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
              height={Math.max(200, 40 + 22 * lines.length)}
              label={`Bar chart of the requests waiting now ${
                center === null
                  ? `at each of ${lines.length} medical centers`
                  : `at this center, by standard`
              }: ${COUNT.format(total.open)} open, ${COUNT.format(total.atRisk)} of them at risk, ${COUNT.format(total.missed)} missed and still waiting. The numbers are in the table under "Show the numbers".`}
            />
          )}
        </>
      )}
    </ChartCard>
  );
}

function countsByCenter(data: OpenRequests, standard: string | null): WaitingLine[] {
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

/**
 * One center's waiting requests per standard (the page's standard only, when one is
 * chosen), in the rules table's order; a standard with nobody waiting is left out.
 */
function countsByStandard(
  data: OpenRequests,
  center: string,
  standard: string | null,
): WaitingLine[] {
  const rows = data.rows.filter(
    (row) => row.center === center && (standard === null || row.standard === standard),
  );
  const rank = (id: string) => {
    const i = STANDARD_IDS.indexOf(id);
    return i === -1 ? STANDARD_IDS.length : i;
  };
  return [...new Set(rows.map((row) => row.standard))]
    .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
    .map((id) => {
      const own = rows.filter((row) => row.standard === id);
      return {
        id,
        name: standardName(id),
        open: own.reduce((sum, row) => sum + row.open, 0),
        atRisk: own.reduce((sum, row) => sum + row.atRisk, 0),
        missed: own.reduce((sum, row) => sum + row.missed, 0),
      };
    });
}

function WaitingTable({
  lines,
  total,
  byWhat,
}: {
  readonly lines: readonly WaitingLine[];
  readonly total: Omit<WaitingLine, 'id' | 'name'>;
  readonly byWhat: string;
}) {
  return (
    <table className="names-wrap">
      <caption>Requests waiting for an appointment, by {byWhat}</caption>
      <thead>
        <tr>
          <th scope="col">{byWhat === 'standard' ? 'Standard' : 'Medical center'}</th>
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
        {lines.map((line) => (
          <tr key={line.id}>
            <th scope="row">
              {byWhat === 'standard' ? (
                line.name
              ) : (
                <Link to={overviewPath(line.id)}>{line.name}</Link>
              )}
            </th>
            <td className="num">{COUNT.format(line.open)}</td>
            <td className="num">{COUNT.format(line.atRisk)}</td>
            <td className="num">{COUNT.format(line.missed)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{byWhat === 'standard' ? 'All standards' : 'All centers'}</th>
          <td className="num">{COUNT.format(total.open)}</td>
          <td className="num">{COUNT.format(total.atRisk)}</td>
          <td className="num">{COUNT.format(total.missed)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function chartOption(lines: readonly WaitingLine[]): EChartsCoreOption {
  // Top to bottom in the table's order: a category axis draws its first value at the bottom.
  const shown = [...lines].reverse();
  const value = (line: WaitingLine, key: (typeof SERIES)[number]['key']) =>
    key === 'calm' ? line.open - line.atRisk : line[key];
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((line) => line.name) },
    series: SERIES.map((series) => ({
      name: series.name,
      type: 'bar',
      stack: 'waiting',
      itemStyle: { color: series.colour },
      data: shown.map((line) => value(line, series.key)),
    })),
  };
}
