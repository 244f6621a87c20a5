// What the Framework loader does (src/data/catalog.json.ts), in process: buildSnapshot into a store, the
// catalog serialized. Plus a profiled breakdown of where that time goes.
import {Session} from "node:inspector/promises";
import {resolve} from "node:path";
import {pathToFileURL} from "node:url";
import {cacheFromEnv} from "../loaders/cache.js";
import {workersFromEnv} from "../loaders/pool.js";
import {storeFromEnv} from "../loaders/publish.js";
import {buildSnapshot} from "../loaders/snapshot.js";
import {aggregate, type CpuProfile, type FunctionCost} from "./cpuProfile.js";
import {timed} from "./stats.js";

const ROOT_URL = pathToFileURL(resolve(import.meta.dirname, "..")).href + "/";

export interface SnapshotOnce {
  catalogBytes: number;
  runs: number;
  episodes: number;
  /** Episodes scored against a reference (ROUGE) or gold (NER). */
  scoredEpisodes: number;
}

/**
 * One loader run as src/data/catalog.json.ts does it:
 * RUN_COMPARE_CACHE, RUN_COMPARE_STORE and RUN_COMPARE_WORKERS apply.
 */
export async function snapshotOnce(evalDir: string, defaultBaseline: string | null): Promise<SnapshotOnce> {
  const catalog = await buildSnapshot({
    evalDir,
    store: storeFromEnv(),
    defaultBaseline,
    cache: cacheFromEnv(),
    workers: workersFromEnv()
  });
  return {
    catalogBytes: Buffer.byteLength(JSON.stringify(catalog)),
    runs: catalog.runs.length,
    episodes: catalog.runs.reduce((sum, run) => sum + run.episodes, 0),
    scoredEpisodes: catalog.runs.reduce(
      (sum, run) =>
        sum +
        (run.reference?.source === "recomputed" ? (run.reference.episodes ?? 0) : 0) +
        (run.ner?.episodes_scored ?? 0),
      0
    )
  };
}

export interface Step {
  step: string;
  ms: number;
  note?: string;
}

/**
 * Where the loader's time goes: one snapshotOnce (in this thread: RUN_COMPARE_WORKERS=0) under the V8 sampling
 * profiler, aggregated by function (inclusive time) and by file (self time). Read shares, not absolute times.
 */
export async function snapshotBreakdown(evalDir: string, defaultBaseline: string | null, top = 22): Promise<Step[]> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", {interval: 500});
  await session.post("Profiler.start");
  const {ms} = await timed(() => snapshotOnce(evalDir, defaultBaseline));
  const {profile} = (await session.post("Profiler.stop")) as unknown as {profile: CpuProfile};
  session.disconnect();
  const {total, functions, files} = aggregate(
    profile,
    (url) => (url.startsWith(ROOT_URL) ? url.slice(ROOT_URL.length) : url),
    false
  );
  const share = (value: number) => `${((value / total) * 100).toFixed(0)}%`;
  // Project code and libraries; not the profiler, the bench wrappers or Node's event-loop plumbing.
  const own = (f: FunctionCost) => f.fn.includes(" ") && !/^\(| node:| bench\//.test(f.fn);
  const inclusive = [...functions]
    .filter((f) => !/^\((root|program|idle|garbage collector)\)/.test(f.fn))
    .sort((a, b) => b.totalMs - a.totalMs);
  const steps: Step[] = [{step: "snapshotOnce under the profiler (wall)", ms, note: `${total.toFixed(0)} ms sampled`}];
  for (const f of inclusive.filter(own).slice(0, top))
    steps.push({step: `incl. ${f.fn}`, ms: f.totalMs, note: share(f.totalMs)});
  const gc = functions.find((f) => f.fn.startsWith("(garbage collector)"));
  if (gc) steps.push({step: "self: (garbage collector)", ms: gc.selfMs, note: share(gc.selfMs)});
  for (const f of [...files].sort((a, b) => b.selfMs - a.selfMs).slice(0, 10))
    steps.push({step: `self in file: ${f.fn}`, ms: f.selfMs, note: share(f.selfMs)});
  return steps;
}
