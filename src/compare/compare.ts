// Baseline vs one candidate, as one object of typed facts: what the report prints and the page renders.
// Nothing here is worded for a reader except the verdict sentence and causes, which explain.ts writes.
import type {ColumnTable} from "arquero";
import {alignTables, type Paired} from "./align.js";
import {episodeChanges, type EpisodeJudges} from "./changes.js";
import {incomparability, scoredAgainst, type Incomparability} from "./comparable.js";
import {coverageOf, identicalOutputs, inputDrift, type Coverage, type InputDrift} from "./coverage.js";
import {defectsOf, hasNewDefect, hasNewFailure, type Defects} from "./defects.js";
import {metricDelta, type Delta, type NotJudged} from "./deltas.js";
import {rankEpisodes, type RankedEpisode} from "./episodes.js";
import {findingsOf, type Finding} from "./findings.js";
import {diffFingerprints, type FingerprintChange} from "./fingerprint.js";
import {goldEpisodes, goldScoringOf, goldSentence, type GoldScoring} from "./goldScoring.js";
import {sameMapReduceSource} from "./mapReduce.js";
import {METRICS, type MetricDefinition} from "./metrics.js";
import {pairOnEpisodeIds, pairOnInputs, type Pairing} from "./pairing.js";
import type {RunDetails, RunSummary} from "./types.js";
import {verdictOf, type VerdictResult} from "./verdict.js";

export type {Coverage, InputDrift, InputSide} from "./coverage.js";

/** A run as the engine needs it: its catalog summary, its details and its episode table. */
export interface RunData {
  summary: RunSummary;
  details: RunDetails | null;
  table: ColumnTable;
}

/** The reference (ROUGE) and the gold (NER) both runs are scored against; null where they share none. */
export interface SharedReferences {
  rouge: string | null;
  ner: string | null;
}

/** What a reader should know beside the numbers, as codes with their facts (explain.ts words them). */
export type ComparisonWarning =
  | {code: "references_differ"; signal: "rouge" | "ner"; baseline: string; candidate: string}
  | {code: "offsets_other_text"; gold: string}
  | {code: "incomplete"; common: number; baseline_episodes: number}
  | {code: "only_in_candidate"; episodes: number};

export interface Comparison {
  baseline: string;
  candidate: string;
  comparable: boolean;
  /** Why not, when not comparable. */
  incomparable: Incomparability[];
  /** How episodes met: on (dataset_id, episode_id), across datasets on identical inputs, or on a gold's episode ids. */
  pairing: Pairing;
  references: SharedReferences;
  common_episodes: number;
  warnings: ComparisonWarning[];
  coverage: Coverage;
  inputs: InputDrift;
  /** Common episodes whose outputs are byte-identical. */
  outputs_identical: number;
  changes: FingerprintChange[];
  /** The defects signal: episodes whose defects regressed or improved, and the sign test over them. */
  defects: Defects;
  /** A common episode failed in the candidate only. */
  new_failures: boolean;
  /** A common episode gained a defect type. */
  new_defects: boolean;
  /** Why it changed, ranked from the pipeline's start to its end. */
  findings: Finding[];
  /** The candidate scored against the baseline as its gold (pairing "gold"); null for a comparison of two runs. */
  gold: GoldScoring | null;
  verdict: VerdictResult;
  deltas: Delta[];
  episodes: RankedEpisode[];
}

/** The reference or gold the drill-down shows beside the two runs: ROUGE's, else NER's. */
export const sharedReference = (comparison: Comparison) => comparison.references.rouge ?? comparison.references.ner;

