/**
 * The summary as a plain-text table for the terminal: one column per scenario, the
 * baseline first, each other scenario followed by its difference to the baseline.
 * With replications, a value carries "±" the half-width of its 95% interval and a
 * difference whose interval excludes zero is marked "*".
 */
import type { Estimate } from '../../engine/simulation/statistics.ts';
import {
  formatHalfWidth,
  formatMetric,
  formatMetricDifference,
  type MetricKind,
  metricCells,
  orderedStandardIds,
  reportMetrics,
  type ScenarioRuns,
} from './metrics.ts';

const GAP = '  ';
const INDENT = '  ';

/** Control characters in a name would move the cursor or recolour the terminal. */
function printable(text: string): string {
  return [...text]
    .map((char) => {
      const code = char.codePointAt(0)!;
      return code < 0x20 || (code >= 0x7f && code <= 0x9f) ? '?' : char;
    })
    .join('');
}

function valueText(kind: MetricKind, estimate: Estimate | null): string {
  if (estimate === null) return '-';
  const half = formatHalfWidth(kind, estimate);
  const value = formatMetric(kind, estimate.mean);
  return half === null ? value : `${value} ±${half}`;
}

function differenceText(kind: MetricKind, difference: Estimate | null): string {
  if (difference === null) return '-';
  const clear =
    difference.low !== null &&
    difference.high !== null &&
    (difference.low > 0 || difference.high < 0);
  return `${formatMetricDifference(kind, difference.mean)}${clear ? '*' : ''}`;
}

/** Whether every scenario ran a single replication (then no intervals are printed). */
function singleRuns(scenarios: readonly ScenarioRuns[]): boolean {
  return scenarios.every((s) => s.replications.length <= 1);
}

export function renderSummaryTable(scenarios: readonly ScenarioRuns[]): string {
  const results = scenarios.flatMap((s) => s.replications);
  const metrics = reportMetrics(orderedStandardIds(results)).filter((m) => m.brief);
  const header = ['', ...scenarios.flatMap((s, i) => (i === 0 ? [s.name] : [s.name, 'vs base']))];
  const rows: (readonly string[] | string)[] = [];
  let group: string | null = null;
  for (const metric of metrics) {
    if (metric.group !== group) {
      group = metric.group;
      rows.push(group);
    }
    const cells = metricCells(metric, scenarios);
    rows.push([
      `${INDENT}${metric.label}`,
      ...cells.flatMap((cell, i) => {
        const value = valueText(metric.kind, cell.value);
        return i === 0 ? [value] : [value, differenceText(metric.kind, cell.difference)];
      }),
    ]);
  }

  const grid = [header.map(printable), ...rows.filter((r) => typeof r !== 'string')];
  const widths = header.map((_, column) =>
    Math.max(...grid.map((row) => (row[column] ?? '').length)),
  );
  const line = (row: readonly string[]): string =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[0]!) : cell.padStart(widths[column]!),
      )
      .join(GAP)
      .trimEnd();

  const replications = scenarios.map((s) => s.replications.length);
  const notes = singleRuns(scenarios)
    ? ['One run per scenario: no confidence intervals.']
    : [
        `Replications: ${scenarios.map((s, i) => `${printable(s.name)} ${replications[i]}`).join(', ')}. Values are means ± half the 95% interval;`,
        '* the 95% interval of the difference to the baseline excludes 0.',
      ];
  return [
    line(header.map(printable)),
    ...rows.map((row) => (typeof row === 'string' ? printable(row) : line(row))),
    '',
    ...notes,
    '',
  ].join('\n');
}
