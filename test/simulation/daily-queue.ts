/**
 * The queueing theory the simulator is validated against, computed here independently of
 * the simulator (nothing in this file imports from `src/`).
 *
 * The reduced model: one pool with a fixed capacity of `c` appointments a day. On each day
 * d, A_d ~ Poisson(λ) requests arrive at the start of the day, before that day's
 * appointments; requests are served first come, first served (earlier days first, and in
 * order of arrival within a day); no follow-ups, no no-shows. The backlog at the end of
 * day d (requests arrived and not yet seen) is
 *
 *     Q_d = max(Q_{d−1} + A_d − c, 0).
 *
 * Exports:
 * - `dailyQueueTheory(λ, c)`: the stationary distribution of Q, E[Q], P(Q = 0), and the
 *   distribution of a request's wait W in whole days (0 = seen on its arrival day).
 * - `waitTolerance(sample, options)`: batch-means confidence intervals for the mean wait
 *   and P(W > k) measured in one long simulated run (the days are autocorrelated, so a
 *   naive per-request standard error would be far too narrow).
 * - `compareWithTheory(theory, tolerance)`: the list of disagreements (empty when they
 *   agree), for a test to assert on.
 *
 * How a validation test uses them:
 *
 *     const theory = dailyQueueTheory(10.8, 12, { maxWaitDays: 6 });
 *     // Simulate, say, 200,000 days; collect each request's arrival day and wait.
 *     const tolerance = waitTolerance(
 *       { arrivalDay, waitDays },
 *       { fromDay: warmUp, toDay: days, maxWaitDays: 6 },
 *     );
 *     expect(compareWithTheory(theory, tolerance).failures).toEqual([]);
 *
 * Choose the warm-up (requests arriving before it are ignored, so that starting from an
 * empty queue does not bias the result) as at least 10 × `theory.relaxationDays`, and the
 * run long enough that each of the 20 batches spans at least 50 × `theory.correlationDays`;
 * `compareWithTheory` reports a failure when the batches are too short to be trusted.
 * Every request arriving in [fromDay, toDay) must have been served: run the simulation
 * past the last counted arrival day until the queue is empty (or stop counting arrivals
 * well before the horizon ends).
 */

/** Truncation of the stationary distribution: the neglected mass P(Q > levels − 1). */
const TAIL_MASS = 1e-12;

