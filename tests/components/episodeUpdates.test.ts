// @vitest-environment jsdom
// The episode table as the page keeps it: one element that update() brings to each new list or comparison, the
// control in use keeping the keyboard focus (and the search box what is being typed), rows built again only when
// the listed page changes, and the arrow keys carrying the focus onto the next page.
import {from} from "arquero";
import {describe, expect, it, vi} from "vitest";
import {compareRuns, type Comparison} from "../../src/compare/compare.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import {EpisodeTable, type EpisodeListOptions} from "../../src/components/episodeTable.js";
import {row, summary} from "./fixtures.js";

const EPISODES = 12;
const PAGE = 5;

/**
 * e1..e12, every third failing in the candidate; `latency` false drops the latency values (a comparison without
 * the Δ latency column).
 */
function comparisonOf(candidate: string, latency = true): Comparison {
  const rows = (run: string, changes: (i: number) => Partial<EpisodeRow>) =>
    Array.from({length: EPISODES}, (_, i) =>
      row(run, `e${i + 1}`, {latency_s: latency ? 1 : null, output_hash: `${run} ${i}`, ...changes(i)})
    );
  const side = (id: string, table: EpisodeRow[]) => ({
    summary: summary(id),
    details: {id, problems: [], warnings: [], fingerprint: null},
    table: from(table)
  });
  const failing = (i: number) => i % 3 === 0;
  return compareRuns(
    side(
      "baselines/base",
      rows("baselines/base", () => ({}))
    ),
    side(
      candidate,
      rows(candidate, (i) =>
        failing(i)
          ? {failed: true, error: `boom ${i}`, output_tokens: null, latency_s: null}
          : {output_tokens: 100 + i, latency_s: latency ? 1 + i / 10 : null}
      )
    )
  );
}

const LIST: EpisodeListOptions = {show: "all", search: "", sort: null, desc: true, page: 0, selected: null};

function mount(comparison: Comparison | null, list: Partial<EpisodeListOptions> = {}) {
  const onState = vi.fn();
  const onSelect = vi.fn();
  const table = EpisodeTable(comparison, {...LIST, ...list, onState, onSelect, pageSize: PAGE});
  document.body.replaceChildren(table);
  const ids = () => [...table.querySelectorAll("tr[data-episode]")].map((tr) => tr.getAttribute("data-episode"));
  const control = (selector: string) => table.querySelector<HTMLElement>(selector)!;
  return {table, onState, onSelect, ids, control};
}

const focused = () => document.activeElement as HTMLElement;

describe("EpisodeTable update", () => {
  it("keeps its element and controls; rows, counts, pages and the listed ids follow the new state", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, ids, control} = mount(comparison);
    const search = control("[data-testid='episode-search']");
    const failedButton = control("[data-show='failed']");
    expect(ids().length).toBe(PAGE);
    expect(table.listed.length).toBe(EPISODES);
    expect(control(".pager-top").textContent).toContain("page 1 of 3");

    table.update(comparison, {...LIST, show: "failed"});
    expect(document.body.firstChild).toBe(table);
    expect(control("[data-testid='episode-search']")).toBe(search);
    expect(control("[data-show='failed']")).toBe(failedButton);
    expect(failedButton.getAttribute("aria-pressed")).toBe("true");
    expect(ids().sort()).toEqual(["e1", "e10", "e4", "e7"]);
    expect([...table.listed].sort()).toEqual(["e1", "e10", "e4", "e7"]);
    // One page: no pager; the counts of every episode stay.
    expect(table.querySelector(".pager")).toBeNull();
    expect([table.dataset.total, table.dataset.candidate]).toEqual([String(EPISODES), "runs/cand"]);

    table.update(comparison, {...LIST, search: "boom 9"});
    expect(ids()).toEqual(["e10"]);
    expect(search).toHaveProperty("value", "boom 9");
    table.update(comparison, {...LIST, search: "nothing like it"});
    expect(ids()).toEqual([]);
    expect(control(".episode-empty").textContent).toContain("No episode matches");
    table.update(comparison, LIST);
    expect(table.querySelector(".episode-empty")).toBeNull();
    expect(control(".pager-bottom").textContent).toContain("page 1 of 3");
  });

  it("a new open episode alone moves the mark and keeps every row", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, ids, control} = mount(comparison);
    const rows = [...table.querySelectorAll("tr[data-episode]")];
    const marked = () => [...table.querySelectorAll("tr.selected")].map((tr) => tr.getAttribute("data-episode"));
    for (const id of [ids()[1]!, ids()[3]!]) {
      table.update(comparison, {...LIST, selected: id});
      expect([...table.querySelectorAll("tr[data-episode]")]).toEqual(rows);
      expect(marked()).toEqual([id]);
      expect(control(`tr[data-episode='${id}'] .episode-open`).getAttribute("aria-current")).toBe("true");
    }
  });

  it("without a candidate says so in the same element, and shows the table again for one", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, ids} = mount(null);
    expect(table.dataset.testid).toBe("episode-table");
    expect(table.textContent).toBe("No candidate selected.");
    expect(table.hasAttribute("data-candidate")).toBe(false);
    expect(table.listed).toEqual([]);
    table.update(comparison, LIST);
    expect(table.textContent).not.toContain("No candidate selected.");
    expect(ids().length).toBe(PAGE);
    expect([table.dataset.total, table.dataset.candidate]).toEqual([String(EPISODES), "runs/cand"]);
    table.update(null, LIST);
    expect([table.textContent, ids()]).toEqual(["No candidate selected.", []]);
  });
});

