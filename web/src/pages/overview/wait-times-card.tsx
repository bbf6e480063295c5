/**
 * How long members waited for a first appointment (`GET /access/wait-times`): for one
 * standard, a histogram in the unit its limit counts, the bars past the limit marked,
 * with the 50th, 90th and 99th percentiles; for all standards, each one's percentiles
 * as a share of its own limit, so hours and business days can stand side by side.
 */
import { useMemo } from 'react';
import type { StandardWaits, WaitBucket, WaitTimes } from '../../api/types.ts';
import type { Loadable } from '../../api/use-api.ts';
import { Chart } from '../../charts/chart.tsx';
import type { EChartsCoreOption } from '../../charts/echarts.ts';
import { Empty, Failure, Loading } from '../../components/states.tsx';
import { standardName, UNIT_NAMES } from '../standards.ts';
import { ChartCard } from './chart-card.tsx';
import { COUNT, formatWait, PERCENT, percentOrDash } from './format.ts';

const WITHIN = '#0072B2';
const OVER = '#D55E00';
const PERCENTILES = ['p50', 'p90', 'p99'] as const;
const PERCENTILE_COLOURS = ['#56B4E9', '#0072B2', '#CC79A7'];

/** A bucket lies within the limit when every wait in it does (business days are whole). */
export function bucketWithinLimit(bucket: WaitBucket, waits: StandardWaits): boolean {
  if (waits.unit === 'business-days') return bucket.from <= waits.limit;
  return bucket.to !== null && bucket.to <= waits.limit;
}

function bucketLabel(bucket: WaitBucket, unit: string): string {
  if (bucket.to === null) return `${bucket.from}+`;
  return unit === 'business-days' ? `${bucket.from}` : `${bucket.from}–${bucket.to}`;
}

export function WaitTimesCard({
  answer,
  standard,
  onRetry,
}: {
  readonly answer: Loadable<WaitTimes>;
  readonly standard: string | null;
  readonly onRetry: () => void;
}) {
  const all = answer.state === 'ready' ? answer.data.standards : [];
  const one = standard === null ? undefined : all.find((s) => s.standard === standard);
  const option = useMemo(() => (one ? histogramOption(one) : percentileOption(all)), [one, all]);
  const empty = answer.state === 'ready' && (standard === null ? all.length === 0 : !one);

  return (
    <ChartCard
      id="wait-times"
      title="Wait for a first appointment"
      subtitle={standard ? standardName(standard) : 'all standards'}
      tableLabel="Wait-time numbers"
      table={
        answer.state !== 'ready' || empty ? null : one ? (
          <HistogramTable waits={one} />
        ) : (
          <PercentileTable standards={all} />
        )
      }
    >
      {answer.state === 'loading' && <Loading what="the wait times" />}
      {answer.state === 'error' && <Failure message={answer.message} onRetry={onRetry} />}
      {empty && <Empty>No appointments for these requests yet.</Empty>}
      {answer.state === 'ready' && !empty && one && (
        <>
          <dl className="stats">
            {PERCENTILES.map((p) => (
              <div className="stat" key={p}>
                <dt>{p} wait</dt>
                <dd>{formatWait(one[p], one.unit)}</dd>
              </div>
            ))}
            <div className="stat">
              <dt>Within {formatWait(one.limit, one.unit)}</dt>
              <dd>{percentOrDash(one.appointed ? one.withinLimit / one.appointed : null)}</dd>
            </div>
          </dl>
          <Chart
            option={option}
            height={260}
            label={`Histogram of ${COUNT.format(one.appointed)} waits in ${UNIT_NAMES[one.unit]?.many ?? one.unit}: half waited ${formatWait(one.p50, one.unit)} or less, 90% ${formatWait(one.p90, one.unit)} or less. The numbers are in the table under "Show the numbers".`}
          />
          <p className="chart-note">
            Blue bars: within the limit of {formatWait(one.limit, one.unit)}; orange: over it.
          </p>
        </>
      )}
      {answer.state === 'ready' && !empty && !one && (
        <Chart
          option={option}
          height={Math.max(300, 90 + 44 * all.length)}
          label={`Bar chart of the 50th, 90th and 99th percentile waits of ${all.length} kinds of request, each as a share of its own limit. The numbers are in the table under "Show the numbers".`}
        />
      )}
      {answer.state === 'ready' && !empty && !one && (
        <p className="chart-note">
          Each kind of request against its own limit (hours or business days): a bar past the dashed
          line waited longer than the law allows. Choose a standard for its histogram.
        </p>
      )}
    </ChartCard>
  );
}

