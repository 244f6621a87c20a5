// Discovery and comparability details: nothing on disk is dropped without a word, nothing unlike is paired.
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {compareRuns} from "../src/compare/compare.js";
import {row, runData} from "./support/factory.js";
import {cleanupStores, snapshotOf} from "./support/snapshot.js";
import {cleanupTempDirs, copyRun, tempEvalDir} from "./support/tempTree.js";

afterAll(() => (cleanupTempDirs(), cleanupStores()));

describe("discovery", () => {
  it("reports a folder with files but no run artifacts (or a non-gold index.json), not the empty ones", async () => {
    const evalDir = tempEvalDir();
    copyRun(evalDir, "runs/a");
    mkdirSync(path.join(evalDir, "references/gold/notes"), {recursive: true});
    writeFileSync(path.join(evalDir, "references/gold/notes/index.json"), "{}");
    mkdirSync(path.join(evalDir, "runs/empty"), {recursive: true});
    const {catalog} = await snapshotOf(evalDir);
    expect(catalog.runs.map((r) => r.id)).toEqual(["runs/a"]);
    expect(catalog.tree_problems).toEqual([
      {
        file: "references/gold/notes",
        line: null,
        message: "holds no predictions.jsonl, metrics.json or gold index.json; not a run"
      }
    ]);
  });

  it("marks a run under a folder starting with _ as archived", async () => {
    const evalDir = tempEvalDir();
    copyRun(evalDir, "references/silver/_archive/old_v1");
    copyRun(evalDir, "references/silver/new_v1");
    const {catalog} = await snapshotOf(evalDir);
    expect(catalog.runs.map((r) => [r.id, r.archived])).toEqual([
      ["references/silver/_archive/old_v1", true],
      ["references/silver/new_v1", false]
    ]);
  });

  it("points a truncated metrics.json at its last line", async () => {
    const evalDir = tempEvalDir();
    const dir = copyRun(evalDir, "runs/a");
    writeFileSync(path.join(dir, "metrics.json"), '{\n  "dataset_id": "d",\n  "episode_count": 5,\n');
    const snapshot = await snapshotOf(evalDir);
    const run = snapshot.run("runs/a");
    expect(run.problems.find((p) => p.file === "metrics.json")?.line).toBe(3);
    expect(run.artifacts["metrics.json"]).toBe("malformed");
  });
});

describe("comparability", () => {
  it("never compares runs of different tasks on the same dataset", () => {
    const summary = runData("summary", [row("e1")]);
    const ner = runData("ner", [row("e1")], {task: "ner_entities"});
    const comparison = compareRuns(summary, ner);
    expect(comparison.comparable).toBe(false);
    expect(comparison.verdict.label).toBe("not_comparable");
    expect(comparison.verdict.sentence).toContain("different tasks (baseline summarization, candidate ner_entities)");
    expect(comparison.deltas).toEqual([]);
    expect(comparison.episodes).toEqual([]);
  });
});
