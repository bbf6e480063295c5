import { describe, expect, it } from 'vitest';
import { exampleRuns } from './example-results.ts';
import { renderSummaryTable } from './table.ts';

describe('terminal summary table', () => {
  const replicated = renderSummaryTable(exampleRuns(5, 120));
  const lines = replicated.split('\n');

  it('puts the baseline first, then each scenario with its difference to the baseline', () => {
    const header = lines[0]!;
    expect(header.trim().split(/\s{2,}/)).toEqual([
      'baseline',
      'employer offer (6 h/week)',
      'vs base',
      'strike 4 weeks, 80%',
      'vs base',
    ]);
  });

  it('shows per-standard compliance and waits, activity, backlog, utilisation and cost', () => {
    const labels = lines.map((line) => line.trim().split(/\s{2,}/)[0]);
    expect(labels).toEqual(
      expect.arrayContaining([
        'urgent-no-prior-auth',
        'nonurgent-nonphysician-mh',
        'compliance',
        'wait p50 (days)',
        'wait p90 (days)',
        'visits',
        'referrals out',
        'unplaced at end',
        'mean',
        'max',
        'end',
        'utilisation',
        'wage cost',
        'external cost',
      ]),
    );
  });

  it('lines up its columns: every row of figures is as wide as the header', () => {
    const rows = lines.filter((line) => line.startsWith('  '));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.length).toBe(lines[0]!.length);
  });

  it('gives ± half the 95% interval and stars differences whose interval excludes zero', () => {
    const visits = lines.find((line) => line.trim().startsWith('visits'))!;
    expect(visits).toMatch(/±/);
    expect(visits).toMatch(/-[\d,]+\*/);
    expect(replicated).toContain(
      '* the 95% interval of the difference to the baseline excludes 0.',
    );
  });

  it('prints plain values after a single run', () => {
    const single = renderSummaryTable(exampleRuns(1, 30));
    expect(single).not.toContain('±');
    expect(single).not.toContain('*');
    expect(single).toContain('One run per scenario: no confidence intervals.');
  });

  it('keeps control characters in names out of the terminal', () => {
    const [baseline] = exampleRuns(1, 10);
    const table = renderSummaryTable([{ ...baseline!, name: 'red\u001b[31m' }]);
    expect(table).not.toContain('\u001b');
    expect(table).toContain('red?[31m');
  });
});
