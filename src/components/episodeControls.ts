// The controls around the episode table: show filter, defect and finding selects, search, status line, page
// buttons and exports.
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

type Act = (control: HTMLElement, patch: StatePatch) => void;

const FILTER_LABELS: Record<EpisodeFilter, {label: string; title: string}> = {
  all: {label: "all", title: "Every episode of the comparison"},
  regressed: {label: "regressed", title: "Episodes where a quality signal or health rule got worse"},
  failed: {label: "failed", title: "Episodes the candidate has no output for"},
  gates: {label: "gate hits", title: "Episodes where a gate is hit by either run (new, fixed or in both)"}
};

export function showFilter(show: EpisodeFilter, counts: Record<EpisodeFilter, number>, act: Act): HTMLElement {
  const buttons = EPISODE_FILTERS.map((filter) => {
    const {label, title} = FILTER_LABELS[filter];
    const button = html`<button type="button" data-show=${filter} data-focus-key=${`show:${filter}`}
      aria-pressed=${String(filter === show)} title=${title}>
      ${label} <span class="count">${count(counts[filter])}</span></button>`;
    button.addEventListener("click", () => filter !== show && act(button, {show: filter, page: 0}));
    return button;
  });
  return html`<div class="segmented" role="group" aria-label="Show episodes">${buttons}</div>`;
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
  options: SelectOption[];
}

/** A select of one filter: "any" and each option, each with how many episodes it would list. */
export function selectFilter(filter: SelectFilter, value: string | null, counts: OptionCounts, act: Act): HTMLElement {
  const option = (v: string, label: string, n: number, title = "") =>
    html`<option value=${v} title=${title} data-count=${n}>${label} (${count(n)})</option>`;
  const select = html`<select data-testid=${`${filter.key}-filter`} data-focus-key=${filter.key}
    aria-label=${filter.title} title=${filter.options.length ? filter.title : filter.none}
    disabled=${!filter.options.length}>
    ${option("", "any", counts.any)}
    ${filter.options.map((o) => option(o.value, o.label, counts.by[o.value] ?? 0, o.title))}
  </select>` as HTMLSelectElement;
  select.value = value ?? "";
  select.addEventListener("change", () => {
    const next = select.value || null;
    if (next !== value) act(select, {[filter.key]: next, page: 0});
  });
  return html`<label class="episode-select">${filter.label} ${select}</label>`;
}

/** Typing waits for a pause before filtering, so the list does not re-render on every key. */
const TYPING_PAUSE_MS = 250;

export function searchBox(search: string, act: Act): HTMLElement {
  const input = html`<input type="search" class="episode-search" data-testid="episode-search" data-focus-key="search"
    aria-label="Search episodes" placeholder="search episodes, reasons, errors"
    spellcheck="false">` as HTMLInputElement;
  input.value = search;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const commit = () => {
    clearTimeout(timer);
    if (input.value !== search) act(input, {search: input.value, page: 0});
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(commit, TYPING_PAUSE_MS);
  });
  input.addEventListener("keydown", (event) => event.key === "Enter" && commit());
  input.addEventListener("search", commit);
  return input;
}

/** The filters applied, in words: the show filter, the defect and the finding (their labels), the search. */
export interface Applied {
  show: EpisodeFilter;
  defect: string | null;
  finding: string | null;
  search: string;
}

export function statusLine(
  listed: number,
  total: number,
  applied: Applied,
  sortName: string | null,
  act: Act
): HTMLElement {
  const {show, defect, finding, search} = applied;
  const qualifiers = [
    show !== "all" ? FILTER_LABELS[show].label : "",
    defect ? `with ${defect}` : "",
    finding ? `finding “${finding}”` : "",
    search.trim() ? `matching “${search.trim()}”` : ""
  ].filter(Boolean);
  const reset = html`<button type="button" class="link-button"
    data-focus-key="sort:ranked">back to ranked order</button>`;
  reset.addEventListener("click", () => act(reset, {sort: null, desc: true, page: 0}));
  return html`<p class="episode-status" aria-live="polite">
    Showing ${count(listed)} of ${count(total)} episodes${qualifiers.length ? ` (${qualifiers.join(", ")})` : ""}
    · ${sortName ? html`sorted by ${sortName} ${reset}` : "most regressed first"}
  </p>`;
}

/** Page controls; `place` ("top" or "bottom") keeps the two copies' focus keys apart. */
export function pager(
  page: number,
  pages: number,
  pageSize: number,
  listed: number,
  place: string,
  act: Act
): HTMLElement | string {
  if (pages <= 1) return "";
  const button = (label: string, target: number, disabled: boolean, key: string) => {
    const b = html`<button type="button" data-page=${target} data-focus-key=${`page:${place}:${key}`}
      disabled=${disabled}>${label}</button>`;
    b.addEventListener("click", () => act(b, {page: target}));
    return b;
  };
  const first = page * pageSize + 1;
  const last = Math.min(listed, (page + 1) * pageSize);
  return html`<nav class=${`pager pager-${place}`} aria-label=${`Episode pages (${place})`}>
    ${button("← previous", page - 1, page === 0, "previous")}
    <span>page ${page + 1} of ${pages} <span class="muted">(${count(first)}–${count(last)})</span></span>
    ${button("next →", page + 1, page >= pages - 1, "next")}
  </nav>`;
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
