// The run cache: a rebuild of an unchanged tree parses nothing and gives the same snapshot as a build
// without a cache; a changed file, a changed reference, a damaged entry or newer code is derived again.
// (Every bad-input case in badInput.test.ts is also built twice through a cache: see scenario().)
import {
  appendFileSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync
} from "node:fs";
import path from "node:path";
import {afterAll, beforeEach, describe, expect, it, vi} from "vitest";
import {cacheFromEnv, DEFAULT_CACHE_DIR, type RunCache} from "../loaders/cache.js";
import * as runReader from "../loaders/readRun.js";
import {buildSnapshot} from "../loaders/snapshot.js";
import type {Catalog} from "../src/compare/types.js";
import {fixturesDir} from "./support/paths.js";
import {cleanupStores, readSnapshot, tempStore} from "./support/snapshot.js";
import {cleanupTempDirs, tempCache, tempEvalDir} from "./support/tempTree.js";

vi.mock("../loaders/readRun.js", async (importOriginal) => {
  const original = await importOriginal<typeof runReader>();
  return {...original, readRun: vi.fn(original.readRun)};
});
const readRun = vi.mocked(runReader.readRun);
const parsedRuns = () => readRun.mock.calls.map(([run]) => run.id).sort();

afterAll(() => (cleanupTempDirs(), cleanupStores()));
beforeEach(() => {
  readRun.mockClear();
});

const REFERENCE = "references/silver/silver_sonnet46_smoke_v1";
const SCORED_RUN = "baselines/mr_fatter_map_v2";

function treeAndCache(): {evalDir: string; cache: RunCache} {
  const evalDir = tempEvalDir();
  cpSync(fixturesDir, evalDir, {recursive: true});
  return {evalDir, cache: tempCache()};
}

const build = (evalDir: string, cache: RunCache | null = null, store = tempStore()) =>
  buildSnapshot({evalDir, store, cache}).then((catalog) => ({catalog, store}));

/** Same snapshot: equal catalogs (every run's published files are named by their content). */
function expectSame(actual: {catalog: Catalog}, expected: {catalog: Catalog}) {
  expect(actual.catalog).toEqual(expected.catalog);
}

function rewriteFirstOutput(file: string, change: (text: string) => string) {
  const [first, ...rest] = readFileSync(file, "utf8").split("\n");
  const row = JSON.parse(first);
  row.output.summary_final = change(row.output.summary_final);
  writeFileSync(file, [JSON.stringify(row), ...rest].join("\n"));
  return row.episode_id as string;
}

const rowOf = ({catalog, store}: {catalog: Catalog; store: string}, id: string, episode: string) =>
  readSnapshot(catalog, store)
    .rows(id)
    .find((r) => r.episode_id === episode)!;

