// Facts in words: the one place the engine's typed facts (warnings, reasons, causes, the verdict) become
// sentences, for the page, the report and the Markdown alike. Nothing reads these words back.
import type {Incomparability} from "./comparable.js";
import type {ComparisonWarning} from "./compare.js";
import type {Delta, NotJudged} from "./deltas.js";
import type {Reason, RankedEpisode} from "./episodes.js";
import {METRIC_BY_NAME, shortLabel} from "./metrics.js";
import type {Qualifier, VerdictLabel} from "./verdict.js";
import {amount, ratioWords, signed} from "./words.js";

/** The label and the qualifiers as the page shows them. */
export const LABEL_WORDS: Record<VerdictLabel, string> = {
  better: "better",
  worse: "worse",
  mixed: "mixed",
  no_clear_change: "no clear change",
  not_comparable: "not comparable"
};
export const QUALIFIER_WORDS: Record<Qualifier, {text: string; title: string}> = {
  new_failures: {
    text: "new failures",
    title: "a common episode failed in the candidate only (--fail-on new_failures blocks it)"
  },
  new_defects: {
    text: "new defects",
    title: "a common episode gained a failure or a gate hit the baseline did not have (--fail-on new_defects)"
  },
  preprocessing_changed: {
    text: "preprocessing changed",
    title: "the fingerprints' preprocessing or chunking settings differ"
  },
  outputs_identical: {
    text: "outputs identical",
    title: "every common episode's output is byte-identical to the baseline's"
  },
  incomplete: {
    text: "incomplete",
    title: "the candidate did not run every baseline episode; all numbers are over the common episodes"
  },
  inputs_differ: {
    text: "inputs differ",
    title: "some common episodes ran on different input text (input_hash or input length differ)"
  },
  no_quality_signal: {
    text: "no quality signal",
    title: "the two runs share no reference or gold, so quality vs reference is not measured"
  }
};

export const lastSegment = (id: string) => id.split("/").pop() ?? id;
const shortOf = (name: string) => {
  const metric = METRIC_BY_NAME.get(name);
  return metric ? shortLabel(metric) : name.replace(/_/g, " ");
};
/** A health rule's event as a noun: "failure", "truncation", "speaker label leak". */
export const eventOf = (metric: string) => (metric === "success_rate" ? "failure" : shortOf(metric).toLowerCase());

export function incomparabilityWords(reason: Incomparability): string {
  const list = (datasets: string[]) => datasets.join(", ") || "unknown";
  switch (reason.code) {
    case "different_datasets":
      return `different datasets (baseline ${list(reason.baseline)}, candidate ${list(reason.candidate)})`;
    case "different_tasks":
      return `different tasks (baseline ${reason.baseline}, candidate ${reason.candidate})`;
    case "no_common_episodes":
      return "no episodes in common";
  }
}

export const notJudgedWords = (reason: NotJudged) =>
  `mention offsets refer to text the gold ${reason.gold} was not made on (input_hash ≠ text_fingerprint): ` +
  "shown, not judged";

export function warningWords(warning: ComparisonWarning): string {
  switch (warning.code) {
    case "references_differ": {
      const what = warning.signal === "rouge" ? "ROUGE" : "NER F1";
      return `${what} not compared: the baseline is scored against ${warning.baseline}, the candidate against ${warning.candidate}`;
    }
    case "offsets_other_text":
      return notJudgedWords(warning);
    case "incomplete":
      return (
        `covers ${warning.common} of ${warning.baseline_episodes} baseline episodes; missing episodes are not ` +
        "failures, and every number is over the common ones"
      );
    case "only_in_candidate":
      return `${warning.episodes} episode(s) only in the candidate are not compared`;
  }
}

/** A trade-off's size: "2.1x slower", "outputs 62% shorter", "reduce input 5.0x larger". */
export function tradeoffWords(d: Pick<Delta, "metric" | "baseline" | "candidate" | "unit">): string {
  const [b, c] = [d.baseline ?? 0, d.candidate ?? 0];
  switch (d.metric) {
    case "avg_latency_s":
      return ratioWords(b, c, "slower", "faster");
    case "cost_usd":
      return `cost ${ratioWords(b, c, "higher", "lower")}`;
    case "avg_output_tokens":
      return `outputs ${ratioWords(b, c, "longer", "shorter")}`;
    case "map_tokens":
      return `map summaries ${ratioWords(b, c, "longer", "shorter")}`;
    case "reduce_input_tokens":
      return `reduce input ${ratioWords(b, c, "larger", "smaller")}`;
    case "map_chunks":
      return `map chunks ${amount(b, d.unit)} → ${amount(c, d.unit)}`;
    default:
      return `${d.metric.replace(/_/g, " ")} ${amount(b, d.unit)} → ${amount(c, d.unit)}`;
  }
}

/** One episode's change of one metric: "ROUGE-L 0.61 → 0.32 (−0.29)", "new truncation". */
export function reasonWords(reason: Reason): string {
  const metric = METRIC_BY_NAME.get(reason.metric)!;
  if (metric.kind === "health")
    return reason.direction === "worse" ? `new ${eventOf(reason.metric)}` : `${eventOf(reason.metric)} fixed`;
  const values = `${amount(reason.baseline, metric.unit)} → ${amount(reason.candidate, metric.unit)}`;
  return `${shortLabel(metric)} ${values} (${signed(reason.delta, metric.unit)})`;
}

/** Why an episode is listed where it is, in words (the report's `reasons`). */
export function episodeReasonWords(episode: RankedEpisode): string[] {
  if (episode.status === "missing") return ["not run by the candidate"];
  if (episode.status === "only_candidate") return ["only in the candidate"];
  return episode.reasons.map(reasonWords);
}

/** A delta's verdict as the page and the Markdown report word it. */
export function deltaVerdictWords(d: Pick<Delta, "direction" | "clear" | "verdict" | "underpowered">, judged: boolean) {
  if (!judged) return "not judged";
  if (d.direction === "neutral") return d.clear ? "changed (neutral)" : "no clear change (neutral)";
  if (d.verdict !== "same") return d.verdict;
  return d.underpowered ? "too few episodes to tell" : "no clear change";
}
