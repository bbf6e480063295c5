/**
 * Loading scenario files: how `extends` merges, and what a user sees for bad input —
 * one line per problem, naming the file in which the value was written, the field and
 * what was expected.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODE_OF_ERROR } from '../cli/exit-codes.ts';
import { TimelyError } from '../engine/errors.ts';
import {
  isScenarioError,
  loadScenario,
  loadScenarios,
  type ScenarioProblem,
} from './load-scenario.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Writes `files` (name → text) into a fresh temporary directory and returns it. */
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'timely-scenario-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

function load(dir: string, file: string) {
  return loadScenario(file, { cwd: dir });
}

/** The problems loading `files` reports, as the lines of the error's message. */
function linesOf(dir: string, ...files: string[]): string[] {
  try {
    loadScenarios(files, { cwd: dir });
  } catch (error) {
    if (isScenarioError(error)) return error.message.split('\n');
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

function problemsOf(dir: string, ...files: string[]): readonly ScenarioProblem[] {
  try {
    loadScenarios(files, { cwd: dir });
  } catch (error) {
    if (isScenarioError(error)) return error.problems;
    throw error;
  }
  throw new Error('expected the scenario to be refused');
}

const BASE = `
name: base
network:
  clinicians: 100
  adminHoursPerWeek: 6
  caseloadCap: 80
stoppages:
  - start: 2026-03-02
    end: 2026-03-08
`;

describe('extends', () => {
  it('lays the child over the parent: mappings merge key by key', () => {
    const dir = folder({
      'base.yaml': BASE,
      'child.yaml': 'extends: base.yaml\nname: child\nnetwork:\n  adminHoursPerWeek: 10\n',
    });
    const scenario = load(dir, 'child.yaml');
    expect(scenario.name).toBe('child');
    expect(scenario.network.adminHoursPerWeek).toBe(10);
    expect(scenario.network.clinicians).toBe(100);
    expect(scenario.network.caseloadCap).toBe(80);
  });

  it('replaces lists whole: a child’s stoppages are the stoppages', () => {
    const dir = folder({
      'base.yaml': BASE,
      'child.yaml': `extends: base.yaml
name: child
stoppages:
  - { start: 2026-06-01, end: 2026-06-05, participation: 0.5 }
`,
    });
    const { stoppages } = load(dir, 'child.yaml');
    expect(stoppages).toHaveLength(1);
    expect(stoppages[0]).toMatchObject({ start: '2026-06-01', participation: 0.5 });
  });

  it('takes null as "back to the default": a child can drop the parent’s caseload cap', () => {
    const dir = folder({
      'base.yaml': BASE,
      'child.yaml': 'extends: base.yaml\nname: child\nnetwork:\n  caseloadCap: null\n',
    });
    expect(load(dir, 'child.yaml').network.caseloadCap).toBeUndefined();
  });

  it('follows a chain, each path relative to the file that names it, and inherits no extends', () => {
    const dir = folder({
      'shared/root.yaml': 'name: root\nseed: 7\ndays: 30\n',
      'shared/middle.yaml': 'extends: root.yaml\nname: middle\ndays: 60\n',
      'leaf.yaml': 'extends: shared/middle.yaml\nname: leaf\n',
    });
    const scenario = load(dir, 'leaf.yaml');
    expect(scenario).toMatchObject({ name: 'leaf', seed: 7, days: 60 });
    expect(scenario.extends).toBeUndefined();
  });

  it('names the parent’s file for a bad value the child inherits, the child’s for one it writes', () => {
    const dir = folder({
      'base.yaml': 'name: base\nnetwork:\n  clinicians: -1\n  partTimeShare: 2\n',
      'child.yaml': 'extends: base.yaml\nname: child\nnetwork:\n  partTimeShare: 3\n',
    });
    expect(linesOf(dir, 'child.yaml')).toEqual([
      'base.yaml: network.clinicians: expected at least 1 (got -1)',
      'child.yaml: network.partTimeShare: expected at most 1 (got 3)',
    ]);
  });

  it('gives the line of the offending value in that file', () => {
    const dir = folder({
      'base.yaml': 'name: base\n\nnetwork:\n  clinicians: -1\n',
      'child.yaml': 'extends: base.yaml\nname: child\n',
    });
    expect(problemsOf(dir, 'child.yaml')[0]).toMatchObject({
      file: 'base.yaml',
      path: 'network.clinicians',
      line: 4,
      column: 3,
    });
  });

  it('refuses a cycle, showing the chain, against the file that closes it', () => {
    const dir = folder({
      'a.yaml': 'extends: b.yaml\nname: a\n',
      'b.yaml': 'name: b\nextends: a.yaml\n',
    });
    expect(problemsOf(dir, 'a.yaml')).toEqual([
      {
        file: 'b.yaml',
        path: 'extends',
        line: 2,
        column: 1,
        message: 'expected a chain of extends without a cycle (got a.yaml → b.yaml → a.yaml)',
      },
    ]);
  });

  it('refuses a file that extends itself', () => {
    const dir = folder({ 'a.yaml': 'extends: ./a.yaml\nname: a\n' });
    expect(linesOf(dir, 'a.yaml')).toEqual([
      'a.yaml: extends: expected a chain of extends without a cycle (got a.yaml → a.yaml)',
    ]);
  });

  it('refuses a missing parent, against the file that names it', () => {
    const dir = folder({ 'child.yaml': 'name: child\nextends: ../nowhere/base.yaml\n' });
    const missing = join(dirname(dir), 'nowhere', 'base.yaml');
    expect(linesOf(dir, 'child.yaml')).toEqual([
      `child.yaml: extends: expected a scenario file (got "../nowhere/base.yaml": ${missing}, not found)`,
    ]);
  });

  it('refuses a parent that is not a .yaml, .yml or .json file', () => {
    const dir = folder({ 'child.yaml': 'name: child\nextends: base.txt\n', 'base.txt': 'name: x' });
    expect(linesOf(dir, 'child.yaml')).toEqual([
      'child.yaml: extends: expected a .yaml, .yml, .json file (got "base.txt": base.txt)',
    ]);
  });

  it('refuses an extends that is not a path', () => {
    const dir = folder({ 'child.yaml': 'name: child\nextends: [base.yaml]\n' });
    expect(linesOf(dir, 'child.yaml')).toEqual([
      'child.yaml: extends: expected the path of a scenario file (got a list of 1 item)',
    ]);
  });
});

describe('bad input: one line per problem with the file, the field and what was expected', () => {
  it.each([
    [
      'an unknown field',
      'network:\n  clinicans: 10\n',
      'network.clinicans: unknown field (did you mean "clinicians"?)',
    ],
    [
      'an unknown field far from any known one',
      'colour: blue\n',
      'colour: unknown field, expected one of "name", "description", "extends", "seed", "start", "days", "warmupDays", "calendar", "network", "demand", "workforce", "stoppages", "external" or "costs"',
    ],
    ['a wrong type', 'days: a year\n', 'days: expected a whole number (got "a year")'],
    [
      'a wrong type in a list',
      'demand:\n  weekdayPattern: [1, 1, 1, 1, 1, 1, none]\n',
      'demand.weekdayPattern[6]: expected a number (got "none")',
    ],
    [
      'a negative rate',
      'demand:\n  arrivalsPerDay:\n    routine-intake: -5\n',
      'demand.arrivalsPerDay.routine-intake: expected at least 0 (got -5)',
    ],
    [
      'a share above 1',
      'demand:\n  noShowRate: 1.5\n',
      'demand.noShowRate: expected at most 1 (got 1.5)',
    ],
    [
      'an end before the start',
      'stoppages:\n  - { start: 2026-10-05, end: 2026-10-01 }\n',
      'stoppages[0].end: expected a date on or after start (got "2026-10-01")',
    ],
    [
      'an impossible date',
      'start: 2026-02-30\n',
      'start: expected a date as YYYY-MM-DD (got "2026-02-30")',
    ],
    [
      'a bad time',
      'network:\n  template:\n    dayEnd: "25:00"\n',
      'network.template.dayEnd: expected a local time as HH:MM (got "25:00")',
    ],
    [
      'a value not among the allowed ones',
      'calendar: texas\n',
      'calendar: expected "california" or "none" (got "texas")',
    ],
    [
      'a list of the wrong length',
      'demand:\n  weekdayPattern: [1, 1]\n',
      'demand.weekdayPattern: expected exactly 7 items (got a list of 2 items)',
    ],
    [
      'a missing required field',
      'stoppages:\n  - { start: 2026-10-05 }\n',
      'stoppages[0].end: required: expected a date as YYYY-MM-DD (got nothing)',
    ],
    [
      'a partial course (both of its fields are required)',
      'demand:\n  course:\n    routine-intake: { meanVisits: 3 }\n',
      'demand.course.routine-intake.intervalDays: required: expected a whole number (got nothing)',
    ],
    [
      'a record key too short',
      'network:\n  languages: { e: 0.5 }\n',
      'network.languages.e: expected a key of at least 2 characters (got "e")',
    ],
  ])('%s', (_, body, expected) => {
    const dir = folder({ 's.yaml': `name: s\n${body}` });
    expect(linesOf(dir, 's.yaml')).toEqual([`s.yaml: ${expected}`]);
  });

  it('reports a missing name against the file being loaded', () => {
    const dir = folder({ 's.yaml': 'days: 10\n' });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: name: required: expected a string (got nothing)',
    ]);
  });

  it('reports every problem at once, across files, in one TimelyError the CLI exits 2 for', () => {
    const dir = folder({
      'base.yaml': 'name: base\nnetwork:\n  clinicians: 0\n',
      'child.yaml': 'extends: base.yaml\nname: child\ndays: -3\nfoo: 1\n',
      'other.yaml': 'name: other\nseed: 1.5\n',
    });
    let thrown: unknown;
    try {
      loadScenarios(['child.yaml', 'other.yaml'], { cwd: dir });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TimelyError);
    const error = thrown as TimelyError & { problems: readonly ScenarioProblem[] };
    expect(error.code).toBe('FIELD_INVALID');
    expect(EXIT_CODE_OF_ERROR[error.code]).toBe(2);
    expect(error.message.split('\n')).toEqual([
      'child.yaml: days: expected at least 1 (got -3)',
      'base.yaml: network.clinicians: expected at least 1 (got 0)',
      'child.yaml: foo: unknown field, expected one of "name", "description", "extends", "seed", "start", "days", "warmupDays", "calendar", "network", "demand", "workforce", "stoppages", "external" or "costs"',
      'other.yaml: seed: expected a whole number (got 1.5)',
    ]);
    expect(error.path).toBe('days');
    expect(error.problems).toHaveLength(4);
  });

  it('keeps a key named __proto__ a key, and refuses it as unknown', () => {
    const dir = folder({ 's.json': '{"name": "s", "__proto__": {"days": 1}}' });
    expect(linesOf(dir, 's.json')[0]).toMatch(/^s\.json: __proto__: unknown field/);
  });

  it('refuses two scenarios of one run with the same name', () => {
    const dir = folder({
      'a.yaml': 'name: same\n',
      'b.yaml': 'extends: a.yaml\ndays: 30\n',
    });
    expect(linesOf(dir, 'a.yaml', 'b.yaml')).toEqual([
      'a.yaml: name: expected a name no other scenario of the run has (got "same", as in a.yaml)',
    ]);
  });

  it('refuses a file that is not there', () => {
    const dir = folder({});
    expect(linesOf(dir, 'none.yaml')).toEqual([
      'none.yaml: expected a scenario file (got none.yaml, not found)',
    ]);
  });

  it('refuses a file that is not a mapping', () => {
    const dir = folder({ 's.yaml': '- name: s\n' });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: line 1, column 1: expected a mapping of scenario fields (got a list of 1 item)',
    ]);
  });
});

