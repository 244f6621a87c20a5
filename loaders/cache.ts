// What the loaders derive from a run, remembered between builds. Runs are written once and read by
// every build after, so a rebuild parses and scores only the runs whose files (or reference) changed.
// Keys hash the artifact files' identity and times, the run's id and kind, and the source of the deriving code.
// File calls are synchronous: a few hundred small ones per build, each cheaper than an async round trip.
import {createHash, randomBytes} from "node:crypto";
import {mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import {ARTIFACTS} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";

export interface RunCache {
  dir: string;
  /** Hash of the deriving code: a changed loader never reads values an older one wrote. */
  version: string;
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const DEFAULT_CACHE_DIR = join(ROOT, "node_modules", ".cache", "run-compare");
const CODE_DIRS = ["loaders", join("src", "compare")];
/** Entries no build has used for this long are deleted. */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** RUN_COMPARE_CACHE: a directory, or "off"; default node_modules/.cache/run-compare. */
export function cacheFromEnv(env: NodeJS.ProcessEnv = process.env): RunCache | null {
  if (env.RUN_COMPARE_CACHE === "off") return null;
  const dir = env.RUN_COMPARE_CACHE ? resolve(env.RUN_COMPARE_CACHE) : DEFAULT_CACHE_DIR;
  return {dir, version: codeVersion()};
}

function codeVersion(): string {
  const hash = createHash("sha256");
  for (const dir of CODE_DIRS) {
    for (const name of readdirSync(join(ROOT, dir)).filter((n) => n.endsWith(".ts")).sort()) {
      hash.update(`${dir}/${name}\0`).update(readFileSync(join(ROOT, dir, name)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The key of a run's derived values, from the artifacts' file identity and times rather than their bytes
 * (hashing them would cost half a bare read). Any write to a file changes its ctime, which no tool can
 * set back, so a rewritten file never matches an old key.
 */
export function runKey(cache: RunCache, run: DiscoveredRun): string {
  const hash = createHash("sha256").update(`${cache.version}\0${run.kind}\0${run.id}\0${run.dir}\0`);
  for (const name of ARTIFACTS) {
    const info = statSync(join(run.dir, name), {bigint: true, throwIfNoEntry: false});
    const identity = info ? [info.dev, info.ino, info.mode, info.size, info.mtimeNs, info.ctimeNs].join(":") : "missing";
    hash.update(`${name}\0${identity}\0`);
  }
  return hash.digest("hex");
}

export function combinedKey(...keys: string[]): string {
  return createHash("sha256").update(keys.join("\0")).digest("hex");
}

/** The bytes stored under a key, or null when absent or unreadable (then the caller derives them again). */
export function readEntry(cache: RunCache, key: string): Buffer | null {
  const path = join(cache.dir, key);
  try {
    const bytes = readFileSync(path);
    const now = new Date();
    utimesSync(path, now, now); // marks it used, for pruning
    return bytes;
  } catch {
    return null;
  }
}

/** Stores an entry atomically, so a concurrent build never reads half of one; a cache that cannot be written is skipped. */
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

/** Deletes entries unused for 30 days. */
export function pruneCache(cache: RunCache, now = Date.now()): void {
  let names: string[] = [];
  try {
    names = readdirSync(cache.dir);
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(cache.dir, name);
    const info = statSync(path, {throwIfNoEntry: false});
    if (info && now - info.mtimeMs > MAX_AGE_MS) rmSync(path, {force: true});
  }
}
