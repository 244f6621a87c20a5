// Candidate minus baseline for every metric, with a paired bootstrap interval and per-episode counts.
import type {EpisodePair} from "./align.js";
import {bootstrapInterval} from "./bootstrap.js";
import {changeSign, METRICS, type MetricDefinition} from "./metrics.js";

export type Verdict = "better" | "worse" | "same";

export interface Delta {
  metric: string;
  label: string;
  direction: MetricDefinition["direction"];
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  ci95: [number, number] | null;
  verdict: Verdict;
  /** Episodes paired for this metric (both sides have a value). */
  episodes: number;
  improved: number | null;
  regressed: number | null;
}

/** Success and failure are judged over the baseline's episodes: a missing candidate episode counts as failed. */
const OVER_BASELINE = new Set(["success_rate", "failed"]);

function aggregate(values: number[], how: MetricDefinition["aggregate"]): number {
  const sum = values.reduce((a, b) => a + b, 0);
  return how === "sum" ? sum : sum / values.length;
}

export function verdictOf(metric: MetricDefinition, ci: [number, number] | null): Verdict {
  if (!ci || metric.direction === "neutral" || (ci[0] <= 0 && ci[1] >= 0)) return "same";
  const up = ci[0] > 0;
  return (metric.direction === "higher") === up ? "better" : "worse";
}

export function metricDelta(metric: MetricDefinition, pairs: EpisodePair[]): Delta | null {
  const base: number[] = [];
  const cand: number[] = [];
  for (const pair of pairs) {
    if (!pair.baseline) continue;
    const b = metric.value(pair.baseline);
    const c = pair.candidate ? metric.value(pair.candidate) : OVER_BASELINE.has(metric.name) ? metric.value({...pair.baseline, failed: true}) : null;
    if (b === null || c === null) continue;
    base.push(b);
    cand.push(c);
  }
  if (base.length === 0) return null;
  const differences = cand.map((c, i) => c - base[i]);
  const ci = bootstrapInterval(differences, {scale: metric.aggregate === "sum" ? differences.length : 1});
  const signs = differences.map((d) => changeSign(metric, d));
  const directional = metric.direction !== "neutral";
  const baselineValue = aggregate(base, metric.aggregate);
  const candidateValue = aggregate(cand, metric.aggregate);
  return {
    metric: metric.name,
    label: metric.label,
    direction: metric.direction,
    baseline: baselineValue,
    candidate: candidateValue,
    delta: candidateValue - baselineValue,
    ci95: ci,
    verdict: verdictOf(metric, ci),
    episodes: base.length,
    improved: directional ? signs.filter((s) => s > 0).length : null,
    regressed: directional ? signs.filter((s) => s < 0).length : null
  };
}

/** Every metric with data on both sides, in METRICS order. */
export function computeDeltas(pairs: EpisodePair[]): Delta[] {
  return METRICS.map((metric) => metricDelta(metric, pairs)).filter((d): d is Delta => d !== null);
}
