// Candidate minus baseline per metric over the common episodes: estimates (a Student-t interval on the paired
// differences at the metric's level, its state and the smallest change the clear rule catches) and, for each
// defect type, a rule row that names the episodes that gained or lost it.
import {mean, sum} from "d3-array";
import type {EpisodeChange} from "./changes.js";
import type {MetricDefinition, Unit} from "./metrics.js";
import {shortLabel, thresholdFor} from "./metrics.js";
import {
  DECISIVE_LEVEL,
  estimate,
  estimateSignal,
  SIGN_TEST_ALPHA,
  SUPPORTING_LEVEL,
  type EstimateState,
  type Interval
} from "./signals.js";
import {signTestTwoSided} from "./stats.js";

export type Verdict = "better" | "worse" | "same";

/** Why a metric is shown but not judged: its mention offsets refer to text the gold was not made on. */
export type NotJudged = {code: "offsets_other_text"; gold: string};

export interface Delta {
  metric: string;
  label: string;
  short: string;
  kind: MetricDefinition["kind"];
  unit: Unit;
  direction: MetricDefinition["direction"];
  /** The reference or gold both runs are scored against (quality vs reference), else null. */
  reference: string | null;
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  /** The 95% Student-t interval, raw (unclamped). */
  ci95: Interval | null;
  /** The interval that decides the state, at `ci_level`, raw. */
  ci: Interval | null;
  ci_level: number | null;
  /** `ci` as shown: clamped to what a bounded metric's baseline allows ([−b, 1 − b]); `clamped` says so. */
  shown: Interval | null;
  clamped: boolean;
  /** "bootstrap" is in the report contract for statistics that are not paired means; none is computed today. */
  method: "t" | "bootstrap" | "rule";
  n: number;
  mde: number | null;
  threshold: number | null;
  /** clear, equivalent (no change as large as the threshold) or underpowered; null for rules and unjudged rows. */
  state: EstimateState | null;
  underpowered: boolean;
  /** The state is clear (neutral metrics included: then the change is named, never better or worse). */
  clear: boolean;
  /** Sets the verdict label: the task's one quality metric against a common reference or gold. */
  decisive: boolean;
  verdict: Verdict;
  improved: number | null;
  regressed: number | null;
  new: string[];
  fixed: string[];
  /** Why a row is shown but not judged, when it is not. */
  not_judged: NotJudged | null;
}

type DeltaBase = Pick<
  Delta,
  "metric" | "label" | "short" | "kind" | "unit" | "direction" | "reference" | "decisive" | "not_judged"
>;

/** Values in [0, 1]: their intervals are clamped to what the baseline allows. */
const BOUNDED: Unit[] = ["score", "share", "rate"];

function pairedValues(metric: MetricDefinition, changes: EpisodeChange[]) {
  const base: number[] = [];
  const cand: number[] = [];
  for (const change of changes) {
    const value = change.metrics[metric.name];
    if (value?.baseline == null || value.candidate == null) continue;
    base.push(value.baseline);
    cand.push(value.candidate);
  }
  return {base, cand};
}

function counts(metric: MetricDefinition, changes: EpisodeChange[]) {
  if (metric.direction === "neutral") return {improved: null, regressed: null};
  const crossed = changes.map((c) => c.metrics[metric.name]?.crossed ?? 0);
  return {improved: crossed.filter((x) => x > 0).length, regressed: crossed.filter((x) => x < 0).length};
}

const NO_ESTIMATE = {ci: null, ci_level: null, shown: null, clamped: false, ci95: null, mde: null, state: null};

/**
 * A defect type's row: the episodes that gained it (new) and lost it (fixed). Shown, never deciding alone:
 * it is called worse or better only when its own exact sign test is significant at the defects signal's level.
 */
function ruleDelta(metric: MetricDefinition, changes: EpisodeChange[], base: DeltaBase): Delta {
  const {base: b, cand: c} = pairedValues(metric, changes);
  const episodes = changes.filter((change) => change.metrics[metric.name]?.delta != null);
  const added = episodes.filter((e) => e.metrics[metric.name].crossed < 0).map((e) => e.episode_id);
  const fixed = episodes.filter((e) => e.metrics[metric.name].crossed > 0).map((e) => e.episode_id);
  const aggregate = metric.unit === "rate" ? (values: number[]) => mean(values)! : sum;
  const [bv, cv] = b.length ? [aggregate(b), aggregate(c)] : [null, null];
  const significant = metric.judged !== false && signTestTwoSided(added.length, fixed.length) <= SIGN_TEST_ALPHA;
  const verdict = !significant ? "same" : added.length > fixed.length ? "worse" : "better";
  return {
    ...base,
    ...NO_ESTIMATE,
    baseline: bv,
    candidate: cv,
    delta: bv === null || cv === null ? null : cv - bv,
    method: "rule",
    n: b.length,
    threshold: 0,
    underpowered: false,
    clear: verdict !== "same",
    verdict,
    improved: fixed.length,
    regressed: added.length,
    new: added,
    fixed
  };
}

/** An estimate: the mean paired difference with its interval at the metric's level, and its state. */
function meanDelta(metric: MetricDefinition, changes: EpisodeChange[], base: DeltaBase): Delta | null {
  const {base: b, cand: c} = pairedValues(metric, changes);
  if (!b.length) return null;
  const baselineMean = mean(b)!;
  const threshold = thresholdFor(metric, baselineMean);
  // Shown but not judged (a note says why): no threshold, no state, no verdict, whatever the interval.
  const judged = metric.judged !== false && base.not_judged === null && threshold !== null;
  const level = base.decisive ? DECISIVE_LEVEL : SUPPORTING_LEVEL;
  const differences = c.map((value, i) => value - b[i]);
  const bounded = BOUNDED.includes(metric.unit);
  const result = estimate(differences, {threshold: threshold ?? 0, level, baselineMean, bounded});
  const state = judged ? result.state : null;
  const signal = judged && metric.direction !== "neutral" ? estimateSignal(result, metric.direction) : "same";
  return {
    ...base,
    baseline: baselineMean,
    candidate: mean(c)!,
    delta: result.mean,
    ci95: result.ci95,
    ci: result.ci,
    ci_level: result.ci ? level : null,
    shown: result.shown,
    clamped: result.clamped,
    method: "t",
    n: result.n,
    mde: judged ? result.mde : null,
    threshold: judged ? threshold : null,
    state,
    underpowered: state === "underpowered",
    clear: state === "clear",
    verdict: signal,
    ...counts(metric, changes),
    new: [],
    fixed: []
  };
}

export interface DeltaContext {
  /** The reference or gold id a metric is compared against (only metrics whose reference both runs share). */
  reference: (metric: MetricDefinition) => string | null;
  /** Metrics shown but not judged, with the reason (mention offsets made on other text). */
  notJudged: Map<string, NotJudged>;
  /** The metrics that set the verdict label. */
  decisive: Set<string>;
}

export function metricDelta(metric: MetricDefinition, changes: EpisodeChange[], context: DeltaContext): Delta | null {
  const notJudged = context.notJudged.get(metric.name) ?? null;
  const base = {
    metric: metric.name,
    label: metric.label,
    short: shortLabel(metric),
    kind: metric.kind,
    unit: metric.unit,
    direction: metric.direction,
    reference: context.reference(metric),
    decisive: context.decisive.has(metric.name),
    not_judged: notJudged
  };
  const delta = metric.kind === "health" ? ruleDelta(metric, changes, base) : meanDelta(metric, changes, base);
  return delta && delta.n > 0 ? delta : null;
}
