// One per-episode change record: per metric, the two values, the difference and whether it crossed the
// metric's threshold. It feeds the episode list, the delta table's counts and the verdict, so they agree.
import type {Paired} from "./align.js";
import {goodness, thresholdFor, type MetricDefinition} from "./metrics.js";

export type EpisodeStatus = "common" | "missing" | "only_candidate";

export interface MetricChange {
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
  /** +1 crossed the threshold the good way, -1 the bad way, 0 not crossed (or neutral, or no value). */
  crossed: -1 | 0 | 1;
  /** Crossed a neutral metric's threshold (a size change worth showing). */
  changed: boolean;
}

/** One side of a paired episode: its row in that run's table, and whether it failed (with the error given). */
export interface EpisodeSide {
  row: number | null;
  failed: boolean;
  error: string | null;
}

export interface EpisodeChange {
  dataset_id: string;
  episode_id: string;
  status: EpisodeStatus;
  baseline: EpisodeSide;
  candidate: EpisodeSide;
  /** Defect types the candidate has and the baseline lacks, minus the reverse: > 0 is a defect regression. */
  defects: number;
  /** The decisive quality metric crossed its threshold the wrong way, or the defects regressed. */
  regressed: boolean;
  /** The decisive quality metric crossed its threshold the good way, or the defects improved. */
  improved: boolean;
  metrics: Record<string, MetricChange>;
}

/** A flag or number as a number; a health flag (true = a hit) counts 1. */
export function numeric(value: unknown): number | null {
  if (value === true) return 1;
  if (value === false) return 0;
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

function metricChange(metric: MetricDefinition, b: number | null, c: number | null): MetricChange {
  if (b === null || c === null) return {baseline: b, candidate: c, delta: null, crossed: 0, changed: false};
  const delta = c - b;
  if (metric.kind === "health")
    return {baseline: b, candidate: c, delta, crossed: goodness(metric, delta), changed: delta !== 0};
  const threshold = thresholdFor(metric, b);
  const reached = threshold !== null && delta !== 0 && Math.abs(delta) >= threshold;
  return {baseline: b, candidate: c, delta, crossed: reached ? goodness(metric, delta) : 0, changed: reached};
}

/** Success rate reads the failure flag the other way round: 1 when the episode has an output. */
const valueFor = (metric: MetricDefinition, raw: unknown) => {
  const value = numeric(raw);
  return metric.name === "success_rate" && value !== null ? 1 - value : value;
};

/**
 * A record per joined episode. `decisive` names the metrics whose crossing makes an episode regressed or
 * improved (quality signals that decide, and health rules); the others are recorded and shown.
 */
/** Each side of a paired row: its row number, whether it failed, and its error. */
export function episodeSides(paired: Paired): (which: "baseline" | "candidate", i: number) => EpisodeSide {
  const failed = {baseline: paired.baseline("failed"), candidate: paired.candidate("failed")};
  const error = {baseline: paired.baseline("error"), candidate: paired.candidate("error")};
  const rows = {baseline: paired.baselineRow, candidate: paired.candidateRow};
  return (which, i) => ({row: rows[which][i], failed: failed[which][i] === true, error: error[which][i] ?? null});
}

/** Which metrics judge an episode: the decisive quality metric, and the defect types (failure, gates). */
export interface EpisodeJudges {
  decisive: Set<string>;
  defects: Set<string>;
}

export function episodeChanges(paired: Paired, metrics: MetricDefinition[], judges: EpisodeJudges): EpisodeChange[] {
  // One pass over the joined rows, not an Arquero derive: these records are the contract (episodes[].change).
  const columns = metrics.map((m) => ({metric: m, b: paired.baseline(m.column), c: paired.candidate(m.column)}));
  const side = episodeSides(paired);
  return Array.from({length: paired.rows}, (_, i) => {
    const status: EpisodeStatus = !paired.inCandidate[i]
      ? "missing"
      : !paired.inBaseline[i]
        ? "only_candidate"
        : "common";
    const changes: Record<string, MetricChange> = {};
    let [worse, better, defects] = [false, false, 0];
    if (status === "common") {
      for (const {metric, b, c} of columns) {
        const change = metricChange(metric, valueFor(metric, b[i]), valueFor(metric, c[i]));
        changes[metric.name] = change;
        if (judges.decisive.has(metric.name)) {
          worse ||= change.crossed < 0;
          better ||= change.crossed > 0;
        }
        // A defect type counts where the episode has it; a side where it does not apply (a gate on a failed
        // output) lacks it, so a failure that became a gate hit is one type lost and one gained.
        if (judges.defects.has(metric.name)) defects += Number(c[i] === true) - Number(b[i] === true);
      }
    }
    const regressed = worse || defects > 0;
    return {
      dataset_id: paired.dataset_id[i],
      episode_id: paired.episode_id[i],
      status,
      baseline: side("baseline", i),
      candidate: side("candidate", i),
      defects,
      regressed,
      improved: !regressed && (better || defects < 0),
      metrics: changes
    };
  });
}
