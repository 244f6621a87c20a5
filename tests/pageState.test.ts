// The page's state machine without a browser: what each choice changes, what it writes to the address bar and
// history, and what Back and Forward bring back.
import {describe, expect, it} from "vitest";
import {pageState, type HistoryPort, type Part} from "../src/page/state.js";
import {summary} from "./support/factory.js";

const catalog = {
  runs: [
    summary("baselines/b", {kind: "baseline", time: "2026-01-01T00:00:00Z"}),
    summary("runs/r1", {time: "2026-02-01T00:00:00Z"}),
    summary("runs/r2", {time: "2026-03-01T00:00:00Z"}),
    summary("references/_archive/old", {kind: "reference", archived: true})
  ],
  default_baseline: null
};

/** A browser history: entries, the current one, push drops the forward ones. */
class FakeHistory implements HistoryPort {
  entries: string[];
  at = 0;
  constructor(start: string) {
    this.entries = [start];
  }
  get current() {
    return this.entries[this.at];
  }
  push(query: string) {
    this.entries.splice(this.at + 1, Infinity, query);
    this.at += 1;
  }
  replace(query: string) {
    this.entries[this.at] = query;
  }
  back() {
    this.at -= 1;
    return this.current;
  }
  forward() {
    this.at += 1;
    return this.current;
  }
}

function open(query = "") {
  const history = new FakeHistory(query);
  const state = pageState({query, catalog, history});
  const seen: Part[] = [];
  for (const part of ["selection", "episode", "list", "runsList", "toggles"] as const)
    state.observe(part)(() => seen.push(part));
  seen.length = 0;
  const param = (name: string) => new URLSearchParams(history.current).get(name);
  return {state, history, seen, param};
}

const PAIR = "?runs=baselines/b,runs/r2&baseline=baselines/b";

