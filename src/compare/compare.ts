// Baseline vs one candidate, as one object: what the report prints and the page renders (SPEC sections 3, 5).
import type {ColumnTable} from "arquero";
import {alignTables, datasetsOf, type Paired} from "./align.js";
import {episodeChanges} from "./changes.js";
import {metricDelta, type Delta} from "./deltas.js";
import {rankEpisodes, type RankedEpisode} from "./episodes.js";
import {diffFingerprints, topChanges, type FingerprintChange} from "./fingerprint.js";
import {METRICS, type MetricDefinition} from "./metrics.js";
import type {RunDetails, RunSummary} from "./types.js";
import {verdictOf, type VerdictResult} from "./verdict.js";

/** A run as the engine needs it: its catalog summary, its details and its episode table. */
export interface RunData {
  summary: RunSummary;
  details: RunDetails | null;
  table: ColumnTable;
}

export interface Coverage {
  baseline_episodes: number;
  candidate_episodes: number;
  common: number;
  missing_from_candidate: string[];
  only_in_candidate: string[];
}

export interface InputSide {
  hash: string | null;
  path: string | null;
  chars: number | null;
}

export interface InputDrift {
  compared: number;
  differing: number;
  unknown: number;
  episodes: {episode_id: string; dataset_id: string; baseline: InputSide; candidate: InputSide}[];
}

export interface Comparison {
  baseline: string;
  candidate: string;
  comparable: boolean;
  common_episodes: number;
  warnings: string[];
  coverage: Coverage;
  inputs: InputDrift;
  changes: FingerprintChange[];
  verdict: VerdictResult;
  deltas: Delta[];
  episodes: RankedEpisode[];
}

function notComparable(baseline: RunData, candidate: RunData, common: number): string | null {
  const [b, c] = [baseline.summary, candidate.summary];
  const reasons: string[] = [];
  const bSets = b.dataset_id ? new Set([b.dataset_id]) : datasetsOf(baseline.table);
  const cSets = c.dataset_id ? new Set([c.dataset_id]) : datasetsOf(candidate.table);
  if (![...cSets].some((d) => bSets.has(d)))
    reasons.push(
      `different datasets (baseline ${[...bSets].join(", ") || "unknown"}, candidate ${[...cSets].join(", ") || "unknown"})`
    );
  if (b.task && c.task && b.task !== c.task) reasons.push(`different tasks (baseline ${b.task}, candidate ${c.task})`);
  if (!reasons.length && common === 0) reasons.push("no episodes in common");
  return reasons.length ? reasons.join("; ") : null;
}

function coverageOf(paired: Paired): Coverage {
  const ids = (keep: (i: number) => boolean) => paired.episode_id.filter((_, i) => keep(i));
  return {
    baseline_episodes: paired.inBaseline.filter(Boolean).length,
    candidate_episodes: paired.inCandidate.filter(Boolean).length,
    common: ids((i) => paired.inBaseline[i] && paired.inCandidate[i]).length,
    missing_from_candidate: ids((i) => paired.inBaseline[i] && !paired.inCandidate[i]),
    only_in_candidate: ids((i) => !paired.inBaseline[i] && paired.inCandidate[i])
  };
}

/** Common episodes whose inputs differ: by input_hash when both have one, else by input length. */
function inputDrift(paired: Paired): InputDrift {
  const side = (get: Paired["baseline"], i: number): InputSide => ({
    hash: (get("input_hash")[i] as string | null) ?? null,
    path: (get("input_path")[i] as string | null) ?? null,
    chars: (get("input_chars")[i] as number | null) ?? null
  });
  const drift: InputDrift = {compared: 0, differing: 0, unknown: 0, episodes: []};
  for (let i = 0; i < paired.rows; i++) {
    if (!paired.inBaseline[i] || !paired.inCandidate[i]) continue;
    const [b, c] = [side(paired.baseline, i), side(paired.candidate, i)];
    const differs =
      b.hash && c.hash ? b.hash !== c.hash : b.chars !== null && c.chars !== null ? b.chars !== c.chars : null;
    if (differs === null) drift.unknown++;
    else drift.compared++;
    if (differs) {
      drift.differing++;
      drift.episodes.push({
        episode_id: paired.episode_id[i],
        dataset_id: paired.dataset_id[i],
        baseline: b,
        candidate: c
      });
    }
  }
  return drift;
}

