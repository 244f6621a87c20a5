// The verdict in one sentence, for the page, the report and the Markdown: identical outputs first, then the
// label and what decided it, what could not be told, what a reader must know about the episodes, trade-offs
// and the changed settings. Built from the comparison's typed facts; nothing reads it back.
import type {Comparison} from "./compare.js";
import type {Delta} from "./deltas.js";
import {eventOf, incomparabilityWords, tradeoffWords, warningWords} from "./explain.js";
import {findingWords} from "./findingWords.js";
import type {Finding} from "./findings.js";
import {topChanges, type FlatFingerprint} from "./fingerprint.js";
import type {Qualifier, VerdictLabel} from "./verdict.js";
import {difference, episodeList, lastSegment, signed} from "./words.js";

type Facts = Omit<Comparison, "verdict">;
type Verdict = {label: VerdictLabel; qualifiers: Qualifier[]; decided: Delta[]};

const LEAD: Record<VerdictLabel, string> = {
  better: "Better",
  worse: "Worse",
  mixed: "Mixed",
  no_clear_change: "No clear change",
  not_comparable: "Not comparable"
};
const MAX_TRADEOFFS = 3;
const percentLevel = (level: number | null) => `${Number(((level ?? 0.95) * 100).toFixed(1))}%`;

/** The decisive quality change: "ROUGE-L F1 −0.21 [−0.30, −0.12] (97.5% interval) vs silver_v1". */
function qualityWords(d: Delta): string {
  const reference = d.reference ? ` vs ${lastSegment(d.reference)}` : "";
  const [lo, hi] = d.shown ?? [null, null];
  const interval = d.shown ? ` [${signed(lo, d.unit)}, ${signed(hi, d.unit)}] (${percentLevel(d.ci_level)})` : "";
  return `${d.short} ${signed(d.delta, d.unit)}${interval}${reference}`;
}

/** Each defect type gained, with its episodes: "truncation on p04_e01; failure on p05_e01, p06_e01". */
function gainedWords(deltas: Delta[]): string {
  const gained = deltas.filter((d) => d.method === "rule" && d.metric !== "success_rate" && d.new.length);
  return gained.map((d) => `${eventOf(d.metric)} on ${episodeList(d.new)}`).join("; ");
}

/** The defects signal when it decided: "defects up on 9 episodes, down on 1 (sign test p = 0.021): …". */
function defectsWords(facts: Facts): string {
  const {regressed, improved, p, verdict} = facts.defects;
  const [more, fewer] = verdict === "worse" ? [regressed, improved] : [improved, regressed];
  const direction = verdict === "worse" ? "up" : "down";
  const test = `(sign test p = ${p < 0.001 ? p.toExponential(1) : p.toFixed(3)})`;
  const gained = verdict === "worse" ? gainedWords(facts.deltas) : "";
  const which = gained ? `: ${gained}` : "";
  return `defects ${direction} on ${more.length} episodes, ${fewer.length} the other way ${test}${which}`;
}

function causes(facts: Facts, verdict: Verdict): string[] {
  const quality = verdict.decided.map(qualityWords);
  return facts.defects.verdict === "same" ? quality : [...quality, defectsWords(facts)];
}

/** What the quality signal could not say: too few episodes, or no change as large as its threshold. */
function qualityNote(facts: Facts, verdict: Verdict): string | null {
  if (verdict.qualifiers.includes("no_quality_signal")) {
    const differ = facts.warnings.find((w) => w.code === "references_differ");
    return `Quality vs reference not measured${differ ? ` (${warningWords(differ)})` : ""}.`;
  }
  const d = facts.deltas.find((delta) => delta.decisive);
  if (!d || verdict.label !== "no_clear_change") return null;
  if (d.state === "underpowered") {
    const mde = d.mde === null ? "" : `; smallest change it could tell: ${difference(d.mde, d.unit)}`;
    return `Too few episodes to tell for ${d.short} (n = ${d.n}${mde}).`;
  }
  if (d.state === "equivalent")
    return `No change in ${d.short} as large as ${difference(d.threshold, d.unit)} (n = ${d.n}).`;
  return null;
}

function episodeNotes(facts: Facts, verdict: Verdict): string[] {
  const notes: string[] = [];
  const {common, baseline_episodes} = facts.coverage;
  if (facts.pairing === "input_hash") notes.push(`Paired across datasets on identical inputs (${common} episodes).`);
  if (verdict.qualifiers.includes("incomplete"))
    notes.push(`Covers ${common} of ${baseline_episodes} baseline episodes; the deltas are over those ${common}.`);
  const newDefects = verdict.qualifiers.includes("new_defects") && facts.defects.verdict !== "worse";
  if (newDefects) notes.push(`New defects, too few to call it worse: ${gainedWords(facts.deltas)}.`);
  return notes;
}

const FINDINGS_IN_SENTENCE = 3;
const PIPELINE: Finding["stage"][] = ["inputs", "chunking", "map", "reduce", "final"];

/** The top measured findings of the pipeline's stages (defects, quality and cost are said elsewhere). */
function pipelineFindings(facts: Facts): string[] {
  return facts.findings
    .filter((f) => f.measured && PIPELINE.includes(f.stage))
    .slice(0, FINDINGS_IN_SENTENCE)
    .map((f) => findingWords(f, facts.changes, facts.inputs));
}

/** Clear trade-offs by size, then the changed settings that matter most. */
function tradeoffsAndSettings(facts: Facts, changed: string[]): string[] {
  const parts: string[] = [];
  const tradeoffs = facts.deltas.filter((d) => d.kind === "tradeoff" && d.clear).slice(0, MAX_TRADEOFFS);
  if (tradeoffs.length) parts.push(`Trade-offs: ${tradeoffs.map(tradeoffWords).join("; ")}.`);
  if (changed.length) parts.push(`Changed: ${changed.join("; ")}.`);
  return parts;
}

/** The verdict's sentence and its causes in words. */
export function verdictWords(
  facts: Facts,
  verdict: Verdict,
  candidateFingerprint: FlatFingerprint | null
): {sentence: string; causes: string[]} {
  if (verdict.label === "not_comparable") {
    const why = facts.incomparable.map(incomparabilityWords).join("; ");
    return {sentence: `Not comparable: ${why}.`, causes: [why]};
  }
  const changed = topChanges(facts.changes, candidateFingerprint);
  if (verdict.qualifiers.includes("outputs_identical")) {
    const settings = facts.changes.length;
    const which = settings ? `the ${settings} changed setting${settings === 1 ? "" : "s"}` : "the change";
    const identical = `${facts.outputs_identical} of ${facts.common_episodes} episodes`;
    const lead = `Outputs identical on ${identical}: ${which} did not change any output.`;
    const parts = [
      lead,
      `${LEAD[verdict.label]}.`,
      ...episodeNotes(facts, verdict),
      ...tradeoffsAndSettings(facts, changed)
    ];
    return {sentence: parts.join(" "), causes: []};
  }
  const reasons = causes(facts, verdict);
  const parts = [reasons.length ? `${LEAD[verdict.label]}: ${reasons.join("; ")}.` : `${LEAD[verdict.label]}.`];
  const why = pipelineFindings(facts);
  if (why.length) parts.push(`Where: ${why.join("; ")}.`);
  const note = qualityNote(facts, verdict);
  if (note) parts.push(note);
  parts.push(...episodeNotes(facts, verdict), ...tradeoffsAndSettings(facts, changed));
  return {sentence: parts.join(" "), causes: reasons};
}
