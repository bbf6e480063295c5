import { describe, expect, it } from 'vitest';
import { Random } from '../../src/engine/random.ts';
import {
  compareWithTheory,
  dailyQueueTheory,
  poissonPmf,
  ratioInterval,
  studentTQuantile,
  waitTolerance,
} from './daily-queue.ts';

/**
 * The reduced model by brute force, written independently of the theory: requests get
 * ids in order of arrival, so the first-come-first-served queue is the range of ids
 * [nextServed, nextId); each day Poisson(λ) requests join it, then up to c of them are
 * seen. After the last arrival day the pool keeps working until the queue is empty, so
 * every request has a wait.
 */
function simulateQueue(lambda: number, c: number, days: number, seed: number) {
  const random = new Random(seed);
  const room = Math.ceil(lambda * days + 10 * Math.sqrt(lambda * days) + 100);
  const arrivalDay = new Int32Array(room);
  const waitDays = new Int32Array(room);
  const endBacklog: number[] = [];
  let nextId = 0;
  let nextServed = 0;
  for (let day = 0; day < days || nextServed < nextId; day++) {
    if (day < days) {
      const arrivals = random.poisson(lambda);
      if (nextId + arrivals > room) throw new Error('simulateQueue: room for requests exceeded');
      for (let i = 0; i < arrivals; i++) arrivalDay[nextId++] = day;
    }
    for (let seen = 0; seen < c && nextServed < nextId; seen++, nextServed++) {
      waitDays[nextServed] = day - arrivalDay[nextServed]!;
    }
    endBacklog.push(nextId - nextServed);
  }
  return {
    arrivalDay: arrivalDay.subarray(0, nextId),
    waitDays: waitDays.subarray(0, nextId),
    endBacklog,
  };
}

/** One step of the chain applied to π: (πP)_j, with P(i → j) = P(max(i + A − c, 0) = j). */
function oneStep(pi: Float64Array, lambda: number, c: number): Float64Array {
  const a = poissonPmf(lambda);
  const next = new Float64Array(pi.length + a.length);
  for (let i = 0; i < pi.length; i++) {
    for (let k = 0; k < a.length; k++) next[Math.max(i + k - c, 0)]! += pi[i]! * a[k]!;
  }
  return next;
}

const CASES = [
  { lambda: 5, c: 6 },
  { lambda: 10.8, c: 12 },
  { lambda: 18, c: 20 },
  { lambda: 9, c: 10 },
] as const;

describe('the stationary daily queue Q′ = max(Q + A − c, 0), A ~ Poisson(λ)', () => {
  it("reproduces the project's notes: λ = 10.8, c = 12 ends 47.18% of days with nobody waiting, 2.979 waiting on average", () => {
    const theory = dailyQueueTheory(10.8, 12);
    expect(theory.pQ0).toBeCloseTo(0.4718, 4);
    expect(theory.meanQ).toBeCloseTo(2.979, 3);
  });

  it('matches the closed form for one appointment a day: P(Q = 0) = (1 − λ)e^λ, E[Q] = λ²/(2(1 − λ))', () => {
    // From the generating function: Q(z)(z − e^{λ(z−1)}) = (1 − λ)(z − 1).
    for (const lambda of [0.3, 0.5, 0.9]) {
      const theory = dailyQueueTheory(lambda, 1);
      expect(theory.pQ0).toBeCloseTo((1 - lambda) * Math.exp(lambda), 10);
      expect(theory.meanQ).toBeCloseTo(lambda ** 2 / (2 * (1 - lambda)), 8);
    }
  });

  it.each(CASES)(
    'is stationary to rounding and neglects a tail below 1e-12 (λ = $lambda, c = $c)',
    ({ lambda, c }) => {
      const { backlog } = dailyQueueTheory(lambda, c);
      const stepped = oneStep(backlog, lambda, c);
      let residual = 0;
      for (let j = 0; j < stepped.length; j++)
        residual += Math.abs(stepped[j]! - (backlog[j] ?? 0));
      expect(residual).toBeLessThan(1e-12);
      // What is missing from 1 is the dropped tail, below 1e-13.
      expect(backlog.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 12);
      // The mass one step pushes beyond the kept levels is the neglected tail.
      let beyond = 0;
      for (let j = backlog.length; j < stepped.length; j++) beyond += stepped[j]!;
      expect(beyond).toBeLessThan(1e-12);
    },
  );

  it.each(CASES)(
    'sees λ requests a day on average: what comes in goes out (λ = $lambda, c = $c)',
    ({ lambda, c }) => {
      expect(dailyQueueTheory(lambda, c).meanServedPerDay).toBeCloseTo(lambda, 9);
    },
  );

  it.each(CASES)(
    "obeys Little's law in days: E[backlog at the end of a day] = λ·E[W], and after the day's arrivals λ·(E[W] + 1) (λ = $lambda, c = $c)",
    ({ lambda, c }) => {
      // A request that waits W days is in the end-of-day backlog on exactly W days (its
      // arrival day through the day before its appointment), and in the queue counted after
      // arrivals on W + 1 days. E[Q] comes from π alone and E[W] from the position argument,
      // so this checks one against the other.
      const theory = dailyQueueTheory(lambda, c);
      expect(theory.meanQ).toBeCloseTo(lambda * theory.meanWaitDays, 9);
      expect(theory.meanQueueAfterArrivals).toBeCloseTo(lambda * (theory.meanWaitDays + 1), 9);
    },
  );

  it('gives a consistent wait distribution: E[W] = Σ_k P(W > k) and P(W = k) = P(W > k − 1) − P(W > k)', () => {
    const theory = dailyQueueTheory(9, 10, { maxWaitDays: 40 });
    expect(theory.pWaitGreater).toHaveLength(41);
    expect(theory.pWaitGreater.reduce((s, p) => s + p, 0)).toBeCloseTo(theory.meanWaitDays, 12);
    expect(theory.pWait[0]).toBeCloseTo(1 - theory.pWaitGreater[0]!, 14);
    for (let k = 1; k <= 40; k++) {
      expect(theory.pWait[k]).toBeCloseTo(
        theory.pWaitGreater[k - 1]! - theory.pWaitGreater[k]!,
        14,
      );
      expect(theory.pWaitGreater[k]!).toBeLessThanOrEqual(theory.pWaitGreater[k - 1]!);
    }
  });

  it('refuses a queue that has no stationary state (λ ≥ c) and a fractional capacity', () => {
    expect(() => dailyQueueTheory(12, 12)).toThrow(/λ must be in \[0, c\)/);
    expect(() => dailyQueueTheory(5, 6.5)).toThrow(/c must be an integer/);
    expect(() => dailyQueueTheory(-1, 6)).toThrow(RangeError);
  });

  it('treats an idle pool exactly: λ = 0 means no backlog and no wait', () => {
    const theory = dailyQueueTheory(0, 3, { maxWaitDays: 2 });
    expect(theory.pQ0).toBe(1);
    expect(theory.meanWaitDays).toBe(0);
    expect(theory.pWaitGreater).toEqual([0, 0, 0]);
  });
});

