// The page's state in the URL (a copied link reopens the same view), and the default pair, read forward in
// time: the most recent run or baseline as the candidate, against the most recent comparable baseline before it.
import {describe, expect, it} from "vitest";
import {defaultPair, findingQuery, stateFromQuery, stateToQuery, type PageState} from "../src/compare/selection.js";
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
const baseline = (id: string, time: string | null, more: Parameters<typeof summary>[1] = {}) =>
  summary(id, {kind: "baseline", time, ...more});
const day = (d: number) => `2026-03-${String(d).padStart(2, "0")}T00:00:00Z`;

describe("the default pair", () => {
  it("on a tree of baselines only, reads older to newer: the newest against the one before it", () => {
    const tree = [
      baseline("baselines/mid", day(2)),
      baseline("baselines/new", day(3)),
      baseline("baselines/old", day(1))
    ];
    expect(ids(defaultPair(tree, null))).toEqual(["baselines/mid", "baselines/new"]);
  });

  it("takes the most recent run or baseline as the candidate, even when nothing else is comparable with it", () => {
    expect(ids(defaultPair(runs, null))).toEqual([undefined, "runs/other_dataset"]);
    const comparableOnly = runs.filter((r) => r.id !== "runs/other_dataset" && r.id !== "runs/ner");
    expect(ids(defaultPair(comparableOnly, null))).toEqual(["baselines/new", "runs/r2"]);
  });

  it("never chooses an archived baseline when another comparable one is left, nor an archived candidate", () => {
    const tree = [
      baseline("baselines/old", day(1)),
      baseline("baselines/mid", day(2)),
      baseline("baselines/new", day(3)),
      baseline("baselines/_archive/newest", day(4), {archived: true})
    ];
    expect(ids(defaultPair(tree, null))).toEqual(["baselines/mid", "baselines/new"]);
    const archivedRun = [...tree, summary("runs/_scratch/latest", {archived: true, time: day(5)})];
    expect(ids(defaultPair(archivedRun, null))).toEqual(["baselines/mid", "baselines/new"]);
  });

  it("never takes a reference as the candidate, however recent", () => {
    const tree = [
      baseline("baselines/old", day(1)),
      baseline("baselines/new", day(2)),
      summary("references/silver", {kind: "reference", time: day(9)})
    ];
    expect(ids(defaultPair(tree, null))).toEqual(["baselines/old", "baselines/new"]);
    const referencesOnly = [summary("references/silver", {kind: "reference", time: day(9)})];
    expect(ids(defaultPair(referencesOnly, null))).toEqual([undefined, undefined]);
  });

  it("with no comparable baseline older than the candidate, takes the most recent other comparable baseline", () => {
    const tree = [
      baseline("baselines/other_task", day(1), {task: "ner_entities"}),
      baseline("baselines/_archive/b", day(2), {archived: true}),
      baseline("baselines/_archive/later", day(8), {archived: true}),
      summary("runs/r", {time: day(5)})
    ];
    expect(ids(defaultPair(tree, null))).toEqual(["baselines/_archive/later", "runs/r"]);
    const live = [...tree, baseline("baselines/live", day(3), {dataset_id: "x"})];
    expect(ids(defaultPair(live, null))).toEqual(["baselines/_archive/later", "runs/r"]);
  });

  it("with no comparable baseline at all, the most recent other comparable run; with nothing comparable, alone", () => {
    const tree = [
      baseline("baselines/other_dataset", day(1), {dataset_id: "x"}),
      summary("runs/a", {time: day(2)}),
      summary("runs/_old/b", {archived: true, time: day(3)}),
      summary("runs/c", {time: day(4)}),
      summary("runs/d", {time: day(5)}),
      summary("references/silver", {kind: "reference", time: day(4)})
    ];
    expect(ids(defaultPair(tree, null))).toEqual(["runs/c", "runs/d"]);
    const lonely = [summary("runs/a", {time: day(1)}), summary("runs/b", {time: day(2), task: "ner_entities"})];
    expect(ids(defaultPair(lonely, null))).toEqual([undefined, "runs/b"]);
    const {state} = stateFromQuery("", lonely, null);
    expect([state.runs, state.baseline]).toEqual([["runs/b"], "runs/b"]);
  });

  it("orders undated runs by id, version numbers compared as numbers, after every dated run", () => {
    const undated = ["baselines/b_v1", "baselines/b_v10", "baselines/b_v9"].map((id) => baseline(id, null));
    expect(ids(defaultPair(undated, null))).toEqual(["baselines/b_v9", "baselines/b_v10"]);
    const candidates = ["runs/c_v2", "runs/c_v11"].map((id) => summary(id));
    expect(ids(defaultPair([...undated, ...candidates], null))).toEqual(["baselines/b_v10", "runs/c_v11"]);
    const dated = [...undated, baseline("baselines/dated", day(1)), summary("runs/undated")];
    expect(ids(defaultPair(dated, null))).toEqual(["baselines/b_v10", "baselines/dated"]);
  });

  it("starts from BASELINE when it names a run: the most recent comparable run or baseline other than it", () => {
    expect(ids(defaultPair(runs, "baselines/old"))).toEqual(["baselines/old", "runs/r2"]);
    expect(ids(defaultPair(runs, "runs/r2"))).toEqual(["runs/r2", "runs/r1"]);
    expect(ids(defaultPair(runs, "runs/ner"))).toEqual(["runs/ner", undefined]);
    expect(ids(defaultPair(runs, "runs/gone"))).toEqual(ids(defaultPair(runs, null)));
    const withReference = [
      baseline("baselines/b", day(1)),
      summary("references/r", {kind: "reference", time: day(9)}),
      summary("runs/undated")
    ];
    expect(ids(defaultPair(withReference, "baselines/b"))).toEqual(["baselines/b", "runs/undated"]);
    expect(ids(defaultPair(withReference.slice(0, 2), "baselines/b"))).toEqual(["baselines/b", "references/r"]);
  });
});

