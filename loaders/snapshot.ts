// The whole eval tree -> the snapshot: run catalog, per-episode numbers, output texts by shard.
import {resolve} from "node:path";
import {TEXT_SHARDS} from "../src/compare/shards.js";
import type {EpisodeColumns, EpisodeRow, Snapshot} from "../src/compare/types.js";
import {pruneCache, type RunCache} from "./cache.js";
import {discoverRuns} from "./discover.js";
import {blankRow} from "./episode.js";
import type {LoadedRun} from "./readRun.js";
import {scoreAgainstReferences} from "./reference.js";
import {loadRun} from "./runCache.js";
import type {ZipMember} from "./writeZip.js";

export interface SnapshotData {
  snapshot: Snapshot;
  rows: EpisodeRow[];
  /** Per text shard, its JSON object ({textKey: EpisodeText}) as UTF-8 chunks. */
  shards: Buffer[][];
}

/** Reads every run under `evalDir`; with a cache, unchanged runs are not parsed or scored again. */
export async function buildSnapshot(evalDir: string, defaultBaseline: string | null = null, cache: RunCache | null = null): Promise<SnapshotData> {
  const root = resolve(evalDir);
  const discovery = await discoverRuns(root);
  const loaded: LoadedRun[] = [];
  for (const run of discovery.runs) loaded.push(await loadRun(run, cache));
  await scoreAgainstReferences(loaded, cache);
  if (cache) pruneCache(cache);
  return {
    snapshot: {eval_dir: root, default_baseline: defaultBaseline, runs: loaded.map((r) => r.record), tree_problems: discovery.problems},
    rows: loaded.flatMap((r) => r.rows),
    shards: toShards(loaded)
  };
}

/** Column-oriented episodes, ready for `aq.table(columns)`. */
export function toColumns(rows: EpisodeRow[]): EpisodeColumns {
  const keys = Object.keys(blankRow({run: "", dataset_id: "", episode_id: ""})) as (keyof EpisodeRow)[];
  const columns = Object.fromEntries(keys.map((k) => [k, [] as unknown[]])) as Record<keyof EpisodeRow, unknown[]>;
  for (const row of rows) for (const key of keys) columns[key].push(row[key]);
  return columns as EpisodeColumns;
}

/** Each shard: the runs' segments of it, comma-joined inside braces, as a list of chunks. */
function toShards(loaded: LoadedRun[]): Buffer[][] {
  const [open, comma, close] = ["{", ",", "}"].map((c) => Buffer.from(c));
  return Array.from({length: TEXT_SHARDS}, (_, shard) => {
    const segments = loaded.map((run) => run.texts[shard]).filter((segment) => segment.length > 0);
    return [open, ...segments.flatMap((segment, i) => (i ? [comma, segment] : [segment])), close];
  });
}

/** The files of the snapshot zip, as the page fetches them. */
export function snapshotMembers({snapshot, rows, shards}: SnapshotData): ZipMember[] {
  return [
    {name: "runs.json", chunks: [Buffer.from(JSON.stringify(snapshot))]},
    {name: "episodes.json", chunks: [Buffer.from(JSON.stringify(toColumns(rows)))]},
    ...shards.map((chunks, i) => ({name: `texts/${String(i).padStart(2, "0")}.json`, chunks}))
  ];
}
