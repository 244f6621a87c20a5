// The episode list: every change record with its reasons in words, most regressed first. Regressions
// (health rules, then quality signals) outrank everything; then improvements; then trade-off changes.
import type {EpisodeChange, EpisodeStatus} from "./changes.js";
import {METRIC_BY_NAME, withoutRepeats, type MetricDefinition} from "./metrics.js";
import {lazy} from "./lazy.js";
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
  /** Whether tradeoffs has any (without putting them in words). */
  traded: boolean;
  /** Larger is worse; orders the list. */
  severity: number;
  change: EpisodeChange;
}

// Episodes the candidate did not run (coverage, not regressions) go last.
const TIER = {outside: -3e6, health: 1e6, quality: 1e5, tradeoff: 1e2} as const;

type Keep = (metric: MetricDefinition, crossed: number, changed: boolean) => boolean;

const kept = (change: EpisodeChange, keep: Keep) =>
  Object.entries(change.metrics).filter(([name, value]) =>
    keep(METRIC_BY_NAME.get(name)!, value.crossed, value.changed)
  );

function words(change: EpisodeChange, keep: Keep): string[] {
  return withoutRepeats(kept(change, keep), ([name]) => name).map(([name, value]) =>
    changeWords(METRIC_BY_NAME.get(name)!, value)
  );
}

/** How bad the episode's changes are (larger is worse), and whether any trade-off changed: one pass over its metrics. */
function severity(change: EpisodeChange, decisive: Set<string>): {score: number; traded: boolean} {
  let score = 0;
  let traded = false;
  for (const name in change.metrics) {
    const value = change.metrics[name];
    const metric = METRIC_BY_NAME.get(name)!;
    const size = Math.min(Math.abs(value.delta ?? 0), 0.999);
    if (decisive.has(name) && value.crossed < 0)
      score += metric.kind === "health" ? TIER.health : TIER.quality * (1 + size);
    else if (decisive.has(name) && value.crossed > 0) score -= 1 + size;
    else if (metric.kind === "tradeoff" && value.changed) score += TIER.tradeoff * (1 + size);
    traded ||= !decisive.has(name) && value.changed && metric.judged !== false;
  }
  return {score, traded};
}

const isTradeoff =
  (decisive: Set<string>): Keep =>
  (m, _crossed, changed) =>
    !decisive.has(m.name) && changed && m.judged !== false;

export function rankEpisodes(changes: EpisodeChange[], decisive: Set<string>): RankedEpisode[] {
  const ranked = changes.map((change, order) => {
    const common = change.status === "common";
    const {score, traded} = severity(change, decisive);
    const episode = {
      dataset_id: change.dataset_id,
      episode_id: change.episode_id,
      status: change.status,
      regressed: change.regressed,
      improved: change.improved && !change.regressed,
      severity: common ? score : TIER.outside,
      traded,
      change
    } as RankedEpisode;
    // In words only when read: a page shows 50 episodes of thousands, and a baseline switch re-ranks them all.
    lazy(episode, "reasons", () =>
      common
        ? words(change, (m, crossed) => decisive.has(m.name) && crossed < 0)
        : [change.status === "missing" ? "not run by the candidate" : "only in the candidate"]
    );
    lazy(episode, "improvements", () => words(change, (m, crossed) => decisive.has(m.name) && crossed > 0));
    lazy(episode, "tradeoffs", () => words(change, isTradeoff(decisive)));
    return {episode, order};
  });
  return ranked.sort((a, b) => b.episode.severity - a.episode.severity || a.order - b.order).map((x) => x.episode);
}
