// The run cache: a rebuild of an unchanged tree parses nothing and gives the same snapshot as a build
// without a cache; a changed file, a changed reference, a damaged entry or newer code is derived again.
// (Every bad-input case in badInput.test.ts is also built twice through a cache: see scenario().)
import {appendFileSync, cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeEach, describe, expect, it, vi} from "vitest";
import {cacheFromEnv, DEFAULT_CACHE_DIR, type RunCache} from "../loaders/cache.js";
import * as runReader from "../loaders/readRun.js";
import {buildSnapshot, type SnapshotData} from "../loaders/snapshot.js";
import {fixturesDir} from "./support/paths.js";
import {cleanupTempDirs, tempCache, tempEvalDir, zipBytes} from "./support/tempTree.js";

vi.mock("../loaders/readRun.js", async (importOriginal) => {
  const original = await importOriginal<typeof runReader>();
  return {...original, readRun: vi.fn(original.readRun)};
});
const readRun = vi.mocked(runReader.readRun);
const parsedRuns = () => readRun.mock.calls.map(([run]) => run.id).sort();

afterAll(cleanupTempDirs);
beforeEach(() => {
  readRun.mockClear();
});

const REFERENCE = "references/silver/silver_sonnet46_smoke_v1";
const SCORED_RUN = "runs/mr_fatter_map_v2";

function treeAndCache(): {evalDir: string; cache: RunCache} {
  const evalDir = tempEvalDir();
  cpSync(fixturesDir, evalDir, {recursive: true});
  return {evalDir, cache: tempCache()};
}

/** Everything a page or report reads, with the texts parsed (for a readable diff on failure). */
function comparable({snapshot, rows, shards}: SnapshotData) {
  return {snapshot, rows, texts: shards.map((chunks) => JSON.parse(Buffer.concat(chunks).toString()))};
}

/** Same snapshot, down to the zip's bytes. */
function expectSame(actual: SnapshotData, expected: SnapshotData) {
  expect(comparable(actual)).toEqual(comparable(expected));
  expect(zipBytes(actual).equals(zipBytes(expected)), "zip bytes").toBe(true);
}

function rewriteFirstOutput(file: string, change: (text: string) => string) {
  const [first, ...rest] = readFileSync(file, "utf8").split("\n");
  const row = JSON.parse(first);
  row.output.summary_final = change(row.output.summary_final);
  writeFileSync(file, [JSON.stringify(row), ...rest].join("\n"));
  return row.episode_id as string;
}

