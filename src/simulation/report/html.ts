/**
 * One self-contained HTML page: the summary table (baseline and each scenario side by
 * side, with the difference to the baseline), the charts as inline SVG, and how the runs
 * were made. No scripts, fonts or stylesheets from elsewhere: it opens offline, can be
 * mailed, and prints.
 */
import { CALIFORNIA_STANDARDS } from '../../engine/rules/standards.ts';
import type { Estimate } from '../../engine/simulation/statistics.ts';
import { californiaDeadline } from './deadlines.ts';
import {
  formatMetric,
  formatMetricDifference,
  type MetricKind,
  metricCells,
  orderedStandardIds,
  reportMetrics,
  type ScenarioRuns,
} from './metrics.ts';
import { escapeXml } from './svg.ts';

export interface ReportChart {
  readonly title: string;
  /** A complete SVG document whose element ids are unique in the page. */
  readonly svg: string;
  readonly caption?: string;
}

export interface HtmlReportInput {
  readonly title?: string;
  /** The first is the baseline. */
  readonly scenarios: readonly ScenarioRuns[];
  readonly charts: readonly ReportChart[];
  /** Other files of the report, linked by relative path (e.g. the daily CSVs). */
  readonly files?: readonly string[];
}

/** Escapes text for HTML content and quoted attributes (the XML escapes serve both). */
const html = escapeXml;

const STYLE = `
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0; background: #fafafa; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 20px 48px; background: #ffffff; }
h1 { font-size: 1.6em; margin: 0 0 .3em; }
h2 { font-size: 1.25em; margin: 1.8em 0 .6em; border-bottom: 1px solid #dddddd; padding-bottom: .2em; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; min-width: 60%; }
caption { text-align: left; color: #555555; padding-bottom: .5em; }
th, td { padding: 4px 10px; border-bottom: 1px solid #eeeeee; vertical-align: top; }
thead th { position: sticky; top: 0; background: #ffffff; border-bottom: 2px solid #999999; text-align: right; }
thead th:first-child, tbody th { text-align: left; font-weight: normal; }
td { text-align: right; white-space: nowrap; }
tr.group th { font-weight: 600; padding-top: 14px; border-bottom: 1px solid #cccccc; }
tr.group .title { font-weight: normal; color: #555555; }
td.baseline { background: #f4f4f4; }
td.difference { color: #444444; }
td.difference.clear { font-weight: 600; color: #111111; }
.interval { display: block; font-size: .8em; color: #666666; }
figure { margin: 1.5em 0; }
figure svg { max-width: 100%; height: auto; }
figcaption { color: #555555; font-size: .9em; }
.notes { color: #444444; }
`;

function intervalText(kind: MetricKind, estimate: Estimate): string | null {
  if (estimate.low === null || estimate.high === null) return null;
  return `95% interval ${formatMetric(kind, estimate.low)} to ${formatMetric(kind, estimate.high)}`;
}

function differenceIntervalText(kind: MetricKind, estimate: Estimate): string | null {
  if (estimate.low === null || estimate.high === null) return null;
  return `${formatMetricDifference(kind, estimate.low)} to ${formatMetricDifference(kind, estimate.high)}`;
}

function valueCell(kind: MetricKind, estimate: Estimate | null, baseline: boolean): string {
  const kindClass = baseline ? ' class="baseline"' : '';
  if (estimate === null) return `<td${kindClass}>–</td>`;
  const interval = intervalText(kind, estimate);
  return `<td${kindClass}>${html(formatMetric(kind, estimate.mean))}${interval === null ? '' : `<span class="interval">${html(interval)}</span>`}</td>`;
}

function differenceCell(kind: MetricKind, difference: Estimate | null): string {
  if (difference === null) return '<td class="difference">–</td>';
  const clear =
    difference.low !== null &&
    difference.high !== null &&
    (difference.low > 0 || difference.high < 0);
  const interval = differenceIntervalText(kind, difference);
  return `<td class="difference${clear ? ' clear' : ''}">${html(formatMetricDifference(kind, difference.mean))}${interval === null ? '' : `<span class="interval">${html(interval)}</span>`}</td>`;
}

function groupHeading(group: string): string {
  const standard = CALIFORNIA_STANDARDS.find((s) => s.id === group);
  if (standard === undefined) return html(group);
  const deadline = californiaDeadline(group);
  const detail = `${standard.title}${deadline ? ` — ${deadline.label}` : ''}`;
  return `${html(group)} <span class="title">${html(detail)}</span>`;
}

