/**
 * One load run on one back end, as the test (bounded) and `npm run bench -- reliability`
 * (60 s) make it:
 *
 * 1. a fresh database gets the demo network (its accounts, one per role) and an account
 *    whose sign-ins are always refused; the plan is read from it (`load-plan.ts`);
 * 2. `timely serve` starts on it as a process of its own;
 * 3. the load client (`load-client.ts`), another process, runs the workload and the
 *    security probes for the given time;
 * 4. the server is stopped with SIGTERM (it must exit 0) and the database is read
 *    (`load-checks.ts`).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAccount } from '../src/auth/accounts.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { type DemoSize, demoToday } from '../src/demo/dataset.ts';
import { loadDemo } from '../src/demo/load-demo.ts';
import { startServer } from './crash-server.ts';
import { inspectLoad, type LoadFindings } from './load-checks.ts';
import { type LoadOutcome, type LoadPlan, readLoadPlan } from './load-plan.ts';
import type { ServerTier } from './server-tiers.ts';

export interface LoadRunOptions {
  readonly seconds: number;
  readonly concurrency: number;
  readonly seed: number;
  readonly size: DemoSize;
}

export interface CallFigures {
  readonly calls: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Count per status, e.g. `{ "200": 812, "409": 31 }`. */
  readonly statuses: Readonly<Record<string, number>>;
}

export interface LoadReport {
  readonly tier: ServerTier['name'];
  readonly options: LoadRunOptions;
  readonly seconds: number;
  readonly callsPerSecond: number;
  readonly all: CallFigures;
  /** Per kind of call (`book`, `fhir-slot`, `csrf-missing`…). */
  readonly byCall: Readonly<Record<string, CallFigures>>;
  /** Calls that did not answer as they had to, as `name answered status: detail`. */
  readonly problems: readonly string[];
  readonly serverErrors: number;
  readonly probes: LoadOutcome['probes'];
  readonly booked: number;
  readonly waitlisted: number;
  readonly findings: LoadFindings;
  /** The server's exit after SIGTERM at the end. */
  readonly serverExit: number | null;
}

const CLIENT = fileURLToPath(new URL('./load-client.ts', import.meta.url));
/** The run bounds sign-ins per address far above its own rate: it signs in from one address. */
const SIGN_INS_PER_MINUTE = 100_000;
export const LOCKED_OUT_NAME = 'load-locked-out';

export async function runLoadOn(tier: ServerTier, options: LoadRunOptions): Promise<LoadReport> {
  const prepared = await tier.prepare(async (db) => {
    await migrateToLatest(db);
    const demo = await loadDemo(db, { size: options.size, today: demoToday() });
    await createAccount(db, {
      name: LOCKED_OUT_NAME,
      role: 'scheduler',
      displayName: 'Load test: every sign-in refused',
      password: `${crypto.randomUUID()}-unguessable`,
    });
    const { seconds, concurrency, seed } = options;
    return readLoadPlan(db, demo.logins, LOCKED_OUT_NAME, { seconds, concurrency, seed });
  });
  const work = await mkdtemp(join(tmpdir(), 'timely-load-'));
  try {
    const server = await startServer(prepared.target, [
      '--sign-ins-per-minute',
      String(SIGN_INS_PER_MINUTE),
    ]);
    let outcome: LoadOutcome;
    let since: Date;
    try {
      const plan: LoadPlan = { ...prepared.setUp, address: server.address };
      const planFile = join(work, 'plan.json');
      const outcomeFile = join(work, 'outcome.json');
      await writeFile(planFile, JSON.stringify(plan));
      since = new Date();
      await runClient(planFile, outcomeFile);
      outcome = JSON.parse(await readFile(outcomeFile, 'utf8')) as LoadOutcome;
    } catch (error) {
      await server.killHard();
      throw new Error(`${(error as Error).message}\nserver output:\n${server.output()}`);
    }
    const exit = await server.stop();
    const findings = await prepared.inspect((db) => inspectLoad(db, outcome, since));
    return reportOf(tier.name, options, outcome, findings, exit.code);
  } finally {
    await rm(work, { recursive: true, force: true });
    await prepared.dispose();
  }
}

function runClient(planFile: string, outcomeFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLIENT, planFile, outcomeFile], {
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    let errors = '';
    child.stderr.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString('utf8')).slice(-20_000);
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`load client exited ${code}:\n${errors}`)),
    );
  });
}

function figuresOf(times: number[], statuses: Record<string, number>): CallFigures {
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return { calls: times.length, p50Ms: at(0.5), p99Ms: at(0.99), statuses };
}

function reportOf(
  tier: ServerTier['name'],
  options: LoadRunOptions,
  outcome: LoadOutcome,
  findings: LoadFindings,
  serverExit: number | null,
): LoadReport {
  const groups = new Map<string, { times: number[]; statuses: Record<string, number> }>();
  const all = { times: [] as number[], statuses: {} as Record<string, number> };
  for (const call of outcome.calls) {
    const group = groups.get(call.name) ?? { times: [], statuses: {} };
    groups.set(call.name, group);
    for (const g of [group, all]) {
      g.times.push(call.ms);
      g.statuses[call.status] = (g.statuses[call.status] ?? 0) + 1;
    }
  }
  const byCall = Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, g]) => [name, figuresOf(g.times, g.statuses)]),
  );
  return {
    tier,
    options,
    seconds: outcome.seconds,
    callsPerSecond: outcome.calls.length / outcome.seconds,
    all: figuresOf(all.times, all.statuses),
    byCall,
    problems: outcome.calls.flatMap((c) => c.problem ?? []),
    serverErrors: outcome.calls.filter((c) => c.status >= 500 || c.status === 0).length,
    probes: outcome.probes,
    booked: outcome.acknowledged.filter((a) => a.appointmentId !== undefined).length,
    waitlisted: outcome.acknowledged.filter((a) => a.appointmentId === undefined).length,
    findings,
    serverExit,
  };
}
