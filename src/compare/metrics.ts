// The metrics a comparison reports (README, the verdict rules): what each reads from an episode, which way is
// better, its practical threshold, and what it may decide. Quality signals and health rules set the
// verdict label; trade-offs are named when clear, never decisive.
import type {EpisodeRow} from "./table.js";

export type MetricKind = "quality" | "health" | "tradeoff";
export type Direction = "higher" | "lower" | "neutral";
export type Unit = "score" | "share" | "rate" | "count" | "tokens" | "seconds" | "usd" | "entities";

export interface MetricDefinition {
  name: string;
  /** The full label, for table rows and titles ("Entity-set F1 (mean per episode)", "Truncation (gate)"). */
  label: string;
  /** The label in a sentence, where it differs ("Entity-set F1", "Truncation"): read it through shortLabel. */
  short?: string;
  kind: MetricKind;
  unit: Unit;
  direction: Direction;
  /** The per-episode value (a number, or a flag for health rules). */
  column: keyof EpisodeRow;
  /** Absolute practical threshold, or a share of the baseline value ("10% of the baseline"). */
  threshold: {absolute: number} | {relative: number};
  /** Compared only when both runs are scored against the same reference ("rouge") or gold ("ner"). */
  reference?: "rouge" | "ner";
  /** NER mention metrics: offsets must refer to the gold's text to be judged. */
  offsets?: boolean;
  /** Shown but never called clear or named (the longest repeated run, the success rate). */
  judged?: boolean;
  /** The task's one quality metric: it sets the verdict label when both runs share its reference. */
  decides?: boolean;
  /**
   * A map/reduce size: compared only when both runs' map/reduce numbers come from one source, recorded or
   * derived (mapReduce.ts sameMapReduceSource).
   */
  source?: "map_reduce";
}

const TEN_PERCENT = {relative: 0.1};