/** The Poisson pmf for k = 0..K, where P(A > K) is below double precision. */
export function poissonPmf(lambda: number): Float64Array {
  if (!(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new RangeError(`λ must be a finite number ≥ 0, got ${lambda}`);
  }
  if (lambda === 0) return Float64Array.of(1);
  // Recur outwards from the mode with unnormalised weights (mode = 1), then normalise:
  // e^{−λ} underflows for λ > 745, and this needs no log-gamma.
  const mode = Math.floor(lambda);
  const width = Math.ceil(12 * Math.sqrt(lambda) + 40);
  const hi = mode + width;
  const lo = Math.max(0, mode - width);
  const w = new Float64Array(hi + 1);
  w[mode] = 1;
  for (let k = mode + 1; k <= hi; k++) w[k] = (w[k - 1]! * lambda) / k;
  for (let k = mode - 1; k >= lo; k--) w[k] = (w[k + 1]! * (k + 1)) / lambda;
  // Trim the far upper tail (below 1e-20 of the mode) so that loops over the pmf stay short.
  let top = hi;
  while (top > mode && w[top]! < 1e-20) top--;
  let total = 0;
  for (let k = 0; k <= top; k++) total += w[k]!;
  const pmf = new Float64Array(top + 1);
  for (let k = 0; k <= top; k++) pmf[k] = w[k]! / total;
  return pmf;
}

export interface DailyQueueTheory {
  lambda: number;
  c: number;
  /** P(Q = n) for n = 0..levels − 1, Q the backlog at the end of a day; P(Q ≥ levels) < 1e-12. */
  backlog: Float64Array;
  /** P(Q = 0): the share of days that end with nobody waiting. */
  pQ0: number;
  /** E[Q] at the end of a day. */
  meanQ: number;
  /** E[Q_{d−1} + A_d]: the mean queue at the start of a day, after that day's arrivals. */
  meanQueueAfterArrivals: number;
  /** E[min(Q_{d−1} + A_d, c)]: appointments used per day (equals λ: what comes in goes out). */
  meanServedPerDay: number;
  /** E[W] in days. */
  meanWaitDays: number;
  /** P(W = k) for k = 0..maxWaitDays (the rest of the mass is P(W > maxWaitDays)). */
  pWait: number[];
  /** P(W > k) for k = 0..maxWaitDays. */
  pWaitGreater: number[];
  /**
   * Integrated autocorrelation time of the end-of-day backlog, 1 + 2 Σ_{k≥1} corr(Q_0, Q_k),
   * in days: a run of D days carries about as much information as D / correlationDays
   * independent days. Batches for batch means should be ≫ this.
   */
  correlationDays: number;
  /**
   * The time constant of the slowest decay of corr(Q_0, Q_k) ≈ C e^{−k / relaxationDays}:
   * how long the queue takes to forget its start (a warm-up of 10× this is ample).
   */
  relaxationDays: number;
}

export interface DailyQueueOptions {
  /** The last k of `pWaitGreater` and `pWait`; 30 unless given. */
  maxWaitDays?: number;
}

/**
 * The stationary theory of the daily queue with Poisson(λ) arrivals and capacity c a day.
 *
 * Method: the chain Q' = max(Q + A − c, 0) is truncated to the levels 0..N − 1 (arrivals
 * that would go beyond are lumped into the top level) and its stationary distribution is
 * found by the Grassmann–Taksar–Heyman state reduction (Gaussian elimination of states
 * from the top, dividing only by sums of transition probabilities and never subtracting,
 * so no cancellation: accurate to rounding even when π spans many orders of magnitude).
 * The chain moves down by at most c and up by at most u = K − c a day (K the largest
 * arrival count kept), and eliminating states from the top keeps that band, so a reduction
 * costs O(N·c·u). N starts from an estimate and doubles until the mass in the top band of
 * levels (the only ones the lumping touches) is below 1e-13, so P(Q ≥ N) < 1e-12.
 */
export function dailyQueueTheory(
  lambda: number,
  c: number,
  options: DailyQueueOptions = {},
): DailyQueueTheory {
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`c must be an integer ≥ 1, got ${c}`);
  if (!(lambda >= 0 && lambda < c)) {
    throw new RangeError(`λ must be in [0, c) for a stationary queue, got λ = ${lambda}, c = ${c}`);
  }
  const maxWaitDays = options.maxWaitDays ?? 30;
  if (!Number.isInteger(maxWaitDays) || maxWaitDays < 0) {
    throw new RangeError(`maxWaitDays must be an integer ≥ 0, got ${maxWaitDays}`);
  }
  const a = poissonPmf(lambda);

  let levels = initialLevels(lambda, c);
  let backlog = stationaryBacklog(a, c, levels);
  // A one-level answer is exact (no day brings more requests than appointments).
  while (backlog.length > 1 && topMass(backlog, c + a.length) >= TAIL_MASS / 10) {
    levels *= 2;
    backlog = stationaryBacklog(a, c, levels);
  }
  // Drop the levels whose mass is negligible, so that callers iterate less.
  let n = backlog.length;
  let tail = 0;
  while (n > 1 && tail + backlog[n - 1]! < TAIL_MASS / 10) tail += backlog[--n]!;
  backlog = backlog.slice(0, n);

  let meanQ = 0;
  for (let i = 0; i < backlog.length; i++) meanQ += i * backlog[i]!;
  let meanServedPerDay = 0;
  for (let i = 0; i < backlog.length; i++) {
    for (let k = 0; k < a.length; k++) meanServedPerDay += backlog[i]! * a[k]! * Math.min(i + k, c);
  }

  const wait = waitDistribution(backlog, a, lambda, c, maxWaitDays);
  const correlation = backlogCorrelation(backlog, a, c, meanQ);
  return {
    lambda,
    c,
    backlog,
    pQ0: backlog[0]!,
    meanQ,
    meanQueueAfterArrivals: meanQ + lambda,
    meanServedPerDay,
    meanWaitDays: wait.mean,
    pWait: wait.pWait,
    pWaitGreater: wait.pWaitGreater,
    correlationDays: correlation.correlationDays,
    relaxationDays: correlation.relaxationDays,
  };
}

