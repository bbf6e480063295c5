/**
 * Runs a set of scenarios, each `replications` times: replication r of a scenario runs on
 * seed (options.seed ?? scenario.seed) + r, so a set of runs is named by its seeds and
 * every scenario of a comparison meets the same random numbers (common random numbers:
 * see `compareReplications` in engine/simulation/statistics.ts).
 *
 * Runs are independent and CPU-bound, so they are spread over a pool of worker threads,
 * one per core. Results are put back by (scenario, replication), never in order of
 * completion, so the same seeds give the same output byte for byte however the threads
 * were scheduled. A single run stays on the calling thread: a worker costs a few hundred
 * milliseconds to start (it loads the TypeScript sources through tsx) and would buy
 * nothing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { TimelyError, type TimelyErrorCode } from '../engine/errors.ts';
import type { SimulationResult } from '../engine/simulation/result.ts';
import type { Scenario } from '../engine/simulation/scenario.ts';
import { simulate } from '../engine/simulation/simulate.ts';

export interface RunOptions {
  /** Seed of every scenario's first replication (default: each scenario's own `seed`). */
  readonly seed?: number;
  /** Runs of each scenario, on consecutive seeds (default 1). */
  readonly replications?: number;
  /** Most threads to run on (default: os.availableParallelism()). 1 runs all on this thread. */
  readonly threads?: number;
  /** Simulated days done so far over all runs (warm-up included), and their total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** A scenario's runs; with `name`, what the report and the summary table take. */
export interface ScenarioResults {
  readonly name: string;
  readonly scenario: Scenario;
  /** Seed of the first replication; replication r ran on seed + r. */
  readonly seed: number;
  /** The runs, in replication order. */
  readonly replications: readonly SimulationResult[];
}

export interface RunOutcome {
  /** One entry per scenario, in the order given. */
  readonly runs: readonly ScenarioResults[];
  /** Worker threads used (0: everything ran on the calling thread). */
  readonly workers: number;
}

/** One simulation to run: what the main thread sends a worker. */
export interface SimulationJob {
  readonly index: number;
  readonly scenario: Scenario;
  readonly seed: number;
}

/** What a worker sends back (see run-scenarios.worker.mjs). */
export type WorkerMessage =
  | { readonly kind: 'progress'; readonly index: number; readonly day: number }
  | { readonly kind: 'result'; readonly index: number; readonly result: SimulationResult }
  | {
      readonly kind: 'error';
      readonly index: number;
      readonly message: string;
      readonly code?: TimelyErrorCode;
      readonly path?: string;
    };

const WORKER_ENTRY = new URL('./run-scenarios.worker.mjs', import.meta.url);

/** Threads for `jobs` runs: one per core, never more than there are runs. */
export function poolSize(jobs: number, threads: number = availableParallelism()): number {
  return Math.max(1, Math.min(threads, jobs));
}

export async function runScenarios(
  scenarios: readonly Scenario[],
  options: RunOptions = {},
): Promise<RunOutcome> {
  const replications = options.replications ?? 1;
  const firstSeeds = scenarios.map((scenario) => options.seed ?? scenario.seed);
  const jobs: SimulationJob[] = scenarios.flatMap((scenario, s) =>
    Array.from({ length: replications }, (_, r) => ({
      index: s * replications + r,
      scenario,
      seed: firstSeeds[s]! + r,
    })),
  );

  // Progress in simulated days: runs of different lengths weigh by their length.
  const daysOf = jobs.map((job) => job.scenario.warmupDays + job.scenario.days);
  const total = daysOf.reduce((a, b) => a + b, 0);
  const reached = new Array<number>(jobs.length).fill(0);
  let done = 0;
  const progress = (index: number, day: number): void => {
    done += day - reached[index]!;
    reached[index] = day;
    options.onProgress?.(done, total);
  };

  const size = poolSize(jobs.length, options.threads);
  const results = size === 1 ? runHere(jobs, progress) : await runInWorkers(jobs, size, progress);
  const runs = scenarios.map((scenario, s) => ({
    name: scenario.name,
    scenario,
    seed: firstSeeds[s]!,
    replications: results.slice(s * replications, (s + 1) * replications),
  }));
  return { runs, workers: size === 1 ? 0 : size };
}

function runHere(
  jobs: readonly SimulationJob[],
  progress: (index: number, day: number) => void,
): SimulationResult[] {
  return jobs.map((job) =>
    simulate(job.scenario, { seed: job.seed, onDay: (day) => progress(job.index, day) }),
  );
}

/**
 * A pool of `size` workers taking the jobs in order, each as soon as it is free. The
 * first failure stops everything: the other runs' results would be of no use.
 */
async function runInWorkers(
  jobs: readonly SimulationJob[],
  size: number,
  progress: (index: number, day: number) => void,
): Promise<SimulationResult[]> {
  const results = new Array<SimulationResult>(jobs.length);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let next = 0;
      let finished = 0;
      let failed = false;
      const fail = (error: Error): void => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      const give = (worker: Worker): void => {
        if (failed || next >= jobs.length) return;
        worker.postMessage(jobs[next++]);
      };
      for (let w = 0; w < size; w++) {
        const worker = new Worker(WORKER_ENTRY);
        workers.push(worker);
        worker.on('message', (message: WorkerMessage) => {
          if (message.kind === 'progress') {
            progress(message.index, message.day);
          } else if (message.kind === 'result') {
            results[message.index] = message.result;
            if (++finished === jobs.length) resolve();
            else give(worker);
          } else {
            fail(errorOf(message));
          }
        });
        worker.on('error', fail);
        worker.on('exit', (code) => {
          if (finished < jobs.length) fail(new Error(`a simulation thread stopped (code ${code})`));
        });
        give(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
  return results;
}

/** A worker's failure as the error it was: a TimelyError keeps its code (and exit code). */
function errorOf(message: Extract<WorkerMessage, { kind: 'error' }>): Error {
  if (message.code !== undefined) {
    return new TimelyError(message.code, message.message, { path: message.path });
  }
  return new Error(message.message);
}
