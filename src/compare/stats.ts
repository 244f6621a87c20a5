// Paired-comparison statistics: Student-t intervals at any level, the decision rule and exact sign tests. Every
// delta is a mean of paired per-episode differences, so a t interval fits it and no bootstrap is needed.
// The distributions they rest on are in distributions.ts.
import {regularizedBeta, tQuantile} from "./distributions.js";

export interface PairedSummary {
  n: number;
  mean: number | null;
  sd: number | null;
  ci95: [number, number] | null;
  halfWidth: number | null;
  mde: number | null;
}

/** Welford: exact for constant input (sd exactly 0), stable for large offsets. The sd needs two values. */
export function meanAndSd(values: ArrayLike<number>): {mean: number; sd: number} {
  let mean = 0;
  let sumSquares = 0;
  for (let i = 0; i < values.length; i++) {
    const delta = values[i] - mean;
    mean += delta / (i + 1);
    sumSquares += delta * (values[i] - mean);
  }
  return {mean, sd: Math.sqrt(sumSquares / (values.length - 1))};
}

const criticalValueCache = new Map<number, {t975: number; t80: number}>();

function criticalValues(df: number): {t975: number; t80: number} {
  let values = criticalValueCache.get(df);
  if (!values) {
    values = {t975: tQuantile(0.975, df), t80: tQuantile(0.8, df)};
    if (criticalValueCache.size > 1000) criticalValueCache.clear();
    criticalValueCache.set(df, values);
  }
  return values;
}

export function pairedT(differences: ArrayLike<number>): PairedSummary {
  const n = differences.length;
  if (n < 2) return {n, mean: n === 1 ? differences[0] : null, sd: null, ci95: null, halfWidth: null, mde: null};
  const {mean, sd} = meanAndSd(differences);
  const {t975, t80} = criticalValues(n - 1);
  const standardError = sd / Math.sqrt(n);
  const halfWidth = t975 * standardError;
  return {n, mean, sd, ci95: [mean - halfWidth, mean + halfWidth], halfWidth, mde: (t975 + t80) * standardError};
}

/** The decision rule: the 95% interval excludes 0 and the effect is at least the threshold. */
export function isClear(summary: PairedSummary, threshold: number): boolean {
  if (summary.ci95 === null || summary.mean === null) return false;
  const [lo, hi] = summary.ci95;
  return (lo > 0 || hi < 0) && Math.abs(summary.mean) >= threshold;
}

export function isUnderpowered(summary: PairedSummary, threshold: number): boolean {
  return summary.halfWidth === null || summary.halfWidth > threshold;
}

/** P(X >= fixed), X ~ Binomial(fixed + added, 1/2), through the identity P(X >= k) = I_{1/2}(k, N - k + 1). */
export function signTestP(fixed: number, added: number): number {
  if (fixed <= 0) return 1;
  return regularizedBeta(0.5, 0.5, fixed, added + 1);
}

const levelCriticalCache = new Map<string, number>();

/** t_{(1+level)/2, df}: a two-sided interval at `level` is mean ± this · s/√n. */
export function tCritical(level: number, df: number): number {
  if (!(level > 0 && level < 1) || !(df > 0)) return NaN;
  const key = `${level}:${df}`;
  let value = levelCriticalCache.get(key);
  if (value === undefined) {
    value = tQuantile((1 + level) / 2, df);
    if (levelCriticalCache.size > 4000) levelCriticalCache.clear();
    levelCriticalCache.set(key, value);
  }
  return value;
}

export interface TInterval {
  n: number;
  level: number;
  mean: number | null;
  sd: number | null;
  standardError: number | null;
  halfWidth: number | null;
  /** mean ± t_{(1+level)/2, n-1} · s/√n; [d, d] when every value is d; null below 2 values. */
  interval: [number, number] | null;
}

/** A Student-t interval for the mean at any level (0.95, 0.975...), at every n >= 2. */
export function tInterval(values: ArrayLike<number>, level: number): TInterval {
  const n = values.length;
  if (n < 2) {
    const mean = n === 1 ? values[0] : null;
    return {n, level, mean, sd: null, standardError: null, halfWidth: null, interval: null};
  }
  const {mean, sd} = meanAndSd(values);
  const standardError = sd / Math.sqrt(n);
  const halfWidth = tCritical(level, n - 1) * standardError;
  return {n, level, mean, sd, standardError, halfWidth, interval: [mean - halfWidth, mean + halfWidth]};
}

/** Up to this many trials, binomial tails are summed term by term (2^-1000 and C(1000, 500) are still normal). */
const DIRECT_SUM_TRIALS = 1000;

/**
 * P(X <= k), X ~ Binomial(trials, 1/2): the sum of C(trials, j) for j <= k times 2^-trials, summed directly
 * (exact while the coefficients stay below 2^53); beyond 1,000 trials through I_{1/2}(trials - k, k + 1).
 */
export function binomialHalfLowerTail(k: number, trials: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(trials) || trials < 0) return NaN;
  if (k < 0) return 0;
  if (k >= trials) return 1;
  if (trials > DIRECT_SUM_TRIALS) return regularizedBeta(0.5, 0.5, trials - k, k + 1);
  let coefficient = 1;
  let sum = 0;
  for (let j = 0; j <= k; j++) {
    sum += coefficient;
    coefficient = (coefficient * (trials - j)) / (j + 1);
  }
  return Math.min(1, sum * 2 ** -trials);
}

/**
 * The exact two-sided sign test of `plus` against `minus` (ties already left out):
 * p = min(1, 2 · P(X <= min(plus, minus))), X ~ Binomial(plus + minus, 1/2). 7 against 0 gives 1/64.
 */
export function signTestTwoSided(plus: number, minus: number): number {
  if (plus + minus === 0) return 1;
  return Math.min(1, 2 * binomialHalfLowerTail(Math.min(plus, minus), plus + minus));
}
