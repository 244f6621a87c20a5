// The episode list: every change record with the reasons it regressed, improved or traded, most regressed
// first. Regressions (health rules, then quality signals) outrank everything; then improvements; then
// trade-off changes. Reasons are records (metric, direction, values); explain.ts puts them in words.
import {desc, table} from "arquero";
import type {EpisodeChange, EpisodeSide, EpisodeStatus, MetricChange} from "./changes.js";
import {lazy} from "./lazy.js";
import {METRIC_BY_NAME, withoutRepeats, type MetricDefinition} from "./metrics.js";
import {GATE_NAMES, type GateName} from "./types.js";

/** One metric's change on one episode: past its threshold the wrong way, the good way, or (neutral) changed. */
export interface Reason {
  metric: string;
  direction: "worse" | "better" | "changed";
  baseline: number | null;
  candidate: number | null;
  delta: number | null;
}

export interface RankedEpisode {
  dataset_id: string;
  episode_id: string;
  status: EpisodeStatus;
  /** Where the episode sits in each run's table, and whether each side failed (with its error). */
  baseline: EpisodeSide;
  candidate: EpisodeSide;
  regressed: boolean;
  improved: boolean;
  /** Regressions (empty when not regressed). */
  reasons: Reason[];
  improvements: Reason[];
  /** Trade-offs that crossed their threshold (latency, length, map/reduce), named but not judged. */
  tradeoffs: Reason[];
  /** Whether tradeoffs has any (without listing them). */
  traded: boolean;
  /** Larger is worse; orders the list. */
  severity: number;
  change: EpisodeChange;
}

// A new failure outranks any gate hit, a gate hit any quality drop; episodes the candidate did not run
// (coverage, not regressions) go last.
const TIER = {outside: -3e7, failure: 1e7, health: 1e6, quality: 1e5, tradeoff: 1e2} as const;

type Keep = (metric: MetricDefinition, value: MetricChange) => boolean;

function reasons(change: EpisodeChange, keep: Keep): Reason[] {
  const kept = Object.entries(change.metrics).filter(([name, value]) => keep(METRIC_BY_NAME.get(name)!, value));
  return withoutRepeats(kept, ([name]) => name).map(([metric, value]) => ({
    metric,
    direction: value.crossed < 0 ? "worse" : value.crossed > 0 ? "better" : "changed",
    baseline: value.baseline,
    candidate: value.candidate,
    delta: value.delta
  }));
}

/** How bad the episode's changes are (larger is worse), and whether any trade-off changed: one pass. */
function severity(change: EpisodeChange, decisive: Set<string>): {score: number; traded: boolean} {
  let score = 0;
  let traded = false;
  for (const name in change.metrics) {
    const value = change.metrics[name];
    const metric = METRIC_BY_NAME.get(name)!;
    const size = Math.min(Math.abs(value.delta ?? 0), 0.999);
    if (decisive.has(name) && value.crossed < 0)
      score += name === "failed" ? TIER.failure : metric.kind === "health" ? TIER.health : TIER.quality * (1 + size);
    else if (decisive.has(name) && value.crossed > 0) score -= 1 + size;
    else if (metric.kind === "tradeoff" && value.changed) score += TIER.tradeoff * (1 + size);
    traded ||= !decisive.has(name) && value.changed && metric.judged !== false;
  }
  return {score, traded};
}

export function rankEpisodes(changes: EpisodeChange[], decisive: Set<string>): RankedEpisode[] {
  const ranked = changes.map((change, order) => {
    const common = change.status === "common";
    const {score, traded} = severity(change, decisive);
    const episode = {
      dataset_id: change.dataset_id,
      episode_id: change.episode_id,
      status: change.status,
      baseline: change.baseline,
      candidate: change.candidate,
      regressed: change.regressed,
      improved: change.improved && !change.regressed,
      severity: common ? score : TIER.outside,
      traded,
      change
    } as RankedEpisode;
    // Listed only when read: a page shows 50 episodes of thousands, and a baseline switch re-ranks them all.
    lazy(episode, "reasons", () => reasons(change, (m, v) => decisive.has(m.name) && v.crossed < 0));
    lazy(episode, "improvements", () => reasons(change, (m, v) => decisive.has(m.name) && v.crossed > 0));
    lazy(episode, "tradeoffs", () =>
      reasons(change, (m, v) => !decisive.has(m.name) && v.changed && m.judged !== false)
    );
    return {episode, order};
  });
  const severities = table({severity: ranked.map((x) => x.episode.severity), order: ranked.map((x) => x.order)});
  return Array.from(
    severities.orderby(desc("severity"), "order").array("order") as ArrayLike<number>,
    (i) => ranked[i].episode
  );
}

/** One metric's values and change on this episode; null where the metric does not apply or has no value. */
export function metricChange(episode: RankedEpisode, metric: string): MetricChange | null {
  return episode.change.metrics[metric] ?? null;
}

export type GateState = "new" | "fixed" | "held";

/** Each gate the episode hits in either run: new in the candidate, fixed by it, or held by both. */
export function gateStates(episode: RankedEpisode): {gate: GateName; state: GateState}[] {
  const states: {gate: GateName; state: GateState}[] = [];
  for (const gate of GATE_NAMES) {
    const change = episode.change.metrics[gate];
    if (!change) continue;
    if (change.crossed < 0) states.push({gate, state: "new"});
    else if (change.crossed > 0) states.push({gate, state: "fixed"});
    else if (change.baseline === 1 && change.candidate === 1) states.push({gate, state: "held"});
  }
  return states;
}
