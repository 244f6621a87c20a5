// Candidate minus baseline per metric over the common episodes (SPEC section 3): a Student-t interval on
// the paired differences, n, method and minimum detectable effect; health rules as named new/fixed episodes.
import type {EpisodeChange} from "./changes.js";
import {mean, sum} from "d3-array";
import type {MetricDefinition, Unit} from "./metrics.js";
import {goodness, shortLabel, thresholdFor} from "./metrics.js";
import {isClear, isUnderpowered, pairedT, signTestP} from "./stats.js";

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
  ci95: [number, number] | null;
  /** "bootstrap" is in the report contract for statistics that are not paired means; none is computed today. */
  method: "t" | "bootstrap" | "rule";
  n: number;
  mde: number | null;
  threshold: number | null;
  underpowered: boolean;
  /** The interval excludes 0 and the change reaches the threshold (neutral metrics included: then it is named). */
  clear: boolean;
  /** Sets the verdict label: quality signals and health rules (not mention metrics on other text). */
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

const SIGN_TEST_ALPHA = 0.05;

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

/** A health rule: counts over common episodes; worse when new hits outnumber fixed ones, better only by a sign test. */
function ruleDelta(metric: MetricDefinition, changes: EpisodeChange[], base: DeltaBase): Delta {
  const {base: b, cand: c} = pairedValues(metric, changes);
  const episodes = changes.filter((change) => change.metrics[metric.name]?.delta != null);
  const added = episodes.filter((e) => e.metrics[metric.name].crossed < 0).map((e) => e.episode_id);
  const fixed = episodes.filter((e) => e.metrics[metric.name].crossed > 0).map((e) => e.episode_id);
  const aggregate = metric.unit === "rate" ? (values: number[]) => mean(values)! : sum;
  const [bv, cv] = b.length ? [aggregate(b), aggregate(c)] : [null, null];
  const worse = added.length > fixed.length;
  const better = fixed.length > added.length && signTestP(fixed.length, added.length) < SIGN_TEST_ALPHA;
  return {
    ...base,
    baseline: bv,
    candidate: cv,
    delta: bv === null || cv === null ? null : cv - bv,
    ci95: null,
    method: "rule",
    n: b.length,
    mde: null,
    threshold: 0,
    underpowered: false,
    clear: worse || better,
    verdict: worse ? "worse" : better ? "better" : "same",
    improved: fixed.length,
    regressed: added.length,
    new: added,
    fixed
  };
}

/** An estimate: mean difference with a Student-t 95% interval at every n. */
function meanDelta(metric: MetricDefinition, changes: EpisodeChange[], base: DeltaBase): Delta | null {
  const {base: b, cand: c} = pairedValues(metric, changes);
  if (!b.length) return null;
  const summary = pairedT(c.map((value, i) => value - b[i]));
  const baselineMean = mean(b)!;
  const threshold = thresholdFor(metric, baselineMean);
  // Shown but not judged (a note says why): no threshold, no verdict, whatever the interval.
  const judged = metric.judged !== false && base.not_judged === null && threshold !== null;
  const clear = judged && isClear(summary, threshold);
  const direction = clear ? goodness(metric, summary.mean!) : 0;
  return {
    ...base,
    baseline: baselineMean,
    candidate: mean(c)!,
    delta: summary.mean,
    ci95: summary.ci95,
    method: "t",
    n: summary.n,
    mde: summary.mde,
    threshold: judged ? threshold : null,
    underpowered: judged && !clear && metric.direction !== "neutral" && isUnderpowered(summary, threshold),
    clear,
    verdict: direction > 0 ? "better" : direction < 0 ? "worse" : "same",
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