/**
 * A first guess at the number of levels: P(Q ≥ n) decays like z₀^{−n}, where z₀ > 1 solves
 * z^c = e^{λ(z−1)} (the generating function's pole); take the n where that reaches 1e-14.
 */
function initialLevels(lambda: number, c: number): number {
  if (lambda === 0) return c + 2;
  // g(z) = c ln z − λ(z − 1) is 0 at z = 1, rises (g'(1) = c − λ > 0), then falls: bisect
  // on the falling side for its other root.
  const g = (z: number) => c * Math.log(z) - lambda * (z - 1);
  let hi = 2;
  while (g(hi) > 0) hi *= 2;
  let lo = c / lambda; // where g peaks (g' = c/z − λ = 0), so g(lo) > 0
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (g(mid) > 0) lo = mid;
    else hi = mid;
  }
  const levels = Math.ceil(Math.log(1e14) / Math.log(hi)) + 2 * c + Math.ceil(lambda);
  return Math.max(64, Math.min(levels, 1 << 20));
}

/** The mass in the top `width` levels of a distribution. */
function topMass(p: Float64Array, width: number): number {
  let m = 0;
  for (let i = Math.max(0, p.length - width); i < p.length; i++) m += p[i]!;
  return m;
}

/**
 * The stationary distribution of the chain truncated to `levels` levels, by GTH state
 * reduction in band storage (see `dailyQueueTheory`).
 */
function stationaryBacklog(a: Float64Array, c: number, levels: number): Float64Array {
  const kMax = a.length - 1;
  const up = kMax - c; // largest rise in a day
  if (up <= 0) {
    // Never more arrivals than appointments (only λ = 0 here): the backlog stays at 0.
    return Float64Array.of(1);
  }
  const top = levels - 1;
  // Row i holds the columns j = i − c .. i + up at offset j − i + c.
  const width = c + up + 1;
  const p = new Float64Array(levels * width);
  const at = (i: number, j: number) => i * width + (j - i + c);
  for (let i = 0; i <= top; i++) {
    for (let k = 0; k <= kMax; k++) {
      const j = Math.min(Math.max(i + k - c, 0), top);
      p[at(i, j)]! += a[k]!;
    }
  }
  // Eliminate levels top..1. After eliminating the levels above n, the chain watched only
  // on 0..n still moves down by ≤ c directly and returns from excursions above n into
  // n − c + 1..n, so it stays in the band.
  for (let n = top; n >= 1; n--) {
    const jLo = Math.max(0, n - c);
    let out = 0;
    for (let j = jLo; j < n; j++) out += p[at(n, j)]!;
    const iLo = Math.max(0, n - up);
    for (let i = iLo; i < n; i++) {
      const f = p[at(i, n)]! / out;
      p[at(i, n)] = f;
      if (f === 0) continue;
      for (let j = jLo; j < n; j++) p[at(i, j)]! += f * p[at(n, j)]!;
    }
  }
  const x = new Float64Array(levels);
  x[0] = 1;
  let total = 1;
  for (let n = 1; n <= top; n++) {
    let s = 0;
    for (let i = Math.max(0, n - up); i < n; i++) s += x[i]! * p[at(i, n)]!;
    x[n] = s;
    total += s;
  }
  for (let n = 0; n <= top; n++) x[n]! /= total;
  return x;
}