export const METRICS: MetricDefinition[] = [
  {
    name: "rougeL_f1",
    decides: true,
    label: "ROUGE-L F1",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "rougeL",
    threshold: {absolute: 0.05},
    reference: "rouge"
  },
  {
    name: "rouge1_f1",
    label: "ROUGE-1 F1",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "rouge1",
    threshold: {absolute: 0.05},
    reference: "rouge"
  },
  {
    name: "rouge2_f1",
    label: "ROUGE-2 F1",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "rouge2",
    threshold: {absolute: 0.03},
    reference: "rouge"
  },
  {
    name: "ner_f1_entity_set",
    decides: true,
    label: "Entity-set F1 (mean per episode)",
    short: "Entity-set F1",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "ner_f1_entity_set",
    threshold: {absolute: 0.05},
    reference: "ner"
  },
  {
    name: "ner_f1_mention_overlap",
    label: "Mention F1, overlap (mean per episode)",
    short: "Mention F1, overlap",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "ner_f1_mention_overlap",
    threshold: {absolute: 0.05},
    reference: "ner",
    offsets: true
  },
  {
    name: "ner_f1_mention_exact",
    label: "Mention F1, exact (mean per episode)",
    short: "Mention F1, exact",
    kind: "quality",
    unit: "score",
    direction: "higher",
    column: "ner_f1_mention_exact",
    threshold: {absolute: 0.05},
    reference: "ner",
    offsets: true
  },
  {
    name: "repetition",
    label: "Repeated 3-grams",
    kind: "quality",
    unit: "share",
    direction: "lower",
    column: "repetition",
    threshold: {absolute: 0.02}
  },
  {
    name: "success_rate",
    judged: false,
    label: "Success rate",
    kind: "health",
    unit: "rate",
    direction: "higher",
    column: "failed",
    threshold: {absolute: 0}
  },
  {
    name: "failed",
    label: "Failed episodes",
    short: "Failure",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "failed",
    threshold: {absolute: 0}
  },
  {
    name: "gate_truncation",
    label: "Truncation (gate)",
    short: "Truncation",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "gate_truncation",
    threshold: {absolute: 0}
  },
  {
    name: "gate_speaker_label",
    label: "Speaker label leak (gate)",
    short: "Speaker label leak",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "gate_speaker_label",
    threshold: {absolute: 0}
  },
  {
    name: "gate_boilerplate",
    label: "Boilerplate leak (gate)",
    short: "Boilerplate leak",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "gate_boilerplate",
    threshold: {absolute: 0}
  },
  // This project's output checks (checks/), beside the scorer's gates: health rules, so defects too.
  {
    name: "check_speaker_turns",
    label: "Speaker turns (check)",
    short: "Speaker turns",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "check_speaker_turns",
    threshold: {absolute: 0}
  },
  {
    name: "check_junk",
    label: "Junk characters (check)",
    short: "Junk characters",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "check_junk",
    threshold: {absolute: 0}
  },
  {
    name: "check_cut_off",
    label: "Cut off (check)",
    short: "Cut off",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "check_cut_off",
    threshold: {absolute: 0}
  },
  {
    name: "check_repetition",
    label: "Repeated phrase (check)",
    short: "Repeated phrase",
    kind: "health",
    unit: "count",
    direction: "lower",
    column: "check_repetition",
    threshold: {absolute: 0}
  },
  {
    name: "avg_latency_s",
    label: "Latency per episode",
    kind: "tradeoff",
    unit: "seconds",
    direction: "lower",
    column: "latency_s",
    threshold: {absolute: 1}
  },
  {
    name: "cost_usd",
    label: "Cost per episode",
    kind: "tradeoff",
    unit: "usd",
    direction: "lower",
    column: "cost_usd",
    threshold: TEN_PERCENT
  },
  {
    name: "avg_output_tokens",
    label: "Output tokens (est.)",
    kind: "tradeoff",
    unit: "tokens",
    direction: "neutral",
    column: "output_tokens",
    threshold: TEN_PERCENT
  },
  {
    name: "map_chunks",
    source: "map_reduce",
    label: "Map chunks",
    kind: "tradeoff",
    unit: "count",
    direction: "neutral",
    column: "map_chunks",
    threshold: TEN_PERCENT
  },
  {
    name: "map_tokens",
    source: "map_reduce",
    label: "Map summary tokens (mean)",
    kind: "tradeoff",
    unit: "tokens",
    direction: "neutral",
    column: "map_tokens",
    threshold: TEN_PERCENT
  },
  {
    name: "reduce_input_tokens",
    source: "map_reduce",
    label: "Reduce input tokens",
    kind: "tradeoff",
    unit: "tokens",
    direction: "neutral",
    column: "reduce_input_tokens",
    threshold: TEN_PERCENT
  },
  {
    name: "reduce_share",
    source: "map_reduce",
    label: "Reduce input share of map output (recorded)",
    short: "Reduce input share",
    kind: "tradeoff",
    unit: "share",
    direction: "neutral",
    column: "reduce_share",
    threshold: {absolute: 0.1}
  },
  {
    name: "ner_predicted",
    label: "Entities predicted",
    kind: "tradeoff",
    unit: "entities",
    direction: "neutral",
    column: "ner_predicted",
    threshold: TEN_PERCENT
  },
  {
    name: "ner_in_scope",
    label: "Entities in gold scope",
    kind: "tradeoff",
    unit: "entities",
    direction: "neutral",
    column: "ner_in_scope",
    threshold: TEN_PERCENT,
    reference: "ner"
  },
  {
    name: "longest_repeat",
    label: "Longest repeated run (words)",
    kind: "tradeoff",
    unit: "count",
    direction: "neutral",
    column: "longest_repeat",
    threshold: TEN_PERCENT,
    judged: false
  }
];

export const METRIC_BY_NAME = new Map(METRICS.map((m) => [m.name, m]));

/** Metrics that say again what a stronger one says: not named in words when that one is named. */
const SAID_BY: Record<string, string> = {rouge1_f1: "rougeL_f1", rouge2_f1: "rougeL_f1", success_rate: "failed"};

/** The names worth saying: drops a metric whose stronger twin is among them. */
export function withoutRepeats<T>(items: T[], name: (item: T) => string): T[] {
  const names = new Set(items.map(name));
  return items.filter((item) => !names.has(SAID_BY[name(item)]));
}

/** The threshold in the metric's units, given the baseline value it is relative to. */
export function thresholdFor(metric: MetricDefinition, baselineValue: number | null): number | null {
  if ("absolute" in metric.threshold) return metric.threshold.absolute;
  return baselineValue === null ? null : Math.abs(baselineValue) * metric.threshold.relative;
}

/** +1 when a change in this direction is an improvement, -1 a regression, 0 for neutral metrics. */
export function goodness(metric: MetricDefinition, difference: number): -1 | 0 | 1 {
  if (metric.direction === "neutral" || difference === 0) return 0;
  return (metric.direction === "higher") === difference > 0 ? 1 : -1;
}

export const shortLabel = (metric: MetricDefinition) => metric.short ?? metric.label;
