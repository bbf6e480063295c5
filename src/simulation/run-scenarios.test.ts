/**
 * Running scenarios × replications: seeds follow the replication, results come back by
 * (scenario, replication) whatever thread finished first, and a worker thread gives the
 * very numbers the calling thread gives for the same seed. The scenarios are tiny (40
 * clinicians at one center, 20 days) so each run takes a fraction of a second.
 */
import { describe, expect, it } from 'vitest';
import { isTimelyError } from '../engine/errors.ts';
import type { SimulationResult } from '../engine/simulation/result.ts';
import { type ScenarioInput, scenarioSchema } from '../engine/simulation/scenario.ts';
import { poolSize, runScenarios } from './run-scenarios.ts';

function tiny(name: string, overrides: Partial<ScenarioInput> = {}) {
  return scenarioSchema.parse({
    name,
    seed: 11,
    days: 20,
    network: { clinicians: 40, centers: ['los-angeles'] },
    demand: { arrivalsPerDay: { 'urgent-intake': 10, 'routine-intake': 150, psychiatry: 20 } },
    ...overrides,
  });
}

/** A run without its wall-clock time, the one figure that is not a function of the seed. */
function figures(result: SimulationResult): Omit<SimulationResult, 'seconds'> {
  const { seconds: _, ...rest } = result;
  return rest;
}

describe('poolSize', () => {
  it('is one thread per core, never more than the runs, at least one', () => {
    expect(poolSize(1, 2)).toBe(1);
    expect(poolSize(5, 2)).toBe(2);
    expect(poolSize(3, 8)).toBe(3);
    expect(poolSize(4, 1)).toBe(1);
  });
});

describe('runScenarios', () => {
  it('runs a single run on the calling thread, on the scenario’s seed', async () => {
    const { runs, workers } = await runScenarios([tiny('a')]);
    expect(workers).toBe(0);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.seed).toBe(11);
    expect(runs[0]!.replications.map((r) => r.seed)).toEqual([11]);
  });

  it('gives replication r the seed (--seed ?? scenario seed) + r', async () => {
    const { runs } = await runScenarios([tiny('a'), tiny('b', { seed: 40 })], {
      replications: 2,
      threads: 1,
    });
    expect(runs.map((run) => run.seed)).toEqual([11, 40]);
    expect(runs.map((run) => run.replications.map((r) => r.seed))).toEqual([
      [11, 12],
      [40, 41],
    ]);
    const overridden = await runScenarios([tiny('a'), tiny('b', { seed: 40 })], {
      seed: 3,
      threads: 1,
    });
    expect(overridden.runs.map((run) => run.replications.map((r) => r.seed))).toEqual([[3], [3]]);
  });

  it('uses worker threads for several runs, in scenario and replication order, with the numbers of the calling thread', async () => {
    // The second scenario is shorter, so its runs finish first on whichever thread: the
    // order of the results must not follow.
    const scenarios = [tiny('long', { days: 20 }), tiny('short', { days: 8 })];
    const pooled = await runScenarios(scenarios, { replications: 2, threads: 2 });
    const here = await runScenarios(scenarios, { replications: 2, threads: 1 });
    expect(pooled.workers).toBe(2);
    expect(here.workers).toBe(0);
    expect(
      pooled.runs.map((run) => run.replications.map((r) => `${r.scenario}@${r.seed}`)),
    ).toEqual([
      ['long@11', 'long@12'],
      ['short@11', 'short@12'],
    ]);
    expect(pooled.runs.map((run) => run.replications.map(figures))).toEqual(
      here.runs.map((run) => run.replications.map(figures)),
    );
    // Histograms cross the thread boundary as typed arrays, not plain objects.
    const histogram = Object.values(pooled.runs[0]!.replications[0]!.waitHistogram)[0];
    expect(histogram).toBeInstanceOf(Uint32Array);
    // Different seeds, different runs.
    expect(figures(pooled.runs[0]!.replications[0]!)).not.toEqual(
      figures(pooled.runs[0]!.replications[1]!),
    );
  });

  it('reports progress in simulated days up to the total, never going back', async () => {
    const seen: [number, number][] = [];
    await runScenarios([tiny('a', { days: 10, warmupDays: 5 }), tiny('b', { days: 6 })], {
      replications: 2,
      threads: 2,
      onProgress: (done, total) => seen.push([done, total]),
    });
    const total = 2 * (15 + 6);
    expect(seen.every(([, t]) => t === total)).toBe(true);
    expect(seen.map(([done]) => done)).toEqual(
      [...seen.map(([done]) => done)].sort((a, b) => a - b),
    );
    expect(seen.at(-1)).toEqual([total, total]);
  });

  it('a run that fails in a worker fails the whole set, keeping the domain error', async () => {
    // The loader would refuse an unknown center; this one goes straight to the engine.
    const broken = tiny('broken', { network: { clinicians: 5, centers: ['atlantis'] } });
    const error: unknown = await runScenarios([tiny('a'), broken], { threads: 2 }).catch(
      (e: unknown) => e,
    );
    expect(isTimelyError(error)).toBe(true);
    expect((error as Error).message).toMatch(/network\.centers/);
  });
});
