/**
 * `timely simulate FILE... [--seed N] [--replications N] [--out DIR] [--json] [--quiet]`:
 * runs scenario files through the simulator and prints what happens to patients. The
 * first file is the baseline the others are compared to.
 *
 * Every file is checked before anything runs: one bad file stops the whole set (exit 2,
 * one line per problem, each naming the file and the field), so a comparison is never
 * half made. Replication r of a scenario runs on seed (--seed ?? the scenario's seed) + r.
 *
 * With --json, stdout is one JSON object (numbers as computed, not rounded):
 *   {"scenarios": [{
 *     "name", "seed" (of the first replication), "seeds" (one per replication),
 *     "replications",
 *     "summary": {"days", "requests", "visits", "externalVisits", "noShows",
 *       "cancellations", "referralsOut", "unplaced", "rebooked", "utilisation",
 *       "sessionHours", "adminHours", "wageCost", "externalCost", "cliniciansEnd",
 *       "standards": {"<standard id>": {"count", "met", "compliance",
 *                                       "waitDays": {"mean", "p50", "p90", "p99"}}},
 *       "backlog": {"mean", "max", "end"}},
 *     "intervals": only with replications > 1: the same tree as "summary" with each
 *       number replaced by {"low", "high"}, its 95% confidence interval
 *   }]}
 * With one replication the summary is that run's; with more, each figure is the mean over
 * the replications (see engine/simulation/statistics.ts). A standard's compliance and
 * waits are null, with a null interval, when no replication saw anyone under it; an
 * interval's bounds are null when only one replication did.
 */
import { access, constants, mkdir, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { TimelyError } from '../../engine/errors.ts';
import type { Scenario } from '../../engine/simulation/scenario.ts';
import type { Estimate, ReplicatedSummary } from '../../engine/simulation/statistics.ts';
import type { ScenarioResults } from '../../simulation/run-scenarios.ts';
import { defineCommand } from '../command.ts';
import { EXIT_OK, EXIT_USAGE } from '../exit-codes.ts';
import type { Sink } from '../io.ts';
import { writeJson, writeLines } from '../output.ts';

const MAX_SEED = 2 ** 32 - 1;
const MAX_REPLICATIONS = 1000;

const options = z.object({
  seed: z.string().optional(),
  replications: z.string(),
  out: z.string().optional(),
  json: z.boolean().default(false),
  quiet: z.boolean().default(false),
});

export const command = defineCommand({
  name: 'simulate',
  summary: 'simulate scenario files (the first is the baseline) and compare what patients get',
  configure: (cmd) => {
    cmd
      .argument('<file...>', 'scenario files (YAML or JSON); the first is the baseline')
      .option('--seed <n>', 'seed of the first replication of every scenario (default: its own)')
      .option('--replications <n>', `runs of each scenario, 1 to ${MAX_REPLICATIONS}`, '1')
      .option('--out <dir>', 'write the report there: summary.json, daily CSVs, SVG charts, HTML')
      .option('--json', 'print {"scenarios":[{"name","summary",…}]} as JSON')
      .option('--quiet', 'no progress bar');
  },
  run: async (input, io) => {
    const opts = options.parse(input.options);
    const seed =
      opts.seed === undefined ? undefined : wholeNumber('--seed', opts.seed, 0, MAX_SEED);
    const replications = wholeNumber('--replications', opts.replications, 1, MAX_REPLICATIONS);
    if (opts.out !== undefined) await refuseFile(opts.out, io.cwd);

    // Loaded here, not at the top: every command module is imported on every invocation.
    const { isScenarioError, loadScenarios } = await import('../../simulation/load-scenario.ts');
    let scenarios: Scenario[];
    try {
      scenarios = loadScenarios(input.args, { cwd: io.cwd });
    } catch (error) {
      if (!isScenarioError(error)) throw error;
      // One line per problem: failure.ts would fold them into one.
      const { problemLine } = await import('../../simulation/scenario-problem.ts');
      writeLines(
        io.stderr,
        error.problems.map((problem) => `timely: ${problemLine(problem)}`),
      );
      return EXIT_USAGE;
    }
    const outDir = opts.out === undefined ? undefined : await makeOutDir(opts.out, io.cwd);

    const bar = !opts.quiet && isTerminal(io.stderr) ? new ProgressBar(io.stderr) : undefined;
    const { runScenarios } = await import('../../simulation/run-scenarios.ts');
    let runs: readonly ScenarioResults[];
    try {
      ({ runs } = await runScenarios(scenarios, {
        replications,
        ...(seed === undefined ? {} : { seed }),
        ...(bar === undefined ? {} : { onProgress: (done, total) => bar.update(done, total) }),
      }));
    } finally {
      bar?.finish();
    }

    // The report first: should writing it fail, nothing was printed as if all went well.
    let written: string[] = [];
    if (outDir !== undefined) {
      const { writeReport } = await import('../../simulation/report/write-report.ts');
      written = (await writeReport(outDir, runs)).map((path) => shownPath(path, io.cwd));
    }
    if (opts.json) {
      writeJson(io.stdout, await scenariosJson(runs));
      // stdout holds the one JSON object and nothing else.
      writeLines(io.stderr, written);
    } else {
      const { renderSummaryTable } = await import('../../simulation/report/table.ts');
      io.stdout.write(renderSummaryTable(runs));
      if (written.length > 0) writeLines(io.stdout, ['', 'Report files:', ...written]);
    }
    return EXIT_OK;
  },
});

// ---------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new TimelyError(
      'FIELD_INVALID',
      `${option}: expected a whole number from ${min} to ${max}, got "${text}"`,
      { path: option },
    );
  }
  return value;
}

