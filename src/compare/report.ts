// The report as JSON: the run list, and per candidate the comparison with the baseline (README, the report command).
import type {ColumnTable} from "arquero";
import {compareRuns, type Comparison} from "./compare.js";
import type {Delta} from "./deltas.js";
import {findingWords} from "./findingWords.js";
import type {Finding} from "./findings.js";
import {goldEpisodeValues, type GoldEpisodeValues} from "./goldScoring.js";
import {episodeReasonWords, notJudgedWords, reasonWords, warningWords} from "./explain.js";
import type {Catalog, Kpis, NerQuality, Problem, RunDetails, RunSummary} from "./types.js";

export interface ReportRun {
  id: string;
  kind: RunSummary["kind"];
  task: string | null;
  dataset_id: string | null;
  archived: boolean;
  artifacts: RunSummary["artifacts"];
  problems: Problem[];
  warnings: string[];
  episodes: number;
  kpis: Kpis;
  reference: {
    id: string;
    rouge1_f1: number | null;
    rouge2_f1: number | null;
    rougeL_f1: number | null;
    episodes: number | null;
  } | null;
  ner: NerQuality | null;
}

export interface ReportEpisode {
  episode_id: string;
  dataset_id: string;
  status: string;
  regressed: boolean;
  reasons: string[];
  improvements: string[];
  tradeoffs: string[];
  /** Scored against its gold (pairing "gold"): the run's F1 per mode and its counts on this episode. */
  ner?: GoldEpisodeValues;
}

/** A finding as the report prints it: stage, code, one sentence, the newly affected episodes, the settings. */
export interface ReportFinding {
  stage: Finding["stage"];
  code: string;
  sentence: string;
  episodes: string[];
  settings: string[];
  measured: boolean;
}

/** A delta as the report prints it: why a row is not judged, in words. */
export type ReportDelta = Omit<Delta, "not_judged"> & {note: string | null};

/** The comparison as the report prints it: facts the engine keeps as codes and records, in words. */
export type ReportComparison = Omit<
  Comparison,
  "episodes" | "baseline" | "warnings" | "incomparable" | "deltas" | "verdict" | "findings"
> & {
  findings: ReportFinding[];
  warnings: string[];
  verdict: Omit<Comparison["verdict"], "decided">;
  deltas: ReportDelta[];
  episodes: ReportEpisode[];
};

export interface Report {
  runs: ReportRun[];
  baseline?: string;
  comparisons?: ReportComparison[];
}

export class UnknownRunError extends Error {}

export function reportRun(summary: RunSummary, full: {problems: Problem[]; warnings: string[]} | null): ReportRun {
  const {id, kind, task, dataset_id, archived, artifacts, episodes, kpis, reference, ner} = summary;
  return {
    id,
    kind,
    task,
    dataset_id,
    archived,
    artifacts,
    problems: full?.problems ?? summary.problems,
    warnings: full?.warnings ?? summary.warnings,
    episodes,
    kpis,
    reference: reference && {
      id: reference.id,
      rouge1_f1: reference.rouge1_f1,
      rouge2_f1: reference.rouge2_f1,
      rougeL_f1: reference.rougeL_f1,
      episodes: reference.episodes
    },
    ner
  };
}

export function reportComparison(comparison: Comparison): ReportComparison {
  const {baseline: _b, incomparable: _i, episodes, warnings, deltas, verdict, findings, ...rest} = comparison;
  const {decided: _decided, ...words} = verdict;
  return {
    ...rest,
    warnings: warnings.map(warningWords),
    findings: findings.map((f) => ({
      stage: f.stage,
      code: f.code,
      sentence: findingWords(f, comparison.changes, comparison.inputs),
      episodes: f.episodes,
      settings: f.settings,
      measured: f.measured
    })),
    verdict: words,
    deltas: deltas.map(({not_judged, ...delta}) => ({...delta, note: not_judged && notJudgedWords(not_judged)})),
    episodes: episodes.map((e) => ({
      episode_id: e.episode_id,
      dataset_id: e.dataset_id,
      status: e.status,
      regressed: e.regressed,
      reasons: episodeReasonWords(e),
      improvements: e.improvements.map(reasonWords),
      tradeoffs: e.tradeoffs.map(reasonWords),
      ...(comparison.gold && e.status === "common" ? {ner: goldEpisodeValues(e)} : {})
    }))
  };
}

/** Where a run's own files come from: the store on disk for the report, fetches in the page. */
export interface RunFilesSource {
  details: (summary: RunSummary) => RunDetails | null;
  table: (summary: RunSummary) => ColumnTable;
}

/** Every run of the catalog, and (with a baseline) one comparison per candidate. */
export function buildReport(
  catalog: Catalog,
  source: RunFilesSource,
  baselineId?: string | null,
  candidateIds: string[] = []
): Report {
  const byId = new Map(catalog.runs.map((run) => [run.id, run]));
  const details = new Map(catalog.runs.map((summary) => [summary.id, source.details(summary)]));
  const data = (summary: RunSummary) => ({
    summary,
    details: details.get(summary.id) ?? null,
    table: source.table(summary)
  });
  const runs = catalog.runs.map((summary) => reportRun(summary, details.get(summary.id) ?? null));
  if (!baselineId && candidateIds.length === 0) return {runs};
  const find = (id: string | null | undefined, role: string) => {
    const run = id ? byId.get(id) : undefined;
    if (!run) throw new UnknownRunError(id ? `unknown ${role} run id: ${id}` : `a ${role} run is required`);
    return run;
  };
  const baseline = find(baselineId, "baseline");
  const candidates = candidateIds.map((id) => find(id, "candidate"));
  const comparisons = candidates.map((candidate) => reportComparison(compareRuns(data(baseline), data(candidate))));
  return {runs, baseline: baseline.id, comparisons};
}
