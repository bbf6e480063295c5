import { describe, expect, it } from 'vitest';
import { exampleRuns } from './example-results.ts';
import { describeSeeds, renderHtmlReport } from './html.ts';
import { parseSvg } from './xml-testing.ts';

const chart =
  '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><title>t</title></svg>\n';

describe('HTML report', () => {
  const runs = exampleRuns(5, 90);
  const page = renderHtmlReport({
    scenarios: runs,
    charts: [{ title: 'Backlog', svg: chart, caption: 'Requests not yet seen' }],
    files: ['summary.json', 'baseline-daily.csv'],
  });

  it('is one self-contained page: inline style and SVG, no scripts or outside assets', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(page).toContain('<style>');
    expect(page).toContain(chart.trimEnd());
    // The SVG namespace is a name, not an address anything is fetched from.
    const fetched = page.replaceAll(' xmlns="http://www.w3.org/2000/svg"', '');
    expect(fetched).not.toMatch(/<script|<link|src=|https?:\/\//);
  });

  it('has a column for every scenario, the baseline first, and the differences to it', () => {
    const head = page.slice(page.indexOf('<thead>'), page.indexOf('</thead>'));
    const positions = runs.map((run) => head.indexOf(`>${run.name.replace('&', '&amp;')}<`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(head.match(/difference/g)).toHaveLength(runs.length - 1);
  });

  it('shows 95% intervals with replications, and which differences are clear of zero', () => {
    expect(page).toContain('95% interval');
    expect(page).toContain('class="difference clear"');
    expect(page).toContain('seeds 1–5');
    expect(page).toContain('common random numbers');
  });

  it('shows no intervals after single runs', () => {
    const single = renderHtmlReport({ scenarios: exampleRuns(1, 30), charts: [] });
    expect(single).not.toContain('95% interval ');
    expect(single).toContain('One run per scenario');
  });

  it('escapes scenario names: a name is text, never markup', () => {
    const [baseline, other] = exampleRuns(1, 10);
    const hostile = renderHtmlReport({
      scenarios: [baseline!, { ...other!, name: '<script>alert(1)</script>' }],
      charts: [],
    });
    expect(hostile).not.toContain('<script>');
    expect(hostile).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('names each standard with its title and deadline', () => {
    expect(page).toContain(
      'Urgent appointment, no prior authorization required — deadline 48 hours',
    );
  });

  it('keeps the inline charts well-formed', () => {
    const svg = page.slice(page.indexOf('<svg'), page.indexOf('</svg>') + 6);
    expect(parseSvg(svg).textsOf('title')).toEqual(['t']);
  });
});

describe('seeds in the notes', () => {
  it('are a range when consecutive, a list otherwise', () => {
    expect(describeSeeds([1, 2, 3, 4])).toBe('1–4');
    expect(describeSeeds([7])).toBe('7');
    expect(describeSeeds([3, 9, 4])).toBe('3, 9, 4');
    expect(describeSeeds(Array.from({ length: 12 }, (_, i) => i * 2))).toBe(
      '0, 2, 4, 6, 8, 10, 12, 14, 16, 18, … (12 in all)',
    );
  });
});
