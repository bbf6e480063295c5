import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DailyRow, SimulationResult, SimulationSummary, StandardFigures } from './result.ts';
import { WAIT_BINS_PER_DAY, WAIT_MAX_DAYS } from './result.ts';
import {
  averageDailySeries,
  compareReplications,
  cumulativeShares,
  estimateDifference,
  estimateMean,
  histogramQuantile,
  mergeHistograms,
  studentTCdf,
  studentTQuantile,
  summarizeReplications,
  waitFiguresFromHistogram,
} from './statistics.ts';

const BINS = WAIT_MAX_DAYS * WAIT_BINS_PER_DAY + 1;

function histogramOf(waitsInDays: readonly number[]): Uint32Array {
  const histogram = new Uint32Array(BINS);
  for (const wait of waitsInDays) {
    histogram[Math.min(BINS - 1, Math.floor(wait * WAIT_BINS_PER_DAY))]!++;
  }
  return histogram;
}

/** The textbook sample quantile: the ⌈qn⌉-th smallest wait. */
function sortedQuantile(waits: readonly number[], q: number): number {
  const sorted = [...waits].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
}

describe("Student's t quantile", () => {
  it.each([
    [0.975, 1, 12.706],
    [0.975, 2, 4.303],
    [0.975, 4, 2.776],
    [0.975, 9, 2.262],
    [0.975, 29, 2.045],
    [0.95, 10, 1.812],
    [0.995, 5, 4.032],
    [0.9995, 1, 636.619],
  ])('t(%f, %i df) is %f as in the printed tables', (p, df, table) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(table, 3);
  });

  it('tends to the normal quantile 1.96 as the degrees of freedom grow', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
    expect(studentTQuantile(0.975, 1e9)).toBeCloseTo(1.959964, 5);
  });

  it('is symmetric and zero at the median', () => {
    expect(studentTQuantile(0.5, 7)).toBe(0);
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 12);
  });

  it('inverts the distribution function, whole and fractional degrees of freedom alike', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 0.999, noNaN: true }),
        fc.double({ min: 0.5, max: 500, noNaN: true }),
        (p, df) => {
          expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 10);
        },
      ),
    );
  });

  it('refuses probabilities outside (0, 1) and non-positive degrees of freedom', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('quantiles from the hourly wait histogram', () => {
  it('interpolate within the bin: 24 waits spread over day 2 have their median at 2.5 days', () => {
    const waits = Array.from({ length: 24 }, (_, hour) => 2 + (hour + 0.5) / 24);
    expect(histogramQuantile(histogramOf(waits), 0.5)).toBeCloseTo(2.5, 12);
  });

  it('are within one bin (an hour) of the quantile of the sorted waits', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 60, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 0.01, 0.5, 0.9, 0.99, 1),
        (waits, q) => {
          const estimate = histogramQuantile(histogramOf(waits), q);
          expect(Math.abs(estimate - sortedQuantile(waits, q))).toBeLessThanOrEqual(
            1 / WAIT_BINS_PER_DAY + 1e-12,
          );
        },
      ),
    );
  });

  it('report a quantile among the waits longer than the histogram as its last edge (a lower bound)', () => {
    const waits = [1, 2, 3, 500, 600];
    expect(histogramQuantile(histogramOf(waits), 0.9)).toBe(WAIT_MAX_DAYS);
  });

  it('are 0 for a standard nobody waited under', () => {
    expect(waitFiguresFromHistogram(new Uint32Array(BINS), 0)).toEqual({
      mean: 0,
      p50: 0,
      p90: 0,
      p99: 0,
    });
  });

  it('keep the exact mean they are given and order p50 ≤ p90 ≤ p99', () => {
    const waits = Array.from({ length: 1000 }, (_, i) => (i * 37) % 101) as number[];
    const figures = waitFiguresFromHistogram(histogramOf(waits), 50);
    expect(figures.mean).toBe(50);
    expect(figures.p50).toBeLessThanOrEqual(figures.p90);
    expect(figures.p90).toBeLessThanOrEqual(figures.p99);
  });

  it('merge bin by bin and give the share below each bin edge', () => {
    const merged = mergeHistograms([histogramOf([0, 1]), histogramOf([1, 3])]);
    expect(merged[0]).toBe(1);
    expect(merged[WAIT_BINS_PER_DAY]).toBe(2);
    const shares = cumulativeShares(merged)!;
    expect(shares[0]).toBe(0.25);
    expect(shares[WAIT_BINS_PER_DAY]).toBe(0.75);
    expect(shares[BINS - 1]).toBe(1);
    expect(cumulativeShares(new Uint32Array(4))).toBeNull();
    expect(() => mergeHistograms([new Uint32Array(2), new Uint32Array(3)])).toThrow(RangeError);
  });
});

