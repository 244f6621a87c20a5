// Facts in words: the one place the engine's typed facts (warnings, reasons, causes, the verdict) become
// sentences, for the page, the report and the Markdown alike. Nothing reads these words back.
import type {Incomparability} from "./comparable.js";
import type {Comparison, ComparisonWarning} from "./compare.js";
import type {Defects} from "./defects.js";
import type {Delta, NotJudged} from "./deltas.js";
import type {Reason, RankedEpisode} from "./episodes.js";
import {METRIC_BY_NAME, shortLabel} from "./metrics.js";
import {SIGN_TEST_ALPHA} from "./signals.js";
import type {Qualifier, VerdictLabel} from "./verdict.js";
import {amount, difference, lastSegment, ratioWords, signed} from "./words.js";

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
      const sides = `the baseline is scored against ${warning.baseline}, the candidate against ${warning.candidate}`;
      return `${what} not compared: ${sides}`;
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

/** A delta's verdict as the page and the Markdown report word it (its state is said apart: stateWords). */
export function deltaVerdictWords(d: Pick<Delta, "direction" | "clear" | "verdict">, judged: boolean) {
  if (!judged) return "not judged";
  if (d.direction === "neutral") return d.clear ? "changed (neutral)" : "no clear change (neutral)";
  return d.verdict !== "same" ? d.verdict : "no clear change";
}

/** An interval's level: "97.5%", "95%". */
export const levelWords = (level: number) => `${Number((level * 100).toFixed(1))}%`;

/** The title of a clamped bound's mark (⊢ on the lower bound, ⊣ on the upper). */
export const CLAMPED_TITLE = "clamped to what the baseline allows; raw bounds in the report";

type IntervalFacts = Pick<Delta, "ci" | "ci_level" | "shown" | "clamped" | "unit">;

/** The deciding interval as shown, bound by bound, each with its clamp mark ("" when not clamped); or null. */
export function intervalParts(d: IntervalFacts) {
  if (!d.shown || !d.ci || d.ci_level === null) return null;
  const bound = (i: 0 | 1, mark: string) => ({
    text: signed(d.shown![i], d.unit),
    mark: d.clamped && d.shown![i] !== d.ci![i] ? mark : ""
  });
  return {low: bound(0, "⊢"), high: bound(1, "⊣"), level: levelWords(d.ci_level)};
}

/** "[−0.710⊢, +0.015] 97.5%": the interval that decides the state, clamped where marked, at its level. */
export function intervalWords(d: IntervalFacts): string | null {
  const parts = intervalParts(d);
  return parts && `[${parts.low.text}${parts.low.mark}, ${parts.high.text}${parts.high.mark}] ${parts.level}`;
}

/** An estimate's state: "clear", "no change as large as 0.05", "too few episodes to tell"; null when none. */
export function stateWords(d: Pick<Delta, "state" | "threshold" | "unit">): string | null {
  if (d.state === "clear") return "clear";
  if (d.state === "equivalent") return `no change as large as ${difference(d.threshold, d.unit)}`;
  return d.state === "underpowered" ? "too few episodes to tell" : null;
}

/** What a delta row is for: the one that decides the label, a defect type, a supporting metric or a trade-off. */
export type DeltaRole = "decisive" | "defect" | "supporting" | "tradeoff";
export const roleOf = (d: Pick<Delta, "decisive" | "kind">): DeltaRole =>
  d.decisive ? "decisive" : d.kind === "health" ? "defect" : d.kind === "tradeoff" ? "tradeoff" : "supporting";
export const ROLE_WORDS: Record<DeltaRole, string> = {
  decisive: "decides the label",
  defect: "defect type",
  supporting: "supporting",
  tradeoff: "trade-off"
};

const pWords = (p: number) => (p < 0.001 ? p.toExponential(1) : p.toFixed(3));

/** The defects signal: "4 episodes gained a defect type, 0 lost one (exact sign test p = 0.125); decides only …". */
export function defectsSignalWords({regressed, improved, p, verdict}: Defects): string {
  if (!regressed.length && !improved.length) return "no common episode gained or lost a defect type";
  const gained = `${regressed.length} episode${regressed.length === 1 ? "" : "s"} gained a defect type`;
  const counts = `${gained}, ${improved.length} lost one (exact sign test p = ${pWords(p)})`;
  const level = `p ≤ ${SIGN_TEST_ALPHA}`;
  return verdict === "same" ? `${counts}; decides only at ${level}` : `${counts}: ${verdict} (decides at ${level})`;
}

type QualityFacts = Pick<Delta, keyof IntervalFacts | "short" | "reference" | "delta" | "n" | "mde" | "state">;

/** The quality signal: "ROUGE-L F1 vs silver_v1 −0.436 [−0.710⊢, +0.015] 97.5%: too few episodes to tell …". */
export function qualitySignalWords(d: (QualityFacts & Pick<Delta, "threshold" | "verdict">) | undefined): string {
  if (!d) return "not measured: the runs share no reference or gold";
  const reference = d.reference ? ` vs ${lastSegment(d.reference)}` : "";
  const interval = intervalWords(d);
  const outcome = `${stateWords(d) ?? "not judged"}${d.verdict === "same" ? "" : `, ${d.verdict}`}`;
  const mde = d.mde === null ? "" : `; smallest change it could tell: ${difference(d.mde, d.unit)}`;
  const change = `${signed(d.delta, d.unit)}${interval ? ` ${interval}` : ""}`;
  return `${d.short}${reference} ${change}: ${outcome} (n = ${d.n}${mde})`;
}

/** How the episodes met, when not on their dataset: "paired across datasets on identical inputs (5 episodes)". */
export const pairingWords = (c: Pick<Comparison, "pairing" | "common_episodes">) =>
  c.pairing === "input_hash" ? `paired across datasets on identical inputs (${c.common_episodes} episodes)` : null;

/** "outputs byte-identical on 3 of 5 common episodes", when any is. */
export const identicalWords = (c: Pick<Comparison, "outputs_identical" | "common_episodes">) =>
  c.outputs_identical
    ? `outputs byte-identical on ${c.outputs_identical} of ${c.common_episodes} common episodes`
    : null;

/** The runs' entity-set F1 over all their entities (micro), beside the delta's mean of per-episode F1. */
export const microF1Words = (baseline: number, candidate: number) =>
  `micro over all entities: ${amount(baseline, "score")} → ${amount(candidate, "score")} ` +
  `(${signed(candidate - baseline, "score")}); the Δ is a mean of per-episode F1`;
