/**
 * The simulator against queueing theory, where the model reduces to a single pool:
 * Poisson(λ) requests a day, c appointments a day, first come first served, one visit
 * each, nobody misses or cancels (examples/queue-validation.yaml). The backlog then
 * follows Q' = max(Q + A − c, 0); its stationary distribution, the mean wait and
 * P(wait > k days) are computed numerically in `daily-queue.ts`, independently of the
 * simulator, and the simulated waits must agree within batch-means intervals.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../src/engine/simulation/scenario.ts';
import { simulate } from '../../src/engine/simulation/simulate.ts';
import { loadScenario } from '../../src/simulation/load-scenario.ts';
import { compareWithTheory, dailyQueueTheory, waitTolerance } from './daily-queue.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/queue-validation.yaml', import.meta.url));

/** The example with another λ and c, run for `days` after a warm-up of 10 relaxation times. */
function reduced(lambda: number, c: number, days: number, warmupDays: number): Scenario {
  const base = loadScenario(EXAMPLE);
  return {
    ...base,
    days,
    warmupDays,
    network: { ...base.network, template: { ...base.network.template, intakesPerDay: c } },
    demand: {
      ...base.demand,
      arrivalsPerDay: { 'urgent-intake': 0, 'routine-intake': lambda, psychiatry: 0 },
    },
  };
}

describe('the simulator reduced to a daily-capacity queue agrees with queueing theory', () => {
  it('the example is that queue: λ = 10.8, c = 12, one clinician, no follow-ups, no no-shows', () => {
    const s = loadScenario(EXAMPLE);
    expect(s.demand.arrivalsPerDay).toEqual({
      'urgent-intake': 0,
      'routine-intake': 10.8,
      psychiatry: 0,
    });
    expect(s.network.clinicians).toBe(1);
    expect(s.network.template.intakesPerDay).toBe(12);
    expect(s.demand.noShowRate + s.demand.cancellationRate).toBe(0);
    expect(s.demand.course['routine-intake'].meanVisits).toBe(1);
  });

  for (const [lambda, c] of [
    [10.8, 12],
    [5, 6],
    [4, 6],
  ] as const) {
    it(`λ = ${lambda}, c = ${c}: mean wait and P(wait > k days)`, () => {
      const theory = dailyQueueTheory(lambda, c, { maxWaitDays: 10 });
      const batches = 20;
      // Batches of 60 correlation times; a warm-up of 10 relaxation times; and a tail of
      // days after the last counted arrival so every counted request has been seen.
      const batchDays = Math.ceil(60 * theory.correlationDays);
      const counted = batches * batchDays;
      const warmup = Math.ceil(10 * theory.relaxationDays) + 10;
      const tail = 60;
      const scenario = reduced(lambda, c, counted + tail, warmup);
      const arrivalDay: number[] = [];
      const waitDays: number[] = [];
      const result = simulate(scenario, {
        seed: 7,
        onSeen: (seen) => {
          arrivalDay.push(seen.requestDay);
          waitDays.push(seen.visitDay - seen.requestDay);
        },
      });
      // Nothing is left waiting beyond the run's tail, nothing is referred or missed.
      expect(result.summary.unplaced).toBe(0);
      expect(result.summary.referralsOut).toBe(0);
      const tolerance = waitTolerance(
        { arrivalDay, waitDays },
        { fromDay: warmup, toDay: warmup + counted, maxWaitDays: 10, batches },
      );
      const comparison = compareWithTheory(theory, tolerance);
      expect(comparison.failures).toEqual([]);
      expect(comparison.comparedK.length).toBeGreaterThan(0);
      // The backlog at the end of a day is the queue Q itself: its simulated mean is the
      // theory's E[Q] (by Little's law it is λ·E[W] less the requests seen on their own
      // arrival day's queue position, which the theory module checks on its side).
      const relative = Math.abs(result.summary.backlog.mean - theory.meanQ) / theory.meanQ;
      expect(relative).toBeLessThan(0.1);
    }, 30_000);
  }

  it('would notice a wrong capacity: the same run against the theory of c + 1 fails', () => {
    const theory = dailyQueueTheory(10.8, 13, { maxWaitDays: 10 });
    const scenario = reduced(10.8, 12, 20 * 1000 + 60, 200);
    const arrivalDay: number[] = [];
    const waitDays: number[] = [];
    simulate(scenario, {
      seed: 7,
      onSeen: (seen) => {
        arrivalDay.push(seen.requestDay);
        waitDays.push(seen.visitDay - seen.requestDay);
      },
    });
    const tolerance = waitTolerance(
      { arrivalDay, waitDays },
      { fromDay: 200, toDay: 200 + 20 * 1000, maxWaitDays: 10, batches: 20 },
    );
    expect(compareWithTheory(theory, tolerance).failures.length).toBeGreaterThan(0);
  }, 30_000);
});