function summaryTable(scenarios: readonly ScenarioRuns[]): string {
  const results = scenarios.flatMap((s) => s.replications);
  const metrics = reportMetrics(orderedStandardIds(results));
  const columns = scenarios.length * 2;
  const head = scenarios
    .map((s, i) =>
      i === 0
        ? `<th scope="col">${html(s.name)}<span class="interval">baseline</span></th>`
        : `<th scope="col">${html(s.name)}</th><th scope="col">difference<span class="interval">to ${html(scenarios[0]!.name)}</span></th>`,
    )
    .join('');
  const body: string[] = [];
  let group: string | null = null;
  for (const metric of metrics) {
    if (metric.group !== group) {
      group = metric.group;
      body.push(
        `<tr class="group"><th colspan="${columns}" scope="colgroup">${groupHeading(group)}</th></tr>`,
      );
    }
    const cells = metricCells(metric, scenarios);
    body.push(
      `<tr><th scope="row">${html(metric.label)}</th>${cells
        .map((cell, i) =>
          i === 0
            ? valueCell(metric.kind, cell.value, true)
            : `${valueCell(metric.kind, cell.value, false)}${differenceCell(metric.kind, cell.difference)}`,
        )
        .join('')}</tr>`,
    );
  }
  const replicated = scenarios.some((s) => s.replications.length > 1);
  const caption = replicated
    ? 'Means over replications, with 95% confidence intervals (Student t). Differences in bold have an interval that excludes zero.'
    : 'One run per scenario: no confidence intervals.';
  return [
    '<div class="table-wrap"><table>',
    `<caption>${html(caption)}</caption>`,
    `<thead><tr><th scope="col">Figure</th>${head}</tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody></table></div>',
  ].join('\n');
}

/** Seeds as a range when consecutive ("1–30"), otherwise listed (the first ten). */
export function describeSeeds(seeds: readonly number[]): string {
  if (seeds.length === 0) return 'none';
  const consecutive = seeds.every((seed, i) => i === 0 || seed === seeds[i - 1]! + 1);
  if (consecutive && seeds.length > 2) return `${seeds[0]}–${seeds[seeds.length - 1]}`;
  const shown = seeds.slice(0, 10).join(', ');
  return seeds.length > 10 ? `${shown}, … (${seeds.length} in all)` : shown;
}

function runsSection(scenarios: readonly ScenarioRuns[], files: readonly string[]): string {
  const items = scenarios.map((s) => {
    const n = s.replications.length;
    const seeds = describeSeeds(s.replications.map((r) => r.seed));
    return `<li><strong>${html(s.name)}</strong>: ${n} ${n === 1 ? 'replication' : 'replications'}, ${n === 1 ? 'seed' : 'seeds'} ${html(seeds)}</li>`;
  });
  const paired = scenarios
    .slice(1)
    .every(
      (s) =>
        s.replications.length === scenarios[0]!.replications.length &&
        s.replications.every((r, k) => r.seed === scenarios[0]!.replications[k]!.seed),
    );
  const method = paired
    ? 'Every scenario ran the same seeds as the baseline, so differences are taken seed by seed (common random numbers) and their intervals are those of the paired differences.'
    : 'Scenarios ran different seeds from the baseline, so the intervals of differences are Welch intervals for independent samples.';
  return [
    '<h2>Runs</h2>',
    `<ul>${items.join('')}</ul>`,
    `<p class="notes">${html(method)} Wait percentiles come from waits counted by the hour. The same seeds give the same report, byte for byte.</p>`,
    files.length === 0
      ? ''
      : `<p>Files: ${files.map((f) => `<a href="${html(encodeURI(f))}">${html(f)}</a>`).join(', ')}</p>`,
  ].join('\n');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const title = input.title ?? 'Timely simulation report';
  const [baseline, ...others] = input.scenarios;
  const names = (list: readonly ScenarioRuns[]): string =>
    list.map((s) => `<strong>${html(s.name)}</strong>`).join('; ');
  const lead =
    baseline === undefined
      ? 'No scenarios.'
      : `Baseline: ${names([baseline])}.${others.length === 0 ? '' : ` Compared with it: ${names(others)}.`}`;
  const figures = input.charts.map(
    (chart) =>
      `<figure>\n${chart.svg.trimEnd()}\n${chart.caption ? `<figcaption>${html(chart.caption)}</figcaption>\n` : ''}</figure>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${html(title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    `<h1>${html(title)}</h1>`,
    `<p>${lead}</p>`,
    '<h2>Summary</h2>',
    summaryTable(input.scenarios),
    '<h2>Charts</h2>',
    ...figures,
    runsSection(input.scenarios, input.files ?? []),
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