describe('the theory against a brute-force Monte-Carlo of the recursion', () => {
  const DAYS = 200_000;

  it.each(CASES)(
    'agrees on the mean wait and P(W > k) within batch-means intervals (λ = $lambda, c = $c)',
    ({ lambda, c }) => {
      const theory = dailyQueueTheory(lambda, c, { maxWaitDays: 8 });
      const run = simulateQueue(lambda, c, DAYS, 1000 + c);
      const warmUp = Math.ceil(10 * theory.relaxationDays);
      const tolerance = waitTolerance(run, { fromDay: warmUp, toDay: DAYS, maxWaitDays: 8 });
      const comparison = compareWithTheory(theory, tolerance);
      expect(comparison.failures).toEqual([]);
      // The check has teeth: at least the first two tail probabilities are measured, and
      // the mean wait is pinned to within a few per cent.
      expect(comparison.comparedK.slice(0, 2)).toEqual([0, 1]);
      expect(tolerance.meanWaitDays.halfWidth / theory.meanWaitDays).toBeLessThan(0.075);
    },
  );

  it.each(CASES)(
    'agrees on P(Q = 0) and E[Q] at the end of a day (λ = $lambda, c = $c)',
    ({ lambda, c }) => {
      const theory = dailyQueueTheory(lambda, c);
      const { endBacklog } = simulateQueue(lambda, c, DAYS, 2000 + c);
      const batches = 20;
      const batchDays = DAYS / batches;
      const empty = new Float64Array(batches);
      const backlog = new Float64Array(batches);
      for (let d = 0; d < DAYS; d++) {
        const b = Math.floor(d / batchDays);
        if (endBacklog[d] === 0) empty[b]!++;
        backlog[b]! += endBacklog[d]!;
      }
      const days = new Float64Array(batches).fill(batchDays);
      for (const [simulated, expected] of [
        [ratioInterval(empty, days, 0.999), theory.pQ0],
        [ratioInterval(backlog, days, 0.999), theory.meanQ],
      ] as const) {
        expect(Math.abs(simulated.estimate - expected)).toBeLessThanOrEqual(simulated.halfWidth);
      }
    },
  );

  it("obeys Little's law on every sample path: the days requests spend in the end-of-day backlog add up to their waits", () => {
    const run = simulateQueue(10.8, 12, 20_000, 7);
    const backlogDays = run.endBacklog.reduce((s, q) => s + q, 0);
    const waits = run.waitDays.reduce((s, w) => s + w, 0);
    expect(backlogDays).toBe(waits);
  });

  it('has λ/2 same-day requests ahead of a request on average, not λ: assuming Poisson(λ) ahead is rejected', () => {
    // A random request's batch is size-biased, and its place in the batch is uniform, so
    // P(J = j) = P(A > j)/λ (mean λ/2). Poisson(λ) is the count of all *other* same-day
    // requests. Computed here the naive way, P(W > 0) = P(Q + Poisson(λ) ≥ c) is far off.
    const lambda = 10.8;
    const c = 12;
    const theory = dailyQueueTheory(lambda, c, { maxWaitDays: 0 });
    const a = poissonPmf(lambda);
    let naive = 0;
    theory.backlog.forEach((pq, q) => {
      a.forEach((pa, k) => {
        if (q + k >= c) naive += pq * pa;
      });
    });
    const run = simulateQueue(lambda, c, 100_000, 11);
    const tolerance = waitTolerance(run, { fromDay: 200, toDay: 100_000, maxWaitDays: 0 });
    const measured = tolerance.pWaitGreater[0]!;
    expect(Math.abs(measured.estimate - theory.pWaitGreater[0]!)).toBeLessThanOrEqual(
      measured.halfWidth,
    );
    expect(Math.abs(measured.estimate - naive)).toBeGreaterThan(10 * measured.halfWidth);
  });
});

