/**
 * The impact per day of the original appointment: a stacked bar chart (ECharts, loaded
 * with the first chart) and the same figures, per day and standard, as a table — the
 * chart's text alternative and the reader's exact numbers, wait times included.
 */
import { useMemo } from 'react';
import { Chart } from '../../charts/chart.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { formatDay } from '../scheduler/time.ts';
import { standardName } from '../standards.ts';
import { dayChartOption, totalsByDay } from './impact-days.ts';
import { formatCount } from './labels.ts';
import type { ImpactRow } from './types.ts';

const WAIT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const wait = (days: number | null) => (days === null ? '–' : WAIT.format(days));

export function ImpactByDay({ rows }: { readonly rows: readonly ImpactRow[] }) {
  const days = useMemo(() => totalsByDay(rows), [rows]);
  const option = useMemo(() => dayChartOption(days), [days]);
  if (rows.length === 0) return null;
  const first = days[0]?.day ?? '';
  const last = days.at(-1)?.day ?? '';
  return (
    <figure className="card" aria-labelledby="by-day-heading">
      <figcaption>
        <h3 id="by-day-heading">Per day of the original appointment</h3>
      </figcaption>
      <Chart
        option={option}
        height={300}
        label={`Appointments kept, moved, referred out and unplaceable per day, ${formatDay(first)} to ${formatDay(last)}; the table below has the figures.`}
      />
      <TableRegion label="Impact per day and standard">
        <table className="by-day">
          <caption>Per day and standard</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">Standard</th>
              <th scope="col" className="num">
                Affected
              </th>
              <th scope="col" className="num">
                Kept
              </th>
              <th scope="col" className="num">
                Moved
              </th>
              <th scope="col" className="num">
                Referred out
              </th>
              <th scope="col" className="num">
                Unplaceable
              </th>
              <th scope="col" className="num">
                Met before
              </th>
              <th scope="col" className="num">
                Met after
              </th>
              <th scope="col" className="num">
                Mean wait before (days)
              </th>
              <th scope="col" className="num">
                Mean wait after (days)
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.day}/${row.standard}`}>
                <td className="when">{formatDay(row.day)}</td>
                <td>{standardName(row.standard)}</td>
                <td className="num">{formatCount(row.affected)}</td>
                <td className="num">{formatCount(row.kept)}</td>
                <td className="num">{formatCount(row.moved)}</td>
                <td className="num">{formatCount(row.referredOut)}</td>
                <td className="num">{formatCount(row.unplaceable)}</td>
                <td className="num">{formatCount(row.metBefore)}</td>
                <td className="num">{formatCount(row.metAfter)}</td>
                <td className="num">{wait(row.meanWaitDaysBefore)}</td>
                <td className="num">{wait(row.meanWaitDaysAfter)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
    </figure>
  );
}
