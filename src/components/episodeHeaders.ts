// The episode table's header row: a sort button per sortable column with its arrow and aria-sort. Built again
// only when the columns change (another comparison); a new sort just moves the marks.
import {html} from "htl";
import type {DeltaColumn} from "./episodeColumns.js";
import type {StatePatch} from "./episodeControls.js";
import {FIXED_SORTS} from "./episodeQuery.js";

interface Header {
  key: string | null;
  label: string;
  title: string;
  numeric?: boolean;
}

function headers(columns: DeltaColumn[]): Header[] {
  return [
    {key: "episode", label: "Episode", title: "Episode id, dataset below"},
    {key: "change", label: "Change", title: "Regressed, improved, trade-off changed or unchanged"},
    ...columns.map((c) => ({key: c.key, label: c.header, title: c.title, numeric: true})),
    {key: "gates", label: "Gates", title: "New gate hits (red) and fixed ones (green)"},
    {key: null, label: "Reasons", title: "Regressions first, then improvements, then trade-offs"}
  ];
}

interface Sorting {
  sorted: string | null;
  desc: boolean;
}

interface SortCell {
  key: string;
  th: HTMLElement;
  arrow: HTMLElement;
}

function headerCell(header: Header, sorting: Sorting, act: (patch: StatePatch) => void): [HTMLElement, SortCell?] {
  const className = header.numeric ? "num" : "";
  if (!header.key) return [html`<th scope="col" class=${className} title=${header.title}>${header.label}</th>`];
  const key = header.key;
  // Headers wrap between words only ("Δ ROUGE-L" never splits at its hyphen).
  const words = header.label
    .replace(/^Δ /, "Δ\u00a0")
    .split(" ")
    .flatMap((word, i) => [i ? " " : "", html`<span class="nowrap">${word}</span>`]);
  const arrow = html`<span class="sort-arrow" aria-hidden="true"></span>`;
  const button = html`<button type="button" class="sort-button"
    data-focus-key=${`sort:${key}`}>${words}${arrow}</button>`;
  const firstDirection = FIXED_SORTS[key]?.descending ?? true;
  button.addEventListener("click", () => {
    const active = sorting.sorted === key;
    act({sort: key, desc: active ? !sorting.desc : firstDirection, page: 0});
  });
  const th = html`<th scope="col" class=${className} data-sort-key=${key} title=${header.title}>${button}</th>`;
  return [th, {key, th, arrow}];
}

/** The header row; set() gives it the columns and the sort, and returns the sort in words (null: ranked order). */
export function sortHeaders(act: (patch: StatePatch) => void) {
  const row = html`<tr></tr>`;
  const sorting: Sorting = {sorted: null, desc: true};
  let drawn: Header[] = [];
  let cells: SortCell[] = [];
  const set = (columns: DeltaColumn[], sorted: string | null, desc: boolean): string | null => {
    const wanted = headers(columns);
    if (JSON.stringify(wanted) !== JSON.stringify(drawn)) {
      drawn = wanted;
      const built = wanted.map((header) => headerCell(header, sorting, act));
      row.replaceChildren(...built.map(([th]) => th));
      cells = built.flatMap(([, cell]) => (cell ? [cell] : []));
    }
    Object.assign(sorting, {sorted, desc});
    for (const {key, th, arrow} of cells) {
      const active = sorted === key;
      arrow.textContent = active ? (desc ? "▼" : "▲") : "";
      th.setAttribute("aria-sort", active ? (desc ? "descending" : "ascending") : "none");
    }
    const name = sorted ? drawn.find((h) => h.key === sorted)?.label : undefined;
    return name ? `${name}${desc ? ", descending" : ", ascending"}` : null;
  };
  return {row, set, numericColumns: () => drawn.filter((h) => h.numeric).length};
}