/** --out naming a file is a typo to catch before anything is loaded or run. */
async function refuseFile(dir: string, cwd: string): Promise<void> {
  const found = await stat(resolve(cwd, dir)).catch(() => undefined);
  if (found !== undefined && !found.isDirectory()) {
    throw outProblem(dir, 'a directory', 'a file');
  }
}

/**
 * Creates --out (and its parents) before the runs, so that a directory that cannot be
 * written fails in a second, not after the simulation. Returns its absolute path.
 */
async function makeOutDir(dir: string, cwd: string): Promise<string> {
  const path = resolve(cwd, dir);
  try {
    await mkdir(path, { recursive: true });
    await access(path, constants.W_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw outProblem(dir, 'a directory that can be written', code);
  }
  return path;
}

function outProblem(dir: string, expected: string, got: string): TimelyError {
  return new TimelyError('FIELD_INVALID', `--out: expected ${expected}, got "${dir}" (${got})`, {
    path: '--out',
  });
}

/** A written file as the user would type it: relative to the working directory when inside it. */
function shownPath(path: string, cwd: string): string {
  const inside = relative(cwd, path);
  return inside === '' || inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

type SummaryTree = Omit<ReplicatedSummary, 'replications' | 'seeds'>;

/** The replicated summary with each estimate replaced by one of its parts. */
type Projected<T, Leaf> = T extends Estimate
  ? Leaf
  : T extends null
    ? null
    : T extends object
      ? { readonly [K in keyof T]: Projected<T[K], Leaf> }
      : T;

export interface Interval {
  readonly low: number | null;
  readonly high: number | null;
}

export interface ScenarioJson {
  readonly name: string;
  readonly seed: number;
  readonly seeds: readonly number[];
  readonly replications: number;
  /** Each figure of the run, or its mean over the replications. */
  readonly summary: Projected<SummaryTree, number>;
  /** Only with more than one replication: the 95% interval of each figure. */
  readonly intervals?: Projected<SummaryTree, Interval>;
}

export async function scenariosJson(
  runs: readonly ScenarioResults[],
): Promise<{ scenarios: ScenarioJson[] }> {
  const { summarizeReplications } = await import('../../engine/simulation/statistics.ts');
  const { orderedStandardIds } = await import('../../simulation/report/metrics.ts');
  const scenarios = runs.map((run): ScenarioJson => {
    const { replications, seeds, standards, backlog, ...figures } = summarizeReplications(
      run.replications,
    );
    // Standards in the statute's order, as the table and the report show them.
    const ordered = Object.fromEntries(
      orderedStandardIds(run.replications).map((id) => [id, standards[id]!]),
    );
    const tree: SummaryTree = { ...figures, standards: ordered, backlog };
    const summary = project(tree, (e) => e.mean) as Projected<SummaryTree, number>;
    const head = { name: run.name, seed: run.seed, seeds, replications, summary };
    if (replications === 1) return head;
    const intervals = project(tree, (e) => ({ low: e.low, high: e.high }));
    return { ...head, intervals: intervals as Projected<SummaryTree, Interval> };
  });
  return { scenarios };
}

function isEstimate(value: object): value is Estimate {
  return 'mean' in value && typeof value.mean === 'number' && 'low' in value && 'high' in value;
}

function project(value: unknown, leaf: (estimate: Estimate) => unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (isEstimate(value)) return leaf(value);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, project(v, leaf)]));
}

