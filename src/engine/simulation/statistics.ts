/**
 * Statistics of simulation runs: wait quantiles from the hourly histogram a run keeps,
 * and means with 95% confidence intervals across replications (independent seeds).
 *
 * Intervals use Student's t with n − 1 degrees of freedom: replications are few (5–30),
 * so the normal 1.96 would be too narrow. The t quantile is found by inverting the t
 * distribution function, written through the regularized incomplete beta function
 * (Abramowitz & Stegun 26.7.1 and 26.5.8); no table, so any n works.
 */
import type {
  DailyRow,
  SimulationResult,
  SimulationSummary,
  StandardFigures,
  WaitFigures,
} from './result.ts';
import { WAIT_BINS_PER_DAY } from './result.ts';

// ---------------------------------------------------------------------------
// Wait histograms
// ---------------------------------------------------------------------------

/**
 * The q-quantile (0 ≤ q ≤ 1) in days of the waits counted in `histogram`, where bin i
 * holds waits in [i, i + 1) / WAIT_BINS_PER_DAY days and the last bin holds every longer
 * wait.
 *
 * Within a bin the waits are taken as spread evenly, so the quantile is interpolated
 * linearly between the bin's edges: it is then never more than one bin (an hour) from
 * the quantile of the exact waits, and unlike the bin's upper edge it does not add half
 * an hour on average. A quantile that falls in the last (open-ended) bin is reported as
 * that bin's lower edge — a lower bound, the only thing known about those waits.
 * An empty histogram has no waits; its quantiles are 0 (the standard's count says 0).
 */
export function histogramQuantile(histogram: ArrayLike<number>, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile level must be in [0, 1], got ${q}`);
  const total = histogramTotal(histogram);
  if (total === 0) return 0;
  const rank = q * total;
  const last = histogram.length - 1;
  let below = 0;
  for (let bin = 0; bin <= last; bin++) {
    const inBin = histogram[bin]!;
    if (inBin > 0 && below + inBin >= rank) {
      if (bin === last) return last / WAIT_BINS_PER_DAY;
      return (bin + Math.max(0, rank - below) / inBin) / WAIT_BINS_PER_DAY;
    }
    below += inBin;
  }
  return last / WAIT_BINS_PER_DAY;
}

/** Mean (computed exactly by the run, passed in) and p50/p90/p99 from the histogram. */
export function waitFiguresFromHistogram(
  histogram: ArrayLike<number>,
  meanDays: number,
): WaitFigures {
  return {
    mean: meanDays,
    p50: histogramQuantile(histogram, 0.5),
    p90: histogramQuantile(histogram, 0.9),
    p99: histogramQuantile(histogram, 0.99),
  };
}

export function histogramTotal(histogram: ArrayLike<number>): number {
  let total = 0;
  for (let bin = 0; bin < histogram.length; bin++) total += histogram[bin]!;
  return total;
}

/**
 * Bin-by-bin sum of histograms of the same length (the replications of one scenario),
 * as doubles: thirty replications of seven million visits overflow no Uint32 bin, but a
 * longer study could.
 */
export function mergeHistograms(histograms: readonly ArrayLike<number>[]): Float64Array {
  const length = histograms[0]?.length ?? 0;
  const merged = new Float64Array(length);
  for (const histogram of histograms) {
    if (histogram.length !== length) {
      throw new RangeError(`histograms differ in length: ${histogram.length} vs ${length}`);
    }
    for (let bin = 0; bin < length; bin++) merged[bin]! += histogram[bin]!;
  }
  return merged;
}

/**
 * Share of waits shorter than the upper edge of each bin, (i + 1) / WAIT_BINS_PER_DAY
 * days: the distribution function at the bin edges. Null for an empty histogram.
 */
export function cumulativeShares(histogram: ArrayLike<number>): Float64Array | null {
  const total = histogramTotal(histogram);
  if (total === 0) return null;
  const shares = new Float64Array(histogram.length);
  let below = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    below += histogram[bin]!;
    shares[bin] = below / total;
  }
  return shares;
}

// ---------------------------------------------------------------------------
// Student's t distribution
// ---------------------------------------------------------------------------

/** ln Γ(x) for x > 0: shifted up to x ≥ 10, then Stirling's series (error < 1e-12 there). */
function logGamma(x: number): number {
  let shift = 0;
  let product = 1;
  while (x < 10) {
    product *= x;
    x += 1;
    shift += 1;
  }
  const inverse = 1 / x;
  const inverse2 = inverse * inverse;
  const series =
    inverse * (1 / 12 - inverse2 * (1 / 360 - inverse2 * (1 / 1260 - inverse2 / 1680)));
  const stirling = (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
  return shift === 0 ? stirling : stirling - Math.log(product);
}

/**
 * Regularized incomplete beta I_x(a, b), by its continued fraction (A&S 26.5.8)
 * evaluated with Lentz's method. The fraction converges fast for x < (a + 1)/(a + b + 2);
 * above that the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) is used.
 */
function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const logFront =
    a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  const tiny = 1e-300;
  // Lentz: f = 1 + d1/(1 + d2/(1 + …)), with the even and odd coefficients of 26.5.8.
  let f = 1;
  let c = 1;
  let d = 0;
  for (let j = 1; j <= 10_000; j++) {
    const m = Math.floor(j / 2);
    const coefficient =
      j % 2 === 0
        ? (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m))
        : -((a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + coefficient * d;
    d = Math.abs(d) < tiny ? tiny : d;
    c = 1 + coefficient / c;
    c = Math.abs(c) < tiny ? tiny : c;
    d = 1 / d;
    const step = c * d;
    f *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return Math.exp(logFront) / (a * f);
}

/** P(T ≤ t) for Student's t with `degreesOfFreedom` (> 0, not necessarily whole). */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  const nu = degreesOfFreedom;
  // A&S 26.7.1: P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2).
  const tail = 0.5 * incompleteBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `degreesOfFreedom`: the t with P(T ≤ t) = p.
 * Found by bisection on the distribution function (monotone, so bisection cannot fail),
 * to double precision.
 */
export function studentTQuantile(p: number, degreesOfFreedom: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability must be in (0, 1), got ${p}`);
  if (!(degreesOfFreedom > 0)) {
    throw new RangeError(`degrees of freedom must be positive, got ${degreesOfFreedom}`);
  }
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, degreesOfFreedom);
  let low = 0;
  let high = 1;
  while (studentTCdf(high, degreesOfFreedom) < p) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (middle === low || middle === high) break;
    if (studentTCdf(middle, degreesOfFreedom) < p) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

