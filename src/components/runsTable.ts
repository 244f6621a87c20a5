// The runs section's table: every run, the selected ones pinned on top whatever the filters, sortable by any
// column, in a scroll box whose header and run column stay in view. Built once: a new selection updates it in
// place (only rows whose role or color changed are built again), so filters, sort and scroll stay; a row built
// again while it held the focus hands it to the same control of its new row.
import type {RunDetails, RunSummary} from "../compare/types.js";
import {builder, type Build} from "./dom.js";
import {byFocusKey, keepingFocus} from "./focusCounterpart.js";
import {roleOf, withRun, type Selection} from "./runRole.js";
import {RUNS_COLUMNS, type RunsColumn} from "./runsColumns.js";
import {RunsFilters} from "./runsFilters.js";
import {countLine, DEFAULT_VIEW, groupStarts, matchesView, nothingElseLine, sortBy, type RunsView} from "./runsView.js";

export interface RunsSelection {
  /** Selected run ids (the baseline among them). */
  selected: string[];
  baseline: string | null;
  /** The run's chart color (selected runs). */
  colorOf: (id: string) => string;
}

export interface RunsTableOptions extends RunsSelection {
  onChange: (next: Selection) => void;
  /** Loads a run's details file, for its problems beyond the catalog's first few ("show all"). */
  loadDetails?: (id: string) => Promise<RunDetails>;
  /** Filters and sort to open with. */
  view?: Partial<RunsView>;
  /** Called with the whole view after each change the user makes to a filter or the sort (for the URL). */
  onView?: (view: RunsView) => void;
  /** The document to build on (default: the page's). */
  document?: Document;
}

export interface RunsUpdate extends RunsSelection {
  /** The filters and sort to show (what the table lacks: the defaults), e.g. from a URL Back or Forward restored. */
  view?: Partial<RunsView>;
}

export type RunsTableElement = HTMLElement & {update: (next: RunsUpdate) => void};

const PICK_BOX = '.runs-pick input[type="checkbox"]';
const MAKE_BASELINE = ".runs-make-baseline";
/** Above the first row of each group when a column sorts within groups. */
const GROUP_LINE = "1px solid var(--theme-foreground-muted)";
const SORT_MARK = {none: "↕", ascending: "▲", descending: "▼"} as const;
type AriaSort = keyof typeof SORT_MARK;

const viewKey = (view: RunsView) =>
  JSON.stringify([view.kind, view.search, view.showArchived, view.sort?.key ?? null, view.sort?.desc ?? null]);

function sortHeader(h: Build, column: RunsColumn, onSort: () => void) {
  const mark = h("span", {class: "runs-sort-mark", "aria-hidden": "true"});
  const button = h(
    "button",
    {type: "button", class: "runs-sort", "data-focus-key": `sort:${column.key}`},
    column.label,
    mark
  );
  button.addEventListener("click", onSort);
  const th = h("th", {scope: "col", class: column.className, "data-sort-key": column.key, title: column.hint}, button);
  const show = (state: AriaSort) => {
    th.setAttribute("aria-sort", state);
    mark.textContent = SORT_MARK[state];
  };
  return {th, show};
}

/** A group of rows under a heading: set() puts its rows in order, moving only those that are not in place. */
function rowGroup(h: Build) {
  const span = RUNS_COLUMNS.length;
  const label = h("span", {});
  const note = h("span", {});
  const head = h("tr", {class: "runs-group-head"}, h("th", {colspan: span, scope: "rowgroup"}, label));
  const empty = h("tr", {class: "runs-empty"}, h("td", {colspan: span}, note));
  const body = h("tbody", {class: "runs-group"}, head);
  const set = (text: string, rows: HTMLElement[], emptyText: string | null) => {
    label.textContent = text;
    const wanted = new Set<Node>(rows);
    for (const child of [...body.children]) if (child !== head && !wanted.has(child)) child.remove();
    let at = head.nextSibling;
    for (const row of rows) {
      if (row === at) at = at.nextSibling;
      else body.insertBefore(row, at);
    }
    note.textContent = emptyText ?? "";
    if (emptyText) body.append(empty);
  };
  return {body, set};
}

