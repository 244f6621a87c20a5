// The run cache: a rebuild of an unchanged tree parses nothing and gives the same snapshot as a build
// without a cache; a changed run, a changed reference or a damaged entry is derived again.
import {appendFileSync, cpSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeEach, describe, expect, it, vi} from "vitest";
import {cacheFromEnv, DEFAULT_CACHE_DIR, type RunCache} from "../loaders/cache.js";
import * as runReader from "../loaders/readRun.js";
import {buildSnapshot, type SnapshotData} from "../loaders/snapshot.js";
import {fixturesDir} from "./support/paths.js";
import {cleanupTempDirs, tempEvalDir} from "./support/tempTree.js";

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

async function treeAndCache(): Promise<{evalDir: string; cache: RunCache}> {
  const evalDir = tempEvalDir();
  cpSync(fixturesDir, evalDir, {recursive: true});
  const cache = cacheFromEnv({RUN_COMPARE_CACHE: tempEvalDir()})!;
  return {evalDir, cache};
}

/** Everything a page or report reads, with the texts parsed. */
function comparable({snapshot, rows, shards}: SnapshotData) {
  return {snapshot, rows, texts: shards.map((chunks) => JSON.parse(Buffer.concat(chunks).toString()))};
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
    const {evalDir, cache} = await treeAndCache();
    const uncached = comparable(await buildSnapshot(evalDir, SCORED_RUN));
    const runs = uncached.snapshot.runs.length;
    readRun.mockClear();
    expect(comparable(await buildSnapshot(evalDir, SCORED_RUN, cache))).toEqual(uncached);
    expect(readRun).toHaveBeenCalledTimes(runs);
    readRun.mockClear();
    expect(comparable(await buildSnapshot(evalDir, SCORED_RUN, cache))).toEqual(uncached);
    expect(readRun).not.toHaveBeenCalled();
  });

  it("parses and scores again only a run whose predictions changed", async () => {
    const {evalDir, cache} = await treeAndCache();
    const before = await buildSnapshot(evalDir, null, cache);
    const episode = rewriteFirstOutput(path.join(evalDir, SCORED_RUN, "predictions.jsonl"), (text) => text.split(" ").slice(0, 20).join(" "));
    readRun.mockClear();
    const after = await buildSnapshot(evalDir, null, cache);
    // The reference's tokens, needed to score the changed run, come from the cache too.
    expect(parsedRuns()).toEqual([SCORED_RUN]);
    expect(comparable(after)).toEqual(comparable(await buildSnapshot(evalDir)));
    const rougeL = ({rows}: SnapshotData) => rows.find((r) => r.run === SCORED_RUN && r.episode_id === episode)!.rougeL!;
    expect(rougeL(after)).toBeLessThan(rougeL(before));
  });

  it("scores every run again against a changed reference", async () => {
    const {evalDir, cache} = await treeAndCache();
    const before = await buildSnapshot(evalDir, null, cache);
    const episode = rewriteFirstOutput(path.join(evalDir, REFERENCE, "predictions.jsonl"), () => "An unrelated reference about sourdough starters.");
    const after = await buildSnapshot(evalDir, null, cache);
    expect(comparable(after)).toEqual(comparable(await buildSnapshot(evalDir)));
    const namesReference = new Set(after.snapshot.runs.filter((r) => r.reference?.id === REFERENCE && r.id !== REFERENCE).map((r) => r.id));
    const scored = (data: SnapshotData) => data.rows.filter((r) => r.episode_id === episode && r.rouge1 !== null && namesReference.has(r.run));
    expect(scored(after).length).toBeGreaterThan(1);
    for (const row of scored(after)) {
      const old = scored(before).find((r) => r.run === row.run)!;
      expect(row.rouge1).toBeLessThan(old.rouge1!);
    }
  });

  it("derives damaged entries again instead of failing", async () => {
    const {evalDir, cache} = await treeAndCache();
    const uncached = comparable(await buildSnapshot(evalDir));
    await buildSnapshot(evalDir, null, cache);
    const entries = readdirSync(cache.dir);
    expect(entries.length).toBeGreaterThan(uncached.snapshot.runs.length);
    entries.forEach((name, i) => (i % 2 ? writeFileSync(path.join(cache.dir, name), "") : appendFileSync(path.join(cache.dir, name), "garbage")));
    expect(comparable(await buildSnapshot(evalDir, null, cache))).toEqual(uncached);
  });
});