describe("run cache", () => {
  it("is on by default under node_modules/.cache, moves with RUN_COMPARE_CACHE, is off with =off", async () => {
    expect(cacheFromEnv({})?.dir).toBe(DEFAULT_CACHE_DIR);
    expect(cacheFromEnv({RUN_COMPARE_CACHE: "/tmp/elsewhere"})?.dir).toBe("/tmp/elsewhere");
    expect(cacheFromEnv({RUN_COMPARE_CACHE: "off"})).toBeNull();
  });

  it("rebuilds an unchanged tree without parsing a run, to the same snapshot as a build without cache", async () => {
    const {evalDir, cache} = treeAndCache();
    const uncached = await build(evalDir);
    const store = tempStore();
    readRun.mockClear();
    expectSame(await build(evalDir, cache, store), uncached);
    // The gold is not a readRun run.
    expect(readRun.mock.calls.length).toBeGreaterThanOrEqual(uncached.catalog.runs.length - 1);
    readRun.mockClear();
    expectSame(await build(evalDir, cache, store), uncached);
    expect(readRun).not.toHaveBeenCalled();
  });

  it("a run whose published files were removed is derived again, not served from a stale entry", async () => {
    const {evalDir, cache} = treeAndCache();
    const store = tempStore();
    const first = await build(evalDir, cache, store);
    const files = first.catalog.runs.find((r) => r.id === SCORED_RUN)!.files;
    rmSync(path.join(store, files.table));
    readRun.mockClear();
    expectSame(await build(evalDir, cache, store), first);
    expect(parsedRuns()).toContain(SCORED_RUN);
  });

  it("parses and scores again only a run whose predictions changed (and reads its reference to score it)", async () => {
    const {evalDir, cache} = treeAndCache();
    const store = tempStore();
    const before = await build(evalDir, cache, store);
    const episode = rewriteFirstOutput(path.join(evalDir, SCORED_RUN, "predictions.jsonl"), (text) =>
      text.split(" ").slice(0, 20).join(" ")
    );
    readRun.mockClear();
    const after = await build(evalDir, cache, store);
    expect(parsedRuns()).toEqual([SCORED_RUN, REFERENCE].sort());
    expectSame(after, await build(evalDir));
    expect(rowOf(after, SCORED_RUN, episode).rougeL!).toBeLessThan(rowOf(before, SCORED_RUN, episode).rougeL!);
  });

  it("scores every run again against a changed reference", async () => {
    const {evalDir, cache} = treeAndCache();
    const before = await build(evalDir, cache);
    const episode = rewriteFirstOutput(
      path.join(evalDir, REFERENCE, "predictions.jsonl"),
      () => "An unrelated reference about sourdough starters."
    );
    const after = await build(evalDir, cache);
    expectSame(after, await build(evalDir));
    const namesReference = after.catalog.runs
      .filter((r) => r.reference?.id === REFERENCE && r.reference.source === "recomputed")
      .map((r) => r.id);
    expect(namesReference.length).toBeGreaterThan(1);
    for (const id of namesReference) {
      const [now, old] = [rowOf(after, id, episode), rowOf(before, id, episode)];
      if (now.rouge1 === null) continue;
      expect(now.rouge1).toBeLessThan(old.rouge1!);
    }
  });

  it("derives damaged entries again instead of failing", async () => {
    const {evalDir, cache} = treeAndCache();
    const uncached = await build(evalDir);
    await build(evalDir, cache);
    const entries = readdirSync(cache.dir);
    expect(entries.length).toBeGreaterThanOrEqual(uncached.catalog.runs.length);
    for (const [i, name] of entries.entries()) {
      if (i % 2) writeFileSync(path.join(cache.dir, name), "");
      else appendFileSync(path.join(cache.dir, name), "garbage");
    }
    expectSame(await build(evalDir, cache), uncached);
  });

  it("shows a changed fingerprint.json or metrics.json on the next build", async () => {
    const {evalDir, cache} = treeAndCache();
    await build(evalDir, cache);
    const fingerprint = path.join(evalDir, SCORED_RUN, "fingerprint.json");
    writeFileSync(fingerprint, JSON.stringify({provider: {provider_type: "acme", model: "acme-large-2"}}));
    const metrics = path.join(evalDir, SCORED_RUN, "metrics.json");
    writeFileSync(
      metrics,
      JSON.stringify({...JSON.parse(readFileSync(metrics, "utf8")), dataset_id: "another_dataset"})
    );
    const after = await build(evalDir, cache);
    const run = after.catalog.runs.find((r) => r.id === SCORED_RUN)!;
    expect(run.description).toBe("acme · acme-large-2");
    expect(run.dataset_id).toBe("another_dataset");
    expectSame(after, await build(evalDir));
  });

  it("reads a run again while its files changed in the last two seconds, and after the loader changes", async () => {
    const {evalDir, cache: settled} = treeAndCache();
    const store = tempStore();
    // Every file "just written"; the gold is not a readRun run.
    const runs = (await build(evalDir, {...settled, settleMs: 60_000}, store)).catalog.runs.length - 1;
    readRun.mockClear();
    await build(evalDir, {...settled, settleMs: 60_000}, store);
    expect(readRun.mock.calls.length).toBeGreaterThanOrEqual(runs);
    await build(evalDir, settled, store);
    readRun.mockClear();
    await build(evalDir, settled, store);
    expect(readRun).not.toHaveBeenCalled();
    await build(evalDir, {...settled, version: "other loader code"}, store);
    expect(readRun.mock.calls.length).toBeGreaterThanOrEqual(runs);
  });

  it("reports unreadable artifacts (a symlink loop, a directory) on every build, never failing the build", async () => {
    const {evalDir, cache} = treeAndCache();
    const dir = path.join(evalDir, SCORED_RUN);
    rmSync(path.join(dir, "fingerprint.json"));
    symlinkSync("fingerprint.json", path.join(dir, "fingerprint.json"));
    rmSync(path.join(dir, "diagnostics.jsonl"), {force: true});
    mkdirSync(path.join(dir, "diagnostics.jsonl"));
    const uncached = await build(evalDir);
    const problems = readSnapshot(uncached.catalog, uncached.store)
      .run(SCORED_RUN)
      .problems.map((p) => p.file);
    expect(problems).toEqual(expect.arrayContaining(["fingerprint.json", "diagnostics.jsonl"]));
    expectSame(await build(evalDir, cache), uncached);
    expectSame(await build(evalDir, cache), uncached);
  });
});