/** Which metrics apply, against which reference, and which are shown but not judged. */
function metricContext(baseline: RunData, candidate: RunData, paired: Paired) {
  const [b, c] = [baseline.summary, candidate.summary];
  const references: SharedReferences = {
    rouge: b.reference?.source === "recomputed" && b.reference.id === c.reference?.id ? b.reference.id : null,
    ner: b.ner && b.ner.reference === c.ner?.reference ? b.ner.reference : null
  };
  const warnings: ComparisonWarning[] = [];
  if (!references.rouge && b.reference && c.reference)
    warnings.push({code: "references_differ", signal: "rouge", baseline: b.reference.id, candidate: c.reference.id});
  if (!references.ner && b.ner && c.ner)
    warnings.push({code: "references_differ", signal: "ner", baseline: b.ner.reference, candidate: c.ner.reference});
  const referenceOf = (m: MetricDefinition) => (m.reference ? references[m.reference] : null);
  // Recorded and derived map/reduce sizes are never put in one delta.
  const applies = (m: MetricDefinition) =>
    (!m.reference || referenceOf(m) !== null) && (m.source !== "map_reduce" || sameMapReduceSource(b, c));
  const notJudged = new Map<string, NotJudged>();
  const offsets = [paired.baseline("ner_offsets_match"), paired.candidate("ner_offsets_match")];
  if (references.ner && offsets.some((column) => Array.from(column).some((v) => v === false))) {
    const reason = {code: "offsets_other_text", gold: references.ner} as const;
    for (const m of METRICS.filter((m) => m.offsets)) notJudged.set(m.name, reason);
    warnings.push(reason);
  }
  return {metrics: METRICS.filter(applies), references, referenceOf, notJudged, warnings};
}

/** Which metrics judge episodes: the task's quality metric against a shared reference, and the defect types. */
function judgesOf(context: ReturnType<typeof metricContext>): EpisodeJudges {
  const names = (keep: (m: MetricDefinition) => boolean) => new Set(context.metrics.filter(keep).map((m) => m.name));
  return {
    decisive: names((m) => m.decides === true && !context.notJudged.has(m.name)),
    defects: names((m) => m.kind === "health" && m.judged !== false)
  };
}

/** Aligns the two tables: on datasets when they share one, else on identical inputs (when any). */
function alignRuns(baseline: RunData, candidate: RunData) {
  const incomparable = incomparability(baseline.summary, candidate.summary);
  const acrossDatasets = incomparable.length > 0 && incomparable.every((r) => r.code === "different_datasets");
  const moved = acrossDatasets ? pairOnInputs(baseline.table, candidate.table) : null;
  const pairing: Pairing = moved?.moved ? "input_hash" : "dataset";
  const paired = alignTables(baseline.table, moved?.table ?? candidate.table);
  const reasons = pairing === "input_hash" ? [] : incomparable;
  const coverage = coverageOf(paired);
  if (!reasons.length && coverage.common === 0) reasons.push({code: "no_common_episodes"});
  return {paired, coverage, pairing, incomparable: reasons};
}

/**
 * A run against the gold it names, the gold as the baseline: a scoring. Episodes meet on the episode id, as the
 * scorer's; no delta and no label (null), but the run's precision, recall and F1 against the gold, the predictions
 * dropped before matching, and per episode its F1 and counts. Inputs differ where the run's input_hash is not the
 * gold's text_fingerprint (mention offsets then refer to other text).
 */
function scoreAgainstGold(gold: RunData, run: RunData): Comparison {
  const paired = pairOnEpisodeIds(gold.table, run.table);
  const coverage = coverageOf(paired);
  const scoring = goldScoringOf(gold.summary.id, run.summary.ner!, paired);
  const warnings: ComparisonWarning[] = [];
  if (scoring.offsets_other_text) warnings.push({code: "offsets_other_text", gold: gold.summary.id});
  if (coverage.missing_from_candidate.length)
    warnings.push({code: "incomplete", common: coverage.common, baseline_episodes: coverage.baseline_episodes});
  if (coverage.only_in_candidate.length)
    warnings.push({code: "only_in_candidate", episodes: coverage.only_in_candidate.length});
  const inputs = inputDrift(paired);
  const qualifiers = [
    ...(coverage.missing_from_candidate.length ? (["incomplete"] as const) : []),
    ...(inputs.differing ? (["inputs_differ"] as const) : [])
  ];
  return {
    baseline: gold.summary.id,
    candidate: run.summary.id,
    comparable: true,
    incomparable: [],
    pairing: "gold",
    references: {rouge: null, ner: gold.summary.id},
    common_episodes: coverage.common,
    warnings,
    coverage,
    inputs,
    outputs_identical: 0,
    changes: [],
    defects: defectsOf([]),
    new_failures: false,
    new_defects: false,
    findings: [],
    gold: scoring,
    deltas: [],
    episodes: goldEpisodes(paired),
    verdict: {label: null, qualifiers, decided: [], sentence: goldSentence(scoring, coverage), causes: []}
  };
}