describe('waitTolerance: batch-means intervals for a simulated run', () => {
  it('is honest: over 200 independent runs the 95% intervals cover the theory about 95% of the time', () => {
    // With one P(W > k) and the mean, a family confidence of 0.9 makes each interval 95%.
    const lambda = 5;
    const c = 6;
    const theory = dailyQueueTheory(lambda, c, { maxWaitDays: 0 });
    const days = 12_000; // 20 batches of 600 days ≥ 50 × the correlation time (~11.5 days)
    let coveredMean = 0;
    let coveredWaited = 0;
    const runs = 200;
    for (let seed = 0; seed < runs; seed++) {
      const run = simulateQueue(lambda, c, days, 50_000 + seed);
      const t = waitTolerance(run, { fromDay: 0, toDay: days, maxWaitDays: 0, confidence: 0.9 });
      expect(t.confidencePerInterval).toBeCloseTo(0.95, 12);
      const mean = t.meanWaitDays;
      const waited = t.pWaitGreater[0]!;
      if (Math.abs(mean.estimate - theory.meanWaitDays) <= mean.halfWidth) coveredMean++;
      if (Math.abs(waited.estimate - theory.pWaitGreater[0]!) <= waited.halfWidth) coveredWaited++;
    }
    // Binomial(200, 0.95): 0.90..0.99 is about ±3 standard deviations.
    for (const covered of [coveredMean, coveredWaited]) {
      expect(covered / runs).toBeGreaterThanOrEqual(0.9);
      expect(covered / runs).toBeLessThanOrEqual(0.99);
    }
  });

  it('is wider than a naive per-request interval, which would ignore that days are correlated', () => {
    const run = simulateQueue(10.8, 12, 100_000, 3);
    const t = waitTolerance(run, { fromDay: 200, toDay: 100_000, maxWaitDays: 0 });
    let sum = 0;
    let squares = 0;
    for (const w of run.waitDays) {
      sum += w;
      squares += w * w;
    }
    const n = run.waitDays.length;
    const naiveStandardError = Math.sqrt((squares / n - (sum / n) ** 2) / n);
    expect(t.meanWaitDays.standardError).toBeGreaterThan(2 * naiveStandardError);
  });

  it('uses Student t quantiles for the batch count (2.093 for 20 batches at 95%)', () => {
    expect(studentTQuantile(0.95, 19)).toBeCloseTo(2.093, 3);
    expect(studentTQuantile(0.95, 1)).toBeCloseTo(12.706, 3);
    expect(studentTQuantile(0.99, 10)).toBeCloseTo(3.169, 3);
  });

  it('refuses requests that were never served instead of guessing their waits', () => {
    const sample = { arrivalDay: [0, 1, 2, 3], waitDays: [0, 1, Number.NaN, 0] };
    expect(() =>
      waitTolerance(sample, { fromDay: 0, toDay: 4, maxWaitDays: 1, batches: 2 }),
    ).toThrow(/1 counted requests have no whole-day wait/);
  });

  it('lets compareWithTheory catch a run of the wrong queue and batches too short to trust', () => {
    const theory = dailyQueueTheory(10.8, 12, { maxWaitDays: 4 });
    const longRun = simulateQueue(11.1, 12, 100_000, 5);
    const wrong = waitTolerance(longRun, { fromDay: 200, toDay: 100_000, maxWaitDays: 4 });
    expect(compareWithTheory(theory, wrong).failures.join('\n')).toMatch(/mean wait/);

    const shortRun = simulateQueue(10.8, 12, 4_000, 6);
    const short = waitTolerance(shortRun, { fromDay: 0, toDay: 4_000, maxWaitDays: 4 });
    expect(compareWithTheory(theory, short).failures.join('\n')).toMatch(/too short/);
  });
});
