// Facts in words: the one place the engine's typed facts (warnings, reasons, causes, the verdict) become
// sentences, for the page, the report and the Markdown alike. Nothing reads these words back.
import type {Incomparability} from "./comparable.js";
import type {Comparison, ComparisonWarning} from "./compare.js";
import type {Delta, NotJudged} from "./deltas.js";
import type {Reason, RankedEpisode} from "./episodes.js";
import {topChanges, type FlatFingerprint} from "./fingerprint.js";
import {METRIC_BY_NAME, shortLabel} from "./metrics.js";
import type {Qualifier, VerdictLabel} from "./verdict.js";
import {amount, episodeList, ratioWords, signed} from "./words.js";

const LEAD: Record<VerdictLabel, string> = {
  better: "Better",
  worse: "Worse",
  mixed: "Mixed",
  no_clear_change: "No clear change",
  not_comparable: "Not comparable"
};
/** The label and the qualifiers as the page shows them. */
export const LABEL_WORDS: Record<VerdictLabel, string> = {
  better: "better",
  worse: "worse",
  mixed: "mixed",
  no_clear_change: "no clear change",
  not_comparable: "not comparable"
};
export const QUALIFIER_WORDS: Record<Qualifier, {text: string; title: string}> = {
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

const MAX_CAUSES = 4;
const MAX_TRADEOFFS = 3;

const lastSegment = (id: string) => id.split("/").pop() ?? id;
const shortOf = (name: string) => {
  const metric = METRIC_BY_NAME.get(name);
  return metric ? shortLabel(metric) : name.replace(/_/g, " ");
};
/** A health rule's event as a noun: "failure", "truncation", "speaker label leak". */
const eventOf = (metric: string) => (metric === "success_rate" ? "failure" : shortOf(metric).toLowerCase());

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

/** A health rule's change: "1 new failure: p05_e01", "truncation fixed on 5 episodes: …". */
function ruleWords(d: Delta): string {
  const what = eventOf(d.metric);
  if (d.verdict === "worse") {
    const fixed = d.fixed.length ? ` (${d.fixed.length} fixed)` : "";
    return `${d.new.length} new ${what}${d.new.length === 1 ? "" : "s"}: ${episodeList(d.new)}${fixed}`;
  }
  return `${what}s fixed on ${d.fixed.length} episodes: ${episodeList(d.fixed)}`;
}

/** Gate rules said together: "new gate hits: truncation (p04_e01), speaker label leak (p02_e01)". */
function gateWords(gates: Delta[]): string {
  const worse = gates.filter((d) => d.verdict === "worse");
  const parts = (list: Delta[], ids: (d: Delta) => string[]) =>
    list.map((d) => `${eventOf(d.metric)} (${episodeList(ids(d))})`).join(", ");
  if (worse.length) return `new gate hits: ${parts(worse, (d) => d.new)}`;
  return `gate hits fixed: ${parts(gates, (d) => d.fixed)}`;
}

/** A decisive change in the verdict: "1 new failure: p05_e01", "ROUGE-L −0.21 vs silver_v1". */
function causeWords(d: Delta): string {
  if (d.kind === "health") return ruleWords(d);
  const reference = d.reference ? ` vs ${lastSegment(d.reference)}` : "";
  const interval = d.ci95 ? ` [${signed(d.ci95[0], d.unit)}, ${signed(d.ci95[1], d.unit)}]` : "";
  return `${d.short} ${signed(d.delta, d.unit)}${interval}${reference}`;
}

/** The causes of a label in words: quality first, then the other rules, then the gates said together. */
export function causesWords(decided: Delta[]): string[] {
  const gates = decided.filter((d) => d.metric.startsWith("gate_"));
  const quality = decided.filter((d) => d.kind === "quality");
  const rules = decided.filter((d) => d.kind !== "quality" && !gates.includes(d));
  return [...quality, ...rules]
    .map(causeWords)
    .concat(gates.length ? [gateWords(gates)] : [])
    .slice(0, MAX_CAUSES);
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

type VerdictFacts = Omit<Comparison, "verdict">;

function sentenceParts(facts: VerdictFacts, label: VerdictLabel, qualifiers: Qualifier[], causes: string[]) {
  const parts = [causes.length ? `${LEAD[label]}: ${causes.join("; ")}.` : `${LEAD[label]}.`];
  const unsure = facts.deltas.filter((d) => d.kind === "quality" && d.reference && d.decisive && d.underpowered);
  const referencesDiffer = facts.warnings.find((w) => w.code === "references_differ" && w.signal === "rouge");
  if (qualifiers.includes("no_quality_signal")) {
    const why = referencesDiffer ? ` (${warningWords(referencesDiffer)})` : "";
    parts.push(`Quality vs reference not measured${why}.`);
  } else if (unsure.length && label === "no_clear_change") {
    const first = unsure[0];
    const names = unsure.map((d) => d.short).join(", ");
    const mde = first.mde?.toFixed(3) ?? "—";
    parts.push(`Too few episodes to tell for ${names} (n = ${first.n}; smallest detectable change ${mde}).`);
  }
  const {common, baseline_episodes} = facts.coverage;
  if (qualifiers.includes("incomplete"))
    parts.push(`Covers ${common} of ${baseline_episodes} baseline episodes; every number is over those ${common}.`);
  if (qualifiers.includes("inputs_differ")) {
    const {differing, compared} = facts.inputs;
    parts.push(`Inputs differ on ${differing} of ${compared} common episodes (preprocessing drift).`);
  }
  const tradeoffs = facts.deltas.filter((d) => d.kind === "tradeoff" && d.clear).slice(0, MAX_TRADEOFFS);
  if (tradeoffs.length) parts.push(`Trade-offs: ${tradeoffs.map(tradeoffWords).join("; ")}.`);
  return parts;
}

/** The verdict's sentence and its causes in words. */
export function verdictWords(
  facts: VerdictFacts,
  verdict: {label: VerdictLabel; qualifiers: Qualifier[]; decided: Delta[]},
  candidateFingerprint: FlatFingerprint | null
): {sentence: string; causes: string[]} {
  if (verdict.label === "not_comparable") {
    const why = facts.incomparable.map(incomparabilityWords).join("; ");
    return {sentence: `Not comparable: ${why}.`, causes: [why]};
  }
  const causes = causesWords(verdict.decided);
  const parts = sentenceParts(facts, verdict.label, verdict.qualifiers, causes);
  const changed = topChanges(facts.changes, candidateFingerprint);
  if (changed.length) parts.push(`Changed: ${changed.join("; ")}.`);
  return {sentence: parts.join(" "), causes};
}
