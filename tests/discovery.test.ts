// Discovery and comparability details: nothing on disk is dropped without a word, nothing unlike is paired.
import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {buildSnapshot} from "../loaders/snapshot.js";
import {rowsByRun} from "../src/compare/align.js";
import {compareRuns} from "../src/compare/report.js";
import {row, run} from "./support/factory.js";
import {cleanupTempDirs, copyRun, tempEvalDir} from "./support/tempTree.js";

afterAll(cleanupTempDirs);

describe("discovery", () => {
  it("reports a folder with files but no run artifacts, and not the empty ones", async () => {
    const evalDir = tempEvalDir();
    copyRun(evalDir, "runs/a");
    mkdirSync(path.join(evalDir, "references/gold/notes"), {recursive: true});
    writeFileSync(path.join(evalDir, "references/gold/notes/index.json"), "{}");
    mkdirSync(path.join(evalDir, "runs/empty"), {recursive: true});
    const {snapshot} = await buildSnapshot(evalDir);
    expect(snapshot.runs.map((r) => r.id)).toEqual(["runs/a"]);
    expect(snapshot.tree_problems).toEqual([
      {file: "references/gold/notes", line: null, message: "holds no predictions.jsonl or metrics.json; not a run"}
    ]);
  });

  it("points a truncated metrics.json at its last line", async () => {
    const evalDir = tempEvalDir();
    const dir = copyRun(evalDir, "runs/a");
    writeFileSync(path.join(dir, "metrics.json"), '{\n  "dataset_id": "d",\n  "episode_count": 5,\n');
    const {snapshot} = await buildSnapshot(evalDir);
    const problem = snapshot.runs[0].problems.find((p) => p.file === "metrics.json");
    expect(problem?.line).toBe(3);
    expect(snapshot.runs[0].artifacts["metrics.json"]).toBe("malformed");
  });
});

describe("comparability", () => {
  it("never compares runs of different tasks on the same dataset", () => {
    const ner = run("ner", {task: "ner_entities"});
    const summary = run("summary");
    const rows = rowsByRun([row("ner", "e1"), row("summary", "e1")]);
    const comparison = compareRuns(summary, ner, rows);
    expect(comparison.comparable).toBe(false);
    expect(comparison.verdict.verdict).toBe("not comparable");
    expect(comparison.verdict.sentence).toContain("different tasks: baseline summarization, candidate ner_entities");
    expect(comparison.deltas).toEqual([]);
  });
});