/**
 * The wait W of a request, in whole days.
 *
 * A request arriving on day d finds the Q_{d−1} requests left from earlier days ahead of
 * it, plus J of the same day's arrivals. Its position in the queue is Q_{d−1} + J + 1, and
 * since c are seen a day and later arrivals queue behind it, it is seen on day
 * d + floor((Q_{d−1} + J) / c): W = floor((Q + J) / c).
 *
 * Q_{d−1} has the stationary distribution π and is independent of day d's arrivals (the
 * count A_d is drawn afresh each day), so a request sees π however it is picked.
 *
 * J is not Poisson(λ). Pick a request at random: the batch it belongs to has size n with
 * probability n·P(A = n)/λ (bigger days hold more requests), and within the batch its
 * position is uniform, so J = j with probability 1/n for each j < n. Hence
 *
 *     P(J = j) = Σ_{n > j} (n·P(A = n)/λ)·(1/n) = P(A > j) / λ,
 *
 * the "equilibrium" distribution of A, with mean E[A(A−1)] / (2λ) = λ/2. (The size-biased
 * batch minus one, n·P(A = n)/λ shifted by one, is Poisson(λ): that is the number of
 * *other* requests on the same day, ahead of or behind this one, not the number ahead.)
 * The same holds if the day's arrivals come as a Poisson process and are served in order
 * of arrival time: J ~ Poisson(λU) with U uniform on (0, 1), whose pmf is again P(A > j)/λ.
 */
function waitDistribution(
  backlog: Float64Array,
  a: Float64Array,
  lambda: number,
  c: number,
  maxWaitDays: number,
): { mean: number; pWait: number[]; pWaitGreater: number[] } {
  const pWait = new Array<number>(maxWaitDays + 1).fill(0);
  const pWaitGreater = new Array<number>(maxWaitDays + 1).fill(0);
  if (lambda === 0) return { mean: 0, pWait, pWaitGreater };
  // P(J = j) = P(A > j) / λ for j = 0..K − 1.
  const ahead = new Float64Array(Math.max(1, a.length - 1));
  let above = 1;
  for (let j = 0; j < ahead.length; j++) {
    above -= a[j]!;
    ahead[j] = Math.max(above, 0) / lambda;
  }
  // S = Q + J by convolution; W = floor(S / c).
  const s = new Float64Array(backlog.length + ahead.length - 1);
  for (let q = 0; q < backlog.length; q++) {
    const pq = backlog[q]!;
    for (let j = 0; j < ahead.length; j++) s[q + j]! += pq * ahead[j]!;
  }
  let total = 0;
  for (let i = 0; i < s.length; i++) total += s[i]!;
  let mean = 0;
  for (let i = 0; i < s.length; i++) {
    const w = Math.floor(i / c);
    const p = s[i]! / total;
    mean += w * p;
    if (w <= maxWaitDays) pWait[w]! += p;
  }
  // P(W > k) summed from the top (small terms first), not 1 − Σ: no cancellation for
  // tail probabilities far below 1.
  for (let k = 0; k <= maxWaitDays; k++) {
    let tailMass = 0;
    for (let i = s.length - 1; i >= (k + 1) * c; i--) tailMass += s[i]!;
    pWaitGreater[k] = tailMass / total;
  }
  return { mean, pWait, pWaitGreater };
}

/**
 * corr(Q_0, Q_k) in the stationary chain, from f_k(i) = E[Q_k − E[Q] | Q_0 = i], which
 * satisfies f_{k+1}(i) = Σ_a P(A = a) f_k(max(i + a − c, 0)) (one step of the chain), and
 * cov_k = Σ_i π_i (i − E[Q]) f_k(i).
 */
