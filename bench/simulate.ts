/**
 * `npm run bench -- simulate`: the simulator at the scale of one large plan.
 *
 * 1. The baseline example (Southern California, ~2,400 clinicians) for one simulated
 *    year, in a fresh process: simulated days, visits, seconds, peak memory.
 * 2. The model reduced to a single daily-capacity queue (the queue-validation example),
 *    timed in Timely and in SimPy 2.3 (Debian's python3-simpy) on the same λ, c and
 *    number of days, in the same run: seconds per simulated request and their ratio.
 * The last line is one JSON object with the figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { simulate } from '../src/engine/simulation/simulate.ts';
import { loadScenario } from '../src/simulation/load-scenario.ts';
import { runSimpyReference } from './simpy-reference.ts';

const example = (name: string): string =>
  fileURLToPath(new URL(`../examples/${name}.yaml`, import.meta.url));

function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

export interface YearFigures {
  simulatedDays: number;
  visits: number;
  requests: number;
  seconds: number;
  visitsPerSecond: number;
  peakRssMB: number;
}

/** One run of the baseline example for `days` simulated days (after its warm-up). */
export function runBaseline(days = 365): YearFigures {
  const scenario = { ...loadScenario(example('baseline')), days };
  const t = performance.now();
  const result = simulate(scenario);
  const seconds = (performance.now() - t) / 1000;
  const simulatedDays = scenario.warmupDays + scenario.days;
  return {
    simulatedDays,
    visits: result.summary.visits,
    requests: result.summary.requests,
    seconds,
    visitsPerSecond: Math.round(result.summary.visits / seconds),
    peakRssMB: peakRssMB(),
  };
}

export interface QueueFigures {
  lambda: number;
  capacity: number;
  days: number;
  timelyRequests: number;
  timelySeconds: number;
  timelyMeanWaitDays: number;
}

/** The reduced queue model in Timely: the queue-validation example for `days` days. */
export function runQueue(days: number): QueueFigures {
  const scenario = { ...loadScenario(example('queue-validation')), days, warmupDays: 0 };
  const t = performance.now();
  const result = simulate(scenario);
  const seconds = (performance.now() - t) / 1000;
  const figures = result.summary.standards['nonurgent-nonphysician-mh'];
  return {
    lambda: scenario.demand.arrivalsPerDay['routine-intake'],
    capacity: scenario.network.template.intakesPerDay,
    days,
    timelyRequests: result.summary.requests,
    timelySeconds: seconds,
    timelyMeanWaitDays: figures?.waitDays.mean ?? Number.NaN,
  };
}

function inChild<T>(args: string[]): T {
  const child = spawnSync(
    process.execPath,
    ['--max-old-space-size=4096', '--import', 'tsx', fileURLToPath(import.meta.url), ...args],
    { encoding: 'utf8', maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`bench child ${args.join(' ')} failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop()!) as T;
}

function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

const QUEUE_DAYS = 20_000;

export function main(args: readonly string[]): void {
  if (args[0] === '--year') {
    process.stdout.write(`${JSON.stringify(runBaseline())}\n`);
    return;
  }
  if (args[0] === '--queue') {
    process.stdout.write(`${JSON.stringify(runQueue(Number(args[1])))}\n`);
    return;
  }
  const year = inChild<YearFigures>(['--year']);
  console.log('simulator — baseline example, one simulated year');
  console.log(
    `${fmt(year.simulatedDays)} simulated days (warm-up included), ${fmt(year.requests)} requests, ${fmt(year.visits)} visits in ${fmt(year.seconds)} s → ${fmt(year.visitsPerSecond, 0)} visits/s, peak ${fmt(year.peakRssMB)} MB (target: under 5 s and 2 GB)`,
  );
  const queue = inChild<QueueFigures>(['--queue', String(QUEUE_DAYS)]);
  const simpy = runSimpyReference({
    lambda: queue.lambda,
    c: queue.capacity,
    days: QUEUE_DAYS,
    seed: 1,
  });
  const timelyPerRequest = queue.timelySeconds / queue.timelyRequests;
  const ratio = simpy.secondsPerRequest / timelyPerRequest;
  console.log(
    `reduced queue (λ = ${queue.lambda}/day, c = ${queue.capacity}/day, ${fmt(QUEUE_DAYS)} days): Timely ${fmt(queue.timelySeconds, 3)} s for ${fmt(queue.timelyRequests)} requests (mean wait to the appointment's start ${fmt(queue.timelyMeanWaitDays, 3)} d), SimPy 2.3 ${fmt(simpy.seconds, 3)} s for ${fmt(simpy.requests)} (mean wait in whole days ${fmt(simpy.meanWaitDays, 3)}) → Timely ${fmt(ratio, 1)}× faster per request (target ≥ 50×)`,
  );
  console.log(
    JSON.stringify({
      benchmark: 'simulate',
      simulatedDays: year.simulatedDays,
      visits: year.visits,
      requests: year.requests,
      seconds: year.seconds,
      visitsPerSecond: year.visitsPerSecond,
      peakRssMB: year.peakRssMB,
      queue: {
        ...queue,
        simpyRequests: simpy.requests,
        simpySeconds: simpy.seconds,
        simpyMeanWaitDays: simpy.meanWaitDays,
        speedupPerRequest: ratio,
      },
    }),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
