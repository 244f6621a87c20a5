// Pairs a baseline's episodes with a candidate's on (dataset_id, episode_id), never on the id alone.
import type {EpisodeRow, RunRecord} from "./types.js";

export interface EpisodePair {
  dataset_id: string;
  episode_id: string;
  baseline: EpisodeRow | null;
  candidate: EpisodeRow | null;
}

export interface Alignment {
  comparable: boolean;
  reason: string | null;
  /** Every baseline episode (candidate may be null: missing) plus candidate-only episodes. */
  pairs: EpisodePair[];
  common: number;
  missingFromCandidate: number;
  onlyInCandidate: number;
}

export const pairKey = (datasetId: string, episodeId: string) => `${datasetId}\u0000${episodeId}`;

export function rowsByRun(rows: EpisodeRow[]): Map<string, EpisodeRow[]> {
  const byRun = new Map<string, EpisodeRow[]>();
  for (const row of rows) {
    const list = byRun.get(row.run);
    if (list) list.push(row);
    else byRun.set(row.run, [row]);
  }
  return byRun;
}

function datasets(rows: EpisodeRow[]): Set<string> {
  return new Set(rows.map((r) => r.dataset_id));
}

export function alignRuns(
  baseline: RunRecord,
  candidate: RunRecord,
  baselineRows: EpisodeRow[],
  candidateRows: EpisodeRow[]
): Alignment {
  const byKey = new Map(candidateRows.map((r) => [pairKey(r.dataset_id, r.episode_id), r]));
  const pairs: EpisodePair[] = baselineRows.map((b) => {
    const c = byKey.get(pairKey(b.dataset_id, b.episode_id)) ?? null;
    byKey.delete(pairKey(b.dataset_id, b.episode_id));
    return {dataset_id: b.dataset_id, episode_id: b.episode_id, baseline: b, candidate: c};
  });
  const common = pairs.filter((p) => p.candidate !== null).length;
  const onlyInCandidate = [...byKey.values()].map((c) => ({
    dataset_id: c.dataset_id,
    episode_id: c.episode_id,
    baseline: null,
    candidate: c
  }));
  const baseSets = baseline.dataset_id ? new Set([baseline.dataset_id]) : datasets(baselineRows);
  const candSets = candidate.dataset_id ? new Set([candidate.dataset_id]) : datasets(candidateRows);
  const reasons: string[] = [];
  if (![...candSets].some((d) => baseSets.has(d))) {
    reasons.push(`different datasets: baseline ${[...baseSets].join(", ") || "unknown"}, candidate ${[...candSets].join(", ") || "unknown"}`);
  }
  if (baseline.task && candidate.task && baseline.task !== candidate.task) {
    reasons.push(`different tasks: baseline ${baseline.task}, candidate ${candidate.task}`);
  }
  if (!reasons.length && common === 0) reasons.push("no episodes in common");
  const reason = reasons.length ? reasons.join("; ") : null;
  return {
    comparable: reason === null,
    reason,
    pairs: reason === null ? [...pairs, ...onlyInCandidate] : [],
    common: reason === null ? common : 0,
    missingFromCandidate: reason === null ? pairs.length - common : 0,
    onlyInCandidate: reason === null ? onlyInCandidate.length : 0
  };
}
