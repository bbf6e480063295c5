/**
 * `timely simulate`, end to end: scenario files in a temporary directory run through
 * `main()` in-process (and once through bin/timely.mjs), checked by what a user sees —
 * the JSON on stdout, the report files, the exit code and the lines on stderr.
 *
 * The scenarios are tiny so the whole file runs in seconds: "clinic-today" is 10
 * clinicians at one center for 30 days; "single-queue" is examples/queue-validation.yaml
 * (one clinician, twelve intakes a day) cut to 60 days without warm-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALIFORNIA_STANDARDS } from '../engine/rules/standards.ts';
import { ProgressBar, progressLine } from './commands/simulate.ts';
import { main } from './main.ts';
import { type Run, runTimely } from './testing.ts';

const BIN = fileURLToPath(new URL('../../bin/timely.mjs', import.meta.url));
const QUEUE_VALIDATION = fileURLToPath(
  new URL('../../examples/queue-validation.yaml', import.meta.url),
);
const STANDARD_IDS = CALIFORNIA_STANDARDS.map((s) => s.id);

const FILES: Record<string, string> = {
  'clinic.yaml': `
name: clinic-today
seed: 5
days: 30
network:
  clinicians: 10
  centers: [los-angeles]
demand:
  arrivalsPerDay: { urgent-intake: 1, routine-intake: 8, psychiatry: 1 }
`,
  // No seed: the default, 1.
  'queue.yaml': `
extends: ${JSON.stringify(QUEUE_VALIDATION)}
name: single-queue
days: 60
warmupDays: 0
`,
  'queue-warm.yaml': `
extends: queue.yaml
name: single-queue-warm
days: 20
warmupDays: 10
`,
  'unknown-field.yaml': `
name: unknown-field
network:
  adminHours: 4
`,
  'wrong-type.yaml': `
name: wrong-type
days: thirty
`,
  'negative-rate.yaml': `
name: negative-rate
demand:
  noShowRate: -0.1
`,
  'stoppage.yaml': `
name: backwards-strike
stoppages:
  - start: 2026-03-20
    end: 2026-03-10
`,
  'inherits-bad.yaml': `
extends: negative-rate.yaml
name: inherits-bad
`,
  'cycle-a.yaml': `
extends: cycle-b.yaml
name: cycle-a
`,
  'cycle-b.yaml': `
extends: cycle-a.yaml
name: cycle-b
`,
  'two-problems.yaml': `
name: two-problems
days: -3
demand:
  cancellationRate: 2
`,
  'not-a-folder.txt': 'a file where --out wants a directory\n',
};

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'timely-simulate-'));
  for (const [name, text] of Object.entries(FILES)) await writeFile(join(dir, name), text);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

function simulate(...args: string[]): Promise<Run> {
  return runTimely(['simulate', ...args], dir);
}

/** `main()` with a stderr that says it is (or is not) a terminal. */
async function simulateOnTerminal(tty: boolean, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(['simulate', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: Object.assign(
      { write: (text: string) => (stderr += text) },
      tty ? { isTTY: true } : {},
    ),
    cwd: dir,
  });
  return { code, stdout, stderr };
}

/** A clock that moves 150 ms each time it is read: every run then looks long enough for a bar. */
function slowClock(): void {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 150));
}

interface StandardJson {
  count: number;
  compliance: number;
  waitDays: { mean: number; p50: number; p90: number; p99: number };
}
interface ScenarioJson {
  name: string;
  seed: number;
  seeds: number[];
  replications: number;
  summary: {
    visits: number;
    requests: number;
    referralsOut: number;
    unplaced: number;
    standards: Record<string, StandardJson>;
    backlog: { mean: number; max: number; end: number };
  };
  intervals?: {
    visits: Interval;
    standards: Record<string, { compliance: Interval }>;
    backlog: { mean: Interval };
  };
}
interface Interval {
  low: number | null;
  high: number | null;
}

/** stdout as the one JSON object it must be: pretty-printed, nothing before or after. */
function scenariosOf(stdout: string): ScenarioJson[] {
  const parsed = JSON.parse(stdout) as { scenarios: ScenarioJson[] };
  expect(stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  expect(Object.keys(parsed)).toEqual(['scenarios']);
  return parsed.scenarios;
}

/** Every leaf under `value` with its path, e.g. ["standards.x.waitDays.p90", 1.2]. */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (typeof value !== 'object' || value === null) return [[path, value]];
  return Object.entries(value).flatMap(([key, v]) => leaves(v, path ? `${path}.${key}` : key));
}