describe("page state in the URL", () => {
  const state: PageState = {
    runs: ["baselines/new", "runs/r1", "runs/r2"],
    baseline: "baselines/new",
    focus: "runs/r2",
    episode: "p01_e01",
    show: "regressed",
    defect: "gate_truncation",
    finding: "new_gate_truncation",
    search: "cuda oom",
    sort: "delta_latency",
    desc: false,
    page: 1,
    runsList: {kind: "baseline", search: "bart v2", showArchived: false, sort: {key: "rouge", desc: true}}
  };

  it("round-trips every part of the view through the query string", () => {
    const query = stateToQuery(state);
    expect(query).toBe(
      "?runs=baselines/new,runs/r1,runs/r2&baseline=baselines/new&focus=runs/r2&episode=p01_e01" +
        "&show=regressed&defect=gate_truncation&finding=new_gate_truncation&q=cuda+oom&sort=delta_latency&dir=asc" +
        "&page=2&rkind=baseline&rq=bart+v2&archived=hidden&rsort=rouge&rdir=desc"
    );
    expect(stateFromQuery(query, runs, null)).toEqual({state, unknown: []});
  });

  it("leaves defect and finding out when none is chosen, and reads an empty one as none", () => {
    const none = {...state, defect: null, finding: null};
    expect(stateToQuery(none)).not.toMatch(/defect|finding/);
    expect(stateFromQuery(stateToQuery(none), runs, null).state).toEqual(none);
    const empty = stateFromQuery("?runs=baselines/new,runs/r1&defect=&finding=", runs, null).state;
    expect([empty.defect, empty.finding]).toEqual([null, null]);
  });

  it("a finding's link focuses its candidate and lists the finding alone, keeping the runs and the sort", () => {
    const query = findingQuery(stateToQuery(state), "runs/r1", "new_failed");
    expect(query).toBe(
      "?runs=baselines/new,runs/r1,runs/r2&baseline=baselines/new&focus=runs/r1&finding=new_failed" +
        "&sort=delta_latency&dir=asc&rkind=baseline&rq=bart+v2&archived=hidden&rsort=rouge&rdir=desc"
    );
    expect(stateFromQuery(query, runs, null).state).toEqual({
      ...state,
      focus: "runs/r1",
      episode: null,
      show: "all",
      defect: null,
      finding: "new_failed",
      search: "",
      page: 0
    });
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

  it("reads an unknown runs-table kind, a bad page number and no runs-table state as the defaults", () => {
    const {state: read} = stateFromQuery("?rkind=model&page=-3&rdir=desc", runs, null);
    expect([read.page, read.runsList]).toEqual([0, {kind: "all", search: "", showArchived: true, sort: null}]);
    expect(stateToQuery(read)).not.toMatch(/rkind|page|rq|archived|rsort|rdir/);
  });

  it("opens on the default pair without URL state, and ignores a focus that is not a selected candidate", () => {
    const {state: read} = stateFromQuery("?focus=runs/ner&show=bogus", runs, "baselines/new");
    expect([read.runs, read.baseline, read.focus, read.show]).toEqual([
      ["baselines/new", "runs/r2"],
      "baselines/new",
      null,
      "all"
    ]);
  });
});
