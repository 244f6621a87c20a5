// The page's state in the URL (a copied link reopens the same view), and the default pair: the most
// recent non-archived baseline against the most recent comparable run.
import {describe, expect, it} from "vitest";
import {defaultPair, stateFromQuery, stateToQuery, type PageState} from "../src/compare/selection.js";
import {summary} from "./support/factory.js";

const runs = [
  summary("baselines/old", {kind: "baseline", time: "2026-01-01T00:00:00Z"}),
  summary("baselines/_archived/newest", {kind: "baseline", archived: true, time: "2026-09-01T00:00:00Z"}),
  summary("baselines/new", {kind: "baseline", time: "2026-04-01T00:00:00Z"}),
  summary("runs/r1", {time: "2026-05-01T00:00:00Z"}),
  summary("runs/r2", {time: "2026-06-01T00:00:00Z"}),
  summary("runs/other_dataset", {dataset_id: "x", time: "2026-08-01T00:00:00Z"}),
  summary("runs/ner", {task: "ner_entities", time: "2026-07-01T00:00:00Z"}),
  summary("references/silver", {kind: "reference", time: "2026-07-15T00:00:00Z"}),
  summary("runs/undated")
];
const ids = (pair: ReturnType<typeof defaultPair>) => [pair.baseline?.id, pair.candidate?.id];

describe("the default pair", () => {
  it("is the most recent non-archived baseline against the most recent comparable run (same task and dataset)", () => {
    expect(ids(defaultPair(runs, null))).toEqual(["baselines/new", "runs/r2"]);
  });

  it("never preselects an archived run, prefers runs and baselines to references, and puts undated runs last", () => {
    const onlyArchived = [
      summary("baselines/_old/b", {kind: "baseline", archived: true}),
      summary("runs/a", {time: "2026-01-01T00:00:00Z"})
    ];
    expect(defaultPair(onlyArchived, null).baseline?.id).toBe("runs/a");
    const withReference = [
      summary("baselines/b", {kind: "baseline"}),
      summary("references/r", {kind: "reference", time: "2026-09-09T00:00:00Z"}),
      summary("runs/undated")
    ];
    expect(ids(defaultPair(withReference, null))).toEqual(["baselines/b", "runs/undated"]);
  });

  it("among undated runs, takes the greatest id as the most recent, version numbers compared as numbers", () => {
    const undated = ["baselines/b_v1", "baselines/b_v10", "baselines/b_v9"].map((id) =>
      summary(id, {kind: "baseline"})
    );
    const candidates = ["runs/c_v2", "runs/c_v11"].map((id) => summary(id));
    expect(ids(defaultPair([...undated, ...candidates], null))).toEqual(["baselines/b_v10", "runs/c_v11"]);
  });

  it("starts from BASELINE when it names a run", () => {
    expect(ids(defaultPair(runs, "runs/r1"))).toEqual(["runs/r1", "runs/r2"]);
    expect(ids(defaultPair(runs, "runs/ner"))).toEqual(["runs/ner", undefined]);
    expect(ids(defaultPair(runs, "runs/gone"))).toEqual(["baselines/new", "runs/r2"]);
  });
});

describe("page state in the URL", () => {
  const state: PageState = {
    runs: ["baselines/new", "runs/r1", "runs/r2"],
    baseline: "baselines/new",
    focus: "runs/r2",
    episode: "p01_e01",
    show: "regressed",
    search: "cuda oom",
    sort: "delta_latency",
    desc: false
  };

  it("round-trips every part of the view through the query string", () => {
    const query = stateToQuery(state);
    expect(query).toBe(
      "?runs=baselines/new,runs/r1,runs/r2&baseline=baselines/new&focus=runs/r2&episode=p01_e01" +
        "&show=regressed&q=cuda+oom&sort=delta_latency&dir=asc"
    );
    expect(stateFromQuery(query, runs, null)).toEqual({state, unknown: []});
  });

  it("names a link's ids missing from the catalog, keeps the known ones, baseline falls back to the first", () => {
    const {state: read, unknown} = stateFromQuery(
      "?runs=runs/gone,runs/r1,runs/r2&baseline=runs/also_gone",
      runs,
      null
    );
    expect(unknown).toEqual(["runs/gone", "runs/also_gone"]);
    expect([read.runs, read.baseline]).toEqual([["runs/r1", "runs/r2"], "runs/r1"]);
  });

  it("opens on the default pair without URL state, and ignores a focus that is not a selected candidate", () => {
    const {state: read} = stateFromQuery("?focus=runs/ner&show=bogus", runs, null);
    expect([read.runs, read.baseline, read.focus, read.show]).toEqual([
      ["baselines/new", "runs/r2"],
      "baselines/new",
      null,
      "all"
    ]);
  });
});
