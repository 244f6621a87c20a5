// Snapshot vs the bare read, each sample in a fresh process (bench/worker.ts): a first build with every core
// and with one worker (the speedup), a rebuild with runs unchanged, and a rebuild after one run changed.
import {spawnSync} from "node:child_process";
import {readdirSync, readFileSync, rmSync, utimesSync} from "node:fs";
import {availableParallelism} from "node:os";
import {join, resolve} from "node:path";
import {sampled, type Sampled} from "./stats.js";

const ROOT = resolve(import.meta.dirname, "..");
const HEAVY_MS = 5000;

export interface SnapshotSample {
  ms: number;
  catalogBytes: number;
  runs: number;
  episodes: number;
  scoredEpisodes: number;
}

export interface BareSample {
  ms: number;
  files: number;
  bytes: number;
  values: number;
}

export interface SnapshotMeasures {
  bare: Sampled;
  read: BareSample;
  cold: Sampled;
  coldOneWorker: Sampled;
  warm: Sampled;
  changed: Sampled;
  first: SnapshotSample;
  changedRun: string;
}

/** One measurement in a fresh process; the time is taken inside it, after module loading. */
export function worker<T extends {ms: number}>(
  task: "snapshot" | "bare" | "breakdown",
  evalDir: string,
  env: Record<string, string>
): T {
  // Flush what the previous sample wrote (a first build writes hundreds of MB at scale), so its writeback
  // does not land inside this sample's time.
  spawnSync("sync");
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const result = spawnSync(tsx, ["bench/worker.ts", task, evalDir, ""], {
    cwd: ROOT,
    env: {...process.env, ...env},
    encoding: "utf8",
    maxBuffer: 64 << 20
  });
  if (result.status !== 0) throw new Error(`bench worker ${task} failed:\n${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").pop()!) as T;
}

/** The first run under runs/ that names a reference: changing it costs a parse and a scoring. */
function scoredRun(evalDir: string): string {
  const names = readdirSync(join(evalDir, "runs")).sort();
  const named = names.find((name) => {
    try {
      const metrics = JSON.parse(readFileSync(join(evalDir, "runs", name, "metrics.json"), "utf8"));
      return Object.keys(metrics.vs_reference ?? {}).length > 0;
    } catch {
      return false; // missing or broken metrics.json: not this one
    }
  });
  return join("runs", named ?? names[0]);
}

/**
 * Rewrites nothing, but gives the file a new ctime, as any write would: the run cache must treat the run as changed.
 */
function markChanged(file: string) {
  const now = new Date();
  utimesSync(file, now, now);
}

/**
 * Cold = empty run cache and store (a first build); warm = every run unchanged; changed = one scored run
 * touched just before. Samples interleave (bare, cold, warm, ...); "changed" comes last because a run changed
 * within the last 2 s is not cached. Heavy trees (a first build over 5 s) get fewer samples.
 */
export function snapshotVsBare(evalDir: string, benchDir: string, name: string): SnapshotMeasures {
  const cacheDir = join(benchDir, "cache", name);
  const storeDir = join(benchDir, "store", name);
  const env = (workers: string) => ({
    RUN_COMPARE_CACHE: cacheDir,
    RUN_COMPARE_STORE: storeDir,
    RUN_COMPARE_WORKERS: workers
  });
  const changedFile = join(evalDir, scoredRun(evalDir), "predictions.jsonl");
  const cold = (workers: string) => {
    rmSync(cacheDir, {recursive: true, force: true});
    rmSync(storeDir, {recursive: true, force: true});
    return worker<SnapshotSample>("snapshot", evalDir, env(workers));
  };
  const read = worker<BareSample>("bare", evalDir, {}); // also warms the page cache
  const everyCore = String(availableParallelism()); // forced: "auto" keeps small trees in one thread
  const first = cold(everyCore);
  const heavy = first.ms > HEAVY_MS;
  const reps = {
    bare: heavy ? 3 : 7,
    cold: heavy ? 2 : 5,
    one: heavy ? 1 : 3,
    warm: heavy ? 5 : 7,
    changed: heavy ? 3 : 7
  };
  const samples = {
    bare: [] as number[],
    cold: [first.ms],
    one: [] as number[],
    warm: [] as number[],
    changed: [] as number[]
  };
  const take = (kind: keyof typeof samples, measure: () => number) =>
    samples[kind].length < reps[kind] && samples[kind].push(measure());
  const done = (kinds: (keyof typeof samples)[]) => kinds.every((kind) => samples[kind].length >= reps[kind]);
  while (!done(["bare", "cold", "one"])) {
    take("bare", () => worker<BareSample>("bare", evalDir, {}).ms);
    take("one", () => cold("1").ms);
    take("cold", () => cold(everyCore).ms);
  }
  cold("auto"); // leave cache and store full for the warm samples and the build
  while (!done(["warm", "bare"])) {
    take("warm", () => worker<SnapshotSample>("snapshot", evalDir, env("auto")).ms);
    take("bare", () => worker<BareSample>("bare", evalDir, {}).ms);
  }
  while (!done(["changed"]))
    take("changed", () => (markChanged(changedFile), worker<SnapshotSample>("snapshot", evalDir, env("auto")).ms));
  return {
    bare: sampled(samples.bare),
    read,
    cold: sampled(samples.cold),
    coldOneWorker: sampled(samples.one),
    warm: sampled(samples.warm),
    changed: sampled(samples.changed),
    first,
    changedRun: changedFile.slice(evalDir.length + 1)
  };
}
