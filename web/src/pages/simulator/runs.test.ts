/**
 * The comparison's figures are the CLI report's: same rows, same rounding, differences
 * to the first run compared; and the chart joins the days nobody was seen.
 */
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_SCENARIOS,
  exampleResult,
} from '../../../../src/simulation/report/example-results.ts';
import { formatMetric } from '../../../../src/simulation/report/metrics.ts';
import { dailyChartOption } from './chart-option.ts';
import { datesOf, describeDaily, type Run, runLabel, summaryGroups } from './runs.ts';

function run(id: number, scenario: number, seed: number, days = 120): Run {
  const { name } = EXAMPLE_SCENARIOS[scenario]!;
  return {
    id,
    label: runLabel(id, name, seed),
    name,
    seed,
    result: exampleResult(EXAMPLE_SCENARIOS[scenario]!, seed, days),
  };
}

describe('summaryGroups', () => {
  const runs = [run(1, 0, 1), run(2, 2, 1)];
  const groups = summaryGroups(runs);

  it('has the standards by their names, then activity, backlog and cost, in the report order', () => {
    expect(groups.map((g) => g.heading)).toEqual([
      'Urgent, no prior auth (48 h)',
      'Non-urgent, therapist (10 days)',
      'Activity',
      'Backlog (requests not yet seen)',
      'Workforce and cost',
    ]);
    expect(groups[0]!.rows.map((r) => r.label)).toEqual([
      'seen',
      'compliance',
      'wait p50 (days)',
      'wait p90 (days)',
    ]);
    expect(groups[2]!.rows.map((r) => r.label)).toEqual([
      'visits',
      'referrals out',
      'unplaced at end',
    ]);
    expect(groups[3]!.rows.map((r) => r.label)).toEqual(['mean', 'max', 'end']);
  });

  it('prints each run as the report does, and the second against the first', () => {
    const compliance = groups[0]!.rows.find((r) => r.label === 'compliance')!;
    const figures = runs.map(
      (r) => r.result.summary.standards['urgent-no-prior-auth']!.compliance!,
    );
    expect(compliance.cells.map((c) => c.text)).toEqual(
      figures.map((value) => formatMetric('share', value)),
    );
    expect(compliance.cells[0]!.difference).toBeNull();
    expect(compliance.cells[1]!.difference).toMatch(/^([+-][\d.]+|0\.0) pp$/);
    const visits = groups[2]!.rows[0]!;
    expect(visits.cells[1]!.difference).toMatch(/^[+-][\d,]+$/);
  });
});

describe('the daily chart', () => {
  it('draws a line per run on dates, joining days with no value, the target on compliance', () => {
    const runs = [run(1, 0, 1, 30), run(2, 1, 2, 40)];
    const option = dailyChartOption(runs, 'compliance') as {
      series: { name: string; connectNulls: boolean; data: unknown[][]; markLine?: unknown }[];
    };
    expect(option.series.map((s) => s.name)).toEqual(runs.map((r) => r.label));
    expect(option.series.map((s) => s.data.length)).toEqual([30, 40]);
    expect(option.series[0]!.data[0]![0]).toBe('2026-01-01');
    expect(option.series.every((s) => s.connectNulls)).toBe(true);
    expect(option.series[0]!.markLine).toBeDefined();
    expect(
      (dailyChartOption(runs, 'backlog') as { series: { markLine?: unknown }[] }).series[0]!
        .markLine,
    ).toBeUndefined();
    expect(datesOf(runs)).toHaveLength(40);
    expect(describeDaily(runs, 'backlog')).toMatch(/^Line chart of requests not yet seen per day/);
  });
});
