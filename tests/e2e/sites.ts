// Built sites for the e2e tests: each eval tree is built once per test run into .e2e/<name>-dist.
// Vitest may run each test file in its own worker, so "once" is decided by a stamp file holding a
// per-run id (the vitest main process: its pid plus start time), not by module state alone.
// scripts/build.mjs serializes builds itself (they share Framework's cache folder).
import {execFile, spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";
import {fileURLToPath} from "node:url";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll} from "vitest";
import {launch} from "./browser.js";
import {serveStatic, type Served} from "./serve.js";

export const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
export const E2E_DIR = join(ROOT, ".e2e");
export const SCREENSHOTS = join(E2E_DIR, "screenshots");
export const EVAL_DIRS = {
  fixtures: join(ROOT, "fixtures/eval"),
  corpus: join(ROOT, "fixtures/corpus/podcast_scraper/eval")
} as const;
/** Where e2e builds and reports publish run files: their own store, out of the user's. */
export const E2E_STORE = join(E2E_DIR, "store");
export type SiteName = keyof typeof EVAL_DIRS;

function processStart(pid: number): string {
  try {
    // Field 22 of /proc/<pid>/stat (after the parenthesised command name) is the start time.
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? "";
  } catch {
    return "";
  }
}

/** One id per `vitest run`: every worker of the same run computes the same value. */
process.env.RUN_COMPARE_E2E_RUN ??= `ppid-${process.ppid}-${processStart(process.ppid)}`;
export const RUN_ID = process.env.RUN_COMPARE_E2E_RUN;

function runBuild(dist: string, evalDir: string) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH ?? ""}`,
    RUN_COMPARE_DIST: dist,
    // Test builds keep their run cache beside their sites, out of the user's; cached and uncached
    // snapshots are byte-identical (tests/cache.test.ts), so either state tests the same page.
    RUN_COMPARE_CACHE: join(ROOT, ".e2e", "run-cache"),
    RUN_COMPARE_STORE: E2E_STORE,
    EVAL_DIR: evalDir
  };
  delete env.BASELINE;
  return spawnSync(process.execPath, ["scripts/build.mjs"], {cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20});
}

const cache = new Map<string, Promise<string>>();

/** Builds `evalDir` into .e2e/<name>-dist unless this test run already did; returns the dist folder. */
export function buildSite(name: string, evalDir: string): Promise<string> {
  if (!cache.has(name)) {
    mkdirSync(E2E_DIR, {recursive: true});
    cache.set(
      name,
      Promise.resolve().then(() => {
        const dist = join(E2E_DIR, `${name}-dist`);
        const stamp = join(E2E_DIR, `${name}.stamp`);
        const current = existsSync(stamp) ? readFileSync(stamp, "utf8") : "";
        if (current === RUN_ID && existsSync(join(dist, "index.html"))) {
          console.log(`[e2e] ${name}: reusing the build of this run`);
          return dist;
        }
        rmSync(stamp, {force: true});
        const start = Date.now();
        // Another engineer's build may clear the shared cache under ours: one retry.
        let result = runBuild(dist, evalDir);
        if (result.status !== 0) result = runBuild(dist, evalDir);
        if (result.status !== 0 || !existsSync(join(dist, "index.html"))) {
          const output = `${result.stdout ?? ""}\n${result.stderr ?? ""}`.trim().split("\n").slice(-30).join("\n");
          throw new Error(`build of ${evalDir} into ${dist} failed (status ${result.status}):\n${output}`);
        }
        writeFileSync(stamp, RUN_ID);
        console.log(`[e2e] ${name}: built in ${Date.now() - start} ms`);
        return dist;
      })
    );
  }
  return cache.get(name)!;
}

export function builtSite(name: SiteName): Promise<string> {
  return buildSite(name, EVAL_DIRS[name]);
}

// ---- the report command, the page's reference answer ----

// The report's own types: the JSON the command prints is what these describe.
export type {Report, ReportComparison, ReportDelta, ReportRun} from "../../src/compare/report.js";
import type {Report} from "../../src/compare/report.js";

const reports = new Map<string, Promise<string>>();

/** The report command's JSON for these runs; started once per set of arguments (it may run beside a page load). */
export function report(evalDir: string, baseline?: string, candidates: string[] = []): Promise<Report> {
  return reportText(evalDir, baseline, candidates, "json").then((text) => JSON.parse(text) as Report);
}

/** The report command's stdout, started once per set of arguments (it may run beside a page load). */
export function reportText(
  evalDir: string,
  baseline?: string,
  candidates: string[] = [],
  format: "json" | "md" = "json"
): Promise<string> {
  const args = [join(ROOT, "report/cli.ts"), "--eval-dir", evalDir, "--format", format];
  if (baseline) args.push("--baseline", baseline);
  for (const id of candidates) args.push("--candidate", id);
  const key = JSON.stringify(args);
  if (!reports.has(key)) {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      RUN_COMPARE_CACHE: join(ROOT, ".e2e", "run-cache"),
      RUN_COMPARE_STORE: E2E_STORE
    };
    delete env.BASELINE;
    reports.set(
      key,
      new Promise((resolve, reject) =>
        execFile(
          join(ROOT, "node_modules/.bin/tsx"),
          args,
          {cwd: ROOT, env, encoding: "utf8", maxBuffer: 64 << 20},
          (error, stdout) => (error ? reject(error) : resolve(stdout))
        )
      )
    );
  }
  return reports.get(key)!;
}

/** A test file's built site, served from a sub-path, and a browser: opened before its tests, closed after them. */
export function servedSite(name: SiteName): {served: Served; browser: Browser} {
  const site = {} as {served: Served; browser: Browser};
  beforeAll(async () => {
    site.served = await serveStatic(await builtSite(name));
    site.browser = await launch();
  });
  afterAll(async () => {
    await site.browser?.close();
    await site.served?.close();
  });
  return site;
}
