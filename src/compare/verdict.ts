// The verdict: a label read only from the verdicts of the decisive deltas (quality signals and health
// rules), and qualifiers beside it. explain.ts puts it in a sentence that also names clear trade-offs and
// the changed settings.
import type {Comparison} from "./compare.js";
import type {Delta} from "./deltas.js";
import {verdictWords} from "./explain.js";
import type {FlatFingerprint} from "./fingerprint.js";
import {withoutRepeats} from "./metrics.js";

export const VERDICT_LABELS = ["better", "worse", "mixed", "no_clear_change", "not_comparable"] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];
export const QUALIFIERS = ["incomplete", "inputs_differ", "no_quality_signal"] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export interface VerdictResult {
  label: VerdictLabel;
  qualifiers: Qualifier[];
  /** The decisive deltas that moved, each named once (ROUGE-L speaks for ROUGE-1 and -2). */
  decided: Delta[];
  /** For display: the label in a sentence, and its causes in words (explain.ts). */
  sentence: string;
  causes: string[];
}

export function verdictLabel(deltas: Delta[], comparable: boolean): VerdictLabel {
  if (!comparable) return "not_comparable";
  const decisive = deltas.filter((d) => d.decisive);
  const worse = decisive.some((d) => d.verdict === "worse");
  const better = decisive.some((d) => d.verdict === "better");
  return worse && better ? "mixed" : worse ? "worse" : better ? "better" : "no_clear_change";
}

export function verdictOf(facts: Omit<Comparison, "verdict">, candidateFingerprint: FlatFingerprint | null) {
  const label = verdictLabel(facts.deltas, facts.comparable);
  const qualifiers: Qualifier[] = [];
  if (label !== "not_comparable") {
    if (facts.coverage.missing_from_candidate.length > 0) qualifiers.push("incomplete");
    if (facts.inputs.differing > 0) qualifiers.push("inputs_differ");
    if (!facts.deltas.some((d) => d.kind === "quality" && d.reference !== null)) qualifiers.push("no_quality_signal");
  }
  const moved = facts.deltas.filter((d) => d.decisive && d.verdict !== "same");
  const decided = withoutRepeats(moved, (d) => d.metric);
  const verdict = {label, qualifiers, decided};
  return {...verdict, ...verdictWords(facts, verdict, candidateFingerprint)} satisfies VerdictResult;
}
