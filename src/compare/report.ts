// The comparison as one object: what the report command prints and the page renders (SPEC section 5).
import {alignRuns, pairKey, rowsByRun, type EpisodePair} from "./align.js";
import {computeDeltas, type Delta} from "./deltas.js";
import {rankEpisodes, type EpisodeChange} from "./regressions.js";
import type {EpisodeRow, Kpis, Problem, ReferenceQuality, RunRecord, Snapshot} from "./types.js";
import {candidateVerdict, type CandidateVerdict} from "./verdict.js";

export interface ReportRun {
  id: string;
  kind: RunRecord["kind"];
  task: string | null;
  dataset_id: string | null;
  artifacts: RunRecord["artifacts"];
  problems: Problem[];
  warnings: string[];
  episodes: number;
  kpis: Kpis;
  reference: ReferenceQuality | null;
}

export interface Comparison {
  candidate: string;
  comparable: boolean;
  common_episodes: number;
  warnings: string[];
  verdict: CandidateVerdict;
  deltas: Delta[];
  episodes: EpisodeChange[];
  /** Episode pairs in the ranked order of `episodes`; for the page, not the JSON report. */
  pairs: EpisodePair[];
}

export interface Report {
  runs: ReportRun[];
  baseline?: string;
  comparisons?: Omit<Comparison, "pairs">[];
}

const ROUGE_METRICS = new Set(["rouge1_f1", "rouge2_f1", "rougeL_f1"]);

export function reportRun(run: RunRecord): ReportRun {
  const {id, kind, task, dataset_id, artifacts, problems, warnings, episodes, kpis, reference} = run;
  return {id, kind, task, dataset_id, artifacts, problems, warnings, episodes, kpis, reference};
}

export function compareRuns(baseline: RunRecord, candidate: RunRecord, rows: Map<string, EpisodeRow[]>): Comparison {
  const alignment = alignRuns(baseline, candidate, rows.get(baseline.id) ?? [], rows.get(candidate.id) ?? []);
  const warnings: string[] = [];
  if (alignment.missingFromCandidate) {
    warnings.push(`${alignment.missingFromCandidate} baseline episode(s) missing from the candidate count as failed`);
  }
  if (alignment.onlyInCandidate) warnings.push(`${alignment.onlyInCandidate} episode(s) only in the candidate are not compared`);
  let deltas = alignment.comparable ? computeDeltas(alignment.pairs) : [];
  const sameReference = baseline.reference?.id === candidate.reference?.id;
  if (!sameReference && deltas.some((d) => ROUGE_METRICS.has(d.metric))) {
    warnings.push(`ROUGE not compared: baseline and candidate are scored against different references`);
    deltas = deltas.filter((d) => !ROUGE_METRICS.has(d.metric));
  }
  const ranked = rankEpisodes(alignment.pairs);
  const pairsByKey = new Map(alignment.pairs.map((p) => [pairKey(p.dataset_id, p.episode_id), p]));
  return {
    candidate: candidate.id,
    comparable: alignment.comparable,
    common_episodes: alignment.common,
    warnings: alignment.reason ? [`not comparable: ${alignment.reason}`, ...warnings] : warnings,
    verdict: candidateVerdict(deltas, alignment.reason),
    deltas,
    episodes: ranked,
    pairs: ranked.map((e) => pairsByKey.get(pairKey(e.dataset_id, e.episode_id))!)
  };
}

export class UnknownRunError extends Error {}

export function buildReport(snapshot: Snapshot, rows: EpisodeRow[], baselineId?: string | null, candidateIds: string[] = []): Report {
  const runs = snapshot.runs.map(reportRun);
  if (!baselineId && candidateIds.length === 0) return {runs};
  const byId = new Map(snapshot.runs.map((r) => [r.id, r]));
  const find = (id: string | null | undefined, role: string) => {
    const run = id ? byId.get(id) : undefined;
    if (!run) throw new UnknownRunError(id ? `unknown ${role} run id: ${id}` : `a ${role} run is required`);
    return run;
  };
  const baseline = find(baselineId, "baseline");
  const candidates = candidateIds.map((id) => find(id, "candidate"));
  const byRun = rowsByRun(rows);
  const comparisons = candidates.map((candidate) => {
    const {pairs: _pairs, ...comparison} = compareRuns(baseline, candidate, byRun);
    return comparison;
  });
  return {runs, baseline: baseline.id, comparisons};
}
