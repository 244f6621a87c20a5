// The defects signal over the common episodes: each episode's defect types gained minus lost (failure, the
// scorer's gates), judged by an exact two-sided sign test; and the qualifiers that name a single new one.
import type {EpisodeChange} from "./changes.js";
import {defectSignal, type Signal} from "./signals.js";

export interface Defects {
  /** Episodes whose defects regressed (gained more types than they lost), and improved. */
  regressed: string[];
  improved: string[];
  /** The sign test's two-sided p over the episodes that differ (1 when none does). */
  p: number;
  verdict: Signal;
}

export function defectsOf(common: EpisodeChange[]): Defects {
  const signal = defectSignal(common.map((change) => change.defects));
  const ids = (indexes: number[]) => indexes.map((i) => common[i].episode_id);
  return {regressed: ids(signal.regressed), improved: ids(signal.improved), p: signal.p, verdict: signal.verdict};
}

/** A common episode failed in the candidate only. */
export const hasNewFailure = (common: EpisodeChange[]) =>
  common.some((change) => change.candidate.failed && !change.baseline.failed);

/** A common episode gained a defect type (a failure or a gate hit) the baseline's run did not have. */
export const hasNewDefect = (common: EpisodeChange[], defects: Set<string>) =>
  common.some((change) => [...defects].some((name) => change.metrics[name]?.crossed === -1));
