// The controls around the episode table: show filter, defect and finding selects, search, status line, page
// buttons and exports. Each is built once and set() to each new state, so a control in use keeps its element
// (and the keyboard focus, and the caret in the search box).
import {html} from "htl";
import {EPISODE_FILTERS, type EpisodeFilter} from "../compare/selection.js";
import {count} from "../compare/words.js";
import type {OptionCounts} from "./episodeQuery.js";

export interface StatePatch {
  show?: EpisodeFilter;
  defect?: string | null;
  finding?: string | null;
  search?: string;
  sort?: string | null;
  desc?: boolean;
  page?: number;
}

type Act = (patch: StatePatch) => void;

const FILTER_LABELS: Record<EpisodeFilter, {label: string; title: string}> = {
  all: {label: "all", title: "Every episode of the comparison"},
  regressed: {label: "regressed", title: "Episodes where a quality signal or health rule got worse"},
  failed: {label: "failed", title: "Episodes the candidate has no output for"},
  gates: {label: "gate hits", title: "Episodes where a gate is hit by either run (new, fixed or in both)"}
};

export function showFilter(act: Act) {
  let current: EpisodeFilter | null = null;
  const buttons = EPISODE_FILTERS.map((filter) => {
    const {label, title} = FILTER_LABELS[filter];
    const counted = html`<span class="count"></span>`;
    const button = html`<button type="button" data-show=${filter} data-focus-key=${`show:${filter}`}
      title=${title}>${label} ${counted}</button>`;
    button.addEventListener("click", () => filter !== current && act({show: filter, page: 0}));
    return {filter, button, counted};
  });
  const element = html`<div class="segmented" role="group"
    aria-label="Show episodes">${buttons.map((b) => b.button)}</div>`;
  const set = (show: EpisodeFilter, counts: Record<EpisodeFilter, number>) => {
    current = show;
    for (const {filter, button, counted} of buttons) {
      button.setAttribute("aria-pressed", String(filter === show));
      counted.textContent = count(counts[filter]);
    }
  };
  return {element, set};
}

export interface SelectOption {
  value: string;
  label: string;
  title?: string;
}

export interface SelectFilter {
  /** "defect" or "finding": the state key, the test id ("defect-filter") and the focus key. */
  key: "defect" | "finding";
  /** Shown before the select ("defect", "finding"). */
  label: string;
  title: string;
  /** Said when there is nothing to choose (the select is then disabled). */
  none: string;
}

/** A select of one filter: "any" and each option, each with how many episodes it would list. */
export function selectFilter(filter: SelectFilter, act: Act) {
  let current: string | null = null;
  let drawn = "";
  const select = html`<select data-testid=${`${filter.key}-filter`} data-focus-key=${filter.key}
    aria-label=${filter.title}></select>` as HTMLSelectElement;
  select.addEventListener("change", () => {
    const next = select.value || null;
    if (next !== current) act({[filter.key]: next, page: 0});
  });
  const option = (v: string, label: string, n: number, title = "") =>
    html`<option value=${v} title=${title} data-count=${n}>${label} (${count(n)})</option>`;
  const set = (options: SelectOption[], value: string | null, counts: OptionCounts) => {
    current = value;
    const next = JSON.stringify([options, counts]);
    if (next !== drawn) {
      drawn = next;
      select.replaceChildren(
        option("", "any", counts.any),
        ...options.map((o) => option(o.value, o.label, counts.by[o.value] ?? 0, o.title))
      );
      select.disabled = !options.length;
      select.title = options.length ? filter.title : filter.none;
    }
    select.value = value ?? "";
  };
  return {element: html`<label class="episode-select">${filter.label} ${select}</label>`, set};
}

/** Typing waits for a pause before filtering, so the list does not re-render on every key. */
const TYPING_PAUSE_MS = 250;

