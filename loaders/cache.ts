// What the loaders derive from a run, remembered between builds. Runs are written once and read by
// every build after, so a rebuild parses and scores only the runs whose files (or reference) changed.
// Keys hash the artifact files' identity and times, the run's id and kind, and the source of the deriving code.
// An entry is the run's catalog summary, naming its published files; the files themselves live in the store.
// File calls are synchronous: a few hundred small ones per build, each cheaper than an async round trip.
import {createHash, randomBytes} from "node:crypto";
import {
  accessSync,
  constants,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync
} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {ARTIFACTS, type RunSummary} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";

export interface RunCache {
  dir: string;
  /** Hash of the deriving code: a changed loader never reads values an older one wrote. */
  version: string;
  /** A run whose files changed less than this long ago is read but not cached (see runKey). */
  settleMs: number;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_CACHE_DIR = join(ROOT, "node_modules", ".cache", "run-compare");
const CODE_DIRS = ["loaders", join("src", "compare")];
/** Entries no build has used for this long are deleted, and the least recently used beyond the size cap. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const MAX_BYTES = 2 * 1024 ** 3;
const SETTLE_MS = 2000;

/** RUN_COMPARE_CACHE: a directory, or "off"; default node_modules/.cache/run-compare. */
export function cacheFromEnv(env: NodeJS.ProcessEnv = process.env): RunCache | null {
  if (env.RUN_COMPARE_CACHE === "off") return null;
  const dir = env.RUN_COMPARE_CACHE ? resolve(env.RUN_COMPARE_CACHE) : DEFAULT_CACHE_DIR;
  return {dir, version: codeVersion(), settleMs: SETTLE_MS};
}

/** The deriving code, and the runtime whose Unicode tables and number formatting it relies on. */
function codeVersion(): string {
  const hash = createHash("sha256").update(`${process.version}\0${process.versions.unicode}\0`);
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(join(ROOT, dir))
      .filter((n) => n.endsWith(".ts"))
      .sort()) {
      hash.update(`${dir}/${name}\0`).update(readFileSync(join(ROOT, dir, name)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The key of a run's derived values, from the artifacts' file identity and times rather than their bytes
 * (hashing them would cost half a bare read). Any write to a file changes its ctime, which tools cannot set
 * back. Null (the run is read, not cached) when an artifact is not a readable file, or was changed so
 * recently that a second write within the same timestamp tick could go unseen (git's "racy clean" rule).
 */
export function runKey(cache: RunCache, run: DiscoveredRun, now = Date.now()): string | null {
  const hash = createHash("sha256").update(`${cache.version}\0${run.kind}\0${run.id}\0${run.dir}\0${run.gold}\0`);
  for (const name of run.gold ? goldFiles(run.dir) : [...ARTIFACTS, "baseline.json"]) {
    const path = join(run.dir, name);
    try {
      const info = statSync(path, {bigint: true, throwIfNoEntry: false});
      if (info && (!info.isFile() || now - Number(info.ctimeMs) < cache.settleMs)) return null;
      if (info) accessSync(path, constants.R_OK);
      const identity = info
        ? [info.dev, info.ino, info.mode, info.size, info.mtimeNs, info.ctimeNs].join(":")
        : "missing";
      hash.update(`${name}\0${identity}\0`);
    } catch {
      return null;
    }
  }
  return hash.digest("hex");
}

export function combinedKey(...keys: string[]): string {
  return createHash("sha256").update(keys.join("\0")).digest("hex");
}

/** A gold reference's files: index.json and every episode file beside it. */
function goldFiles(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((name) => name.endsWith(".json"))
      .sort();
  } catch {
    return ["index.json"];
  }
}

/** The summary stored under a key, or null (absent, damaged, or from other code): the run is derived again. */
export function readSummary(cache: RunCache, key: string): RunSummary | null {
  const bytes = readEntry(cache, key);
  try {
    const summary = bytes && (JSON.parse(bytes.toString()) as RunSummary);
    return summary && typeof summary.id === "string" && summary.files ? summary : null;
  } catch {
    return null;
  }
}

export function writeSummary(cache: RunCache, key: string, summary: RunSummary): void {
  writeEntry(cache, key, JSON.stringify(summary));
}

/** The bytes stored under a key, or null when absent or unreadable (then the caller derives them again). */
export function readEntry(cache: RunCache, key: string): Buffer | null {
  const path = join(cache.dir, key);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return null;
  }
  try {
    const now = new Date();
    utimesSync(path, now, now); // marks it used, for pruning
  } catch {
    // someone else's or a read-only cache: still usable
  }
  return bytes;
}

/**
 * Stores an entry atomically, so a concurrent build never reads half of one; a cache that cannot be
 * written is skipped.
 */
export function writeEntry(cache: RunCache, key: string, bytes: string | Buffer): void {
  const temporary = join(cache.dir, `.${key}.${randomBytes(6).toString("hex")}`);
  try {
    mkdirSync(cache.dir, {recursive: true});
    writeFileSync(temporary, bytes);
    renameSync(temporary, join(cache.dir, key));
  } catch {
    rmSync(temporary, {force: true});
  }
}

/** Deletes entries (or store files) unused for 30 days, then the least recently used while the folder is over 2 GiB. */
export function pruneFolder(dir: string, {now = Date.now(), maxBytes = MAX_BYTES} = {}): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const entries = names.flatMap((name) => {
    const path = join(dir, name);
    const info = statSync(path, {throwIfNoEntry: false});
    return info ? [{path, used: info.mtimeMs, bytes: info.size}] : [];
  });
  let total = entries.reduce((sum, entry) => sum + entry.bytes, 0);
  for (const entry of entries.sort((a, b) => a.used - b.used)) {
    if (now - entry.used <= MAX_AGE_MS && total <= maxBytes) break;
    rmSync(entry.path, {force: true});
    total -= entry.bytes;
  }
}