function backlogCorrelation(
  backlog: Float64Array,
  a: Float64Array,
  c: number,
  meanQ: number,
): { correlationDays: number; relaxationDays: number } {
  const n = backlog.length;
  let f: Float64Array = new Float64Array(n);
  let variance = 0;
  for (let i = 0; i < n; i++) {
    f[i] = i - meanQ;
    variance += backlog[i]! * f[i]! * f[i]!;
  }
  if (variance < 1e-300) return { correlationDays: 1, relaxationDays: 0 };
  let next: Float64Array = new Float64Array(n);
  let sum = 0;
  let previous = 1;
  let ratio = 0;
  for (let k = 1; k <= 1_000_000; k++) {
    for (let i = 0; i < n; i++) {
      let e = 0;
      for (let x = 0; x < a.length; x++) e += a[x]! * f[Math.min(Math.max(i + x - c, 0), n - 1)]!;
      next[i] = e;
    }
    [f, next] = [next, f];
    let cov = 0;
    for (let i = 0; i < n; i++) cov += backlog[i]! * (i - meanQ) * f[i]!;
    const rho = cov / variance;
    sum += rho;
    ratio = rho / previous;
    previous = rho;
    if (Math.abs(rho) < 1e-8) break;
  }
  return {
    correlationDays: 1 + 2 * sum,
    relaxationDays: ratio > 0 && ratio < 1 ? -1 / Math.log(ratio) : 0,
  };
}

/** The requests of a simulated run: request r arrived on `arrivalDay[r]` and waited `waitDays[r]` whole days. */
export interface SimulatedWaits {
  arrivalDay: ArrayLike<number>;
  waitDays: ArrayLike<number>;
}

export interface WaitToleranceOptions {
  /** First arrival day counted (the end of the warm-up). */
  fromDay: number;
  /** Arrival days counted are fromDay..toDay − 1. */
  toDay: number;
  /** The last k for which P(W > k) is estimated. */
  maxWaitDays: number;
  /** Number of batches of consecutive arrival days; 20 unless given. */
  batches?: number;
  /**
   * Chance that all the intervals (the mean and every P(W > k)) hold together; each is
   * built at 1 − (1 − confidence)/m for m comparisons (Bonferroni). 0.99 unless given.
   */
  confidence?: number;
}

/** An estimate and its two-sided interval estimate ± halfWidth. */
export interface Interval {
  estimate: number;
  halfWidth: number;
  standardError: number;
}

export interface WaitTolerance {
  meanWaitDays: Interval;
  /** Index k: P(W > k). */
  pWaitGreater: Interval[];
  requests: number;
  batches: number;
  batchDays: number;
  /** Confidence of each single interval (after the Bonferroni split). */
  confidencePerInterval: number;
  /** The family confidence asked for. */
  confidence: number;
}

/**
 * Batch-means intervals for the mean wait and P(W > k) of a simulated run.
 *
 * The days of a queue are correlated (a long backlog lasts), so the requests are not
 * independent and a per-request standard error understates the uncertainty many times
 * over. Batch means: cut the counted arrival days into B consecutive batches; when each
 * batch is much longer than the correlation time, the batch totals are nearly independent
 * and their spread measures the error honestly. Each quantity is a ratio (total wait /
 * requests, or requests waiting more than k days / requests), so its standard error is
 * the delta-method one: sd over batches of (X_b − R·N_b), divided by the mean N_b and √B;
 * the half-width uses Student's t with B − 1 degrees of freedom.
 */
