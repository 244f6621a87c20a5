// npm run build into .bench/dist-<name>, timed; then what the built site weighs.
import {spawn} from "node:child_process";
import {once} from "node:events";
import {createWriteStream, existsSync, readdirSync, readFileSync, statSync} from "node:fs";
import {delimiter, join, resolve} from "node:path";
import {log} from "./stats.js";
import {PeakRss} from "./rss.js";

const ROOT = resolve(import.meta.dirname, "..");

export interface BuildResult {
  ms: number;
  dist: string;
  ok: boolean;
  log: string;
  attempts?: number;
  /** The largest peak RSS of any process of the build (the script, Framework, the loader with its threads). */
  peakRssBytes: number;
  peakRssProcess: string;
}

/** `evalDir` null builds the default data set (fixtures): EVAL_DIR and BASELINE are removed from the env. */
export async function build(name: string, evalDir: string | null, benchDir: string): Promise<BuildResult> {
  for (let attempt = 1; ; attempt++) {
    const result = await buildOnce(name, evalDir, benchDir);
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
  const store = join(benchDir, "store", name);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    RUN_COMPARE_DIST: dist,
    RUN_COMPARE_CACHE: cache,
    RUN_COMPARE_STORE: store,
    OBSERVABLE_TELEMETRY_DISABLE: "1"
  };
  env.PATH = [join(ROOT, "node_modules", ".bin"), env.PATH].join(delimiter);
  delete env.EVAL_DIR;
  delete env.BASELINE;
  if (evalDir) env.EVAL_DIR = evalDir;
  const out = createWriteStream(logFile);
  const start = performance.now();
  const child = spawn(process.execPath, ["scripts/build.mjs"], {cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"]});
  const rss = new PeakRss(child.pid!);
  child.stdout.pipe(out, {end: false});
  child.stderr.pipe(out, {end: false});
  const code = await new Promise<number | null>((r) => child.on("close", r));
  const ms = performance.now() - start;
  const peak = rss.stop();
  out.end();
  await once(out, "finish");
  return {
    ms,
    dist,
    ok: code === 0 && existsSync(join(dist, "index.html")),
    log: logFile,
    peakRssBytes: peak.bytes,
    peakRssProcess: peak.process
  };
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
  /** The catalog the page fetches first. */
  catalog: number;
  /** Every run's episode table and details (the page fetches the selected runs' only). */
  tables: number;
  texts: number;
}

/** Total bytes of dist/, its catalog, the runs' tables and details, and their text shards. */
export function distSizes(dist: string): DistSizes {
  const data = join(dist, "_file", "data");
  const size = (path: string) => statSync(path).size;
  const catalog = readdirSync(data)
    .filter((name) => /^catalog\.[0-9a-f]+\.json$/.test(name))
    .reduce((sum, name) => sum + size(join(data, name)), 0);
  const runs = existsSync(join(data, "runs")) ? readdirSync(join(data, "runs")) : [];
  const bytes = (keep: (name: string) => boolean) =>
    runs.filter(keep).reduce((sum, name) => sum + size(join(data, "runs", name)), 0);
  const shard = (name: string) => /-\d+\.json$/.test(name);
  return {total: treeBytes(dist), catalog, tables: bytes((name) => !shard(name)), texts: bytes(shard)};
}