// ---------------------------------------------------------------------------
// Estimates across replications
// ---------------------------------------------------------------------------

/** A mean over replications with its 95% confidence interval (null with one replication). */
export interface Estimate {
  readonly mean: number;
  readonly low: number | null;
  readonly high: number | null;
}

const CONFIDENCE = 0.95;

/** Mean and sample variance; the mean is taken as offsets from the first value, so n equal values give exactly that value back. */
function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const n = values.length;
  const origin = values[0]!;
  let offsetSum = 0;
  for (const value of values) offsetSum += value - origin;
  const mean = origin + offsetSum / n;
  let squares = 0;
  for (const value of values) squares += (value - mean) ** 2;
  return { mean, variance: n > 1 ? squares / (n - 1) : 0 };
}

function interval(mean: number, standardError: number, degreesOfFreedom: number): Estimate {
  if (standardError === 0) return { mean, low: mean, high: mean };
  const halfWidth = studentTQuantile((1 + CONFIDENCE) / 2, degreesOfFreedom) * standardError;
  return { mean, low: mean - halfWidth, high: mean + halfWidth };
}

/** Mean of independent replications with a Student-t 95% interval (n − 1 degrees of freedom). */
export function estimateMean(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) throw new RangeError('an estimate needs at least one value');
  const { mean, variance } = meanAndVariance(values);
  if (n === 1) return { mean, low: null, high: null };
  return interval(mean, Math.sqrt(variance / n), n - 1);
}

/**
 * Scenario minus baseline, with a 95% interval.
 *
 * Paired, when replication k of both ran on the same seed: scenarios driven by the same
 * random numbers differ mostly by the change itself, so the interval of the per-seed
 * differences is far narrower (common random numbers). Otherwise Welch's interval for
 * independent samples, with Welch–Satterthwaite degrees of freedom.
 */
export function estimateDifference(
  baseline: readonly number[],
  scenario: readonly number[],
  pairing: 'paired' | 'independent',
): Estimate {
  if (pairing === 'paired') {
    if (baseline.length !== scenario.length) {
      throw new RangeError(
        `paired values differ in number: ${baseline.length} vs ${scenario.length}`,
      );
    }
    return estimateMean(scenario.map((value, k) => value - baseline[k]!));
  }
  const b = estimateMoments(baseline);
  const s = estimateMoments(scenario);
  const mean = s.mean - b.mean;
  if (b.n < 2 || s.n < 2) return { mean, low: null, high: null };
  const bShare = b.variance / b.n;
  const sShare = s.variance / s.n;
  const se2 = bShare + sShare;
  if (se2 === 0) return { mean, low: mean, high: mean };
  const degreesOfFreedom = se2 ** 2 / (bShare ** 2 / (b.n - 1) + sShare ** 2 / (s.n - 1));
  return interval(mean, Math.sqrt(se2), degreesOfFreedom);
}

