// The verdict: a label read only from the verdicts of the decisive deltas (quality signals and health
// rules), and qualifiers beside it. explain.ts puts it in a sentence that also names clear trade-offs and
// the changed settings.
import type {Comparison} from "./compare.js";
import type {Delta} from "./deltas.js";
import {verdictWords} from "./sentence.js";
import type {FlatFingerprint} from "./fingerprint.js";
import {settingStage} from "./findings.js";
import {labelOf} from "./signals.js";

export const VERDICT_LABELS = ["better", "worse", "mixed", "no_clear_change", "not_comparable"] as const;
export type VerdictLabel = (typeof VERDICT_LABELS)[number];
export const QUALIFIERS = [
  "incomplete",
  "inputs_differ",
  "preprocessing_changed",
  "no_quality_signal",
  "new_failures",
  "new_defects",
  "outputs_identical"
] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export interface VerdictResult {
  /** Null for a run scored against its gold (pairing "gold"): a scoring has no label. */
  label: VerdictLabel | null;
  qualifiers: Qualifier[];
  /** The decisive quality delta when it is clear (the defects signal speaks for itself in `defects`). */
  decided: Delta[];
  /** For display: the label in a sentence, and its causes in words (explain.ts). */
  sentence: string;
  causes: string[];
}

type VerdictFacts = Omit<Comparison, "verdict">;

/** The label from the two decisive signals: the task's quality metric, and the defects' sign test. */
export function verdictLabel(facts: VerdictFacts): VerdictLabel {
  if (!facts.comparable) return "not_comparable";
  const quality = facts.deltas.find((d) => d.decisive)?.verdict ?? "same";
  return labelOf([quality, facts.defects.verdict]);
}

function qualifiersOf(facts: VerdictFacts): Qualifier[] {
  const all = facts.common_episodes > 0 && facts.outputs_identical === facts.common_episodes;
  const has: Record<Qualifier, boolean> = {
    incomplete: facts.coverage.missing_from_candidate.length > 0,
    inputs_differ: facts.inputs.differing > 0,
    preprocessing_changed: facts.changes.some((c) => ["inputs", "chunking"].includes(settingStage(c.path) ?? "")),
    no_quality_signal: !facts.deltas.some((d) => d.decisive),
    new_failures: facts.new_failures,
    new_defects: facts.new_defects,
    outputs_identical: all
  };
  return QUALIFIERS.filter((q) => has[q]);
}

export function verdictOf(facts: VerdictFacts, candidateFingerprint: FlatFingerprint | null): VerdictResult {
  const label = verdictLabel(facts);
  const qualifiers = label === "not_comparable" ? [] : qualifiersOf(facts);
  const decided = facts.deltas.filter((d) => d.decisive && d.verdict !== "same");
  const verdict = {label, qualifiers, decided};
  return {...verdict, ...verdictWords(facts, verdict, candidateFingerprint)};
}