export function waitTolerance(
  sample: SimulatedWaits,
  options: WaitToleranceOptions,
): WaitTolerance {
  const { fromDay, toDay, maxWaitDays } = options;
  const batches = options.batches ?? 20;
  const confidence = options.confidence ?? 0.99;
  if (!(toDay > fromDay))
    throw new RangeError(`toDay (${toDay}) must be after fromDay (${fromDay})`);
  if (!Number.isInteger(batches) || batches < 2)
    throw new RangeError('batches must be an integer ≥ 2');
  if (toDay - fromDay < batches) throw new RangeError('fewer counted days than batches');
  if (!(confidence > 0 && confidence < 1)) throw new RangeError('confidence must be in (0, 1)');
  if (!Number.isInteger(maxWaitDays) || maxWaitDays < 0) {
    throw new RangeError(`maxWaitDays must be an integer ≥ 0, got ${maxWaitDays}`);
  }
  if (sample.arrivalDay.length !== sample.waitDays.length) {
    throw new RangeError('arrivalDay and waitDays must have one entry per request');
  }
  const days = toDay - fromDay;
  const requests = new Float64Array(batches);
  const waitSum = new Float64Array(batches);
  // waitedMore[k * batches + b]: requests of batch b with W > k.
  const waitedMore = new Float64Array(batches * (maxWaitDays + 1));
  let unserved = 0;
  for (let r = 0; r < sample.arrivalDay.length; r++) {
    const day = sample.arrivalDay[r]!;
    if (day < fromDay || day >= toDay) continue;
    const w = sample.waitDays[r]!;
    if (!(Number.isInteger(w) && w >= 0)) {
      unserved++;
      continue;
    }
    const b = Math.floor(((day - fromDay) * batches) / days);
    requests[b]!++;
    waitSum[b]! += w;
    const top = Math.min(w - 1, maxWaitDays);
    for (let k = 0; k <= top; k++) waitedMore[k * batches + b]!++;
  }
  if (unserved > 0) {
    throw new RangeError(
      `${unserved} counted requests have no whole-day wait ≥ 0 (not served?): run past the last counted arrival day until every request is served, or lower toDay`,
    );
  }
  const comparisons = maxWaitDays + 2;
  const confidencePerInterval = 1 - (1 - confidence) / comparisons;
  const ratio = (x: Float64Array) => ratioInterval(x, requests, confidencePerInterval);
  let total = 0;
  for (let b = 0; b < batches; b++) total += requests[b]!;
  return {
    meanWaitDays: ratio(waitSum),
    pWaitGreater: Array.from({ length: maxWaitDays + 1 }, (_, k) =>
      ratio(waitedMore.subarray(k * batches, (k + 1) * batches)),
    ),
    requests: total,
    batches,
    batchDays: days / batches,
    confidencePerInterval,
    confidence,
  };
}

/**
 * The interval for R = Σ x_b / Σ n_b from B batch totals (x_b, n_b), assumed nearly
 * independent: standard error by the delta method, sd_b(x_b − R·n_b) / (mean n_b · √B), and
 * a half-width of Student's t with B − 1 degrees of freedom at `confidence` (two-sided).
 * With n_b = 1 for every batch it is the plain batch-means interval for a mean.
 */
export function ratioInterval(
  x: ArrayLike<number>,
  n: ArrayLike<number>,
  confidence: number,
): Interval {
  const batches = x.length;
  if (n.length !== batches || batches < 2) throw new RangeError('need ≥ 2 batches, as many n as x');
  let sx = 0;
  let sn = 0;
  for (let b = 0; b < batches; b++) {
    sx += x[b]!;
    sn += n[b]!;
  }
  const estimate = sn > 0 ? sx / sn : 0;
  let ss = 0;
  for (let b = 0; b < batches; b++) ss += (x[b]! - estimate * n[b]!) ** 2;
  const meanN = sn / batches;
  const standardError = meanN > 0 ? Math.sqrt(ss / (batches - 1) / batches) / meanN : 0;
  return {
    estimate,
    halfWidth: studentTQuantile(confidence, batches - 1) * standardError,
    standardError,
  };
}

export interface TheoryComparison {
  /** One sentence per quantity outside its interval, or per reason the check is not valid. */
  failures: string[];
  /** The k of P(W > k) compared (those with enough expected events to be measured). */
  comparedK: number[];
}

