// Whether two runs can be compared, decided in one place for the selection bar, the default pair and the
// engine: the same task (a run that does not say its task is taken at its word) and a dataset in common.
// The engine adds one more reason once the episodes are paired: no episode in common. A run against the gold
// it names (the gold as the baseline) is a scoring, always comparable: it meets the gold on episode ids.
import type {RunSummary} from "./types.js";

export type Incomparability =
  | {code: "different_tasks"; baseline: string; candidate: string}
  | {code: "different_datasets"; baseline: string[]; candidate: string[]}
  | {code: "no_common_episodes"};

type RunIdentity = Pick<RunSummary, "task" | "datasets"> & Partial<Pick<RunSummary, "id" | "ner">>;

/** The baseline is the gold the candidate is scored against: the candidate is scored, not compared. */
export const scoredAgainst = (baseline: RunIdentity, candidate: RunIdentity) =>
  baseline.id !== undefined && candidate.ner?.reference === baseline.id;

/** Why the two runs cannot be compared; empty when they can (as far as their summaries tell). */
export function incomparability(baseline: RunIdentity, candidate: RunIdentity): Incomparability[] {
  const reasons: Incomparability[] = [];
  if (scoredAgainst(baseline, candidate)) return reasons;
  const shared = candidate.datasets.some((dataset) => baseline.datasets.includes(dataset));
  if (!shared) reasons.push({code: "different_datasets", baseline: baseline.datasets, candidate: candidate.datasets});
  if (baseline.task && candidate.task && baseline.task !== candidate.task)
    reasons.push({code: "different_tasks", baseline: baseline.task, candidate: candidate.task});
  return reasons;
}

export const comparable = (baseline: RunIdentity, candidate: RunIdentity) =>
  incomparability(baseline, candidate).length === 0;
