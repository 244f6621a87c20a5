// One run, start to finish: read its files, score it against the reference it names, publish its files.
// The unit of work the snapshot hands to each worker thread.
import {PROBLEMS_IN_CATALOG, type RunSummary} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";
import {readGoldRun} from "./goldRun.js";
import {publishRun} from "./publish.js";
import {readRun} from "./readRun.js";
import {scoreNer, scoreRouge, storedRouge} from "./score.js";

export interface RunTask {
  run: DiscoveredRun;
  /** The reference the run's metrics.json names, when it resolved to a discovered run. */
  reference: {key: string; run: DiscoveredRun} | null;
  /** A vs_reference key that named no discovered run (its stored scores are shown as they are). */
  unresolvedKey: string | null;
  store: string;
}

export interface RunResult {
  summary: RunSummary;
  /** Some file could not be read this time: the result must not be cached. */
  unreadable: boolean;
}

export async function processRun({run, reference, unresolvedKey, store}: RunTask): Promise<RunResult> {
  const loaded = run.gold ? await readGoldRun(run) : await readRun(run);
  if (reference?.run.gold) await scoreNer(loaded, reference.run, reference.key);
  else if (reference) await scoreRouge(loaded, reference.run, reference.key);
  else if (unresolvedKey !== null) {
    loaded.warnings.push(`reference ${unresolvedKey} named in metrics.json is not among the discovered runs`);
    const stored = storedRouge(loaded.vsReference[unresolvedKey]);
    if (stored.rouge1_f1 !== null)
      loaded.summary.reference = {id: unresolvedKey, ...stored, episodes: null, source: "stored"};
  }
  const files = publishRun(loaded, store);
  const summary: RunSummary = {
    ...loaded.summary,
    problems: loaded.problems.slice(0, PROBLEMS_IN_CATALOG),
    problem_count: loaded.problems.length,
    warnings: loaded.warnings.slice(0, PROBLEMS_IN_CATALOG),
    warning_count: loaded.warnings.length,
    files
  };
  return {summary, unreadable: loaded.unreadable};
}
