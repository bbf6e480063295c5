import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exampleRuns } from './example-results.ts';
import { writeReport } from './write-report.ts';
import { parseSvg } from './xml-testing.ts';

describe('writing a report', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'timely-report-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the summary, a CSV per scenario, the charts and the page, and lists them', async () => {
    const files = await writeReport(join(dir, 'out'), exampleRuns(3, 60));
    const names = [
      'summary.json',
      'baseline-daily.csv',
      'employer-offer-6-h-week-daily.csv',
      'strike-4-weeks-80-daily.csv',
      'compliance.svg',
      'backlog.svg',
      'waits-urgent-no-prior-auth.svg',
      'waits-nonurgent-nonphysician-mh.svg',
      'report.html',
    ];
    expect(files).toEqual(names.map((name) => join(dir, 'out', name)));
    expect((await readdir(join(dir, 'out'))).sort()).toEqual([...names].sort());
    for (const file of files.filter((f) => f.endsWith('.svg'))) {
      expect(() => parseSvg(String(readFile))).toThrow();
      parseSvg(await readFile(file, 'utf8'));
    }
  });

  it('puts each scenario’s replicated summary and its runs in summary.json', async () => {
    await writeReport(dir, exampleRuns(3, 30));
    const summary = JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8'));
    expect(summary.scenarios.map((s: { name: string }) => s.name)).toEqual([
      'baseline',
      'employer offer (6 h/week)',
      'strike 4 weeks, 80%',
    ]);
    const [baseline] = summary.scenarios;
    expect(baseline.seeds).toEqual([1, 2, 3]);
    expect(baseline.summary.visits).toEqual({
      mean: expect.any(Number),
      low: expect.any(Number),
      high: expect.any(Number),
    });
    expect(baseline.summary.standards['urgent-no-prior-auth'].compliance.mean).toBeGreaterThan(0);
    expect(baseline.runs).toHaveLength(3);
  });

  it('writes the same bytes for the same results', async () => {
    await writeReport(join(dir, 'a'), exampleRuns(2, 30));
    await writeReport(join(dir, 'b'), exampleRuns(2, 30));
    for (const name of await readdir(join(dir, 'a'))) {
      expect(await readFile(join(dir, 'b', name), 'utf8')).toBe(
        await readFile(join(dir, 'a', name), 'utf8'),
      );
    }
  });

  it('gives scenarios whose names clash distinct file names', async () => {
    const [baseline] = exampleRuns(1, 10);
    const files = await writeReport(dir, [baseline!, { ...baseline!, name: 'Baseline' }]);
    expect(files).toContain(join(dir, 'baseline-daily.csv'));
    expect(files).toContain(join(dir, 'baseline-2-daily.csv'));
  });

  it('refuses a scenario without runs', async () => {
    await expect(writeReport(dir, [{ name: 'empty', replications: [] }])).rejects.toThrow(
      RangeError,
    );
  });
});
