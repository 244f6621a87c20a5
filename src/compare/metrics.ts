// The metrics a comparison reports: how to read each from an episode row, and which way is better.
import type {EpisodeRow} from "./types.js";

export type Direction = "higher" | "lower" | "neutral";

export interface MetricDefinition {
  name: string;
  label: string;
  unit: "rate" | "count" | "tokens" | "seconds" | "score";
  direction: Direction;
  /** "mean" averages over episodes; "sum" counts (gates, failures). */
  aggregate: "mean" | "sum";
  value: (row: EpisodeRow) => number | null;
  /** Smallest per-episode difference that counts as an episode improving or regressing. */
  threshold: number;
}

const flag = (key: "gate_truncation" | "gate_speaker_label" | "gate_boilerplate") => (row: EpisodeRow) =>
  row.failed ? null : row[key] ? 1 : 0;
const usable = (key: keyof EpisodeRow) => (row: EpisodeRow) => (row.failed ? null : (row[key] as number | null));

/** Shorter outputs count as worse: the RFC's length collapse is a regression (map/reduce starvation, truncation). */
export const METRICS: MetricDefinition[] = [
  {name: "success_rate", label: "Success rate", unit: "rate", direction: "higher", aggregate: "mean", value: (r) => (r.failed ? 0 : 1), threshold: 0.5},
  {name: "failed", label: "Failed episodes", unit: "count", direction: "lower", aggregate: "sum", value: (r) => (r.failed ? 1 : 0), threshold: 0.5},
  {name: "rouge1_f1", label: "ROUGE-1 F1 vs reference", unit: "score", direction: "higher", aggregate: "mean", value: (r) => r.rouge1, threshold: 0.02},
  {name: "rouge2_f1", label: "ROUGE-2 F1 vs reference", unit: "score", direction: "higher", aggregate: "mean", value: (r) => r.rouge2, threshold: 0.02},
  {name: "rougeL_f1", label: "ROUGE-L F1 vs reference", unit: "score", direction: "higher", aggregate: "mean", value: (r) => r.rougeL, threshold: 0.02},
  {name: "gate_truncation", label: "Truncation (gate)", unit: "count", direction: "lower", aggregate: "sum", value: flag("gate_truncation"), threshold: 0.5},
  {name: "gate_speaker_label", label: "Speaker label leak (gate)", unit: "count", direction: "lower", aggregate: "sum", value: flag("gate_speaker_label"), threshold: 0.5},
  {name: "gate_boilerplate", label: "Boilerplate leak (gate)", unit: "count", direction: "lower", aggregate: "sum", value: flag("gate_boilerplate"), threshold: 0.5},
  {name: "avg_output_tokens", label: "Avg output tokens (est.)", unit: "tokens", direction: "higher", aggregate: "mean", value: usable("output_tokens"), threshold: 1},
  {name: "repetition", label: "Repeated 3-grams (share)", unit: "rate", direction: "lower", aggregate: "mean", value: usable("repetition"), threshold: 0.02},
  {name: "longest_repeat", label: "Longest repeated run (words)", unit: "count", direction: "lower", aggregate: "mean", value: usable("longest_repeat"), threshold: 1},
  {name: "map_chunks", label: "Map chunks", unit: "count", direction: "neutral", aggregate: "mean", value: usable("map_chunks"), threshold: 0.5},
  {name: "map_tokens", label: "Mean map summary tokens", unit: "tokens", direction: "higher", aggregate: "mean", value: usable("map_tokens"), threshold: 1},
  {name: "reduce_input_tokens", label: "Reduce input tokens", unit: "tokens", direction: "higher", aggregate: "mean", value: usable("reduce_input_tokens"), threshold: 1},
  {name: "final_tokens", label: "Final tokens", unit: "tokens", direction: "higher", aggregate: "mean", value: usable("final_tokens"), threshold: 1},
  {name: "avg_latency_s", label: "Avg latency", unit: "seconds", direction: "lower", aggregate: "mean", value: (r) => r.latency_s, threshold: 0.001}
];

export const METRIC_BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

/** +1 when the change is an improvement, -1 when it is a regression, 0 when neutral or too small. */
export function changeSign(metric: MetricDefinition, difference: number): -1 | 0 | 1 {
  if (metric.direction === "neutral" || Math.abs(difference) < metric.threshold) return 0;
  const up = difference > 0;
  return (metric.direction === "higher") === up ? 1 : -1;
}
