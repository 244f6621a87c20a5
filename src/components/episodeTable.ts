// The focus candidate's episodes as a table (README, "Reading the page", 6): numeric delta columns, sortable
// headers, show, defect and finding filters with counts, search, pages, keyboard steps and CSV/JSON exports of
// exactly what is listed.
import {html} from "htl";
import type {Comparison} from "../compare/compare.js";
import type {EpisodeFilter} from "../compare/selection.js";
import {
  CHANGE_TAGS,
  defectTypes,
  deltaColumns,
  episodeFacts,
  findingChoices,
  type ChangeKind,
  type DeltaColumn,
  type EpisodeFacts
} from "./episodeColumns.js";
import {
  exportButtons,
  pager,
  searchBox,
  selectFilter,
  showFilter,
  statusLine,
  type StatePatch
} from "./episodeControls.js";
import {FIXED_SORTS, queryEpisodes, sortKeys} from "./episodeQuery.js";
import {episodeRow} from "./episodeRow.js";
import {download, recordsOf, safeFileName, toCsv} from "./exports.js";
import {keepFocus} from "./keepFocus.js";
import {count as formatCount} from "../compare/words.js";

export {episodeRecords, toCsv} from "./exports.js";

export const PAGE_SIZE = 50;
const NOT_PAIRED = "Not comparable: no episodes are paired.";

export interface EpisodeTableOptions {
  show: EpisodeFilter;
  /** A defect type's name (episodes either run has it on); null or one this comparison lacks: any. */
  defect?: string | null;
  /** A finding's code (the episodes it names); null or one this comparison lacks: any. */
  finding?: string | null;
  /** Matches episode id, dataset, reasons and the candidate's error. */
  search: string;
  /** A column key; null = ranked order (most regressed first). */
  sort: string | null;
  desc: boolean;
  /** 0-based. */
  page: number;
  /** The open episode id (markOpenEpisode moves the mark without building the table again). */
  selected: string | null;
  onState: (patch: StatePatch) => void;
  /** `via` says how: a click (focus may follow the drill-down) or the arrow keys (focus stays in the table). */
  onSelect: (episodeId: string, via: "click" | "keys") => void;
  pageSize?: number;
}

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

function headerCell(
  header: Header,
  options: EpisodeTableOptions,
  sorted: string | null,
  act: (control: HTMLElement, patch: StatePatch) => void
): HTMLElement {
  const className = header.numeric ? "num" : "";
  if (!header.key) return html`<th scope="col" class=${className} title=${header.title}>${header.label}</th>`;
  const key = header.key;
  const active = sorted === key;
  const arrow = active ? (options.desc ? "▼" : "▲") : "";
  // Headers wrap between words only ("Δ ROUGE-L" never splits at its hyphen).
  const words = header.label
    .replace(/^Δ /, "Δ\u00a0")
    .split(" ")
    .flatMap((word, i) => [i ? " " : "", html`<span class="nowrap">${word}</span>`]);
  const arrowMark = html`<span class="sort-arrow" aria-hidden="true">${arrow}</span>`;
  const button = html`<button type="button" class="sort-button"
    data-focus-key=${`sort:${key}`}>${words}${arrowMark}</button>`;
  const firstDirection = FIXED_SORTS[key]?.descending ?? true;
  button.addEventListener("click", () =>
    act(button, {sort: key, desc: active ? !options.desc : firstDirection, page: 0})
  );
  const ariaSort = active ? (options.desc ? "descending" : "ascending") : "none";
  return html`<th scope="col" class=${className} data-sort-key=${key} aria-sort=${ariaSort}
    title=${header.title}>${button}</th>`;
}

function groupRow(kind: ChangeKind, count: number, span: number): HTMLElement {
  const episodes = `${formatCount(count)} episode${count === 1 ? "" : "s"}`;
  const label = CHANGE_TAGS[kind].label;
  return html`<tr class="group-row"><th scope="colgroup"
    colspan=${span}>${label} <span class="muted">${episodes}</span></th></tr>`;
}

type Open = (id: string, button: HTMLElement) => void;

function bodyRows(
  rows: EpisodeFacts[],
  columns: DeltaColumn[],
  selected: string | null,
  onOpen: Open,
  groups: Map<ChangeKind, number> | null
): HTMLElement[] {
  const span = columns.length + 4;
  return rows.flatMap((facts, i) => {
    const row = episodeRow(facts, columns, facts.episode.episode_id === selected, onOpen);
    return groups && facts.kind !== rows[i - 1]?.kind
      ? [groupRow(facts.kind, groups.get(facts.kind) ?? 0, span), row]
      : [row];
  });
}

/** The table, and the ids it lists across its pages, in order. */
export type EpisodeTableElement = HTMLElement & {listed: string[]};

/** Marks the open episode's row (and unmarks the others). */
export function markOpenEpisode(table: HTMLElement, id: string | null): void {
  for (const row of table.querySelectorAll<HTMLElement>("tr[data-episode]")) {
    const open = row.getAttribute("data-episode") === id;
    row.classList.toggle("selected", open);
    const button = row.querySelector(".episode-open");
    if (open) button?.setAttribute("aria-current", "true");
    else button?.removeAttribute("aria-current");
  }
}