function expectProblems(run: Run, lines: RegExp[]): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  const got = run.stderr.trimEnd().split('\n');
  expect(got).toHaveLength(lines.length);
  for (const [i, line] of lines.entries()) expect(got[i]).toMatch(line);
  expect(run.stderr).not.toMatch(/\bat .*:\d+:\d+/); // no stack frame
}

describe('timely simulate --json', () => {
  it('prints one JSON object, one entry per file in the order given, with numbers as numbers, and exits 0', async () => {
    const run = await simulate('clinic.yaml', 'queue.yaml', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const scenarios = scenariosOf(run.stdout);

    expect(scenarios.map((s) => s.name)).toEqual(['clinic-today', 'single-queue']);
    // Without --seed each scenario runs on its own seed; queue.yaml leaves it at 1.
    expect(scenarios.map((s) => [s.seed, s.seeds, s.replications])).toEqual([
      [5, [5], 1],
      [1, [1], 1],
    ]);
    for (const s of scenarios) {
      expect(s).not.toHaveProperty('intervals');
      for (const [path, value] of leaves(s.summary)) {
        expect(Number.isFinite(value), `summary.${path} = ${String(value)}`).toBe(true);
      }
      const { visits, referralsOut, unplaced, standards, backlog } = s.summary;
      expect(visits).toBeGreaterThan(0);
      expect(referralsOut).toBeGreaterThanOrEqual(0);
      expect(unplaced).toBeGreaterThanOrEqual(0);
      expect(Object.keys(standards).length).toBeGreaterThan(0);
      for (const [id, standard] of Object.entries(standards)) {
        expect(STANDARD_IDS).toContain(id);
        expect(Object.keys(standard)).toEqual(expect.arrayContaining(['count', 'compliance']));
        expect(standard.count).toBeGreaterThan(0);
        expect(standard.compliance).toBeGreaterThanOrEqual(0);
        expect(standard.compliance).toBeLessThanOrEqual(1);
        const { mean, p50, p90, p99 } = standard.waitDays;
        expect(mean).toBeGreaterThanOrEqual(0);
        expect(p50).toBeLessThanOrEqual(p90);
        expect(p90).toBeLessThanOrEqual(p99);
      }
      expect(backlog.mean).toBeLessThanOrEqual(backlog.max);
      expect(backlog.end).toBeLessThanOrEqual(backlog.max);
    }

    // The network sees all three kinds of request, and their follow-ups.
    expect(Object.keys(scenarios[0]!.summary.standards)).toEqual(
      expect.arrayContaining([
        'urgent-no-prior-auth',
        'nonurgent-nonphysician-mh',
        'nonurgent-psychiatry',
      ]),
    );
    // The single queue: routine intakes only, one visit each, capacity above demand and
    // nobody to refer out to. Every request is seen, within the standard, or still waits
    // in the backlog at the end.
    const queue = scenarios[1]!.summary;
    expect(Object.keys(queue.standards)).toEqual(['nonurgent-nonphysician-mh']);
    expect(queue.standards['nonurgent-nonphysician-mh']!.count).toBe(queue.visits);
    expect(queue.standards['nonurgent-nonphysician-mh']!.compliance).toBe(1);
    expect(queue.visits + queue.backlog.end).toBe(queue.requests);
    expect(queue.referralsOut).toBe(0);
    expect(queue.unplaced).toBe(0);
  });

  it('gives byte-identical output for the same files and --seed, and other figures for another seed', async () => {
    const first = await simulate('clinic.yaml', 'queue.yaml', '--seed', '7', '--json');
    const again = await simulate('clinic.yaml', 'queue.yaml', '--seed', '7', '--json');
    expect(first.code).toBe(0);
    expect(again.stdout).toBe(first.stdout);

    // --seed replaces every scenario's own seed.
    const seven = scenariosOf(first.stdout);
    expect(seven.map((s) => s.seeds)).toEqual([[7], [7]]);
    // A scenario's figures are its own: the same run alone as beside another.
    const alone = await simulate('queue.yaml', '--seed', '7', '--json');
    expect(scenariosOf(alone.stdout)).toEqual([seven[1]]);

    for (const [i, file] of ['clinic.yaml', 'queue.yaml'].entries()) {
      const other = await simulate(file, '--seed', '8', '--json');
      const [eight] = scenariosOf(other.stdout);
      expect(eight!.seeds).toEqual([8]);
      expect(eight!.summary.requests).not.toBe(seven[i]!.summary.requests);
      expect(eight!.summary).not.toEqual(seven[i]!.summary);
    }
  });

  it('--replications 3 runs consecutive seeds, reports their mean and a 95% interval around it', async () => {
    const run = await simulate('queue.yaml', '--seed', '20', '--replications', '3', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const [queue] = scenariosOf(run.stdout);
    expect(queue!.replications).toBe(3);
    expect(queue!.seed).toBe(20);
    expect(queue!.seeds).toEqual([20, 21, 22]);

    const { summary, intervals } = queue!;
    expect(intervals).toBeDefined();
    const within = (interval: Interval, mean: number): void => {
      expect(interval.low).not.toBeNull();
      expect(interval.high).not.toBeNull();
      expect(interval.low!).toBeLessThanOrEqual(mean);
      expect(mean).toBeLessThanOrEqual(interval.high!);
    };
    within(intervals!.visits, summary.visits);
    within(intervals!.backlog.mean, summary.backlog.mean);
    // Three seeds, three different counts: the interval has a width.
    expect(intervals!.visits.low!).toBeLessThan(intervals!.visits.high!);
    expect(Object.keys(intervals!.standards)).toEqual(Object.keys(summary.standards));

    // The summary is the mean of the runs on those seeds, each as a single run reports it.
    const singles = await Promise.all(
      [20, 21, 22].map(async (seed) => {
        const single = await simulate('queue.yaml', '--seed', String(seed), '--json');
        return scenariosOf(single.stdout)[0]!.summary.visits;
      }),
    );
    expect(summary.visits).toBeCloseTo((singles[0]! + singles[1]! + singles[2]!) / 3, 9);
  });
});

describe('timely simulate --out DIR', () => {
  it('writes summary.json, a daily CSV per scenario, SVG charts and an HTML page, and lists them', async () => {
    const run = await simulate('clinic.yaml', 'queue-warm.yaml', '--out', 'reports/first');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    // The table, then the files written, as the user would type them.
    const [table, listing] = run.stdout.split('\nReport files:\n');
    expect(table).toMatch(/clinic-today\s+single-queue-warm/);
    const listed = listing!.trimEnd().split('\n');
    for (const path of listed) {
      expect(path.startsWith(join('reports', 'first'))).toBe(true);
      expect(existsSync(resolve(dir, path)), path).toBe(true);
    }
    const names = listed.map((path) => basename(path));
    expect(names).toEqual(
      expect.arrayContaining([
        'summary.json',
        'clinic-today-daily.csv',
        'single-queue-warm-daily.csv',
        'compliance.svg',
        'backlog.svg',
        'waits-urgent-no-prior-auth.svg',
        'waits-nonurgent-nonphysician-mh.svg',
        'report.html',
      ]),
    );
    const out = join(dir, 'reports', 'first');
    const read = (name: string) => readFile(join(out, name), 'utf8');

    const summary = JSON.parse(await read('summary.json')) as { scenarios: { name: string }[] };
    expect(summary.scenarios.map((s) => s.name)).toEqual(['clinic-today', 'single-queue-warm']);

    // A header and one row per counted day: the warm-up is left out.
    const clinicRows = (await read('clinic-today-daily.csv')).trimEnd().split('\r\n');
    expect(clinicRows[0]).toMatch(/^date,arrivals,visits,/);
    expect(clinicRows).toHaveLength(1 + 30);
    expect(clinicRows[1]).toMatch(/^2026-01-05,/);
    const queueRows = (await read('single-queue-warm-daily.csv')).trimEnd().split('\r\n');
    expect(queueRows).toHaveLength(1 + 20);
    expect(queueRows[1]).toMatch(/^2026-01-15,/); // 10 warm-up days after the 5th
    expect(queueRows.at(-1)).toMatch(/^2026-02-03,/);

    for (const name of names.filter((n) => n.endsWith('.svg'))) {
      expect(await read(name)).toMatch(/<svg[\s>][\s\S]*<\/svg>\s*$/);
    }
    const html = await read('report.html');
    expect(html).toMatch(/^<!DOCTYPE html>/i);
    expect(html).toContain('Baseline: <strong>clinic-today</strong>');
    expect(html).toContain('Compared with it: <strong>single-queue-warm</strong>');
  });

  it('with --json, keeps stdout to the JSON and lists the files on stderr', async () => {
    const run = await simulate('queue.yaml', '--json', '--out', 'reports/json');
    expect(run.code).toBe(0);
    const [queue] = scenariosOf(run.stdout);
    const listed = run.stderr.trimEnd().split('\n');
    expect(listed.map((path) => basename(path))).toEqual([
      'summary.json',
      'single-queue-daily.csv',
      'compliance.svg',
      'backlog.svg',
      'waits-nonurgent-nonphysician-mh.svg',
      'report.html',
    ]);
    const written = JSON.parse(await readFile(resolve(dir, listed[0]!), 'utf8')) as {
      scenarios: { name: string; summary: { visits: { mean: number } } }[];
    };
    expect(written.scenarios[0]!.name).toBe('single-queue');
    expect(written.scenarios[0]!.summary.visits.mean).toBe(queue!.summary.visits);
  });
});

describe('timely simulate: bad input (exit 2, one line per problem, nothing run)', () => {
  const cases: [string, string, RegExp][] = [
    [
      'an unknown field',
      'unknown-field.yaml',
      /^timely: unknown-field\.yaml: network\.adminHours: unknown field \(did you mean "adminHoursPerWeek"\?\)$/,
    ],
    [
      'a value of the wrong type',
      'wrong-type.yaml',
      /^timely: wrong-type\.yaml: days: expected a whole number \(got "thirty"\)$/,
    ],
    [
      'a negative rate',
      'negative-rate.yaml',
      /^timely: negative-rate\.yaml: demand\.noShowRate: expected at least 0 \(got -0\.1\)$/,
    ],
    [
      'a stoppage that ends before it starts',
      'stoppage.yaml',
      /^timely: stoppage\.yaml: stoppages\[0\]\.end: expected a date on or after start \(got "2026-03-10"\)$/,
    ],
    [
      'a bad value inherited through extends (blamed on the file that wrote it)',
      'inherits-bad.yaml',
      /^timely: negative-rate\.yaml: demand\.noShowRate: expected at least 0 \(got -0\.1\)$/,
    ],
    [
      'a cycle of extends',
      'cycle-a.yaml',
      /^timely: cycle-b\.yaml: extends: expected a chain of extends without a cycle \(got cycle-a\.yaml → cycle-b\.yaml → cycle-a\.yaml\)$/,
    ],
    [
      'a missing file',
      'nowhere.yaml',
      /^timely: nowhere\.yaml: expected a scenario file \(got nowhere\.yaml, not found\)$/,
    ],
  ];

  it.each(cases)('%s', async (_, file, line) => {
    expectProblems(await simulate(file, '--json'), [line]);
  });

  it('reports two problems in one file on two lines', async () => {
    expectProblems(await simulate('two-problems.yaml'), [
      /^timely: two-problems\.yaml: days: expected at least 1 \(got -3\)$/,
      /^timely: two-problems\.yaml: demand\.cancellationRate: expected at most 1 \(got 2\)$/,
    ]);
  });

  it('runs nothing when one file among good ones is bad, and reports every bad file', async () => {
    const run = await simulate(
      'clinic.yaml',
      'negative-rate.yaml',
      'queue.yaml',
      'wrong-type.yaml',
      '--out',
      'reports/never',
    );
    expectProblems(run, [/^timely: negative-rate\.yaml: /, /^timely: wrong-type\.yaml: /]);
    // Not even the report directory was made.
    expect(existsSync(join(dir, 'reports', 'never'))).toBe(false);
  });

  const options: [string, string[], RegExp][] = [
    [
      '--replications 0',
      ['--replications', '0'],
      /^timely: --replications: expected a whole number from 1 to 1000, got "0"$/,
    ],
    [
      '--replications 2.5',
      ['--replications', '2.5'],
      /^timely: --replications: expected a whole number from 1 to 1000, got "2\.5"$/,
    ],
    [
      '--seed -1',
      ['--seed', '-1'],
      /^timely: --seed: expected a whole number from 0 to 4294967295, got "-1"$/,
    ],
    [
      '--out naming an existing file',
      ['--out', 'not-a-folder.txt'],
      /^timely: --out: expected a directory, got "not-a-folder\.txt" \(a file\)$/,
    ],
  ];

  it.each(options)('%s', async (_, args, line) => {
    expectProblems(await simulate('queue.yaml', '--json', ...args), [line]);
  });
});

describe('progressLine', () => {
  it('shows a 30-character bar, the share done, the time elapsed and the time left', () => {
    expect(progressLine(30, 100, 12_000, 28_000)).toBe(
      'simulating [#########.....................]  30%  0:12 elapsed  ETA 0:28',
    );
  });

  it('shows "?" for a time left not yet known', () => {
    expect(progressLine(0, 100, 0, null)).toBe(
      'simulating [..............................]   0%  0:00 elapsed  ETA ?',
    );
  });

  it('rounds the share down, so 100% means done, and never passes it', () => {
    expect(progressLine(999, 1000, 0, 0)).toMatch(/\] {2}99% /);
    expect(progressLine(1000, 1000, 0, 0)).toMatch(/\[#{30}\] 100% /);
    expect(progressLine(1200, 1000, 0, 0)).toMatch(/\[#{30}\] 100% /);
    expect(progressLine(5, 0, 0, null)).toMatch(/\[\.{30}\] {3}0% /);
  });

  it('writes times as m:ss, and h:mm:ss from an hour', () => {
    expect(progressLine(1, 2, 59_400, 59_500)).toMatch(/ 0:59 elapsed {2}ETA 1:00$/);
    expect(progressLine(1, 2, 3_725_000, 36_000_000)).toMatch(/ 1:02:05 elapsed {2}ETA 10:00:00$/);
  });
});

describe('ProgressBar', () => {
  /** A bar on a sink that collects writes, with a clock the test sets. */
  function bar() {
    const writes: string[] = [];
    const clock = { now: 0 };
    const progress = new ProgressBar(
      { write: (text: string) => writes.push(text) },
      () => clock.now,
    );
    return { writes, clock, progress };
  }

  it('draws nothing in the first second, and clears nothing when it never drew', () => {
    const { writes, clock, progress } = bar();
    clock.now = 300;
    progress.update(10, 100);
    clock.now = 999;
    progress.update(90, 100);
    progress.update(100, 100);
    progress.finish();
    expect(writes).toEqual([]);
  });

  it('then draws on one line, no more than every 100 ms, with the ETA from the pace, and clears the line on finish', () => {
    const { writes, clock, progress } = bar();
    clock.now = 200;
    progress.update(10, 100); // the pace is counted from here
    clock.now = 1200;
    progress.update(20, 100); // 10 days a second: 80 days left take 8 s
    expect(writes).toEqual([`\r${progressLine(20, 100, 1200, 8000)}\x1b[K`]);
    expect(writes[0]).toContain('  20%  0:01 elapsed  ETA 0:08');

    clock.now = 1250;
    progress.update(25, 100);
    expect(writes).toHaveLength(1); // 50 ms after the last drawing

    clock.now = 1300;
    progress.update(30, 100); // 20 days in 1.1 s: 70 left take 3.85 s
    expect(writes).toHaveLength(2);
    expect(writes[1]).toBe(
      `\rsimulating [${'#'.repeat(9)}${'.'.repeat(21)}]  30%  0:01 elapsed  ETA 0:04\x1b[K`,
    );

    progress.finish();
    expect(writes).toHaveLength(3);
    expect(writes[2]).toBe('\r\x1b[K');
  });
});

describe('timely simulate: the progress bar', () => {
  it('is drawn on a terminal when the run takes over a second, then cleared', async () => {
    slowClock();
    const run = await simulateOnTerminal(true, 'queue.yaml', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^\rsimulating \[[#.]{30}\] +\d+% /);
    expect(run.stderr.endsWith('\r\x1b[K')).toBe(true);
    // The bar never touches stdout.
    expect(scenariosOf(run.stdout)).toHaveLength(1);
  });

  it('is not drawn with --quiet', async () => {
    slowClock();
    const run = await simulateOnTerminal(true, 'queue.yaml', '--json', '--quiet');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('is not drawn when stderr is not a terminal', async () => {
    slowClock();
    const run = await simulateOnTerminal(false, 'queue.yaml', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
  });

  it('bin/timely.mjs with stderr piped writes only the report paths there', () => {
    const run = spawnSync(
      process.execPath,
      [BIN, 'simulate', 'queue.yaml', '--json', '--out', 'reports/bin'],
      { cwd: dir, encoding: 'utf8', timeout: 20_000 },
    );
    expect(run.status).toBe(0);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      join('reports', 'bin', 'summary.json'),
      join('reports', 'bin', 'single-queue-daily.csv'),
      join('reports', 'bin', 'compliance.svg'),
      join('reports', 'bin', 'backlog.svg'),
      join('reports', 'bin', 'waits-nonurgent-nonphysician-mh.svg'),
      join('reports', 'bin', 'report.html'),
    ]);
    expect(scenariosOf(run.stdout).map((s) => s.name)).toEqual(['single-queue']);
  });
});
