// What the runs table shows: the filters and sort the user chose, applied to the catalog, and said in words.
import {collate, desc as descending, table} from "arquero";
import {DEFAULT_RUNS_LIST, type RunsListState} from "../compare/selection.js";
import type {RunSummary} from "../compare/types.js";

/** The table's filters and sort: one definition with the page's URL state (selection.ts). */
export type RunsView = RunsListState;
export type KindChoice = RunsView["kind"];
export const DEFAULT_VIEW: RunsView = DEFAULT_RUNS_LIST;

export const KIND_CHOICES: {value: KindChoice; label: string}[] = [
  {value: "all", label: "all kinds"},
  {value: "run", label: "runs"},
  {value: "baseline", label: "baselines"},
  {value: "reference", label: "references"}
];

export const SEARCH_PLACEHOLDER = "search runs by id, task, dataset, model";

/** Search looks at the id, task, dataset and description (which names the model). */
export function matchesView(run: RunSummary, view: RunsView): boolean {
  const needle = view.search.trim().toLowerCase();
  const haystack = [run.id, run.task, run.dataset_id, run.description].filter(Boolean).join(" ").toLowerCase();
  return (
    (view.kind === "all" || run.kind === view.kind) && (view.showArchived || !run.archived) && haystack.includes(needle)
  );
}

/** The active filters in words: ["search “xyz”", "kind baselines", "archived hidden"]. */
export function filterWords(view: RunsView): string[] {
  const search = view.search.trim();
  return [
    search ? `search “${search}”` : "",
    view.kind === "all" ? "" : `kind ${KIND_CHOICES.find((k) => k.value === view.kind)?.label}`,
    view.showArchived ? "" : "archived hidden"
  ].filter(Boolean);
}

export interface Shown {
  /** Rows in the table: the selected runs plus the others the filters keep. */
  rows: number;
  total: number;
  selected: number;
  /** Selected runs the filters would hide: they stay pinned all the same. */
  selectedOutside: number;
}

/**
 * "Showing 4 of 19 runs (search “xyz”, kind baselines) · 2 selected shown above, 1 of them outside the
 * filter".
 */
export function countLine(shown: Shown, view: RunsView): string {
  const filters = filterWords(view);
  const what = filters.length
    ? `Showing ${shown.rows} of ${shown.total} runs (${filters.join(", ")})`
    : `Showing all ${shown.total} runs`;
  if (!shown.selected) return `${what} · none selected`;
  const outside =
    filters.length && shown.selectedOutside ? `, ${shown.selectedOutside} of them outside the filter` : "";
  return `${what} · ${shown.selected} selected shown above${outside}`;
}

/** Said when the filters keep none of the unselected runs. */
export function nothingElseLine(view: RunsView, unselected: number): string {
  if (!unselected) return "Every run is selected.";
  const filters = filterWords(view);
  const search = view.search.trim();
  if (filters.length === 1 && search) return `No other run matches the search “${search}”`;
  return `No other run matches the filters (${filters.join(", ")})`;
}

type SortValue = number | string | null;

const isMissing = (value: SortValue) => value === null || (typeof value === "number" && Number.isNaN(value));

// Comparators, not expressions: Arquero calls them as given, so a minifier renaming them changes nothing.
const byText = (a: unknown, b: unknown) => String(a).localeCompare(String(b));
const byGroupName = (a: string, b: string) => a.localeCompare(b) || (a < b ? -1 : a > b ? 1 : 0);

/** The items' sort facts as a table: position, missing (0/1), group ("" when missing or ungrouped), value. */
function sortTable<T>(items: T[], sortValue: (item: T) => SortValue, groupOf?: (item: T) => string | null) {
  const values = items.map(sortValue);
  const missing = values.map(isMissing);
  const numeric = values.every((value, i) => missing[i] || typeof value === "number");
  return {
    numeric,
    table: table({
      index: items.map((_, i) => i),
      missing: missing.map(Number),
      group: items.map((item, i) => (missing[i] ? "" : (groupOf?.(item) ?? ""))),
      value: values.map((value, i) => (missing[i] ? 0 : value))
    })
  };
}

/**
 * A stable sort by one value; missing values go last in either direction. Given groups (values that must not
 * be ranked against each other), it orders items within each group, the groups by name ascending in either
 * direction. The same Arquero orderby as the episode table's.
 */
export function sortBy<T>(
  items: T[],
  sortValue: (item: T) => SortValue,
  desc: boolean,
  groupOf?: (item: T) => string | null
): T[] {
  const {numeric, table: facts} = sortTable(items, sortValue, groupOf);
  const value = numeric ? "value" : collate("value", byText);
  const ordered = facts.orderby("missing", collate("group", byGroupName), desc ? descending(value) : value, "index");
  return Array.from(ordered.array("index") as ArrayLike<number>, (i) => items[i]);
}

/** In a list sortBy ordered by groups: the items after the first that open a group, or open the missing values. */
export function groupStarts<T>(
  sorted: T[],
  sortValue: (item: T) => SortValue,
  groupOf: (item: T) => string | null
): Set<T> {
  const groups = table({group: sorted.map((item) => (isMissing(sortValue(item)) ? null : (groupOf(item) ?? "")))});
  const opens = groups.derive({opens: "d => op.row_number() > 1 && op.lag(d.group) !== d.group"}).array("opens");
  return new Set(sorted.filter((_, i) => opens[i]));
}