export function EpisodeTable(comparison: Comparison, options: EpisodeTableOptions): EpisodeTableElement {
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const columns = deltaColumns(comparison);
  const defects = defectTypes(comparison);
  const findings = findingChoices(comparison);
  const facets = {defects, findings};
  const facts = episodeFacts(comparison, columns, defects);
  const sorted = options.sort && sortKeys(columns).includes(options.sort) ? options.sort : null;
  const result = queryEpisodes(facts, columns, {...options, sort: sorted}, facets);
  const listed = result.rows;
  const pages = Math.max(1, Math.ceil(listed.length / pageSize));
  const page = Math.min(Math.max(0, Math.floor(options.page) || 0), pages - 1);
  const shown = listed.slice(page * pageSize, (page + 1) * pageSize);
  const total = comparison.episodes.length;
  const regressed = comparison.episodes.filter((e) => e.regressed).length;

  const scope = {selector: "[data-testid='episode-table']", attribute: "data-candidate", value: comparison.candidate};
  const act = (control: HTMLElement, patch: StatePatch) => {
    options.onState(patch);
    keepFocus(control, scope);
  };
  const open: Open = (id, button) => {
    options.onSelect(id, "click");
    keepFocus(button, scope);
  };
  const exportAs = (format: "csv" | "json") => {
    const records = recordsOf(listed, columns, defects);
    const name = `${safeFileName(comparison.candidate)}-episodes.${format}`;
    if (format === "csv") download(toCsv(records), name, "text/csv;charset=utf-8");
    else download(JSON.stringify(records, null, 2), name, "application/json");
  };
  const tableHeaders = headers(columns);
  const sortName = sorted
    ? tableHeaders.find((h) => h.key === sorted)!.label + (options.desc ? ", descending" : ", ascending")
    : null;

  const rows = bodyRows(shown, columns, options.selected, open, sorted === "change" ? result.groups : null);
  const body = html`<tbody>${rows}</tbody>`;
  body.addEventListener("keydown", (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const from = (event.target as HTMLElement).closest("tr[data-episode]");
    const current =
      from?.getAttribute("data-episode") ??
      body.querySelector("tr.selected")?.getAttribute("data-episode") ??
      options.selected;
    const at = listed.findIndex((f) => f.episode.episode_id === current);
    const next = at < 0 ? shown[0] : listed[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (!next) return;
    // Handled here: the page's own arrow keys must not step a second time.
    event.preventDefault();
    event.stopPropagation();
    const nextId = next.episode.episode_id;
    const nextPage = Math.floor(listed.indexOf(next) / pageSize);
    if (nextPage !== page) options.onState({page: nextPage});
    const rowOf = (id: string) =>
      [...body.querySelectorAll("tr[data-episode]")].find((tr) => tr.getAttribute("data-episode") === id);
    const button = rowOf(nextId)?.querySelector<HTMLElement>(".episode-open");
    button?.focus();
    options.onSelect(nextId, "keys");
    const focused = button ?? from?.querySelector<HTMLElement>(".episode-open");
    if (focused) keepFocus(focused, scope, `episode:${nextId}`);
  });

  const defectFilter = selectFilter(
    {
      key: "defect",
      label: "defect",
      title: "Episodes either run has this defect on: new in the candidate, fixed by it, or in both",
      none: "No defect type is compared (no common episodes)",
      options: defects.map((d) => ({value: d.name, label: d.label, title: d.title}))
    },
    result.defect,
    result.defects,
    act
  );
  const findingFilter = selectFilter(
    {
      key: "finding",
      label: "finding",
      title: "The episodes a finding names (those newly affected)",
      none: "No finding of this comparison names episodes",
      options: findings.map((f) => ({value: f.code, label: f.label, title: f.label}))
    },
    result.finding,
    result.findings,
    act
  );
  const applied = {
    show: options.show,
    defect: defects.find((d) => d.name === result.defect)?.label ?? null,
    finding: findings.find((f) => f.code === result.finding)?.label ?? null,
    search: options.search
  };
  const empty = !total
    ? html`<p class="muted">${comparison.comparable ? "No episodes to compare." : NOT_PAIRED}</p>`
    : !listed.length
      ? html`<p class="muted episode-empty">No episode matches. Try “all”, “any” or clear the search.</p>`
      : "";
  const element = html`<div class="episode-table" data-testid="episode-table" data-total=${total}
    data-regressed=${regressed} data-candidate=${comparison.candidate}>
    <div class="episode-filters">
      ${showFilter(options.show, result.counts, act)}
      ${defectFilter}
      ${findingFilter}
      ${searchBox(options.search, act)}
      ${exportButtons(
        () => exportAs("csv"),
        () => exportAs("json")
      )}
    </div>
    <div class="episode-status-row">
      ${statusLine(listed.length, total, applied, sortName, act)}
      ${pager(page, pages, pageSize, listed.length, "top", act)}
    </div>
    <div class="episode-scroll">
      <table class="episodes" style=${`--numeric-columns: ${tableHeaders.filter((h) => h.numeric).length}`}>
        <thead><tr>${tableHeaders.map((h) => headerCell(h, options, sorted, act))}</tr></thead>
        ${body}
      </table>
    </div>
    ${empty}
    ${pager(page, pages, pageSize, listed.length, "bottom", act)}
    <p class="muted episode-keys">↑/↓ in the table step through the listed episodes.</p>
  </div>`;
  return Object.assign(element, {listed: listed.map((f) => f.episode.episode_id)});
}
