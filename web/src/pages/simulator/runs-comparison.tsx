/**
 * The finished runs side by side: which to compare, a daily measure over time (one line
 * per run) with its numbers one click away, and the summary of each run in a table —
 * per standard how many were seen, compliance and waits, then visits, referrals out,
 * unplaced, backlog and cost — with each figure's difference to the first run compared.
 */
import { useId, useMemo, useState } from 'react';
import { Chart } from '../../charts/chart.tsx';
import { Empty } from '../../components/states.tsx';
import { TableRegion } from '../../components/table-region.tsx';
import { dailyChartOption } from './chart-option.ts';
import {
  dailyValue,
  datesOf,
  describeDaily,
  formatDaily,
  MEASURES,
  type Measure,
  type Run,
  summaryGroups,
} from './runs.ts';

const COUNT = new Intl.NumberFormat('en-US');

export function RunsComparison({
  runs,
  compared,
  onToggle,
  onRemove,
}: {
  readonly runs: readonly Run[];
  /** Ids of the runs ticked for comparison. */
  readonly compared: ReadonlySet<number>;
  readonly onToggle: (id: number) => void;
  readonly onRemove: (id: number) => void;
}) {
  const id = useId();
  const [measure, setMeasure] = useState<Measure>('compliance');
  const [showDaily, setShowDaily] = useState(false);
  const chosen = useMemo(() => runs.filter((run) => compared.has(run.id)), [runs, compared]);
  const option = useMemo(() => dailyChartOption(chosen, measure), [chosen, measure]);
  const groups = useMemo(() => summaryGroups(chosen), [chosen]);

  if (runs.length === 0) {
    return (
      <Empty>
        No runs yet. Pick a scenario and press Run: its figures appear here, and each further run is
        added for comparison.
      </Empty>
    );
  }

  return (
    <>
      <fieldset className="card run-list">
        <legend>Runs to compare</legend>
        <ul>
          {runs.map((run) => (
            <li key={run.id}>
              <label>
                <input
                  type="checkbox"
                  checked={compared.has(run.id)}
                  onChange={() => onToggle(run.id)}
                />
                <span className="run-name">{run.label}</span>
              </label>
              <span className="muted">
                {COUNT.format(run.result.summary.days)} days from {run.result.daily[0]?.date ?? '—'}{' '}
                · {run.result.seconds.toFixed(1)} s
              </span>
              <button
                type="button"
                className="link-button"
                aria-label={`Remove run ${run.label}`}
                onClick={() => onRemove(run.id)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      </fieldset>

      {chosen.length === 0 ? (
        <Empty>Tick a run above to see its figures.</Empty>
      ) : (
        <>
          <figure className="card">
            <div className="figure-head">
              <figcaption id={`${id}-caption`}>{MEASURES[measure].label}</figcaption>
              <label>
                Measure
                <select
                  value={measure}
                  onChange={(event) => setMeasure(event.target.value as Measure)}
                >
                  {(Object.keys(MEASURES) as Measure[]).map((m) => (
                    <option key={m} value={m}>
                      {MEASURES[m].label}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                className="secondary"
                aria-expanded={showDaily}
                aria-controls={`${id}-daily`}
                onClick={() => setShowDaily((shown) => !shown)}
              >
                {showDaily ? 'Hide the daily numbers' : 'Show the daily numbers'}
              </button>
            </div>
            <Chart option={option} label={describeDaily(chosen, measure)} height={320} />
            <p className="footnote">{MEASURES[measure].caption}</p>
          </figure>
          {showDaily && <DailyTable id={`${id}-daily`} runs={chosen} measure={measure} />}
          <SummaryTable runs={chosen} groups={groups} />
        </>
      )}
    </>
  );
}

function SummaryTable({
  runs,
  groups,
}: {
  readonly runs: readonly Run[];
  readonly groups: ReturnType<typeof summaryGroups>;
}) {
  return (
    <TableRegion label="Summary of the runs compared">
      <table className="summary-table">
        <caption>
          Summary per run
          {runs.length > 1 && (
            <span className="muted"> · differences to {runs[0]!.label} in brackets</span>
          )}
        </caption>
        <thead>
          <tr>
            <th scope="col">Figure</th>
            {runs.map((run) => (
              <th scope="col" className="num" key={run.id}>
                {run.label}
              </th>
            ))}
          </tr>
        </thead>
        {groups.map((group) => (
          <tbody key={group.heading}>
            <tr className="group-row">
              <th scope="rowgroup" colSpan={runs.length + 1}>
                {group.heading}
              </th>
            </tr>
            {group.rows.map((row) => (
              <tr key={row.label}>
                <th scope="row">{row.label}</th>
                {row.cells.map((cell, index) => (
                  <td className="num" key={runs[index]!.id}>
                    {cell.text}
                    {cell.difference !== null && (
                      <span className="difference"> ({cell.difference})</span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        ))}
      </table>
    </TableRegion>
  );
}

function DailyTable({
  id,
  runs,
  measure,
}: {
  readonly id: string;
  readonly runs: readonly Run[];
  readonly measure: Measure;
}) {
  const dates = useMemo(() => datesOf(runs), [runs]);
  const byDate = useMemo(
    () => runs.map((run) => new Map(run.result.daily.map((row) => [row.date, row]))),
    [runs],
  );
  return (
    <TableRegion label="Daily numbers" id={id}>
      <table className="daily-table">
        <caption>
          {MEASURES[measure].label}: {MEASURES[measure].unit}, by day
        </caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            {runs.map((run) => (
              <th scope="col" className="num" key={run.id}>
                {run.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {dates.map((date) => (
            <tr key={date}>
              <th scope="row">{date}</th>
              {runs.map((run, index) => {
                const row = byDate[index]!.get(date);
                return (
                  <td className="num" key={run.id}>
                    {row === undefined ? '' : formatDaily(measure, dailyValue(row, measure))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </TableRegion>
  );
}
