/**
 * Writes a simulation report into a directory: the summary as JSON, a daily CSV per
 * scenario, the charts as SVG files and one HTML page holding all of it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SimulationResult } from '../../engine/simulation/result.ts';
import {
  averageDailySeries,
  mergeHistograms,
  summarizeReplications,
} from '../../engine/simulation/statistics.ts';
import { dailyChart, waitDistributionChart } from './charts.ts';
import { writeDailyCsv } from './csv.ts';
import { type ChartDeadline, californiaDeadline } from './deadlines.ts';
import { distinctSlugs } from './file-names.ts';
import { formatPercent } from './format.ts';
import { type ReportChart, renderHtmlReport } from './html.ts';
import { orderedStandardIds, type ScenarioRuns } from './metrics.ts';

export interface ReportOptions {
  /** A compliance level drawn on the compliance chart as a dashed line; null for none. Default 0.9. */
  readonly complianceTarget?: number | null;
  /** The deadline to mark on a standard's wait chart; by default California's. */
  readonly deadlineOf?: (standardId: string) => ChartDeadline | undefined;
  readonly title?: string;
}

/** What summary.json holds: per scenario the replicated summary and each run's own. */
function summaryJson(scenarios: readonly ScenarioRuns[]): unknown {
  return {
    scenarios: scenarios.map((s) => ({
      name: s.name,
      replications: s.replications.length,
      seeds: s.replications.map((r) => r.seed),
      summary: summarizeReplications(s.replications),
      runs: s.replications.map((r) => ({ seed: r.seed, seconds: r.seconds, summary: r.summary })),
    })),
  };
}

/**
 * Writes the report of `scenarios` (the first is the baseline; each with one result per
 * seed) into `outDir`, created if missing. Returns the paths written, in order.
 */
export async function writeReport(
  outDir: string,
  scenarios: readonly ScenarioRuns[],
  options: ReportOptions = {},
): Promise<string[]> {
  if (scenarios.length === 0) throw new RangeError('a report needs at least one scenario');
  for (const s of scenarios) {
    if (s.replications.length === 0) throw new RangeError(`scenario "${s.name}" has no runs`);
  }
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  const write = async (name: string, text: string): Promise<void> => {
    const path = join(outDir, name);
    await writeFile(path, text, 'utf8');
    written.push(path);
  };

  await write('summary.json', `${JSON.stringify(summaryJson(scenarios), null, 2)}\n`);

  const slugs = distinctSlugs(scenarios.map((s) => s.name));
  const daily = scenarios.map((s) => ({
    name: s.name,
    daily: averageDailySeries(s.replications.map((r) => r.daily)),
  }));
  const csvFiles: string[] = [];
  for (const [i, s] of daily.entries()) {
    const path = await writeDailyCsv(outDir, slugs[i]!, s.daily);
    written.push(path);
    csvFiles.push(`${slugs[i]}-daily.csv`);
  }

  const replicated = scenarios.some((s) => s.replications.length > 1);
  const meanNote = replicated ? ' (mean over replications)' : '';
  const target = options.complianceTarget === undefined ? 0.9 : options.complianceTarget;
  const charts: (ReportChart & { file: string })[] = [
    {
      file: 'compliance.svg',
      title: 'Compliance over time',
      caption: `Share of the requests seen each day that were seen by their deadline${meanNote}.`,
      svg: dailyChart({
        id: 'compliance',
        title: 'Compliance over time',
        column: 'compliance',
        yLabel: 'Seen by the deadline',
        yFormat: 'percent',
        yDomain: [0, 1],
        ...(target === null
          ? {}
          : { reference: { value: target, label: `target ${formatPercent(target, 0)}` } }),
        scenarios: daily,
      }),
    },
    {
      file: 'backlog.svg',
      title: 'Backlog over time',
      caption: `Requests not yet seen (booked ahead or waiting) at the end of each day${meanNote}.`,
      svg: dailyChart({
        id: 'backlog',
        title: 'Backlog over time',
        column: 'backlog',
        yLabel: 'Requests not yet seen',
        yFormat: 'number',
        scenarios: daily,
      }),
    },
  ];
  const deadlineOf = options.deadlineOf ?? californiaDeadline;
  const results: SimulationResult[] = scenarios.flatMap((s) => s.replications);
  const standardIds = orderedStandardIds(results);
  const standardSlugs = distinctSlugs(standardIds);
  standardIds.forEach((id, i) => {
    const deadline = deadlineOf(id);
    const histograms = scenarios.map((s) => ({
      name: s.name,
      histogram: mergeHistograms(
        s.replications.flatMap((r) => (r.waitHistogram[id] ? [r.waitHistogram[id]] : [])),
      ),
    }));
    const title = `Waits: ${id}`;
    charts.push({
      file: `waits-${standardSlugs[i]}.svg`,
      title,
      caption: `Share of requests under ${id} seen within a number of days${replicated ? ' (all replications pooled)' : ''}.`,
      svg: waitDistributionChart({
        id: `waits-${standardSlugs[i]}`,
        title,
        ...(deadline ? { deadline } : {}),
        scenarios: histograms,
      }),
    });
  });
  for (const chart of charts) await write(chart.file, chart.svg);

  await write(
    'report.html',
    renderHtmlReport({
      ...(options.title === undefined ? {} : { title: options.title }),
      scenarios,
      charts,
      files: ['summary.json', ...csvFiles, ...charts.map((c) => c.file)],
    }),
  );
  return written;
}