describe("the page's state", () => {
  it("opens on the link's view, or on the default pair, and writes it to the address bar without an entry", () => {
    const fresh = open();
    expect(fresh.state.get("selection")).toEqual({
      runs: ["baselines/b", "runs/r2"],
      baseline: "baselines/b",
      focus: null
    });
    expect(fresh.history.entries).toEqual([PAIR]);
    const linked = open(`?runs=baselines/b,runs/r1,runs/gone&focus=runs/r1&episode=e7&show=failed&page=3&rkind=run`);
    expect(linked.state.get("selection")).toEqual({
      runs: ["baselines/b", "runs/r1"],
      baseline: "baselines/b",
      focus: "runs/r1"
    });
    expect(linked.state.unknown).toEqual(["runs/gone"]);
    expect(linked.state.get("episode")).toBe("e7");
    expect(linked.state.get("list")).toMatchObject({show: "failed", page: 2});
    expect(linked.state.get("runsList").kind).toBe("run");
    expect(linked.history.entries.length).toBe(1);
  });

  it("a new selection is an entry: no episode open, the list at its first page, its filters kept", () => {
    const {state, history, seen, param} = open(`${PAIR}&episode=e1&show=regressed&page=2`);
    state.choose({runs: ["baselines/b", "runs/r2", "runs/r1"], baseline: "baselines/b", focus: "runs/r1"});
    expect(history.entries.length).toBe(2);
    expect([param("runs"), param("focus"), param("episode"), param("page"), param("show")]).toEqual([
      "baselines/b,runs/r2,runs/r1",
      "runs/r1",
      null,
      null,
      "regressed"
    ]);
    expect(seen).toEqual(["selection", "episode", "list"]);
    // Adding or removing another run keeps the listed candidate.
    state.choose({runs: ["baselines/b", "runs/r2", "runs/r1", "references/_archive/old"], baseline: "baselines/b"});
    expect(state.get("selection").focus).toBe("runs/r1");
    // The baseline cannot be the focus; a run not selected cannot either.
    state.choose({runs: ["baselines/b", "runs/r2"], baseline: "runs/r2", focus: "runs/r2"});
    expect(state.get("selection").focus).toBe(null);
    state.choose({runs: ["baselines/b", "runs/r2"], baseline: "baselines/b", focus: "runs/r1"});
    expect(state.get("selection").focus).toBe(null);
  });

  it("opening an episode is an entry and changes nothing else; opening it again brings it back, no entry", () => {
    const {state, history, seen, param} = open(PAIR);
    state.open("e3", "click");
    expect([param("episode"), history.entries.length, state.openedBy()]).toEqual(["e3", 2, "click"]);
    expect(seen).toEqual(["episode"]);
    state.open("e3", "keys");
    expect(seen).toEqual(["episode", "episode"]);
    expect([history.entries.length, state.openedBy()]).toEqual([2, "keys"]);
  });

  it("a filter or sort is an entry and starts at page 1; refining a search replaces its entry; a page turn is one", () => {
    const {state, history, param} = open(PAIR);
    state.setList({page: 2});
    expect([param("page"), history.entries.length]).toEqual(["3", 2]);
    state.setList({sort: "delta_latency", desc: false});
    expect([param("sort"), param("dir"), param("page"), history.entries.length]).toEqual([
      "delta_latency",
      "asc",
      null,
      3
    ]);
    state.setList({search: "oom"});
    state.setList({search: "oom killer"});
    expect([param("q"), history.entries.length]).toEqual(["oom killer", 4]);
    expect(history.entries[2]).toContain("sort=delta_latency");
    state.setList({search: ""});
    expect([param("q"), history.entries.length]).toEqual([null, 5]);
    state.setList({search: ""});
    expect(history.entries.length).toBe(5);
  });

  it("the runs table's filters and sort are in the URL: kind, search (refining replaces), archived, sort", () => {
    const {state, history, param, seen} = open(PAIR);
    state.setRunsList({kind: "baseline", search: "", showArchived: false, sort: {key: "time", desc: true}});
    expect([param("rkind"), param("archived"), param("rsort"), param("rdir")]).toEqual([
      "baseline",
      "hidden",
      "time",
      "desc"
    ]);
    expect(seen).toEqual(["runsList"]);
    state.setRunsList({...state.get("runsList"), search: "ba"});
    state.setRunsList({...state.get("runsList"), search: "bart"});
    expect([param("rq"), history.entries.length]).toEqual(["bart", 3]);
    const reopened = open(history.current).state.get("runsList");
    expect(reopened).toEqual({kind: "baseline", search: "bart", showArchived: false, sort: {key: "time", desc: true}});
  });

  it("a drill-down toggle is not in the URL and adds no entry; it says where focus goes", () => {
    const {state, history, seen} = open(`${PAIR}&episode=e1`);
    state.toggle("mapSummaries", true);
    expect(state.get("toggles")).toEqual({reference: false, mapSummaries: true});
    expect([history.entries.length, history.current, state.openedBy(), state.toggled()]).toEqual([
      1,
      `${PAIR}&episode=e1`,
      "toggle",
      "mapSummaries"
    ]);
    expect(seen).toEqual(["toggles"]);
  });

  it("Back and Forward restore each entry's view, and tell only the parts that differ", () => {
    const {state, history, seen} = open(PAIR);
    state.choose({runs: ["baselines/b", "runs/r2", "runs/r1"], baseline: "baselines/b"});
    state.setList({show: "failed"});
    state.open("e9", "click");
    state.setRunsList({...state.get("runsList"), kind: "reference"});
    seen.length = 0;

    state.restore(history.back());
    expect(state.get("runsList").kind).toBe("all");
    expect(seen).toEqual(["runsList"]);
    state.restore(history.back());
    expect([state.get("episode"), state.openedBy()]).toEqual([null, "history"]);
    state.restore(history.back());
    expect(state.get("list").show).toBe("all");
    state.restore(history.back());
    expect(state.get("selection").runs).toEqual(["baselines/b", "runs/r2"]);
    expect(history.at).toBe(0);

    seen.length = 0;
    state.restore(history.forward());
    state.restore(history.forward());
    state.restore(history.forward());
    expect(seen).toEqual(["selection", "list", "episode"]);
    expect([state.get("selection").runs.length, state.get("list").show, state.get("episode")]).toEqual([
      3,
      "failed",
      "e9"
    ]);
  });

  it("a link to another view of the page is an entry whose view is shown; Back returns", () => {
    const {state, history} = open(`${PAIR}&episode=e1&sort=delta_tokens`);
    state.follow(`${PAIR}&focus=runs/r2&finding=new_failed&sort=delta_tokens`);
    expect(history.entries.length).toBe(2);
    expect([state.get("episode"), state.get("list").finding, state.get("list").sort]).toEqual([
      null,
      "new_failed",
      "delta_tokens"
    ]);
    state.restore(history.back());
    expect([state.get("episode"), state.get("list").finding]).toEqual(["e1", null]);
  });

  it("a newly opened episode brings the list to its page once; paging away from it is not undone", () => {
    const listed = Array.from({length: 120}, (_, i) => `e${i}`);
    const {state, history, param} = open(`${PAIR}&episode=e75`);
    state.reveal(listed, 50);
    expect([state.get("list").page, param("page"), history.entries.length]).toEqual([1, "2", 1]);
    state.setList({page: 0});
    state.reveal(listed, 50);
    expect(state.get("list").page).toBe(0);
    state.open("e110", "j/k");
    state.reveal(listed, 50);
    expect(state.get("list").page).toBe(2);
    // Not listed (filtered out): the list stays where it is.
    state.open("gone", "click");
    state.reveal(listed, 50);
    expect(state.get("list").page).toBe(2);
  });

  it("j / k step through the listed episodes from the open one, and stop at either end", () => {
    const {state} = open(PAIR);
    const order = ["a", "b", "c"];
    expect(state.step([], 1)).toBe(false);
    expect(state.get("episode")).toBe(null);
    state.step(order, -1);
    expect([state.get("episode"), state.openedBy()]).toEqual(["a", "j/k"]);
    state.step(order, -1);
    expect(state.get("episode")).toBe("a");
    state.step(order, 1);
    state.step(order, 1);
    state.step(order, 1);
    expect(state.get("episode")).toBe("c");
  });

  it("stops telling a watcher once it unsubscribes", () => {
    const {state} = open(PAIR);
    const values: (string | null)[] = [];
    const stop = state.observe("episode")((value) => values.push(value));
    state.open("e1", "click");
    stop();
    state.open("e2", "click");
    expect(values).toEqual([null, "e1"]);
  });
});