describe('means with 95% intervals', () => {
  it('give a zero-width interval for identical replications, at exactly their value', () => {
    expect(estimateMean([0.1, 0.1, 0.1])).toEqual({ mean: 0.1, low: 0.1, high: 0.1 });
  });

  it('give no interval for a single replication', () => {
    expect(estimateMean([42])).toEqual({ mean: 42, low: null, high: null });
  });

  it('use t with n − 1 degrees of freedom: mean ± t(0.975, n − 1)·s/√n', () => {
    // Values 1..5: mean 3, s = √2.5, n = 5, t(0.975, 4) = 2.7764.
    const estimate = estimateMean([1, 2, 3, 4, 5]);
    const halfWidth = (2.776445 * Math.sqrt(2.5)) / Math.sqrt(5);
    expect(estimate.mean).toBe(3);
    expect(estimate.low).toBeCloseTo(3 - halfWidth, 5);
    expect(estimate.high).toBeCloseTo(3 + halfWidth, 5);
  });

  it('cover the true mean about 95% of the time on normal samples', () => {
    // A fixed linear congruential stream keeps this test deterministic.
    let state = 12345;
    const uniform = (): number => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return (state + 0.5) / 2 ** 32;
    };
    const normal = (): number =>
      Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    let covered = 0;
    const trials = 4000;
    for (let trial = 0; trial < trials; trial++) {
      const { low, high } = estimateMean(Array.from({ length: 5 }, () => 10 + 3 * normal()));
      if (low! <= 10 && 10 <= high!) covered++;
    }
    // Binomial(4000, 0.95) has a standard deviation of 0.0034: ±0.015 is over 4 of them.
    expect(Math.abs(covered / trials - 0.95)).toBeLessThan(0.015);
  });

  it('pair differences by seed: a constant shift has a zero-width interval', () => {
    const difference = estimateDifference([10, 20, 30], [12, 22, 32], 'paired');
    expect(difference).toEqual({ mean: 2, low: 2, high: 2 });
  });

  it("use Welch's interval for independent samples", () => {
    const difference = estimateDifference([10, 20, 30], [12, 22, 32], 'independent');
    expect(difference.mean).toBe(2);
    expect(difference.low!).toBeLessThan(-10);
    expect(difference.high!).toBeGreaterThan(14);
  });
});

function standard(count: number, met: number, waitMean = 3): StandardFigures {
  return {
    count,
    met,
    compliance: count > 0 ? met / count : null,
    waitDays: { mean: waitMean, p50: waitMean - 1, p90: waitMean + 2, p99: waitMean + 5 },
  };
}

function summary(overrides: Partial<SimulationSummary> = {}): SimulationSummary {
  return {
    days: 28,
    requests: 1000,
    visits: 900,
    externalVisits: 20,
    noShows: 50,
    cancellations: 30,
    referralsOut: 25,
    unplaced: 10,
    rebooked: 5,
    standards: { 'urgent-no-prior-auth': standard(100, 90) },
    requestTypes: { 'urgent-intake': standard(100, 90) },
    backlog: { mean: 400, max: 500, end: 450 },
    utilisation: 0.8,
    sessionHours: 10_000,
    adminHours: 1_000,
    wageCost: 1_500_000,
    externalCost: 4_000,
    cliniciansEnd: 100,
    ...overrides,
  };
}

function run(seed: number, overrides: Partial<SimulationSummary> = {}): SimulationResult {
  return {
    scenario: 'baseline',
    seed,
    summary: summary(overrides),
    daily: [],
    waitHistogram: {},
    seconds: 1,
  };
}