function histogramOption(waits: StandardWaits): EChartsCoreOption {
  const unit = UNIT_NAMES[waits.unit]?.many ?? waits.unit;
  return {
    animation: false,
    // Room under the axis for its name (containLabel leaves the name out).
    grid: { left: 8, right: 16, top: 28, bottom: 30, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: {
      type: 'category',
      name: unit,
      nameLocation: 'middle',
      nameGap: 26,
      data: waits.buckets.map((bucket) => bucketLabel(bucket, waits.unit)),
    },
    yAxis: { type: 'value', name: 'requests', minInterval: 1 },
    series: [
      {
        name: 'Requests',
        type: 'bar',
        barCategoryGap: '8%',
        data: waits.buckets.map((bucket) => ({
          value: bucket.count,
          itemStyle: { color: bucketWithinLimit(bucket, waits) ? WITHIN : OVER },
        })),
      },
    ],
  };
}

function percentileOption(standards: readonly StandardWaits[]): EChartsCoreOption {
  const shown = [...standards].reverse();
  const share = (waits: StandardWaits, p: (typeof PERCENTILES)[number]) => {
    const value = waits[p];
    return value === null ? null : Math.round((1000 * value) / waits.limit) / 10;
  };
  return {
    animation: false,
    grid: { left: 8, right: 24, top: 32, bottom: 30, containLabel: true },
    legend: { top: 0, textStyle: { fontSize: 12 } },
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => `${v}%`,
    },
    xAxis: { type: 'value', name: '% of the limit', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: shown.map((waits) => standardName(waits.standard)) },
    series: PERCENTILES.map((p, i) => ({
      name: p,
      type: 'bar',
      itemStyle: { color: PERCENTILE_COLOURS[i] },
      data: shown.map((waits) => share(waits, p)),
      ...(i === 0
        ? {
            markLine: {
              silent: true,
              symbol: 'none',
              lineStyle: { color: '#1b1f24', type: 'dashed' },
              label: { formatter: 'limit' },
              data: [{ xAxis: 100 }],
            },
          }
        : {}),
    })),
  };
}

function HistogramTable({ waits }: { readonly waits: StandardWaits }) {
  const unit = UNIT_NAMES[waits.unit]?.many ?? waits.unit;
  return (
    <table>
      <caption>
        Requests by wait for a first appointment ({unit}; limit{' '}
        {formatWait(waits.limit, waits.unit)})
      </caption>
      <thead>
        <tr>
          <th scope="col">Wait ({unit})</th>
          <th scope="col" className="num">
            Requests
          </th>
          <th scope="col">Within the limit</th>
        </tr>
      </thead>
      <tbody>
        {waits.buckets.map((bucket) => (
          <tr key={bucket.from}>
            <th scope="row">
              {bucket.to === null
                ? `${bucket.from} and over`
                : waits.unit === 'business-days'
                  ? `${bucket.from}`
                  : `${bucket.from} to under ${bucket.to}`}
            </th>
            <td className="num">{COUNT.format(bucket.count)}</td>
            <td>{bucketWithinLimit(bucket, waits) ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">All</th>
          <td className="num">{COUNT.format(waits.appointed)}</td>
          <td>{COUNT.format(waits.withinLimit)} within</td>
        </tr>
      </tfoot>
    </table>
  );
}

function PercentileTable({ standards }: { readonly standards: readonly StandardWaits[] }) {
  return (
    <table>
      <caption>Waits for a first appointment, per kind of request</caption>
      <thead>
        <tr>
          <th scope="col">Requests under</th>
          <th scope="col" className="num">
            Limit
          </th>
          <th scope="col" className="num">
            Appointed
          </th>
          <th scope="col" className="num">
            Within the limit
          </th>
          <th scope="col" className="num">
            p50
          </th>
          <th scope="col" className="num">
            p90
          </th>
          <th scope="col" className="num">
            p99
          </th>
        </tr>
      </thead>
      <tbody>
        {standards.map((waits) => (
          <tr key={waits.standard}>
            <th scope="row">{standardName(waits.standard)}</th>
            <td className="num">{formatWait(waits.limit, waits.unit)}</td>
            <td className="num">{COUNT.format(waits.appointed)}</td>
            <td className="num">
              {waits.appointed ? PERCENT.format(waits.withinLimit / waits.appointed) : '—'}
            </td>
            {PERCENTILES.map((p) => (
              <td className="num" key={p}>
                {formatWait(waits[p], waits.unit)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