describe("EpisodeTable focus across updates", () => {
  it("the search box keeps the focus, its caret and what is typed past the committed search", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, onState, control} = mount(comparison);
    const search = control("[data-testid='episode-search']") as HTMLInputElement;
    search.focus();
    search.value = "boom";
    search.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter"}));
    expect(onState).toHaveBeenLastCalledWith({search: "boom", page: 0});
    // More typed before the page answers: the answer for "boom" leaves it, caret and all.
    search.value = "boom 1";
    search.setSelectionRange(2, 2);
    table.update(comparison, {...LIST, search: "boom"});
    expect(focused()).toBe(search);
    expect([search.value, search.selectionStart]).toEqual(["boom 1", 2]);
    expect(table.listed.length).toBe(4);
    // A search from elsewhere (Back) replaces it.
    table.update(comparison, {...LIST, search: "e1"});
    expect([focused(), search.value]).toEqual([search, "e1"]);
  });

  it("a sort button, a show button and a page button keep the focus after the update they asked for", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, onState, control} = mount(comparison);
    const press = (selector: string) => {
      const button = control(selector);
      button.focus();
      button.click();
      return button;
    };
    const sort = press("th[data-sort-key='delta_latency_s'] button");
    expect(onState).toHaveBeenLastCalledWith({sort: "delta_latency_s", desc: true, page: 0});
    table.update(comparison, {...LIST, sort: "delta_latency_s", desc: true});
    expect(focused()).toBe(sort);
    expect(control("th[data-sort-key='delta_latency_s']").getAttribute("aria-sort")).toBe("descending");
    press("th[data-sort-key='delta_latency_s'] button");
    expect(onState).toHaveBeenLastCalledWith({sort: "delta_latency_s", desc: false, page: 0});

    const next = press(".pager-top [data-focus-key='page:top:next']");
    expect(onState).toHaveBeenLastCalledWith({page: 1});
    table.update(comparison, {...LIST, page: 1});
    expect(focused()).toBe(next);
    expect(control(".pager-top").textContent).toContain("page 2 of 3");
    press(".pager-top [data-focus-key='page:top:next']");
    expect(onState).toHaveBeenLastCalledWith({page: 2});

    const show = press("[data-show='regressed']");
    expect(onState).toHaveBeenLastCalledWith({show: "regressed", page: 0});
    table.update(comparison, {...LIST, show: "regressed"});
    expect(focused()).toBe(show);
  });

  it("a pager button left disabled hands the focus to its twin; a turn from the bottom goes on at the top", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, control} = mount(comparison);
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    control(".pager-top [data-focus-key='page:top:next']").focus();
    table.update(comparison, {...LIST, page: 2});
    expect(focused()).toBe(control(".pager-top [data-focus-key='page:top:previous']"));
    control(".pager-bottom [data-focus-key='page:bottom:previous']").focus();
    table.update(comparison, {...LIST, page: 1});
    expect(focused()).toBe(control(".pager-top [data-focus-key='page:top:previous']"));
    expect(scrolled).toEqual([table]);
    control(".pager-bottom [data-focus-key='page:bottom:previous']").focus();
    table.update(comparison, {...LIST, page: 0});
    expect(focused()).toBe(control(".pager-top [data-focus-key='page:top:next']"));
  });

  it("another comparison with other columns builds the headers again: the focus goes to the same header", () => {
    const {table, control} = mount(comparisonOf("runs/cand"));
    const episodeSort = control("th[data-sort-key='episode'] button");
    episodeSort.focus();
    const other = comparisonOf("runs/other", false);
    table.update(other, LIST);
    expect(table.querySelector("th[data-sort-key='delta_latency_s']")).toBeNull();
    expect(control("th[data-sort-key='episode'] button")).not.toBe(episodeSort);
    expect(focused()).toBe(control("th[data-sort-key='episode'] button"));
    expect(table.dataset.candidate).toBe("runs/other");
  });

  it("ArrowDown from a page's last row opens the next one; once the page turns to it, its row has the focus", () => {
    const comparison = comparisonOf("runs/cand");
    const {table, onState, onSelect, ids, control} = mount(comparison);
    const last = ids()[PAGE - 1]!;
    const next = table.listed[PAGE];
    const button = control(`tr[data-episode='${last}'] .episode-open`);
    button.focus();
    button.dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
    // One choice, one history entry: the page turns to the episode opened, not to a page of its own first.
    expect(onState).not.toHaveBeenCalled();
    expect(onSelect).toHaveBeenLastCalledWith(next, "keys");
    // JSDOM lays nothing out: record what the table brings into view.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    table.update(comparison, {...LIST, page: 1, selected: next});
    expect(focused()).toBe(control(`tr[data-episode='${next}'] .episode-open`));
    expect(scrolled).toEqual([focused()]);
    focused().dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowUp", bubbles: true}));
    expect(onSelect).toHaveBeenLastCalledWith(last, "keys");
    table.update(comparison, {...LIST, page: 0, selected: last});
    expect(focused()).toBe(control(`tr[data-episode='${last}'] .episode-open`));
  });
});