describe('summary of replications', () => {
  it('estimates every figure of the summary, the standards and the backlog', () => {
    const replicated = summarizeReplications([
      run(1, { visits: 800, backlog: { mean: 300, max: 400, end: 350 } }),
      run(2, { visits: 1000, backlog: { mean: 500, max: 600, end: 550 } }),
    ]);
    expect(replicated.replications).toBe(2);
    expect(replicated.seeds).toEqual([1, 2]);
    expect(replicated.visits.mean).toBe(900);
    expect(replicated.visits.high).toBeCloseTo(900 + 12.7062 * 100, 2);
    // 900 − 1,270.6 would be a negative number of visits: the interval stops at 0.
    expect(replicated.visits.low).toBe(0);
    expect(replicated.backlog.max.mean).toBe(500);
    expect(replicated.requests).toEqual({ mean: 1000, low: 1000, high: 1000 });
    expect(replicated.cliniciansEnd.mean).toBe(100);
    expect(replicated.standards['urgent-no-prior-auth']!.compliance).toEqual({
      mean: 0.9,
      low: 0.9,
      high: 0.9,
    });
    expect(replicated.standards['urgent-no-prior-auth']!.waitDays!.p90.mean).toBe(5);
  });

  it('counts a standard missing from a run as no requests, and leaves that run out of its compliance and waits', () => {
    const replicated = summarizeReplications([
      run(1, { standards: { psychiatry: standard(10, 5, 4) } }),
      run(2, { standards: {} }),
      run(3, { standards: { psychiatry: standard(0, 0, 0) } }),
    ]);
    const psychiatry = replicated.standards.psychiatry!;
    expect(psychiatry.count.mean).toBeCloseTo(10 / 3, 12);
    expect(psychiatry.compliance).toEqual({ mean: 0.5, low: null, high: null });
    expect(psychiatry.waitDays!.mean).toEqual({ mean: 4, low: null, high: null });
  });

  it('has null compliance and waits for a standard no replication saw', () => {
    const replicated = summarizeReplications([
      run(1, { standards: { triage: standard(0, 0) } }),
      run(2, { standards: { triage: standard(0, 0) } }),
    ]);
    expect(replicated.standards.triage!.compliance).toBeNull();
    expect(replicated.standards.triage!.waitDays).toBeNull();
  });

  it('cuts intervals to what a figure can be: compliance within [0, 1], waits and counts from 0', () => {
    const replicated = summarizeReplications([
      run(1, { standards: { urgent: standard(100, 99, 0.5) } }),
      run(2, { standards: { urgent: standard(100, 70, 4) } }),
    ]);
    const urgent = replicated.standards.urgent!;
    expect(urgent.compliance!.mean).toBeCloseTo(0.845, 12);
    expect(urgent.compliance!.high).toBe(1);
    expect(urgent.compliance!.low).toBe(0);
    expect(urgent.waitDays!.p50.mean).toBeCloseTo(1.25, 12);
    expect(urgent.waitDays!.p50.low).toBe(0);
    expect(urgent.waitDays!.p50.high).toBeCloseTo(1.25 + 12.7062 * 1.75, 3);
  });

  it('estimates the figures by request type as it does by standard', () => {
    const replicated = summarizeReplications([
      run(1, { requestTypes: { followup: standard(100, 80, 12), psychiatry: standard(10, 10) } }),
      run(2, { requestTypes: { followup: standard(100, 90, 14) } }),
    ]);
    expect(replicated.requestTypes.followup!.compliance!.mean).toBeCloseTo(0.85, 12);
    expect(replicated.requestTypes.followup!.waitDays!.mean.mean).toBe(13);
    expect(replicated.requestTypes.psychiatry!.count.mean).toBe(5);
    expect(replicated.requestTypes.psychiatry!.compliance).toEqual({
      mean: 1,
      low: null,
      high: null,
    });
  });

  it('refuses an empty list of replications', () => {
    expect(() => summarizeReplications([])).toThrow(RangeError);
  });

  it('compares scenarios paired by seed when the seeds match, independently otherwise', () => {
    const baseline = [run(1, { visits: 100 }), run(2, { visits: 200 }), run(3, { visits: 300 })];
    const same = [run(1, { visits: 90 }), run(2, { visits: 190 }), run(3, { visits: 290 })];
    const other = [run(7, { visits: 90 }), run(8, { visits: 190 }), run(9, { visits: 290 })];
    expect(compareReplications(baseline, same, (s) => s.visits)).toEqual({
      mean: -10,
      low: -10,
      high: -10,
    });
    const independent = compareReplications(baseline, other, (s) => s.visits)!;
    expect(independent.mean).toBe(-10);
    expect(independent.high! - independent.low!).toBeGreaterThan(100);
    expect(
      compareReplications(baseline, same, (s) => s.standards.absent?.compliance ?? null),
    ).toBeNull();
  });
});

function day(date: string, backlog: number, compliance: number | null): DailyRow {
  return {
    date,
    arrivals: 10,
    visits: 8,
    externalVisits: 0,
    noShows: 1,
    cancellations: 0,
    referralsOut: 0,
    backlog,
    waitlist: 3,
    compliance,
    cliniciansAtWork: 50,
    cliniciansOnStrike: 0,
  };
}

describe('daily series across replications', () => {
  it('averages each column day by day, compliance over the replications that saw someone', () => {
    const averaged = averageDailySeries([
      [day('2026-01-05', 100, 0.5), day('2026-01-06', 110, null)],
      [day('2026-01-05', 200, 1), day('2026-01-06', 130, null)],
      [day('2026-01-05', 300, null), day('2026-01-06', 150, null)],
    ]);
    expect(averaged).toEqual([
      { ...day('2026-01-05', 200, 0.75) },
      { ...day('2026-01-06', 130, null) },
    ]);
  });

  it('refuses series over different dates', () => {
    expect(() =>
      averageDailySeries([[day('2026-01-05', 1, null)], [day('2026-01-06', 1, null)]]),
    ).toThrow(RangeError);
  });

  it('is empty without replications', () => {
    expect(averageDailySeries([])).toEqual([]);
  });
});
