import { describe, expect, it } from 'vitest';
import { dailyQueueTheory } from '../test/simulation/daily-queue.ts';
import { runSimpyReference } from './simpy-reference.ts';
import { runQueue } from './simulate.ts';

// The benchmark itself runs with `npm run bench -- simulate`; this keeps its code working
// and checks that the SimPy reference is the same queue as Timely's.
describe('the simulator benchmark, at a small scale', () => {
  const days = 2_000;
  const timely = runQueue(days);
  const simpy = runSimpyReference({ lambda: timely.lambda, c: timely.capacity, days, seed: 3 });
  const theory = dailyQueueTheory(timely.lambda, timely.capacity);

  it('runs the reduced queue in Timely: every request of the counted days seen', () => {
    expect(timely.timelyRequests).toBeGreaterThan(0.95 * timely.lambda * days);
    expect(timely.timelyRequests).toBeLessThan(1.05 * timely.lambda * days);
    expect(timely.timelySeconds).toBeGreaterThan(0);
  });

  it('runs the same queue in SimPy: as many requests, and a mean wait near the theory', () => {
    expect(simpy.requests).toBeGreaterThan(0.95 * timely.lambda * days);
    expect(simpy.requests).toBeLessThan(1.05 * timely.lambda * days);
    // 2,000 days at utilisation 0.9: a loose band, as the days are correlated.
    // (Timely's side is checked against the theory in test/simulation/queue-validation.)
    expect(Math.abs(simpy.meanWaitDays - theory.meanWaitDays)).toBeLessThan(0.1);
  });
});