function estimateMoments(values: readonly number[]): { n: number; mean: number; variance: number } {
  if (values.length === 0) throw new RangeError('an estimate needs at least one value');
  return { n: values.length, ...meanAndVariance(values) };
}

/**
 * The difference of one figure between two sets of replications, paired by seed when
 * both ran the same seeds in the same order. A figure that is null in a replication
 * (compliance without requests) is left out — with its partner when paired. Null when
 * either side has no value at all.
 */
export function compareReplications(
  baseline: readonly SimulationResult[],
  scenario: readonly SimulationResult[],
  figure: (summary: SimulationSummary) => number | null,
): Estimate | null {
  const sameSeeds =
    baseline.length === scenario.length && baseline.every((r, k) => r.seed === scenario[k]!.seed);
  if (sameSeeds) {
    const pairs: [number, number][] = [];
    baseline.forEach((r, k) => {
      const b = figure(r.summary);
      const s = figure(scenario[k]!.summary);
      if (b !== null && s !== null) pairs.push([b, s]);
    });
    if (pairs.length === 0) return null;
    return estimateDifference(
      pairs.map(([b]) => b),
      pairs.map(([, s]) => s),
      'paired',
    );
  }
  const b = presentValues(baseline, figure);
  const s = presentValues(scenario, figure);
  if (b.length === 0 || s.length === 0) return null;
  return estimateDifference(b, s, 'independent');
}

function presentValues(
  results: readonly SimulationResult[],
  figure: (summary: SimulationSummary) => number | null,
): number[] {
  const values: number[] = [];
  for (const result of results) {
    const value = figure(result.summary);
    if (value !== null) values.push(value);
  }
  return values;
}

/** Mean with interval of a figure over replications, null values left out; null if none. */
export function estimateFigure(
  results: readonly SimulationResult[],
  figure: (summary: SimulationSummary) => number | null,
): Estimate | null {
  const values = presentValues(results, figure);
  return values.length === 0 ? null : estimateMean(values);
}

// ---------------------------------------------------------------------------
// Replicated summary
// ---------------------------------------------------------------------------

type NumericSummaryField = {
  [K in keyof SimulationSummary]-?: SimulationSummary[K] extends number ? K : never;
}[keyof SimulationSummary];

/**
 * Every plain number of the summary. A Record, not an array, so that a number added to
 * SimulationSummary fails to compile here until it is listed.
 */
const NUMERIC_SUMMARY_FIELDS: Record<NumericSummaryField, true> = {
  days: true,
  requests: true,
  visits: true,
  externalVisits: true,
  noShows: true,
  cancellations: true,
  referralsOut: true,
  unplaced: true,
  rebooked: true,
  utilisation: true,
  sessionHours: true,
  adminHours: true,
  wageCost: true,
  externalCost: true,
  cliniciansEnd: true,
};

export interface ReplicatedWaitFigures {
  readonly mean: Estimate;
  readonly p50: Estimate;
  readonly p90: Estimate;
  readonly p99: Estimate;
}

export interface ReplicatedStandardFigures {
  readonly count: Estimate;
  readonly met: Estimate;
  /** Over the replications with requests under the standard; null if none had any. */
  readonly compliance: Estimate | null;
  /** Over the replications with requests under the standard; null if none had any. */
  readonly waitDays: ReplicatedWaitFigures | null;
}

/** SimulationSummary with each number replaced by its mean and 95% interval over replications. */
export type ReplicatedSummary = { readonly [K in NumericSummaryField]: Estimate } & {
  readonly replications: number;
  readonly seeds: readonly number[];
  readonly standards: Readonly<Record<string, ReplicatedStandardFigures>>;
  readonly requestTypes: Readonly<Record<string, ReplicatedStandardFigures>>;
  readonly backlog: { readonly mean: Estimate; readonly max: Estimate; readonly end: Estimate };
};

/** Standard ids in order of first appearance, so the output order is stable. */
export function standardIdsOf(results: readonly SimulationResult[]): string[] {
  const ids = new Set<string>();
  for (const result of results) for (const id of Object.keys(result.summary.standards)) ids.add(id);
  return [...ids];
}

/**
 * Per group (a standard, a request type): count and met over all replications (a group
 * absent from a run had no requests there: 0), compliance and waits over the runs that
 * saw the group (they do not exist for the others). Groups in order of first appearance.
 */
