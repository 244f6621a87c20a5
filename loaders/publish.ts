// A run's files as the page fetches them: its episode table (Arrow IPC), its details (JSON) and its texts
// (JSON shards). Names are content hashes, so a file is written once and may be cached forever; the store
// is a plain folder (src/data/runs by default) that preview serves and the build copies into dist/.
import {createHash, randomBytes} from "node:crypto";
import {mkdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {fileURLToPath} from "node:url";
import {bool, dictionary, float64, int32, utf8, type DataType} from "@uwdata/flechette";
import {table as arqueroTable, toArrowIPC} from "arquero";
import {pairKey} from "../src/compare/align.js";
import {fileNames, textShard, textShardName} from "../src/compare/shards.js";
import {COLUMN_NAMES, EPISODE_COLUMNS, type ColumnKind} from "../src/compare/table.js";
import type {RunDetails, RunFiles} from "../src/compare/types.js";
import type {LoadedRun} from "./readRun.js";

export const DEFAULT_STORE = fileURLToPath(new URL("../src/data/runs", import.meta.url));
/** Text shards are cut near this size: a drill-down fetches one shard per selected run. */
const SHARD_BYTES = 96 * 1024;
const MAX_SHARDS = 512;
const ARROW_TYPE: Record<ColumnKind, () => DataType> = {
  key: () => dictionary(utf8()),
  text: utf8,
  flag: bool,
  int: int32,
  float: float64
};

/** RUN_COMPARE_STORE, else src/data/runs. */
export function storeFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUN_COMPARE_STORE || DEFAULT_STORE;
}

const DAY_MS = 24 * 3600_000;

/** Pruning deletes what no build used for 30 days: a used file gets a fresh mtime (at most daily). */
function markUsed(path: string) {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // a read-only store still serves
  }
}

const contentHash = (...parts: (string | Uint8Array)[]) => {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part);
  return hash.digest("hex").slice(0, 20);
};

/** Writes a file under its content name unless it is there already; marks it used either way (for pruning). */
function writeOnce(store: string, name: string, bytes: string | Uint8Array): void {
  const path = join(store, name);
  const existing = statSync(path, {throwIfNoEntry: false});
  if (existing) {
    if (Date.now() - existing.mtimeMs > DAY_MS) markUsed(path);
    return;
  }
  mkdirSync(store, {recursive: true});
  const temporary = join(store, `.${name}.${randomBytes(6).toString("hex")}`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } finally {
    rmSync(temporary, {force: true});
  }
}

export function encodeTable(rows: LoadedRun["rows"]): Uint8Array {
  const columns = Object.fromEntries(COLUMN_NAMES.map((name) => [name, rows.map((row) => row[name])]));
  // An empty table has no dictionary batch, which Arquero cannot read back: plain strings then.
  const kind = (name: (typeof COLUMN_NAMES)[number]) =>
    rows.length === 0 && EPISODE_COLUMNS[name] === "key" ? "text" : EPISODE_COLUMNS[name];
  const types = Object.fromEntries(COLUMN_NAMES.map((name) => [name, ARROW_TYPE[kind(name)]()]));
  return toArrowIPC(arqueroTable(columns), {types})!;
}

/** Each shard a JSON object {pairKey: EpisodeText}; the count grows with the run's text so shards stay small. */
function textShards(run: LoadedRun): string[] {
  const members = run.rows.map(
    (row, i) =>
      [row, `${JSON.stringify(pairKey(row.dataset_id, row.episode_id))}:${JSON.stringify(run.texts[i])}`] as const
  );
  const bytes = members.reduce((sum, [, member]) => sum + member.length, 0);
  const count = Math.min(MAX_SHARDS, Math.max(1, Math.ceil(bytes / SHARD_BYTES)));
  const shards = Array.from({length: count}, () => [] as string[]);
  for (const [row, member] of members) shards[textShard(row.dataset_id, row.episode_id, count)].push(member);
  return shards.map((shard) => `{${shard.join(",")}}`);
}

export function publishRun(run: LoadedRun, store: string): RunFiles {
  const table = encodeTable(run.rows);
  const details: RunDetails = {
    id: run.summary.id,
    problems: run.problems,
    warnings: run.warnings,
    fingerprint: run.fingerprint
  };
  const detailsJson = JSON.stringify(details);
  const shards = textShards(run);
  const files: RunFiles = {
    table: `${contentHash(table)}.arrow`,
    details: `${contentHash(detailsJson)}.json`,
    texts: contentHash(...shards),
    shards: shards.length
  };
  writeOnce(store, files.table, table);
  writeOnce(store, files.details, detailsJson);
  for (const [i, shard] of shards.entries()) writeOnce(store, textShardName(files, i), shard);
  return files;
}

/**
 * Whether every file of a run is still in the store (a pruned or cleaned store means deriving them
 * again); marks them used.
 */
export function published(store: string, files: RunFiles): boolean {
  return fileNames(files).every((name) => {
    const info = statSync(join(store, name), {throwIfNoEntry: false});
    if (info && Date.now() - info.mtimeMs > DAY_MS) markUsed(join(store, name));
    return info?.isFile() ?? false;
  });
}