export function RunsTable(runs: RunSummary[], options: RunsTableOptions): RunsTableElement {
  const h = builder(options.document);
  const selection: Selection = {runs: options.selected, baseline: options.baseline};
  let colorOf = options.colorOf;
  let view: RunsView = {...DEFAULT_VIEW, ...options.view};
  const byId = new Map(runs.map((run) => [run.id, run]));
  const roleOfRun = (run: RunSummary) => roleOf(run.id, selection.runs, selection.baseline);

  const changeView = (change: Partial<RunsView>) => {
    view = {...view, ...change};
    redraw(refresh);
    options.onView?.({...view});
  };

  const rowOf = new Map<string, HTMLElement>();
  const drawnAs = new Map<string, string>();
  const detailsOf = new Map<string, RunDetails>();
  const moreProblems = options.loadDetails
    ? (id: string) =>
        void options.loadDetails!(id).then(
          (details) => (detailsOf.set(id, details), redraw(() => (drawRow(byId.get(id)!, true), refresh())))
        )
    : undefined;
  function drawRow(run: RunSummary, force = false) {
    const role = roleOfRun(run);
    const color = role ? colorOf(run.id) : "";
    if (!force && drawnAs.get(run.id) === `${role}|${color}`) return;
    drawnAs.set(run.id, `${role}|${color}`);
    const context = {h, role, color, details: detailsOf.get(run.id), onMoreProblems: moreProblems};
    const classes = [role ? `is-selected is-${role}` : "", run.archived ? "is-archived" : ""].join(" ").trim();
    const row = h(
      "tr",
      {"data-catalog-run": run.id, class: classes},
      RUNS_COLUMNS.map((c) => c.cell(run, context))
    );
    if (role) row.style.setProperty("--run-color", color);
    rowOf.get(run.id)?.replaceWith(row);
    rowOf.set(run.id, row);
  }
  for (const run of runs) drawRow(run);

  const headers = RUNS_COLUMNS.map((column) =>
    sortHeader(h, column, () => {
      const desc = view.sort?.key === column.key ? !view.sort.desc : false;
      changeView({sort: {key: column.key, desc}});
    })
  );
  const pinned = rowGroup(h);
  const rest = rowGroup(h);
  const table = h(
    "table",
    {class: "runs-table"},
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        headers.map((header) => header.th)
      )
    ),
    rest.body
  );
  // One listener per table, not one per row: a row's tick box adds or removes its run, its button makes it
  // the baseline.
  const runOf = (control: Element) => control.closest<HTMLElement>("tr[data-catalog-run]")?.dataset.catalogRun;
  table.addEventListener("change", (event) => {
    const box = event.target as HTMLInputElement;
    const id = box.matches(PICK_BOX) ? runOf(box) : undefined;
    if (id !== undefined) options.onChange(withRun(selection, id, box.checked));
  });
  // Enter ticks a run as Space does: on a table's row, Enter is the key a keyboard user tries first.
  table.addEventListener("keydown", (event) => {
    const box = event.target as HTMLInputElement;
    if (event.key !== "Enter" || !box.matches(PICK_BOX)) return;
    event.preventDefault();
    box.click();
  });
  table.addEventListener("click", (event) => {
    const button = (event.target as Element).closest<HTMLElement>(MAKE_BASELINE);
    const id = button ? runOf(button) : undefined;
    if (button && id !== undefined) options.onChange({runs: selection.runs, baseline: id});
  });
  const count = h("p", {class: "runs-count", "aria-live": "polite"});
  const filters = RunsFilters(view, changeView, h);
  const root = h(
    "div",
    {class: "runs", "data-runs-table": "runs"},
    filters,
    count,
    h("div", {class: "runs-scroll", tabindex: 0, role: "region", "aria-label": "runs table"}, table)
  );

  function ordered(group: RunSummary[]): RunSummary[] {
    const sort = view.sort;
    const column = sort && RUNS_COLUMNS.find((c) => c.key === sort.key);
    if (!column) return withGroupLines(group, new Set());
    const value = (run: RunSummary) => column.sortValue(run, roleOfRun(run));
    const sorted = sortBy(group, value, sort.desc, column.sortGroup);
    return withGroupLines(sorted, column.sortGroup ? groupStarts(sorted, value, column.sortGroup) : new Set());
  }

  /** A line above each row that opens a group of a column sorted within groups (quality: each reference). */
  function withGroupLines(sorted: RunSummary[], starts: Set<RunSummary>): RunSummary[] {
    for (const run of sorted) {
      const row = rowOf.get(run.id)!;
      row.classList.toggle("runs-sort-group-start", starts.has(run));
      for (const cell of row.children) (cell as HTMLElement).style.borderTop = starts.has(run) ? GROUP_LINE : "";
    }
    return sorted;
  }

  function refresh() {
    const chosen = [selection.baseline, ...selection.runs.filter((id) => id !== selection.baseline)]
      .map((id) => (id === null ? undefined : byId.get(id)))
      .filter((run): run is RunSummary => run !== undefined);
    const others = runs.filter((run) => !roleOfRun(run));
    const kept = others.filter((run) => matchesView(run, view));
    const candidates = chosen.filter((run) => roleOfRun(run) === "candidate").length;
    const baselineLabel = selection.baseline && byId.has(selection.baseline) ? "the baseline" : "no baseline";
    const andCandidates = candidates ? ` and ${candidates} candidate${candidates === 1 ? "" : "s"}` : "";
    const pinnedLabel = `Selected: ${baselineLabel}${andCandidates} (shown whatever the filters)`;
    pinned.set(
      pinnedLabel,
      ordered(chosen).map((run) => rowOf.get(run.id)!),
      null
    );
    if (chosen.length) table.insertBefore(pinned.body, rest.body);
    else pinned.body.remove();
    rest.set(
      chosen.length ? "Other runs" : "All runs",
      ordered(kept).map((run) => rowOf.get(run.id)!),
      kept.length ? null : nothingElseLine(view, others.length)
    );
    count.textContent = countLine(
      {
        rows: chosen.length + kept.length,
        total: runs.length,
        selected: chosen.length,
        selectedOutside: chosen.filter((run) => !matchesView(run, view)).length
      },
      view
    );
    for (const [i, header] of headers.entries()) {
      header.show(view.sort?.key === RUNS_COLUMNS[i].key ? (view.sort.desc ? "descending" : "ascending") : "none");
    }
  }

  /**
   * The counterpart of a control in a row built again: the same control of the run's new row (its tick box for a
   * "set as baseline" button the new row lacks); elsewhere, the control with the same focus key.
   */
  function counterpart(held: HTMLElement): HTMLElement | null {
    const id = runOf(held);
    const row = id === undefined ? undefined : rowOf.get(id);
    if (!row) return byFocusKey(root, held.dataset.focusKey);
    const box = row.querySelector<HTMLElement>(PICK_BOX);
    if (held.matches(MAKE_BASELINE)) return row.querySelector<HTMLElement>(MAKE_BASELINE) ?? box;
    return held.matches(PICK_BOX) ? box : (byFocusKey(row, held.dataset.focusKey) ?? box);
  }
  const redraw = (change: () => void) => keepingFocus(root, change, counterpart);

  refresh();
  return Object.assign(root, {
    update(next: RunsUpdate) {
      selection.runs = next.selected;
      selection.baseline = next.baseline;
      colorOf = next.colorOf;
      const nextView = next.view && {...DEFAULT_VIEW, ...next.view};
      if (nextView && viewKey(nextView) !== viewKey(view)) {
        view = nextView;
        filters.show(view);
      }
      redraw(() => {
        for (const run of runs) drawRow(run);
        refresh();
      });
      // A ticked run moves to the pinned group (an unticked one back): its row, with the focus, comes into view.
      const active = root.ownerDocument.activeElement;
      if (active && table.contains(active)) active.closest("tr")?.scrollIntoView({block: "nearest"});
    }
  });
}