describe('syntax errors', () => {
  it('gives the line and column of a YAML syntax error', () => {
    const dir = folder({ 's.yaml': 'name: s\nnetwork:\n  clinicians: [1\n  centers: 2\n' });
    const [problem, ...rest] = problemsOf(dir, 's.yaml');
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ file: 's.yaml', path: '', line: 4, column: 3 });
    expect(problem!.message).toMatch(/^not valid YAML: /);
  });

  it('refuses a key written twice (the second would silently win)', () => {
    const dir = folder({ 's.yaml': 'name: s\ndays: 30\ndays: 60\n' });
    const [problem] = problemsOf(dir, 's.yaml');
    expect(problem).toMatchObject({ file: 's.yaml', line: 3, column: 1 });
    expect(problem!.message).toMatch(/^not valid YAML: Map keys must be unique/);
  });

  it('reports a syntax error in a parent against the parent', () => {
    const dir = folder({
      'base.yaml': 'name: base\ndays: [\n',
      'child.yaml': 'extends: base.yaml\nname: child\n',
    });
    expect(problemsOf(dir, 'child.yaml')[0]).toMatchObject({ file: 'base.yaml', path: '' });
  });
});

describe('JSON files', () => {
  it('loads JSON, which may extend YAML and be extended by it', () => {
    const dir = folder({
      'base.yaml': BASE,
      'middle.json': JSON.stringify({ extends: 'base.yaml', name: 'middle', days: 90 }),
      'leaf.yml': 'extends: middle.json\nname: leaf\n',
    });
    expect(load(dir, 'leaf.yml')).toMatchObject({
      name: 'leaf',
      days: 90,
      network: { clinicians: 100 },
    });
  });

  it('gives the line and column of a JSON syntax error', () => {
    const dir = folder({ 's.json': '{\n  "name": "s",\n  "days": 3,\n}\n' });
    const [problem] = problemsOf(dir, 's.json');
    expect(problem).toMatchObject({ file: 's.json', path: '', line: 4, column: 1 });
    expect(problem!.message).toMatch(/^not valid JSON: /);
  });

  it('names the field and line of a bad value in JSON', () => {
    const dir = folder({ 's.json': '{\n  "name": "s",\n  "days": "x"\n}\n' });
    expect(problemsOf(dir, 's.json')).toEqual([
      {
        file: 's.json',
        path: 'days',
        line: 3,
        column: 3,
        message: 'expected a whole number (got "x")',
      },
    ]);
  });
});

