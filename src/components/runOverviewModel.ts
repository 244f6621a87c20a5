// What the run overview places: quality over the common episodes with the baseline (from each comparison's
// quality delta, so every placed run is scored against the baseline's reference), latency, cost, the
// Pareto front and version trends. Runs that cannot be placed are listed with the reason.
import {table} from "arquero";
import type {Comparison} from "../compare/compare.js";
import {runQuality} from "../compare/runQuality.js";
import type {RunSummary} from "../compare/types.js";

/** The quality a comparison can place, in order of preference: ROUGE-L for text runs, entity-set F1 for NER. */
const QUALITY_METRICS = ["rougeL_f1", "ner_f1_entity_set"] as const;

export interface OverviewPoint {
  id: string;
  isBaseline: boolean;
  quality: number;
  /** Common episodes with the baseline the quality is over. */
  n: number;
  latency: number;
  /** total_cost_usd / episodes, when the run records a cost. */
  costPerEpisode: number | null;
  successRate: number | null;
}

export interface UnplacedRun {
  id: string;
  reason: string;
  successRate: number | null;
}

export interface OverviewModel {
  metric: {name: string; label: string} | null;
  reference: string | null;
  points: OverviewPoint[];
  unplaced: UnplacedRun[];
  /** The baseline's quality differs between comparisons covering different episodes: its range. */
  baselineRange: [number, number] | null;
}

export function overviewModel(runs: RunSummary[], comparisons: Comparison[], baselineId: string): OverviewModel {
  const mine = comparisons.filter((c) => c.baseline === baselineId && c.comparable);
  const metricName = QUALITY_METRICS.find((name) => mine.some((c) => c.deltas.some((d) => d.metric === name))) ?? null;
  // A lookup among the few comparisons of the selection, straight into the typed points below.
  const qualityOf = new Map(
    mine.flatMap((c) =>
      c.deltas
        .filter((d) => d.metric === metricName && d.baseline !== null && d.candidate !== null)
        .map((d) => [c.candidate, d] as const)
    )
  );
  const deltas = [...qualityOf.values()];
  const reference = deltas[0]?.reference ?? null;
  const widest = deltas.reduce<(typeof deltas)[number] | null>(
    (best, d) => (best === null || d.n > best.n ? d : best),
    null
  );
  const baselineValues = deltas.map((d) => d.baseline!);
  const baselineRange: [number, number] | null =
    baselineValues.length && Math.max(...baselineValues) - Math.min(...baselineValues) > 1e-9
      ? [Math.min(...baselineValues), Math.max(...baselineValues)]
      : null;

  const points: OverviewPoint[] = [];
  const unplaced: UnplacedRun[] = [];
  for (const run of runs) {
    const isBaseline = run.id === baselineId;
    const delta = isBaseline ? widest : qualityOf.get(run.id);
    const quality = delta ? (isBaseline ? delta.baseline : delta.candidate) : null;
    const latency = run.kpis.avg_latency_s;
    const successRate = run.kpis.success_rate;
    if (quality !== null && quality !== undefined && latency !== null) {
      const costPerEpisode = run.total_cost_usd !== null && run.episodes > 0 ? run.total_cost_usd / run.episodes : null;
      points.push({id: run.id, isBaseline, quality, n: delta!.n, latency, costPerEpisode, successRate});
      continue;
    }
    const own = runQuality(run)?.reference ?? null;
    const comparison = comparisons.find((c) => c.baseline === baselineId && c.candidate === run.id);
    const reason =
      quality !== null && quality !== undefined
        ? "no latency"
        : comparison && !comparison.comparable
          ? "not comparable with the baseline"
          : own === null
            ? "no reference"
            : reference === null
              ? `scored vs ${own}`
              : own !== reference
                ? `other reference: ${own}`
                : "no scored episodes in common with the baseline";
    unplaced.push({id: run.id, reason, successRate});
  }
  const label = metricName === "rougeL_f1" ? "ROUGE-L F1" : metricName === "ner_f1_entity_set" ? "entity-set F1" : null;
  return {metric: metricName && label ? {name: metricName, label} : null, reference, points, unplaced, baselineRange};
}

/** Points no other point beats on both (lower cost, higher quality), ordered by cost: the Pareto front. */
export function paretoFront<T>(points: T[], cost: (point: T) => number, quality: (point: T) => number): T[] {
  const sorted = [...points].sort((a, b) => cost(a) - cost(b) || quality(b) - quality(a));
  const front: T[] = [];
  for (const point of sorted) if (!front.length || quality(point) > quality(front[front.length - 1])) front.push(point);
  return front;
}

/** A run id's version: a stem and an order from a suffix `_v3`, `_pre`/`_post` or `_12` (also with "-"). */
export function versionOf(id: string): {stem: string; order: number} | null {
  const numbered = /^(.+?)[_-]v?(\d+)$/i.exec(id);
  if (numbered) return {stem: numbered[1], order: Number(numbered[2])};
  const phase = /^(.+?)[_-](pre|post)$/i.exec(id);
  if (phase) return {stem: phase[1], order: phase[2].toLowerCase() === "pre" ? 0 : 1};
  return null;
}

/** Runs sharing a stem, two or more, each list in version order: a model's history. */
export function versionTrends(ids: string[]): string[][] {
  const versions = ids.flatMap((id, at) => {
    const version = versionOf(id);
    return version ? [{id, at, ...version}] : [];
  });
  if (!versions.length) return [];
  // In version order within a stem, the stems in the order their first run was given.
  const stems = table({
    id: versions.map((v) => v.id),
    stem: versions.map((v) => v.stem),
    order: versions.map((v) => v.order),
    at: versions.map((v) => v.at)
  })
    .orderby("order", "at")
    .reify()
    .groupby("stem")
    .rollup({ids: "d => op.array_agg(d.id)", first: "d => op.min(d.at)", runs: "() => op.count()"})
    .filter("d => d.runs > 1")
    .orderby("first");
  return Array.from(stems.array("ids") as ArrayLike<string[]>);
}
