// One sentence per candidate: better / worse / mixed / no clear change / not comparable, and its main causes.
import type {Delta} from "./deltas.js";

export type OverallVerdict = "better" | "worse" | "mixed" | "no clear change" | "not comparable";

export interface CandidateVerdict {
  verdict: OverallVerdict;
  causes: string[];
  sentence: string;
}

// Latency is a cost, not an outcome: it is named as a cause but never decides the verdict alone.
const COST_METRICS = new Set(["avg_latency_s"]);
// Order in which causes are worth naming: quality, failures, gates, length, map/reduce, repetition, latency.
const CAUSE_ORDER = [
  "rougeL_f1", "rouge1_f1", "rouge2_f1", "failed", "success_rate", "gate_truncation", "gate_speaker_label",
  "gate_boilerplate", "avg_output_tokens", "map_tokens", "reduce_input_tokens", "final_tokens", "repetition",
  "longest_repeat", "map_chunks", "avg_latency_s"
];
// Metrics that say the same thing as a stronger one already named.
const REDUNDANT: Record<string, string[]> = {
  success_rate: ["failed"],
  rouge1_f1: ["rougeL_f1"],
  rouge2_f1: ["rougeL_f1", "rouge1_f1"],
  final_tokens: ["avg_output_tokens"],
  longest_repeat: ["repetition"]
};
const MAX_CAUSES = 3;

function relative(d: Delta): number | null {
  return d.baseline ? (d.candidate! - d.baseline) / Math.abs(d.baseline) : null;
}

/** "60%" for moderate changes; "3.2x" once a value has more than doubled, which reads better than "220%". */
function amount(d: Delta): string {
  const change = relative(d);
  if (change === null) return "";
  if (change > 1) return `${(d.candidate! / d.baseline!).toFixed(1)}x`;
  return `${Math.round(Math.abs(change) * 100)}%`;
}

export function describeDelta(d: Delta): string {
  const size = amount(d);
  switch (d.metric) {
    case "avg_output_tokens":
      return `outputs ${size} ${d.delta! < 0 ? "shorter" : "longer"}`;
    case "map_tokens": {
      const ratio = d.candidate ? d.baseline! / d.candidate : null;
      return ratio && ratio >= 1.5
        ? `map summaries ${ratio.toFixed(1)}x more compressed`
        : `map summaries ${size} ${d.delta! < 0 ? "shorter" : "longer"}`;
    }
    case "reduce_input_tokens":
      return `reduce input ${size} ${d.delta! < 0 ? "smaller" : "larger"}`;
    case "final_tokens":
      return `final outputs ${size} ${d.delta! < 0 ? "shorter" : "longer"}`;
    case "avg_latency_s":
      return `latency ${size} ${d.delta! < 0 ? "lower" : "higher"}`;
    case "failed":
      return `${d.delta! > 0 ? "failures up" : "failures down"} (${d.baseline} → ${d.candidate} of ${d.episodes})`;
    case "success_rate":
      return `success rate ${Math.round(d.baseline! * 100)}% → ${Math.round(d.candidate! * 100)}%`;
    case "gate_truncation":
    case "gate_speaker_label":
    case "gate_boilerplate": {
      const name = d.label.replace(/ \(gate\)$/, "").toLowerCase();
      const count = Math.abs(d.candidate! - d.baseline!);
      return `${name} ${d.delta! > 0 ? "up" : "down"} in ${count} of ${d.episodes} episodes`;
    }
    case "rouge1_f1":
    case "rouge2_f1":
    case "rougeL_f1":
      return `${d.label.replace(" F1 vs reference", "")} ${d.delta! > 0 ? "up" : "down"} ${Math.abs(d.delta!).toFixed(3)} vs reference`;
    case "repetition":
      return `repetition ${d.delta! > 0 ? "up" : "down"} (${(d.baseline! * 100).toFixed(0)}% → ${(d.candidate! * 100).toFixed(0)}% repeated 3-grams)`;
    default:
      return `${d.label} ${d.delta! > 0 ? "+" : ""}${d.delta!.toFixed(3)}`;
  }
}

export function candidateVerdict(deltas: Delta[], notComparable: string | null = null): CandidateVerdict {
  if (notComparable) {
    return {verdict: "not comparable", causes: [notComparable], sentence: `Not comparable: ${notComparable}.`};
  }
  const decided = deltas.filter((d) => d.verdict !== "same" && !COST_METRICS.has(d.metric));
  const better = decided.some((d) => d.verdict === "better");
  const worse = decided.some((d) => d.verdict === "worse");
  const verdict: OverallVerdict = better && worse ? "mixed" : better ? "better" : worse ? "worse" : "no clear change";
  const named = new Set<string>();
  const causes = CAUSE_ORDER.map((name) => deltas.find((d) => d.metric === name && d.verdict !== "same"))
    .filter((d): d is Delta => d !== undefined && d.delta !== null)
    .filter((d) => {
      if ((REDUNDANT[d.metric] ?? []).some((m) => named.has(m))) return false;
      named.add(d.metric);
      return true;
    })
    .slice(0, MAX_CAUSES)
    .map(describeDelta);
  const lead = verdict === "no clear change" ? "No clear change" : `${verdict[0].toUpperCase()}${verdict.slice(1)}`;
  return {verdict, causes, sentence: causes.length ? `${lead}: ${causes.join("; ")}.` : `${lead}.`};
}