/** Which metrics apply, against which reference, and which are shown but not judged. */
function metricContext(baseline: RunData, candidate: RunData, paired: Paired) {
  const [b, c] = [baseline.summary, candidate.summary];
  const rouge = b.reference?.source === "recomputed" && b.reference.id === c.reference?.id ? b.reference.id : null;
  const ner = b.ner && b.ner.reference === c.ner?.reference ? b.ner.reference : null;
  const warnings: string[] = [];
  if (!rouge && b.reference && c.reference)
    warnings.push(
      `ROUGE not compared: the baseline is scored against ${b.reference.id}, the candidate against ${c.reference.id}`
    );
  if (!ner && b.ner && c.ner)
    warnings.push(
      `NER F1 not compared: the baseline is scored against ${b.ner.reference}, the candidate against ${c.ner.reference}`
    );
  const referenceOf = (m: MetricDefinition) => (m.reference === "rouge" ? rouge : m.reference === "ner" ? ner : null);
  const applies = (m: MetricDefinition) => !m.reference || referenceOf(m) !== null;
  const notJudged = new Map<string, string>();
  const offsets = [paired.baseline("ner_offsets_match"), paired.candidate("ner_offsets_match")];
  if (ner && offsets.some((column) => Array.from(column).some((v) => v === false))) {
    const note = `mention offsets refer to text the gold ${ner} was not made on (input_hash ≠ text_fingerprint): shown, not judged`;
    for (const m of METRICS.filter((m) => m.offsets)) notJudged.set(m.name, note);
    warnings.push(note);
  }
  return {
    metrics: METRICS.filter(applies),
    referenceOf,
    notJudged,
    warnings,
    referenceNote: warnings.find((w) => w.startsWith("ROUGE")) ?? null
  };
}

export function compareRuns(baseline: RunData, candidate: RunData): Comparison {
  const paired = alignTables(baseline.table, candidate.table);
  const coverage = coverageOf(paired);
  const reason = notComparable(baseline, candidate, coverage.common);
  const inputs = reason ? {compared: 0, differing: 0, unknown: 0, episodes: []} : inputDrift(paired);
  const changes = diffFingerprints(baseline.details?.fingerprint ?? null, candidate.details?.fingerprint ?? null);
  const context = metricContext(baseline, candidate, paired);
  const decisive = new Set(
    context.metrics.filter((m) => m.kind !== "tradeoff" && !context.notJudged.has(m.name)).map((m) => m.name)
  );
  const records = reason ? [] : episodeChanges(paired, context.metrics, decisive);
  const deltas = reason
    ? []
    : context.metrics.flatMap(
        (m) => metricDelta(m, records, {reference: context.referenceOf, notJudged: context.notJudged}) ?? []
      );
  const verdict = verdictOf({
    notComparable: reason,
    deltas,
    common: coverage.common,
    baselineEpisodes: coverage.baseline_episodes,
    missing: coverage.missing_from_candidate.length,
    inputsDiffering: inputs.differing,
    inputsCompared: inputs.compared,
    changes: topChanges(changes, candidate.details?.fingerprint ?? null),
    referenceNote: context.referenceNote
  });
  const warnings = reason ? [] : [...context.warnings];
  if (!reason && coverage.missing_from_candidate.length)
    warnings.push(
      `covers ${coverage.common} of ${coverage.baseline_episodes} baseline episodes; missing episodes are not failures, and every number is over the common ones`
    );
  if (!reason && coverage.only_in_candidate.length)
    warnings.push(`${coverage.only_in_candidate.length} episode(s) only in the candidate are not compared`);
  return {
    baseline: baseline.summary.id,
    candidate: candidate.summary.id,
    comparable: reason === null,
    common_episodes: reason ? 0 : coverage.common,
    warnings,
    coverage,
    inputs,
    changes,
    verdict,
    deltas,
    episodes: reason ? [] : rankEpisodes(records, decisive)
  };
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
    let known = byBaseline.get(baseline.table);
    if (!known) byBaseline.set(baseline.table, (known = new WeakMap()));
    const entry = known.get(candidate.table);
    if (entry && same(entry.baseline, baseline) && same(entry.candidate, candidate)) return entry.comparison;
    const comparison = compareRuns(baseline, candidate);
    known.set(candidate.table, {baseline, candidate, comparison});
    return comparison;
  };
}
