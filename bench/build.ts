// npm run build into .bench/dist-<name>, timed; then what the built site weighs.
import {spawn} from "node:child_process";
import {once} from "node:events";
import {createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync} from "node:fs";
import {delimiter, join, resolve} from "node:path";
import {log} from "./stats.js";

const ROOT = resolve(import.meta.dirname, "..");

// Builds share src/.observablehq/cache (build.mjs empties its data folder first), so two at once break each other.
// Take the lock the e2e tests use (tests/e2e/sites.ts: mkdir .e2e/build.lock, stale after 3 minutes; we keep
// its mtime fresh while building), and also wait while an `npm run build` staging folder exists.
const LOCK = join(ROOT, ".e2e", "build.lock");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withBuildLock<T>(work: () => Promise<T>, timeoutMs = 15 * 60_000): Promise<T> {
  mkdirSync(join(ROOT, ".e2e"), {recursive: true});
  const start = Date.now();
  let said = false;
  for (;;) {
    const staging = readdirSync(ROOT).filter((name) => name.endsWith(".staging"));
    if (!staging.length) {
      try {
        mkdirSync(LOCK);
        break;
      } catch {
        const age = Date.now() - (statSync(LOCK, {throwIfNoEntry: false})?.mtimeMs ?? Date.now());
        if (age > 180_000) rmSync(LOCK, {recursive: true, force: true});
      }
    }
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting for another build to finish");
    if (!said) (said = true), log(`another build is running (${staging.join(", ") || ".e2e/build.lock"}); waiting`);
    await sleep(1000);
  }
  const heartbeat = setInterval(() => {
    const now = new Date();
    try {
      utimesSync(LOCK, now, now);
    } catch {
      // lock removed by someone else; nothing to refresh
    }
  }, 30_000);
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    rmSync(LOCK, {recursive: true, force: true});
  }
}

export interface BuildResult {
  ms: number;
  dist: string;
  ok: boolean;
  log: string;
  attempts?: number;
}

/** `evalDir` null builds the default data set (fixtures): EVAL_DIR and BASELINE are removed from the env. */
export async function build(name: string, evalDir: string | null, benchDir: string): Promise<BuildResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await withBuildLock(() => buildOnce(name, evalDir, benchDir));
    const collided = !result.ok && /ENOENT[^\n]*\.observablehq\/cache/.test(readFileSync(result.log, "utf8"));
    if (!collided || attempt === 3) return {...result, attempts: attempt};
    log(`build ${name} collided with another build (cache folder emptied under it); retrying`);
  }
}

async function buildOnce(name: string, evalDir: string | null, benchDir: string): Promise<BuildResult> {
  const dist = join(benchDir, `dist-${name}`);
  const logFile = join(benchDir, `build-${name}.log`);
  // The run cache the snapshot measurements left warm: the build a user does after adding runs.
  const cache = join(benchDir, "cache", name);
  const env: NodeJS.ProcessEnv = {...process.env, RUN_COMPARE_DIST: dist, RUN_COMPARE_CACHE: cache, OBSERVABLE_TELEMETRY_DISABLE: "1"};
  env.PATH = [join(ROOT, "node_modules", ".bin"), env.PATH].join(delimiter);
  delete env.EVAL_DIR;
  delete env.BASELINE;
  if (evalDir) env.EVAL_DIR = evalDir;
  const out = createWriteStream(logFile);
  const start = performance.now();
  const child = spawn(process.execPath, ["scripts/build.mjs"], {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
  child.stdout.pipe(out, {end: false});
  child.stderr.pipe(out, {end: false});
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const ms = performance.now() - start;
  out.end();
  await once(out, "finish");
  return {ms, dist, ok: code === 0 && existsSync(join(dist, "index.html")), log: logFile};
}

export function treeBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name);
    total += entry.isDirectory() ? treeBytes(path) : statSync(path).size;
  }
  return total;
}

export interface DistSizes {
  total: number;
  numbers: number;
  texts: number;
  numberFiles: Record<string, number>;
}

/** Total bytes of dist/, the snapshot's numbers (runs.json + episodes.json) and its text shards. */
export function distSizes(dist: string): DistSizes {
  const snapshot = join(dist, "_file", "data", "snapshot");
  const numberFiles: Record<string, number> = {};
  for (const name of readdirSync(snapshot)) {
    if (/^(runs|episodes)\.[0-9a-f]+\.json$/.test(name)) numberFiles[name] = statSync(join(snapshot, name)).size;
  }
  const textsDir = join(snapshot, "texts");
  return {
    total: treeBytes(dist),
    numbers: Object.values(numberFiles).reduce((a, b) => a + b, 0),
    texts: existsSync(textsDir) ? treeBytes(textsDir) : 0,
    numberFiles
  };
}
