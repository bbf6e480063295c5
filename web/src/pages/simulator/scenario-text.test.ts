/**
 * The editor's check gives what the CLI's loader gives: the same scenario for an
 * example's text, and for a bad edit one problem per field, by path, with what was
 * expected — never an exception.
 */
import { describe, expect, it } from 'vitest';
import { checkScenarioText, type ScenarioFile } from './scenario-text.ts';

// The example files as text, through Vite (this folder is type-checked as browser code).
const SOURCES = import.meta.glob<string>('../../../../examples/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
});
const EXAMPLES: ScenarioFile[] = Object.entries(SOURCES).map(([path, source]) => ({
  file: path.slice(path.lastIndexOf('/') + 1),
  source,
}));
const sourceOf = (file: string) => EXAMPLES.find((e) => e.file === file)!.source;

function problemsOf(text: string, overrides = {}) {
  const checked = checkScenarioText(text, EXAMPLES, overrides);
  if (checked.ok) throw new Error('expected problems');
  return checked.problems;
}

describe('checkScenarioText', () => {
  // That each example resolves exactly as the CLI's loader resolves it is checked against
  // the server's answer in src/server/routes/scenarios.int.test.ts (the loader reads files
  // with node:fs, which this browser code cannot import).
  it('lays a child over the example it extends', () => {
    const baseline = checkScenarioText(sourceOf('baseline.yaml'), EXAMPLES);
    const strike = checkScenarioText(sourceOf('strike-4-weeks.yaml'), EXAMPLES);
    const surge = checkScenarioText(sourceOf('strike-surge.yaml'), EXAMPLES);
    if (!baseline.ok || !strike.ok || !surge.ok) throw new Error('expected valid examples');
    expect(strike.scenario.network).toEqual(baseline.scenario.network);
    expect(strike.scenario).not.toHaveProperty('extends');
    expect(strike.scenario.stoppages).toHaveLength(1);
    // Two deep: the surge keeps the strike it extends, which keeps the baseline's network.
    expect(surge.scenario.stoppages).toEqual(strike.scenario.stoppages);
    expect(surge.scenario.external.surges).toHaveLength(1);
    expect(surge.scenario.network.clinicians).toBe(2400);
  });

  it('takes the seed and days of the page over the text', () => {
    const checked = checkScenarioText(sourceOf('baseline.yaml'), EXAMPLES, { seed: 7, days: 28 });
    expect(checked.ok && checked.scenario).toMatchObject({ seed: 7, days: 28 });
  });

  it('reads JSON, and an edit over an example', () => {
    const text = JSON.stringify({
      extends: 'baseline.yaml',
      name: 'small',
      network: { clinicians: 120 },
    });
    const checked = checkScenarioText(text, EXAMPLES);
    expect(checked.ok && checked.scenario.network).toMatchObject({
      clinicians: 120,
      adminHoursPerWeek: 6,
    });
  });

  it('names each bad field by its path, with what was expected and what it got', () => {
    const text = `${sourceOf('strike-4-weeks.yaml')}\nnetwork:\n  clinicians: -5\n  adminHours: 8\n`;
    expect(problemsOf(text)).toEqual([
      { path: 'network.clinicians', message: 'expected at least 1 (got -5)' },
      {
        path: 'network.adminHours',
        message: 'unknown field (did you mean "adminHoursPerWeek"?)',
      },
    ]);
  });

  it('checks fields against each other: a shortened run must still hold the strike', () => {
    const problems = problemsOf(sourceOf('strike-4-weeks.yaml'), { days: 28 });
    expect(problems.map((p) => p.path)).toContain('stoppages[0].start');
  });

  it('reports a bad seed or day count from the page as the field it overrides', () => {
    expect(problemsOf(sourceOf('baseline.yaml'), { seed: 1.5, days: 40_000 })).toEqual([
      { path: 'seed', message: 'expected a whole number (got 1.5)' },
      { path: 'days', message: 'expected at most 36600 (got 40000)' },
    ]);
  });

  it('gives a syntax error its line, and a list where a mapping belongs a sentence', () => {
    const [syntax] = problemsOf('name: x\nnetwork: {clinicians: 3\n');
    expect(syntax).toMatchObject({ path: '', line: expect.any(Number) });
    expect(syntax!.message).toMatch(/^not valid YAML or JSON: /);
    expect(problemsOf('- a\n- b\n')).toEqual([
      { path: '', message: 'expected a mapping of scenario fields (got a list of 2 items)' },
    ]);
    expect(problemsOf('name: a\nname: b\n')[0]!.message).toMatch(/not valid YAML or JSON/);
  });

  it('accepts extends of the examples only, and no cycle', () => {
    const [unknown] = problemsOf('extends: ../secret.yaml\nname: x\n');
    expect(unknown!.path).toBe('extends');
    expect(unknown!.message).toContain('"baseline.yaml"');
    const looping: ScenarioFile[] = [
      { file: 'a.yaml', source: 'extends: b.yaml\nname: a\n' },
      { file: 'b.yaml', source: 'extends: a.yaml\nname: b\n' },
    ];
    const checked = checkScenarioText('extends: a.yaml\nname: c\n', looping);
    expect(checked).toEqual({
      ok: false,
      problems: [
        {
          path: 'extends',
          message: 'expected a chain of extends without a cycle (got a.yaml → b.yaml → a.yaml)',
        },
      ],
    });
  });
});