// ---------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------

/** Short runs finish before a bar would help; redraws are spaced so as not to flood a slow terminal. */
const SHOW_AFTER_MS = 1000;
const REDRAW_MS = 100;
/** Redraws between progress reports, so the clock moves while the runs are being set up. */
const TICK_MS = 250;
const BAR_WIDTH = 30;

function isTerminal(sink: Sink): boolean {
  return (sink as { isTTY?: unknown }).isTTY === true;
}

/** A bar on one terminal line, redrawn in place with `\r`, cleared when the runs end. */
export class ProgressBar {
  private readonly began: number;
  private readonly timer: ReturnType<typeof setInterval>;
  private done = 0;
  private total = 0;
  /** The first report: the ETA is taken from the pace since, not counting the set-up before. */
  private first: { at: number; done: number } | undefined;
  private drawnAt = Number.NEGATIVE_INFINITY;
  private drawn = false;

  constructor(
    private readonly sink: Sink,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.began = now();
    // A run on this thread blocks the timer; its per-day reports draw the bar instead.
    this.timer = setInterval(() => this.draw(), TICK_MS);
    this.timer.unref();
  }

  update(done: number, total: number): void {
    this.done = done;
    this.total = total;
    this.first ??= { at: this.now(), done };
    this.draw();
  }

  finish(): void {
    clearInterval(this.timer);
    if (this.drawn) this.sink.write('\r\x1b[K');
  }

  private draw(): void {
    const at = this.now();
    if (at - this.began < SHOW_AFTER_MS || at - this.drawnAt < REDRAW_MS) return;
    this.drawnAt = at;
    this.drawn = true;
    const pace =
      this.first !== undefined && this.done > this.first.done && at > this.first.at
        ? (this.done - this.first.done) / (at - this.first.at)
        : undefined;
    const eta = pace === undefined ? null : (this.total - this.done) / pace;
    // \x1b[K clears what a longer previous line left to the right.
    this.sink.write(`\r${progressLine(this.done, this.total, at - this.began, eta)}\x1b[K`);
  }
}

/** e.g. "simulating [#########.....................]  30%  0:12 elapsed  ETA 0:28". */
export function progressLine(
  done: number,
  total: number,
  elapsedMs: number,
  etaMs: number | null,
): string {
  const share = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.round(share * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
  const percent = `${Math.floor(share * 100)}%`.padStart(4);
  const eta = etaMs === null ? '?' : duration(etaMs);
  return `simulating [${bar}] ${percent}  ${duration(elapsedMs)} elapsed  ETA ${eta}`;
}

/** m:ss, or h:mm:ss from an hour. */
function duration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = String(seconds % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