export function searchBox(act: Act) {
  const input = html`<input type="search" class="episode-search" data-testid="episode-search" data-focus-key="search"
    aria-label="Search episodes" placeholder="search episodes, reasons, errors"
    spellcheck="false">` as HTMLInputElement;
  /** The search the list shows, or the one just asked for. */
  let committed = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commit = () => {
    clearTimeout(timer);
    timer = undefined;
    if (input.value === committed) return;
    committed = input.value;
    act({search: input.value, page: 0});
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(commit, TYPING_PAUSE_MS);
  });
  input.addEventListener("keydown", (event) => event.key === "Enter" && commit());
  input.addEventListener("search", commit);
  const set = (search: string) => {
    // The list caught up with what was committed: what the user typed since stays, to be committed in turn.
    const typing = input.ownerDocument.activeElement === input || timer !== undefined;
    if (search === committed && typing) return;
    committed = search;
    if (input.value === search) return;
    clearTimeout(timer);
    timer = undefined;
    input.value = search;
  };
  return {element: input, set};
}

/** The filters applied, in words: the show filter, the defect and the finding (their labels), the search. */
export interface Applied {
  show: EpisodeFilter;
  defect: string | null;
  finding: string | null;
  search: string;
}

export function statusLine(act: Act) {
  const shown = document.createTextNode("");
  const order = document.createTextNode("");
  const reset = html`<button type="button" class="link-button"
    data-focus-key="sort:ranked">back to ranked order</button>`;
  reset.addEventListener("click", () => act({sort: null, desc: true, page: 0}));
  const element = html`<p class="episode-status" aria-live="polite">${shown}${order}</p>`;
  const set = (listed: number, total: number, applied: Applied, sortName: string | null) => {
    const {show, defect, finding, search} = applied;
    const qualifiers = [
      show !== "all" ? FILTER_LABELS[show].label : "",
      defect ? `with ${defect}` : "",
      finding ? `finding “${finding}”` : "",
      search.trim() ? `matching “${search.trim()}”` : ""
    ].filter(Boolean);
    shown.data = `Showing ${count(listed)} of ${count(total)} episodes${
      qualifiers.length ? ` (${qualifiers.join(", ")})` : ""
    } · `;
    order.data = sortName ? `sorted by ${sortName} ` : "most regressed first";
    if (!sortName) reset.remove();
    else if (!reset.isConnected) element.append(reset);
  };
  return {element, set};
}

/** Page controls; `place` ("top" or "bottom") keeps the two copies' focus keys apart. */
export function pager(place: string, act: Act) {
  let page = 0;
  const button = (label: string, key: string, step: number) => {
    const b = html`<button type="button" data-focus-key=${`page:${place}:${key}`}>${label}</button>`;
    b.addEventListener("click", () => act({page: page + step}));
    return b;
  };
  const previous = button("← previous", "previous", -1);
  const next = button("next →", "next", 1);
  const where = document.createTextNode("");
  const range = html`<span class="muted"></span>`;
  const element = html`<nav class=${`pager pager-${place}`} aria-label=${`Episode pages (${place})`}>
    ${previous}
    <span>${where}${range}</span>
    ${next}
  </nav>`;
  const set = (at: number, pages: number, pageSize: number, listed: number) => {
    page = at;
    previous.dataset.page = String(at - 1);
    next.dataset.page = String(at + 1);
    (previous as HTMLButtonElement).disabled = at === 0;
    (next as HTMLButtonElement).disabled = at >= pages - 1;
    where.data = `page ${at + 1} of ${pages} `;
    range.textContent = `(${count(at * pageSize + 1)}–${count(Math.min(listed, (at + 1) * pageSize))})`;
  };
  return {element, set};
}

export function exportButtons(onCsv: () => void, onJson: () => void): HTMLElement {
  const title = (format: string) => `Download the listed episodes (all pages, this order) as ${format}`;
  const csv = html`<button type="button" data-testid="export-csv" title=${title("CSV")}>CSV</button>`;
  const json = html`<button type="button" data-testid="export-json" title=${title("JSON")}>JSON</button>`;
  csv.addEventListener("click", onCsv);
  json.addEventListener("click", onJson);
  return html`<span class="episode-export" role="group"
    aria-label="Export the listed episodes">Export ${csv} ${json}</span>`;
}
