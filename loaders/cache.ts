// What the loaders derive from a run, remembered between builds. Runs are written once and read by
// every build after, so a rebuild parses and scores only the runs whose files (or reference) changed.
// Keys hash the artifact files' identity and times, the run's id and kind, and the source of the deriving code.
import {createHash, randomBytes} from "node:crypto";
import {mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile} from "node:fs/promises";
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
export async function cacheFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<RunCache | null> {
  if (env.RUN_COMPARE_CACHE === "off") return null;
  const dir = env.RUN_COMPARE_CACHE ? resolve(env.RUN_COMPARE_CACHE) : DEFAULT_CACHE_DIR;
  return {dir, version: await codeVersion()};
}

async function codeVersion(): Promise<string> {
  const hash = createHash("sha256");
  for (const dir of CODE_DIRS) {
    for (const name of (await readdir(join(ROOT, dir))).filter((n) => n.endsWith(".ts")).sort()) {
      hash.update(`${dir}/${name}\0`).update(await readFile(join(ROOT, dir, name)));
    }
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * The key of a run's derived values, from the artifacts' file identity and times rather than their bytes
 * (hashing them would cost half a bare read). Any write to a file changes its ctime, which no tool can
 * set back, so a rewritten file never matches an old key.
 */
export async function runKey(cache: RunCache, run: DiscoveredRun): Promise<string> {
  const hash = createHash("sha256").update(`${cache.version}\0${run.kind}\0${run.id}\0${run.dir}\0`);
  for (const name of ARTIFACTS) {
    const info = await stat(join(run.dir, name), {bigint: true}).catch(() => null);
    const identity = info ? [info.dev, info.ino, info.mode, info.size, info.mtimeNs, info.ctimeNs].join(":") : "missing";
    hash.update(`${name}\0${identity}\0`);
  }
  return hash.digest("hex");
}

export function combinedKey(...keys: string[]): string {
  return createHash("sha256").update(keys.join("\0")).digest("hex");
}

/** The bytes stored under a key, or null when absent or unreadable (then the caller derives them again). */
export async function readEntry(cache: RunCache, key: string): Promise<Buffer | null> {
  const path = join(cache.dir, key);
  const bytes = await readFile(path).catch(() => null);
  if (bytes) {
    const now = new Date();
    await utimes(path, now, now).catch(() => {}); // marks it used, for pruning
  }
  return bytes;
}

/** Stores an entry atomically, so a concurrent build never reads half of one; a cache that cannot be written is skipped. */
export async function writeEntry(cache: RunCache, key: string, bytes: string | Buffer): Promise<void> {
  const temporary = join(cache.dir, `.${key}.${randomBytes(6).toString("hex")}`);
  try {
    await mkdir(cache.dir, {recursive: true});
    await writeFile(temporary, bytes);
    await rename(temporary, join(cache.dir, key));
  } catch {
    await rm(temporary, {force: true});
  }
}

/** Deletes entries unused for 30 days. */
export async function pruneCache(cache: RunCache, now = Date.now()): Promise<void> {
  const names = await readdir(cache.dir).catch(() => [] as string[]);
  for (const name of names) {
    const path = join(cache.dir, name);
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > MAX_AGE_MS) await rm(path, {force: true});
  }
}