describe('checks across fields', () => {
  it('accepts only Southern California centers, each once', () => {
    const dir = folder({
      's.yaml': 'name: s\nnetwork:\n  centers: [irvine, irvin, pasadena, irvine]\n',
    });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: network.centers[1]: expected a Southern California center id (got "irvin"; did you mean "irvine"?)',
      's.yaml: network.centers[2]: expected a Southern California center id, one of "los-angeles", "west-la", "panorama-city", "woodland-hills", "south-bay", "downey", "baldwin-park", "fontana", "ontario", "riverside", "anaheim", "irvine", "san-diego" or "kern-county" (got "pasadena")',
      's.yaml: network.centers[3]: expected each center once (got "irvine")',
    ]);
  });

  it('accepts in stoppages and hires only the network’s centers and disciplines', () => {
    const dir = folder({
      's.yaml': `name: s
network:
  centers: [irvine, fontana]
  disciplines: { lcsw: 1, psychiatrist: 1 }
stoppages:
  - { start: 2026-03-02, end: 2026-03-08, disciplines: [lcsw, psychologist], centers: [downey] }
workforce:
  hiring:
    - { date: 2026-02-02, clinicians: 3, discipline: lcws, center: fontana }
`,
    });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: stoppages[0].disciplines[1]: expected a discipline of network.disciplines, one of "lcsw" or "psychiatrist" (got "psychologist")',
      's.yaml: stoppages[0].centers[0]: expected a center of the network, one of "irvine" or "fontana" (got "downey")',
      's.yaml: workforce.hiring[0].discipline: expected a discipline of network.disciplines (got "lcws"; did you mean "lcsw"?)',
    ]);
  });

  it('wants stoppages, surges and hires to begin within the run (warm-up included)', () => {
    const dir = folder({
      'base.yaml': `name: base
start: 2026-01-05
warmupDays: 30
days: 100
stoppages:
  - { start: 2026-01-10, end: 2026-01-20 }
  - { start: 2026-05-14, end: 2026-06-30 }
external:
  surges: [{ start: 2026-01-04, end: 2026-01-10, providers: 5 }]
workforce:
  hiring: [{ date: 2026-05-15, clinicians: 1 }]
`,
      'short.yaml': 'extends: base.yaml\nname: short\nwarmupDays: 0\n',
    });
    // The run is 130 days: 2026-01-05 to 2026-05-14; the first stoppage is in the warm-up.
    expect(linesOf(dir, 'base.yaml')).toEqual([
      'base.yaml: external.surges[0].start: expected a date in the simulated run, 2026-01-05 to 2026-05-14 (got "2026-01-04")',
      'base.yaml: workforce.hiring[0].date: expected a date in the simulated run, 2026-01-05 to 2026-05-14 (got "2026-05-15")',
    ]);
    // Shortening the run in a child moves the limit; the dates stay the parent's to fix.
    expect(linesOf(dir, 'short.yaml')).toContain(
      'base.yaml: stoppages[1].start: expected a date in the simulated run, 2026-01-05 to 2026-04-14 (got "2026-05-14")',
    );
  });

  it('wants fewer warm-up days than counted days', () => {
    const dir = folder({ 's.yaml': 'name: s\ndays: 100\nwarmupDays: 100\n' });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: warmupDays: expected fewer warm-up days than counted days (100) (got 100)',
    ]);
  });

  it('wants a working day that ends after it starts and an arrival window in order', () => {
    const dir = folder({
      's.yaml': `name: s
network:
  template: { dayStart: '09:00', dayEnd: '09:00', weekdays: [1, 2, 2] }
demand:
  arrivalWindow: { from: '10:00', to: '09:00' }
`,
    });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: network.template.dayEnd: expected a time after dayStart (got "09:00")',
      's.yaml: network.template.weekdays[2]: expected each weekday once (got 2)',
      's.yaml: demand.arrivalWindow.to: expected a time at or after from (got "09:00")',
    ]);
  });

  it('wants some discipline and some language with a share above 0', () => {
    const dir = folder({
      's.yaml': 'name: s\nnetwork:\n  disciplines: { lcsw: 0 }\ndemand:\n  languages: {}\n',
    });
    expect(linesOf(dir, 's.yaml')).toEqual([
      's.yaml: network.disciplines: expected a discipline with a share above 0 (got only shares of 0)',
      's.yaml: demand.languages: expected a language with a share above 0 (got none)',
    ]);
  });

  it('runs the cross-field checks even when the schema refuses other fields', () => {
    const dir = folder({ 's.yaml': 'name: s\nseed: -1\nnetwork:\n  centers: [nowhere-at-all]\n' });
    expect(linesOf(dir, 's.yaml')).toHaveLength(2);
  });
});
