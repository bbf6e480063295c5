import { describe, expect, it } from 'vitest';
import type { DailyRow } from '../../engine/simulation/result.ts';
import { WAIT_BINS_PER_DAY, WAIT_MAX_DAYS } from '../../engine/simulation/result.ts';
import { dailyChart, shareWithin, waitDistributionChart } from './charts.ts';
import { exampleResult, exampleRuns } from './example-results.ts';
import { parseSvg } from './xml-testing.ts';

const HOSTILE = '<script>alert("x")</script> & \u0007bell';

function backlogChart(names: readonly string[], days = 365): string {
  const runs = exampleRuns(1, days);
  return dailyChart({
    id: 'backlog',
    title: 'Backlog over time',
    column: 'backlog',
    yLabel: 'Requests not yet seen',
    yFormat: 'number',
    scenarios: names.map((name, i) => ({
      name,
      daily: runs[i % runs.length]!.replications[0]!.daily,
    })),
  });
}

function histogramOf(waitsInDays: readonly number[]): Uint32Array {
  const histogram = new Uint32Array(WAIT_MAX_DAYS * WAIT_BINS_PER_DAY + 1);
  for (const wait of waitsInDays) {
    histogram[Math.min(histogram.length - 1, Math.floor(wait * WAIT_BINS_PER_DAY))]!++;
  }
  return histogram;
}

describe('daily chart', () => {
  it('is well-formed SVG with an accessible name and description', () => {
    const svg = parseSvg(backlogChart(['baseline', 'strike']));
    expect(svg.rootName).toBe('svg');
    expect(svg.textsOf('title')).toEqual(['Backlog over time']);
    const [description] = svg.textsOf('desc');
    expect(description).toContain('baseline: from');
    expect(description).toContain('strike: from');
    expect(svg.attributesOf('svg', 'aria-labelledby')).toEqual(['backlog-title backlog-desc']);
  });

  it('draws one line per scenario and names each in the legend', () => {
    const svg = parseSvg(backlogChart(['baseline', 'employer offer', 'strike']));
    expect(svg.attributesOf('path', 'd')).toHaveLength(3);
    expect(svg.textsOf('text')).toEqual(
      expect.arrayContaining(['baseline', 'employer offer', 'strike']),
    );
  });

  it('marks month starts on the date axis', () => {
    const texts = parseSvg(backlogChart(['baseline'])).textsOf('text');
    expect(texts).toEqual(expect.arrayContaining(['Jan 2026', 'Jun', 'Dec']));
  });

  it('escapes names: markup in a scenario name stays text', () => {
    const chart = backlogChart(['baseline', HOSTILE]);
    expect(chart).not.toContain('<script>');
    expect(parseSvg(chart).textsOf('text')).toContain('<script>alert("x")</script> & bell');
  });

  it('gives the same bytes for the same input', () => {
    expect(backlogChart(['baseline', 'strike'])).toBe(backlogChart(['baseline', 'strike']));
  });

  it('draws a dashed reference line with its label', () => {
    const chart = dailyChart({
      id: 'compliance',
      title: 'Compliance',
      column: 'compliance',
      yLabel: 'Seen by the deadline',
      yFormat: 'percent',
      yDomain: [0, 1],
      reference: { value: 0.7, label: 'target 70%' },
      scenarios: [{ name: 'baseline', daily: exampleRuns(1, 60)[0]!.replications[0]!.daily }],
    });
    const svg = parseSvg(chart);
    expect(svg.textsOf('text')).toEqual(expect.arrayContaining(['target 70%', '0%', '100%']));
    expect(svg.attributesOf('line', 'stroke-dasharray')).toContain('7 4');
  });

  it('joins the days around a day without a value, and says so for a scenario with none', () => {
    const day = (date: string, compliance: number | null): DailyRow => ({
      ...exampleResult(
        { name: 'x', fewerVisitsPerDay: 0, longerWaitDays: 0, adminHoursPerWeek: 4 },
        1,
        1,
      ).daily[0]!,
      date,
      compliance,
    });
    const chart = dailyChart({
      id: 'c',
      title: 'Compliance',
      column: 'compliance',
      yLabel: 'Seen by the deadline',
      yFormat: 'percent',
      yDomain: [0, 1],
      scenarios: [
        {
          name: 'weekend gap',
          daily: [day('2026-03-06', 0.8), day('2026-03-07', null), day('2026-03-09', 0.9)],
        },
        { name: 'nobody seen', daily: [day('2026-03-06', null)] },
      ],
    });
    const svg = parseSvg(chart);
    const [path] = svg.attributesOf('path', 'd');
    expect(path!.match(/[ML]/g)).toEqual(['M', 'L']);
    expect(svg.textsOf('text')).toContain('nobody seen (no data)');
  });

  it('wraps a long legend onto more rows and grows to fit it', () => {
    const names = Array.from({ length: 10 }, (_, i) => `scenario number ${i + 1} with a long name`);
    const few = parseSvg(backlogChart(['baseline']));
    const many = parseSvg(backlogChart(names));
    const height = (svg: typeof few): number => Number(svg.attributesOf('svg', 'height')[0]);
    expect(height(many)).toBeGreaterThan(height(few) + 60);
    // Past the eight colours, lines are told apart by dashes.
    expect(many.attributesOf('path', 'stroke-dasharray').length).toBeGreaterThan(0);
  });
});

describe('wait distribution chart', () => {
  const quick = histogramOf([0.5, 1, 1.5, 2, 2.5, 3, 4, 5, 6, 9]);
  const slow = histogramOf([2, 4, 6, 8, 10, 12, 14, 16, 18, 30]);

  function waitChart(): string {
    return waitDistributionChart({
      id: 'waits-nonurgent',
      title: 'Waits: nonurgent-nonphysician-mh',
      deadline: { days: 14, label: 'deadline 10 business days (≈ 14 days)' },
      scenarios: [
        { name: 'baseline', histogram: quick },
        { name: 'strike', histogram: slow },
        { name: 'nobody', histogram: new Uint32Array(quick.length) },
      ],
    });
  }

  it('is well-formed, deterministic, and marks the deadline', () => {
    const chart = waitChart();
    expect(chart).toBe(waitChart());
    const svg = parseSvg(chart);
    expect(svg.textsOf('text')).toEqual(
      expect.arrayContaining(['deadline 10 business days (≈ 14 days)', '100%']),
    );
    expect(svg.textsOf('desc')[0]).toContain('strike: half seen within 10.0 days');
    expect(svg.textsOf('desc')[0]).toContain('60.0% within the deadline');
  });

  it('draws a rising line per scenario with requests, and notes the one without', () => {
    const svg = parseSvg(waitChart());
    const paths = svg.attributesOf('path', 'd');
    expect(paths).toHaveLength(2);
    for (const path of paths) {
      const ys = [...path.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
      // SVG y grows downwards: a rising share means y never increases.
      expect(ys.every((y, i) => i === 0 || y <= ys[i - 1]!)).toBe(true);
    }
    expect(svg.textsOf('text')).toContain('nobody (no requests)');
  });

  it('runs the days axis to the longest 99th percentile', () => {
    const texts = parseSvg(waitChart()).textsOf('text');
    expect(texts).toContain('30');
    expect(texts).not.toContain('50');
  });

  it('reads the share seen within a number of days from the histogram', () => {
    expect(shareWithin(quick, 3)).toBeCloseTo(0.5, 12);
    expect(shareWithin(quick, 100)).toBe(1);
    expect(shareWithin(new Uint32Array(10), 3)).toBeNull();
  });
});
