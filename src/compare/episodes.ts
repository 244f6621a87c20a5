// The episode list: every change record with its reasons in words, most regressed first. Regressions
// (health rules, then quality signals) outrank everything; then improvements; then trade-off changes.
import type {EpisodeChange, EpisodeStatus} from "./changes.js";
import {METRIC_BY_NAME, withoutRepeats, type MetricDefinition} from "./metrics.js";
import {changeWords} from "./words.js";

export interface RankedEpisode {
  dataset_id: string;
  episode_id: string;
  status: EpisodeStatus;
  regressed: boolean;
  improved: boolean;
  /** Regressions in words (empty when not regressed). */
  reasons: string[];
  improvements: string[];
  /** Trade-offs that crossed their threshold (latency, length, map/reduce), named but not judged. */
  tradeoffs: string[];
  /** Larger is worse; orders the list. */
  severity: number;
  change: EpisodeChange;
}

// Episodes the candidate did not run (coverage, not regressions) go last.
const TIER = {outside: -3e6, health: 1e6, quality: 1e5, tradeoff: 1e2} as const;

function words(change: EpisodeChange, keep: (metric: MetricDefinition, crossed: number, changed: boolean) => boolean): string[] {
  const kept = Object.entries(change.metrics).filter(([name, value]) => keep(METRIC_BY_NAME.get(name)!, value.crossed, value.changed));
  return withoutRepeats(kept, ([name]) => name).map(([name, value]) => changeWords(METRIC_BY_NAME.get(name)!, value));
}

function severity(change: EpisodeChange, decisive: Set<string>): number {
  let score = 0;
  for (const [name, value] of Object.entries(change.metrics)) {
    const metric = METRIC_BY_NAME.get(name)!;
    const size = Math.min(Math.abs(value.delta ?? 0), 0.999);
    if (decisive.has(name) && value.crossed < 0) score += metric.kind === "health" ? TIER.health : TIER.quality * (1 + size);
    else if (decisive.has(name) && value.crossed > 0) score -= 1 + size;
    else if (metric.kind === "tradeoff" && value.changed) score += TIER.tradeoff * (1 + size);
  }
  return score;
}

export function rankEpisodes(changes: EpisodeChange[], decisive: Set<string>): RankedEpisode[] {
  const ranked = changes.map((change, order) => {
    const common = change.status === "common";
    const episode: RankedEpisode = {
      dataset_id: change.dataset_id,
      episode_id: change.episode_id,
      status: change.status,
      regressed: change.regressed,
      improved: change.improved && !change.regressed,
      reasons: common ? words(change, (m, crossed) => decisive.has(m.name) && crossed < 0) : [change.status === "missing" ? "not run by the candidate" : "only in the candidate"],
      improvements: words(change, (m, crossed) => decisive.has(m.name) && crossed > 0),
      tradeoffs: words(change, (m, _crossed, changed) => !decisive.has(m.name) && changed && m.judged !== false),
      severity: common ? severity(change, decisive) : TIER.outside,
      change
    };
    return {episode, order};
  });
  return ranked.sort((a, b) => b.episode.severity - a.episode.severity || a.order - b.order).map((x) => x.episode);
}