function replicateGroups(
  summaries: readonly SimulationSummary[],
  groupsOf: (summary: SimulationSummary) => Readonly<Record<string, StandardFigures>>,
): Record<string, ReplicatedStandardFigures> {
  const keys = new Set<string>();
  for (const summary of summaries) for (const key of Object.keys(groupsOf(summary))) keys.add(key);
  const out: Record<string, ReplicatedStandardFigures> = {};
  for (const key of keys) {
    const all = summaries.map((summary) => groupsOf(summary)[key] ?? null);
    const seen = all.filter((f): f is StandardFigures => f !== null && f.count > 0);
    const compliance = seen
      .map((f) => f.compliance)
      .filter((share): share is number => share !== null);
    const wait = (pick: (f: StandardFigures) => number) => bounded(estimateMean(seen.map(pick)), 0);
    out[key] = {
      count: bounded(estimateMean(all.map((f) => f?.count ?? 0)), 0),
      met: bounded(estimateMean(all.map((f) => f?.met ?? 0)), 0),
      compliance: compliance.length > 0 ? bounded(estimateMean(compliance), 0, 1) : null,
      waitDays:
        seen.length > 0
          ? {
              mean: wait((f) => f.waitDays.mean),
              p50: wait((f) => f.waitDays.p50),
              p90: wait((f) => f.waitDays.p90),
              p99: wait((f) => f.waitDays.p99),
            }
          : null,
    };
  }
  return out;
}

/**
 * The interval cut to the range the figure can take (a count or a wait is never below
 * 0, a share never above 1): a t-interval of few replications can reach past it, and an
 * interval naming impossible values would only confuse its reader.
 */
export function bounded(estimate: Estimate, min: number, max = Number.POSITIVE_INFINITY): Estimate {
  const clamp = (x: number | null) => (x === null ? null : Math.min(max, Math.max(min, x)));
  return { mean: estimate.mean, low: clamp(estimate.low), high: clamp(estimate.high) };
}

/**
 * Means and 95% intervals of every summary figure over the replications of one scenario.
 * Every figure is at least 0 and a compliance share at most 1; intervals are cut there.
 * A standard absent from a run had no requests there: its count and met are 0, and the
 * run is left out of its compliance and waits (which do not exist for it).
 */
export function summarizeReplications(results: readonly SimulationResult[]): ReplicatedSummary {
  if (results.length === 0) throw new RangeError('no replications to summarize');
  const summaries = results.map((result) => result.summary);
  const of = (figure: (summary: SimulationSummary) => number): Estimate =>
    bounded(estimateMean(summaries.map(figure)), 0);

  const plain = Object.fromEntries(
    Object.keys(NUMERIC_SUMMARY_FIELDS).map((field) => [
      field,
      of((summary) => summary[field as NumericSummaryField]),
    ]),
  ) as { [K in NumericSummaryField]: Estimate };

  const standards = replicateGroups(summaries, (summary) => summary.standards);
  const requestTypes = replicateGroups(summaries, (summary) => summary.requestTypes);

  return {
    replications: results.length,
    seeds: results.map((result) => result.seed),
    ...plain,
    standards,
    requestTypes,
    backlog: {
      mean: of((summary) => summary.backlog.mean),
      max: of((summary) => summary.backlog.max),
      end: of((summary) => summary.backlog.end),
    },
  };
}

// ---------------------------------------------------------------------------
// Daily series across replications
// ---------------------------------------------------------------------------

type NumericDailyColumn = {
  [K in keyof DailyRow]-?: DailyRow[K] extends number ? K : never;
}[keyof DailyRow];

/** Every always-numeric daily column (compliance, which may be null, is handled apart). */
const NUMERIC_DAILY_COLUMNS: Record<NumericDailyColumn, true> = {
  arrivals: true,
  visits: true,
  externalVisits: true,
  noShows: true,
  cancellations: true,
  referralsOut: true,
  backlog: true,
  waitlist: true,
  cliniciansAtWork: true,
  cliniciansOnStrike: true,
};

/**
 * The mean day by day of the daily series of several replications (same dates). A day's
 * compliance is the mean over the replications that saw someone that day, null if none.
 */
export function averageDailySeries(series: readonly (readonly DailyRow[])[]): DailyRow[] {
  const first = series[0];
  if (first === undefined) return [];
  for (const rows of series) {
    if (rows.length !== first.length || rows.some((row, i) => row.date !== first[i]!.date)) {
      throw new RangeError('daily series of replications must cover the same dates');
    }
  }
  return first.map((row, i) => {
    const day = series.map((rows) => rows[i]!);
    const averaged = Object.fromEntries(
      Object.keys(NUMERIC_DAILY_COLUMNS).map((column) => [
        column,
        meanAndVariance(day.map((r) => r[column as NumericDailyColumn])).mean,
      ]),
    ) as { [K in NumericDailyColumn]: number };
    const shares = day.map((r) => r.compliance).filter((share): share is number => share !== null);
    return {
      date: row.date,
      ...averaged,
      compliance: shares.length > 0 ? meanAndVariance(shares).mean : null,
    };
  });
}