export function compareRuns(baseline: RunData, candidate: RunData): Comparison {
  if (scoredAgainst(baseline.summary, candidate.summary) && candidate.summary.ner)
    return scoreAgainstGold(baseline, candidate);
  const {paired, coverage, pairing, incomparable} = alignRuns(baseline, candidate);
  const comparable = incomparable.length === 0;
  const inputs = comparable ? inputDrift(paired) : {compared: 0, differing: 0, unknown: 0, episodes: []};
  const changes = diffFingerprints(baseline.details?.fingerprint ?? null, candidate.details?.fingerprint ?? null);
  const context = metricContext(baseline, candidate, paired);
  const judges = judgesOf(context);
  const records = comparable ? episodeChanges(paired, context.metrics, judges) : [];
  const common = records.filter((r) => r.status === "common");
  const deltaContext = {reference: context.referenceOf, notJudged: context.notJudged, decisive: judges.decisive};
  const deltas = comparable ? context.metrics.flatMap((m) => metricDelta(m, records, deltaContext) ?? []) : [];
  const warnings = comparable ? [...context.warnings] : [];
  if (comparable && coverage.missing_from_candidate.length)
    warnings.push({code: "incomplete", common: coverage.common, baseline_episodes: coverage.baseline_episodes});
  if (comparable && coverage.only_in_candidate.length)
    warnings.push({code: "only_in_candidate", episodes: coverage.only_in_candidate.length});
  const has = (column: string) => [baseline.table, candidate.table].every((t) => t.columnNames().includes(column));
  const outputsIdentical = comparable ? identicalOutputs(paired) : 0;
  const findings = comparable
    ? findingsOf({
        paired,
        records,
        deltas,
        changes,
        outputsIdentical,
        inputsDiffering: inputs.episodes.map((e) => e.episode_id),
        inputsCompared: inputs.compared,
        has
      })
    : [];
  const facts = {
    baseline: baseline.summary.id,
    candidate: candidate.summary.id,
    comparable,
    incomparable,
    pairing,
    references: context.references,
    common_episodes: comparable ? coverage.common : 0,
    warnings,
    coverage,
    inputs,
    outputs_identical: outputsIdentical,
    changes,
    defects: defectsOf(common),
    new_failures: hasNewFailure(common),
    new_defects: hasNewDefect(common, judges.defects),
    deltas,
    findings,
    gold: null,
    episodes: comparable ? rankEpisodes(records, new Set([...judges.decisive, ...judges.defects])) : []
  };
  return {...facts, verdict: verdictOf(facts, candidate.details?.fingerprint ?? null)};
}

/**
 * compareRuns, remembered per pair of runs (their tables, details and summaries: all immutable once loaded),
 * so adding a run to the selection compares that run alone and Back/Forward redo nothing.
 */
export function rememberingCompare(): (baseline: RunData, candidate: RunData) => Comparison {
  const byBaseline = new WeakMap<
    ColumnTable,
    WeakMap<ColumnTable, {baseline: RunData; candidate: RunData; comparison: Comparison}>
  >();
  const same = (a: RunData, b: RunData) => a.table === b.table && a.details === b.details && a.summary === b.summary;
  return (baseline, candidate) => {
    const known = byBaseline.get(baseline.table) ?? new WeakMap();
    byBaseline.set(baseline.table, known);
    const entry = known.get(candidate.table);
    if (entry && same(entry.baseline, baseline) && same(entry.candidate, candidate)) return entry.comparison;
    const comparison = compareRuns(baseline, candidate);
    known.set(candidate.table, {baseline, candidate, comparison});
    return comparison;
  };
}
