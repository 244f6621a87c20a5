// The verdict (SPEC section 3): a label read only from the delta verdicts of quality signals and health
// rules, qualifiers beside it, and one sentence that also names clear trade-offs and changed settings.
import type {Delta} from "./deltas.js";
import {withoutRepeats} from "./metrics.js";
import {causeWords, gateWords, tradeoffWords} from "./words.js";

export const VERDICT_LABELS = ["better", "worse", "mixed", "no_clear_change", "not_comparable"] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];
export const QUALIFIERS = ["incomplete", "inputs_differ", "no_quality_signal"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export interface VerdictResult {
  label: VerdictLabel;
  qualifiers: Qualifier[];
  sentence: string;
  /** The decisive changes, in words (quality first, then health rules). */
  causes: string[];
}

export interface VerdictFacts {
  notComparable: string | null;
  deltas: Delta[];
  common: number;
  baselineEpisodes: number;
  missing: number;
  inputsDiffering: number;
  inputsCompared: number;
  /** Top changed settings, already in words. */
  changes: string[];
  /** Why quality vs reference is not compared (different references), when that is the case. */
  referenceNote: string | null;
}

const LEAD: Record<VerdictLabel, string> = {
  better: "Better",
  worse: "Worse",
  mixed: "Mixed",
  no_clear_change: "No clear change",
  not_comparable: "Not comparable"
};
const MAX_CAUSES = 4;
const MAX_TRADEOFFS = 3;

export function verdictLabel(deltas: Delta[], notComparable: string | null): VerdictLabel {
  if (notComparable) return "not_comparable";
  const decisive = deltas.filter((d) => d.decisive);
  const worse = decisive.some((d) => d.verdict === "worse");
  const better = decisive.some((d) => d.verdict === "better");
  return worse && better ? "mixed" : worse ? "worse" : better ? "better" : "no_clear_change";
}

/** Quality signals first (ROUGE-L before ROUGE-1, entity set before mentions), then health rules. */
const causeOrder = (d: Delta) => (d.kind === "quality" ? 0 : 1);

function sentenceParts(label: VerdictLabel, causes: string[], facts: VerdictFacts, qualifiers: Qualifier[]): string[] {
  const parts = [causes.length ? `${LEAD[label]}: ${causes.join("; ")}.` : `${LEAD[label]}.`];
  const quality = facts.deltas.filter((d) => d.kind === "quality" && d.reference !== null);
  const unsure = quality.filter((d) => d.decisive && d.underpowered);
  if (qualifiers.includes("no_quality_signal"))
    parts.push(`Quality vs reference not measured${facts.referenceNote ? ` (${facts.referenceNote})` : ""}.`);
  else if (unsure.length && label === "no_clear_change") {
    const first = unsure[0];
    parts.push(
      `Too few episodes to tell for ${unsure.map((d) => d.label.replace(/ \(mean per episode\)$/, "")).join(", ")} (n = ${first.n}; smallest detectable change ${first.mde?.toFixed(3) ?? "—"}).`
    );
  }
  if (qualifiers.includes("incomplete"))
    parts.push(
      `Covers ${facts.common} of ${facts.baselineEpisodes} baseline episodes; every number is over those ${facts.common}.`
    );
  if (qualifiers.includes("inputs_differ"))
    parts.push(
      `Inputs differ on ${facts.inputsDiffering} of ${facts.inputsCompared} common episodes (preprocessing drift).`
    );
  const tradeoffs = facts.deltas.filter((d) => d.kind === "tradeoff" && d.clear).slice(0, MAX_TRADEOFFS);
  if (tradeoffs.length) parts.push(`Trade-offs: ${tradeoffs.map(tradeoffWords).join("; ")}.`);
  if (facts.changes.length) parts.push(`Changed: ${facts.changes.join("; ")}.`);
  return parts;
}

export function verdictOf(facts: VerdictFacts): VerdictResult {
  const label = verdictLabel(facts.deltas, facts.notComparable);
  if (label === "not_comparable") {
    return {label, qualifiers: [], sentence: `Not comparable: ${facts.notComparable}.`, causes: [facts.notComparable!]};
  }
  const qualifiers: Qualifier[] = [];
  if (facts.missing > 0) qualifiers.push("incomplete");
  if (facts.inputsDiffering > 0) qualifiers.push("inputs_differ");
  if (!facts.deltas.some((d) => d.kind === "quality" && d.reference !== null)) qualifiers.push("no_quality_signal");
  const decided = withoutRepeats(
    facts.deltas.filter((d) => d.decisive && d.verdict !== "same"),
    (d) => d.metric
  );
  const gates = decided.filter((d) => d.metric.startsWith("gate_"));
  const causes = decided
    .filter((d) => !gates.includes(d))
    .sort((a, b) => causeOrder(a) - causeOrder(b))
    .map(causeWords)
    .concat(gates.length ? [gateWords(gates)] : [])
    .slice(0, MAX_CAUSES);
  return {label, qualifiers, causes, sentence: sentenceParts(label, causes, facts, qualifiers).join(" ")};
}
