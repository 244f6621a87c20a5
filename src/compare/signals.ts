// The two signals that set a comparison's label, as pure functions over per-episode numbers. A label read from
// many metrics under loose rules is often wrong when nothing changed, so only two signals decide, each tested at
// 2.5% so that together they call a non-change at most 5% of the time:
// - quality: one metric per task, a Student-t interval on the paired per-episode differences (candidate - baseline);
// - defects: per common episode, defect types gained minus lost, judged by an exact two-sided sign test.
// Everything here returns typed facts (states, counts, intervals); putting them into words is the caller's job.
import {tQuantile} from "./distributions.js";
import {meanAndSd, signTestTwoSided, tCritical} from "./stats.js";

/** Interval level of the quality signal: 2.5% for quality plus 2.5% for defects keeps the pair at 5%. */
export const DECISIVE_LEVEL = 0.975;
/** Interval level of the metrics shown beside the label (they never set it). */
export const SUPPORTING_LEVEL = 0.95;
/** Two-sided level of the defect sign test; it needs at least 7 disagreeing episodes, all one way, to fire. */
export const SIGN_TEST_ALPHA = 0.025;
/** Nothing is called clear on fewer paired episodes, whatever its interval says. */
export const MIN_CLEAR_N = 5;
/** The power the smallest detectable effect is computed for. */
export const MDE_POWER = 0.8;
/** A change this close to its threshold (relative) reaches it: floating point may make 0.05 into 0.04999… */
export const REACH_TOLERANCE = 1e-9;

export type Signal = "better" | "worse" | "same";
export type Label = "better" | "worse" | "mixed" | "no_clear_change";
export type EstimateState = "clear" | "equivalent" | "underpowered";
export type Interval = [number, number];

export interface EstimateOptions {
  /** The practical threshold, in the metric's units (absolute). */
  threshold: number;
  /** Interval level: DECISIVE_LEVEL for the quality signal, SUPPORTING_LEVEL for the others. */
  level: number;
  /** Mean of the baseline's paired values: bounds what a difference can be when `bounded`. */
  baselineMean?: number | null;
  /** Values in [0, 1] (F1, ROUGE, shares, rates): the shown interval is clamped to [-baseline, 1 - baseline]. */
  bounded?: boolean;
}

export interface Estimate {
  n: number;
  mean: number | null;
  sd: number | null;
  level: number;
  /** mean ± t_{(1+level)/2, n-1} · s/√n, unclamped; null below 2 differences. */
  ci: Interval | null;
  /** The same at 95%, unclamped. */
  ci95: Interval | null;
  /** `ci` clamped to what a bounded metric allows (else `ci` itself). */
  shown: Interval | null;
  clamped: boolean;
  /**
   * Smallest true change the clear rule catches with MDE_POWER:
   * max(threshold, t_crit · s/√n) + t_0.80 · s/√n.
   */
  mde: number | null;
  threshold: number;
  state: EstimateState;
}

/** |value| reaches the threshold, counting a value within REACH_TOLERANCE (relative) of it as reaching. */
export function reaches(value: number, threshold: number): boolean {
  return Math.abs(value) >= threshold * (1 - REACH_TOLERANCE);
}

const powerQuantiles = new Map<number, number>();

/** t_{MDE_POWER, df}, remembered per df (a root search each time otherwise). */
function powerQuantile(df: number): number {
  let value = powerQuantiles.get(df);
  if (value === undefined) {
    value = tQuantile(MDE_POWER, df);
    if (powerQuantiles.size > 4000) powerQuantiles.clear();
    powerQuantiles.set(df, value);
  }
  return value;
}

function stateOf(n: number, mean: number, ci: Interval, threshold: number): EstimateState {
  const [lo, hi] = ci;
  if ((lo > 0 || hi < 0) && reaches(mean, threshold) && n >= MIN_CLEAR_N) return "clear";
  // Equivalent: no value in the interval reaches the threshold.
  if (!reaches(lo, threshold) && !reaches(hi, threshold)) return "equivalent";
  return "underpowered";
}

function clampedTo(ci: Interval, options: EstimateOptions): {shown: Interval; clamped: boolean} {
  if (!options.bounded) return {shown: ci, clamped: false};
  const base = options.baselineMean ?? null;
  const [min, max] = base === null ? [-1, 1] : [-base, 1 - base];
  const shown: Interval = [Math.max(ci[0], min), Math.min(ci[1], max)];
  return {shown, clamped: shown[0] !== ci[0] || shown[1] !== ci[1]};
}

/**
 * The mean of paired differences with its t interval, the smallest detectable change, and whether the change
 * is clear (interval off 0, the mean reaches the threshold, n >= MIN_CLEAR_N), equivalent (the whole interval
 * short of the threshold) or underpowered (too few episodes to tell; always so below 2 differences).
 */
export function estimate(differences: ArrayLike<number>, options: EstimateOptions): Estimate {
  const n = differences.length;
  const {threshold, level} = options;
  if (n < 2) {
    const mean = n === 1 ? differences[0] : null;
    const none = {ci: null, ci95: null, shown: null, clamped: false, mde: null};
    return {n, mean, sd: null, level, ...none, threshold, state: "underpowered"};
  }
  const {mean, sd} = meanAndSd(differences);
  const standardError = sd / Math.sqrt(n);
  const halfWidth = tCritical(level, n - 1) * standardError;
  const halfWidth95 = tCritical(0.95, n - 1) * standardError;
  const ci: Interval = [mean - halfWidth, mean + halfWidth];
  const mde = Math.max(threshold, halfWidth) + powerQuantile(n - 1) * standardError;
  return {
    n,
    mean,
    sd,
    level,
    ci,
    ci95: [mean - halfWidth95, mean + halfWidth95],
    ...clampedTo(ci, options),
    mde,
    threshold,
    state: stateOf(n, mean, ci, threshold)
  };
}

/** What an estimate says for the label: better or worse only when clear, by the metric's good direction. */
export function estimateSignal(result: Estimate, direction: "higher" | "lower" = "higher"): Signal {
  if (result.state !== "clear" || result.mean === null || result.mean === 0) return "same";
  return result.mean > 0 === (direction === "higher") ? "better" : "worse";
}

export interface DefectSignal {
  /** Indexes of the episodes whose defect difference is > 0. */
  regressed: number[];
  /** Indexes of the episodes whose defect difference is < 0. */
  improved: number[];
  /** Exact two-sided sign test of regressed against improved episodes. */
  p: number;
  verdict: Signal;
}

/** The defect signal from each common episode's defect difference: worse or better only when p <= SIGN_TEST_ALPHA. */
export function defectSignal(perEpisode: ArrayLike<number>): DefectSignal {
  const regressed: number[] = [];
  const improved: number[] = [];
  for (let i = 0; i < perEpisode.length; i++) {
    if (perEpisode[i] > 0) regressed.push(i);
    else if (perEpisode[i] < 0) improved.push(i);
  }
  const p = signTestTwoSided(regressed.length, improved.length);
  const significant = p <= SIGN_TEST_ALPHA;
  const verdict: Signal =
    significant && regressed.length > improved.length
      ? "worse"
      : significant && improved.length > regressed.length
        ? "better"
        : "same";
  return {regressed, improved, p, verdict};
}

/** The label from the decisive signals: worse (a worse, no better), better (the reverse), mixed (both), else none. */
export function labelOf(signals: readonly Signal[]): Label {
  const worse = signals.includes("worse");
  const better = signals.includes("better");
  return worse && better ? "mixed" : worse ? "worse" : better ? "better" : "no_clear_change";
}
