// The URL keeps runs, baseline and episode, so a copied link reopens the same view.
import {describe, expect, it} from "vitest";
import {defaultSelection, selectionFromQuery, selectionToQuery} from "../src/compare/selection.js";
import type {RunRecord} from "../src/compare/types.js";

const run = (id: string, kind: RunRecord["kind"], dataset_id = "d") => ({id, kind, dataset_id}) as RunRecord;
const runs = [run("baselines/b1", "baseline"), run("runs/r1", "run"), run("runs/r2", "run"), run("runs/other", "run", "x"), {...run("runs/ner", "run"), task: "ner_entities"}, {...run("runs/summary", "run"), task: "summarization"}];

describe("selection", () => {
  it("round-trips through the query string", () => {
    const selection = {runs: ["baselines/b1", "runs/r2"], baseline: "runs/r2", episode: "p01_e01"};
    const query = selectionToQuery(selection);
    expect(query).toBe("?runs=baselines/b1,runs/r2&baseline=runs/r2&episode=p01_e01");
    expect(selectionFromQuery(query, runs, null)).toEqual(selection);
  });

  it("drops ids that no longer exist and falls back to the first listed run as baseline", () => {
    expect(selectionFromQuery("?runs=runs/gone,runs/r1,runs/r2&baseline=runs/gone", runs, null)).toEqual({
      runs: ["runs/r1", "runs/r2"],
      baseline: "runs/r1",
      episode: null
    });
  });

  it("without URL state, preselects BASELINE and the last-named run it can be compared with", () => {
    expect(defaultSelection(runs, "runs/r1")).toEqual({runs: ["runs/r1", "runs/summary"], baseline: "runs/r1", episode: null});
    expect(defaultSelection(runs, null)).toEqual({runs: ["baselines/b1", "runs/summary"], baseline: "baselines/b1", episode: null});
    // runs/summary names another task; runs/r2 names none, so it may be compared.
    expect(defaultSelection(runs, "runs/ner").runs).toEqual(["runs/ner", "runs/r2"]);
    expect(selectionFromQuery("", runs, "runs/r1").baseline).toBe("runs/r1");
  });
});

describe("the preselected baseline", () => {
  it("is BASELINE when set, the fixtures' map/reduce run on the fixtures however they are named, else none", async () => {
    const {defaultBaselineFromEnv, DEFAULT_EVAL_DIR} = await import("../loaders/evalDir.js");
    expect(defaultBaselineFromEnv({BASELINE: "runs/x"})).toBe("runs/x");
    expect(defaultBaselineFromEnv({})).toBe("runs/mr_fatter_map_v2");
    expect(defaultBaselineFromEnv({EVAL_DIR: DEFAULT_EVAL_DIR})).toBe("runs/mr_fatter_map_v2");
    expect(defaultBaselineFromEnv({EVAL_DIR: "fixtures/corpus/podcast_scraper/eval"})).toBeNull();
  });
});
