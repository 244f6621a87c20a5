// The whole eval tree -> the catalog (one summary per run) and, in the store, each run's own files.
// Unchanged runs come from the run cache without being read; the others are processed by worker threads.
import {resolve} from "node:path";
import type {Catalog} from "../src/compare/types.js";
import {combinedKey, pruneFolder, readSummary, runKey, writeSummary, type RunCache} from "./cache.js";
import {discoverRuns} from "./discover.js";
import {runTasks} from "./pool.js";
import type {RunTask} from "./processRun.js";
import {published} from "./publish.js";
import {chooseReference, referenceKeys} from "./references.js";
import {forgetReferences} from "./score.js";

/** The store holds every tree's published files; its least recently used beyond this are deleted. */
const STORE_BYTES = 16 * 1024 ** 3;

export interface SnapshotOptions {
  evalDir: string;
  /** Where each run's files are published (content-named, written once). */
  store: string;
  defaultBaseline?: string | null;
  cache?: RunCache | null;
  /** Worker threads for runs to process; "auto": one per core when the work is large enough. */
  workers?: number | "auto";
}

/** A task's cache key: the run's files, its reference's files (scores depend on both) and the code. */
function taskKey(cache: RunCache, task: RunTask): string | null {
  const own = runKey(cache, task.run);
  const reference = task.reference ? runKey(cache, task.reference.run) : "";
  return own === null || reference === null
    ? null
    : combinedKey(own, reference, task.reference?.key ?? task.unresolvedKey ?? "", task.store);
}

export async function buildSnapshot({
  evalDir,
  store,
  defaultBaseline = null,
  cache = null,
  workers = "auto"
}: SnapshotOptions): Promise<Catalog> {
  const root = resolve(evalDir);
  const discovery = await discoverRuns(root);
  const tasks: RunTask[] = await Promise.all(
    discovery.runs.map(async (run) => {
      const keys = await referenceKeys(run);
      const reference = chooseReference(keys, run, discovery.runs);
      return {run, reference, unresolvedKey: reference ? null : (keys[0] ?? null), store};
    })
  );
  const keys = tasks.map((task) => (cache ? taskKey(cache, task) : null));
  const summaries = keys.map((key) => {
    const summary = key && cache ? readSummary(cache, key) : null;
    return summary && published(store, summary.files) ? summary : null;
  });
  const pending = tasks.map((_, i) => i).filter((i) => summaries[i] === null);
  forgetReferences();
  const results = await runTasks(
    pending.map((i) => tasks[i]),
    workers
  );
  pending.forEach((i, j) => {
    summaries[i] = results[j].summary;
    if (cache && keys[i] && !results[j].unreadable) writeSummary(cache, keys[i]!, results[j].summary);
  });
  if (cache) pruneFolder(cache.dir);
  pruneFolder(store, {maxBytes: STORE_BYTES});
  return {
    eval_dir: root,
    default_baseline: defaultBaseline,
    runs: summaries.map((s) => s!),
    tree_problems: discovery.problems
  };
}
