/**
 * Continuity of care: of each week's follow-ups that named the member's own clinician,
 * the share whose first visit was with that clinician (SPEC: follow-ups stay with their
 * clinician) — bars of the counts, a line of the share, and the numbers one click away.
 * Read from the compliance rows the page has already (`followups`, `continuityKept`),
 * summed over their groups: no request of its own.
 */
import { useMemo } from 'react';
import type { ComplianceByGroup } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName } from '../standards.ts';
import { ChartCard } from './chart-card.tsx';
import { continuityByWeek, type WeekContinuity } from './compliance.ts';
import { COUNT, percentOrDash, weekLabel } from './format.ts';

// Okabe–Ito, as the other cards; the legend and the table name each series too.
const KEPT = { name: 'First seen by their own clinician', colour: '#009E73' };
const OTHER = { name: 'Seen by another, or not yet', colour: '#BBBBBB' };
const SHARE = { name: 'Share kept', colour: '#0072B2' };

export function ContinuityCard({
  answer,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<ComplianceByGroup>;
  /** One standard, or null for all. */
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const data = answer.state === 'ready' ? answer.data : null;
  const weeks = useMemo(() => (data ? continuityByWeek(data, standard) : []), [data, standard]);
  const total = sumOf(weeks);
  const option = useMemo(() => chartOption(weeks), [weeks]);

  return (
    <ChartCard
      id="continuity"
      title="Follow-ups with their own clinician"
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel="Continuity numbers"
      table={total.followups > 0 ? <ContinuityTable weeks={weeks} total={total} /> : null}
      wide
    >
      {answer.state === 'loading' && <Loading what="the follow-ups" />}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
      {data !== null && total.followups === 0 && (
        <Empty>
          No follow-up named a clinician of the member's own in the last {weeks.length} weeks.
        </Empty>
      )}
      {total.followups > 0 && (
        <>
          <dl className="stats">
            <div className="stat">
              <dt>Kept with their clinician, {weeks.length} weeks</dt>
              <dd>{percentOrDash(total.share)}</dd>
            </div>
            <div className="stat">
              <dt>Follow-ups with a clinician of their own</dt>
              <dd>{COUNT.format(total.followups)}</dd>
            </div>
          </dl>
          <Chart option={option} height={280} label={chartSummary(weeks, total)} />
          <p className="chart-note">
            A follow-up counts in the week its clock started. One not seen yet counts as not kept
            until its first visit, so recent weeks may still rise.
          </p>
        </>
      )}
    </ChartCard>
  );
}

function sumOf(weeks: readonly WeekContinuity[]): Omit<WeekContinuity, 'weekStart'> {
  const followups = weeks.reduce((sum, week) => sum + week.followups, 0);
  const kept = weeks.reduce((sum, week) => sum + week.kept, 0);
  return { followups, kept, share: followups === 0 ? null : kept / followups };
}

function ContinuityTable({
  weeks,
  total,
}: {
  readonly weeks: readonly WeekContinuity[];
  readonly total: Omit<WeekContinuity, 'weekStart'>;
}) {
  return (
    <table>
      <caption>
        Follow-ups that named the member's own clinician, and how many were first seen by them
      </caption>
      <thead>
        <tr>
          <th scope="col">Week of</th>
          <th scope="col" className="num">
            Follow-ups
          </th>
          <th scope="col" className="num">
            First seen by their clinician
          </th>
          <th scope="col" className="num">
            Share kept
          </th>
        </tr>
      </thead>
      <tbody>
        {weeks.map((week) => (
          <tr key={week.weekStart}>
            <th scope="row">{week.weekStart}</th>
            <td className="num">{COUNT.format(week.followups)}</td>
            <td className="num">{COUNT.format(week.kept)}</td>
            <td className="num">{percentOrDash(week.share)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{weeks.length} weeks</th>
          <td className="num">{COUNT.format(total.followups)}</td>
          <td className="num">{COUNT.format(total.kept)}</td>
          <td className="num">{percentOrDash(total.share)}</td>
        </tr>
      </tfoot>
    </table>
  );
}

function chartOption(weeks: readonly WeekContinuity[]): EChartsCoreOption {
  return {
    animation: false,
    grid: { left: 56, right: 56, top: 40, bottom: 32 },
    legend: { top: 0, textStyle: { fontSize: 13 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (value: number | null) => (value === null ? '—' : COUNT.format(value)),
    },
    xAxis: { type: 'category', data: weeks.map((week) => weekLabel(week.weekStart)) },
    yAxis: [
      {
        type: 'value',
        name: 'follow-ups',
        minInterval: 1,
        nameTextStyle: { align: 'left' },
      },
      {
        type: 'value',
        name: 'kept',
        min: 0,
        max: 100,
        axisLabel: { formatter: '{value}%' },
        splitLine: { show: false },
      },
    ],
    series: [
      {
        name: KEPT.name,
        type: 'bar',
        stack: 'followups',
        itemStyle: { color: KEPT.colour },
        data: weeks.map((week) => week.kept),
      },
      {
        name: OTHER.name,
        type: 'bar',
        stack: 'followups',
        itemStyle: { color: OTHER.colour },
        data: weeks.map((week) => week.followups - week.kept),
      },
      {
        name: SHARE.name,
        type: 'line',
        yAxisIndex: 1,
        itemStyle: { color: SHARE.colour },
        lineStyle: { color: SHARE.colour, width: 2 },
        // No follow-ups, no share: a gap in the line rather than a fall to zero.
        data: weeks.map((week) =>
          week.share === null ? null : Math.round(week.share * 1000) / 10,
        ),
        tooltip: { valueFormatter: (value: number | null) => (value === null ? '—' : `${value}%`) },
      },
    ],
  };
}

function chartSummary(
  weeks: readonly WeekContinuity[],
  total: Omit<WeekContinuity, 'weekStart'>,
): string {
  const last = weeks.filter((week) => week.share !== null).at(-1);
  return `Bar chart of the follow-ups per week over ${weeks.length} weeks that named the member's own clinician, split by whether that clinician saw them first, with the share kept as a line. Over the ${weeks.length} weeks: ${percentOrDash(total.share)} of ${COUNT.format(total.followups)}.${
    last
      ? ` Week of ${last.weekStart}: ${percentOrDash(last.share)} of ${COUNT.format(last.followups)}.`
      : ''
  } The numbers are in the table under "Show the numbers".`;
}