/**
 * Whether a simulated run agrees with the theory: the mean wait and each P(W > k) inside
 * its interval. P(W > k) is compared only where the run expects at least `minEvents`
 * (1,000 unless given) requests waiting more than k days: long waits come in clusters
 * (one long backlog delays dozens of requests at once), so a few hundred of them may be
 * only a dozen independent episodes, too few for a batch-means interval to be trusted
 * (and an estimate of 0 has a zero-width interval).
 * The batches must span at least 50 × `theory.correlationDays` each, or the batch means
 * are themselves correlated and the intervals too narrow.
 */
export function compareWithTheory(
  theory: DailyQueueTheory,
  tolerance: WaitTolerance,
  options: { minEvents?: number } = {},
): TheoryComparison {
  const minEvents = options.minEvents ?? 1000;
  const failures: string[] = [];
  const comparedK: number[] = [];
  const label = `λ = ${theory.lambda}, c = ${theory.c}`;
  if (tolerance.batchDays < 50 * theory.correlationDays) {
    failures.push(
      `${label}: batches of ${tolerance.batchDays} days are too short for batch means (need ≥ 50 × the correlation time ${theory.correlationDays.toFixed(1)} days): simulate longer or use fewer batches`,
    );
  }
  const check = (name: string, expected: number, got: Interval) => {
    const off = Math.abs(got.estimate - expected);
    if (!(off <= got.halfWidth)) {
      failures.push(
        `${label}: ${name} simulated ${got.estimate.toPrecision(6)} ± ${got.halfWidth.toPrecision(3)}, theory ${expected.toPrecision(6)} (off by ${(off / Math.max(got.standardError, 1e-300)).toFixed(1)} standard errors)`,
      );
    }
  };
  check('mean wait (days)', theory.meanWaitDays, tolerance.meanWaitDays);
  const kMax = Math.min(tolerance.pWaitGreater.length, theory.pWaitGreater.length) - 1;
  for (let k = 0; k <= kMax; k++) {
    if (theory.pWaitGreater[k]! * tolerance.requests < minEvents) continue;
    comparedK.push(k);
    check(`P(W > ${k})`, theory.pWaitGreater[k]!, tolerance.pWaitGreater[k]!);
  }
  return { failures, comparedK };
}

/**
 * P(|T| ≤ t) for Student's t with ν (integer) degrees of freedom, from the closed forms
 * with θ = atan(t/√ν): for odd ν, (2/π)(θ + sin θ·Σ_{m=1}^{(ν−1)/2} b_m cos^{2m−1} θ) with
 * b_1 = 1, b_{m+1} = b_m·2m/(2m+1); for even ν, sin θ·Σ_{m=0}^{ν/2−1} e_m cos^{2m} θ with
 * e_0 = 1, e_{m+1} = e_m·(2m+1)/(2m+2).
 */
export function studentTCentral(t: number, nu: number): number {
  if (!Number.isInteger(nu) || nu < 1) throw new RangeError('ν must be an integer ≥ 1');
  const theta = Math.atan(Math.abs(t) / Math.sqrt(nu));
  const s = Math.sin(theta);
  const co = Math.cos(theta);
  if (nu % 2 === 1) {
    let sum = 0;
    let term = co; // b_1 cos θ
    for (let m = 1; m <= (nu - 1) / 2; m++) {
      sum += term;
      term *= ((2 * m) / (2 * m + 1)) * co * co;
    }
    return (2 / Math.PI) * (theta + s * sum);
  }
  let sum = 0;
  let term = 1;
  for (let m = 0; m < nu / 2; m++) {
    sum += term;
    term *= ((2 * m + 1) / (2 * m + 2)) * co * co;
  }
  return s * sum;
}

/** The t with P(|T| ≤ t) = p for Student's t with ν degrees of freedom (bisection). */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError('p must be in (0, 1)');
  let lo = 0;
  let hi = 1;
  while (studentTCentral(hi, nu) < p) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCentral(mid, nu) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