describe("run cache", () => {
  it("is on by default under node_modules/.cache, elsewhere with RUN_COMPARE_CACHE, and off with RUN_COMPARE_CACHE=off", async () => {
    expect(cacheFromEnv({})?.dir).toBe(DEFAULT_CACHE_DIR);
    expect(cacheFromEnv({RUN_COMPARE_CACHE: "/tmp/elsewhere"})?.dir).toBe("/tmp/elsewhere");
    expect(cacheFromEnv({RUN_COMPARE_CACHE: "off"})).toBeNull();
  });

  it("rebuilds an unchanged tree without parsing a run, to the same snapshot as a build without cache", async () => {
    const {evalDir, cache} = treeAndCache();
    const uncached = await buildSnapshot(evalDir, SCORED_RUN);
    readRun.mockClear();
    expectSame(await buildSnapshot(evalDir, SCORED_RUN, cache), uncached);
    expect(readRun).toHaveBeenCalledTimes(uncached.snapshot.runs.length);
    readRun.mockClear();
    expectSame(await buildSnapshot(evalDir, SCORED_RUN, cache), uncached);
    expect(readRun).not.toHaveBeenCalled();
  });

  it("parses and scores again only a run whose predictions changed", async () => {
    const {evalDir, cache} = treeAndCache();
    const before = await buildSnapshot(evalDir, null, cache);
    const episode = rewriteFirstOutput(path.join(evalDir, SCORED_RUN, "predictions.jsonl"), (text) => text.split(" ").slice(0, 20).join(" "));
    readRun.mockClear();
    const after = await buildSnapshot(evalDir, null, cache);
    // The reference's tokens, needed to score the changed run, come from the cache too.
    expect(parsedRuns()).toEqual([SCORED_RUN]);
    expectSame(after, await buildSnapshot(evalDir));
    const rougeL = ({rows}: SnapshotData) => rows.find((r) => r.run === SCORED_RUN && r.episode_id === episode)!.rougeL!;
    expect(rougeL(after)).toBeLessThan(rougeL(before));
  });

  it("scores every run again against a changed reference", async () => {
    const {evalDir, cache} = treeAndCache();
    const before = await buildSnapshot(evalDir, null, cache);
    const episode = rewriteFirstOutput(path.join(evalDir, REFERENCE, "predictions.jsonl"), () => "An unrelated reference about sourdough starters.");
    const after = await buildSnapshot(evalDir, null, cache);
    expectSame(after, await buildSnapshot(evalDir));
    const namesReference = new Set(after.snapshot.runs.filter((r) => r.reference?.id === REFERENCE && r.id !== REFERENCE).map((r) => r.id));
    const scored = (data: SnapshotData) => data.rows.filter((r) => r.episode_id === episode && r.rouge1 !== null && namesReference.has(r.run));
    expect(scored(after).length).toBeGreaterThan(1);
    for (const row of scored(after)) {
      const old = scored(before).find((r) => r.run === row.run)!;
      expect(row.rouge1).toBeLessThan(old.rouge1!);
    }
  });

  it("derives damaged entries again instead of failing", async () => {
    const {evalDir, cache} = treeAndCache();
    const uncached = await buildSnapshot(evalDir);
    await buildSnapshot(evalDir, null, cache);
    const entries = readdirSync(cache.dir);
    expect(entries.length).toBeGreaterThan(uncached.snapshot.runs.length);
    entries.forEach((name, i) => (i % 2 ? writeFileSync(path.join(cache.dir, name), "") : appendFileSync(path.join(cache.dir, name), "garbage")));
    expectSame(await buildSnapshot(evalDir, null, cache), uncached);
  });

  it("shows a changed fingerprint.json or metrics.json on the next build", async () => {
    const {evalDir, cache} = treeAndCache();
    await buildSnapshot(evalDir, null, cache);
    const fingerprint = path.join(evalDir, SCORED_RUN, "fingerprint.json");
    writeFileSync(fingerprint, JSON.stringify({provider: {provider_type: "acme", model: "acme-large-2"}}));
    const metrics = path.join(evalDir, SCORED_RUN, "metrics.json");
    writeFileSync(metrics, JSON.stringify({...JSON.parse(readFileSync(metrics, "utf8")), dataset_id: "another_dataset"}));
    const after = await buildSnapshot(evalDir, null, cache);
    const run = after.snapshot.runs.find((r) => r.id === SCORED_RUN)!;
    expect(run.description).toBe("acme · acme-large-2");
    expect(run.dataset_id).toBe("another_dataset");
    expectSame(after, await buildSnapshot(evalDir));
  });

  it("reads a run again while its files changed within the last two seconds, and after the loader code changes", async () => {
    const {evalDir, cache: settled} = treeAndCache();
    const runs = (await buildSnapshot(evalDir, null, {...settled, settleMs: 60_000})).snapshot.runs.length; // every file "just written"
    readRun.mockClear();
    await buildSnapshot(evalDir, null, {...settled, settleMs: 60_000});
    expect(readRun).toHaveBeenCalledTimes(runs);
    await buildSnapshot(evalDir, null, settled);
    readRun.mockClear();
    await buildSnapshot(evalDir, null, settled);
    expect(readRun).not.toHaveBeenCalled();
    await buildSnapshot(evalDir, null, {...settled, version: "other loader code"});
    expect(readRun).toHaveBeenCalledTimes(runs);
  });

  it("reports artifacts it cannot read (a self-referencing symlink, a directory) on every build, never failing the build", async () => {
    const {evalDir, cache} = treeAndCache();
    const dir = path.join(evalDir, SCORED_RUN);
    rmSync(path.join(dir, "fingerprint.json"));
    symlinkSync("fingerprint.json", path.join(dir, "fingerprint.json"));
    rmSync(path.join(dir, "diagnostics.jsonl"), {force: true});
    mkdirSync(path.join(dir, "diagnostics.jsonl"));
    const uncached = await buildSnapshot(evalDir);
    const problems = uncached.snapshot.runs.find((r) => r.id === SCORED_RUN)!.problems.map((p) => p.file);
    expect(problems).toEqual(expect.arrayContaining(["fingerprint.json", "diagnostics.jsonl"]));
    expectSame(await buildSnapshot(evalDir, null, cache), uncached);
    expectSame(await buildSnapshot(evalDir, null, cache), uncached);
  });
});
