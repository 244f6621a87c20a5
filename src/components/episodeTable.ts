// The focus candidate's episodes as a table (README, "Reading the page", 6): numeric delta columns, sortable
// headers, show, defect and finding filters with counts, search, pages, keyboard steps and CSV/JSON exports of
// exactly what is listed. Built once: update() shows another list or comparison in the same element, so the
// controls keep their elements (and the focus), and the page keeps its scroll.
import type {Comparison} from "../compare/compare.js";
import type {EpisodeFilter} from "../compare/selection.js";
import {builder} from "./dom.js";
import {
  defectTypes,
  deltaColumns,
  episodeFacts,
  findingChoices,
  type ChangeKind,
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
import {sortHeaders} from "./episodeHeaders.js";
import {queryEpisodes, sortKeys} from "./episodeQuery.js";
import {episodeRows} from "./episodeRow.js";
import {download, recordsOf, safeFileName, toCsv} from "./exports.js";
import {byFocusKey, keepingFocus} from "./focusCounterpart.js";

export const PAGE_SIZE = 50;
const NOT_PAIRED = "Not comparable: no episodes are paired.";

/** What the table lists: the page keeps it (and the URL); the table asks for changes through onState. */
export interface EpisodeListOptions {
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
  /** The open episode id (a change of it alone moves the mark, the rows stay). */
  selected: string | null;
}

export type EpisodeTableOptions = EpisodeListOptions & {
  onState: (patch: StatePatch) => void;
  /** `via` says how: a click (focus may follow the drill-down) or the arrow keys (focus stays in the table). */
  onSelect: (episodeId: string, via: "click" | "keys") => void;
  pageSize?: number;
};

export type EpisodeTableElement = HTMLElement & {
  /** The ids listed across pages, in order. */
  listed: string[];
  /** Shows another comparison and/or list state in the same element: controls and rows update in place. */
  update(comparison: Comparison | null, options: EpisodeListOptions): void;
};

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

/** What the table derives from a comparison, once per comparison. */
function basisOf(comparison: Comparison) {
  const columns = deltaColumns(comparison);
  const defects = defectTypes(comparison);
  const findings = findingChoices(comparison);
  const regressed = comparison.episodes.filter((e) => e.regressed).length;
  return {comparison, columns, defects, findings, facts: episodeFacts(comparison, columns, defects), regressed};
}
type Basis = ReturnType<typeof basisOf>;

/** Puts in `parent` the nodes of `order` that are `wanted`, in that order, moving none of those already in. */
function showOnly(parent: Node, order: Node[], wanted: (node: Node) => boolean): void {
  for (const [i, node] of order.entries()) {
    if (!wanted(node)) node.parentNode?.removeChild(node);
    else if (node.parentNode !== parent)
      parent.insertBefore(node, order.slice(i + 1).find((later) => later.parentNode === parent) ?? null);
  }
}

/** `comparison` undefined: nothing is drawn until the first update (the page's comparison is still loading). */
export function EpisodeTable(
  comparison: Comparison | null | undefined,
  options: EpisodeTableOptions
): EpisodeTableElement {
  const {onState, onSelect} = options;
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const h = builder();
  let basis: Basis | null = null;
  let list: EpisodeListOptions = options;
  let listed: EpisodeFacts[] = [];
  let shown: EpisodeFacts[] = [];
  let page = 0;
  let drawnRows = "";
  /** The row an arrow key stepped to on another page: it takes the focus once that page is drawn. */
  let focusAfterRows: string | null = null;

  const exportAs = (format: "csv" | "json") => {
    if (!basis) return;
    const records = recordsOf(listed, basis.columns, basis.defects);
    const name = `${safeFileName(basis.comparison.candidate)}-episodes.${format}`;
    if (format === "csv") download(toCsv(records), name, "text/csv;charset=utf-8");
    else download(JSON.stringify(records, null, 2), name, "application/json");
  };
  const show = showFilter(onState);
  const defect = selectFilter(
    {
      key: "defect",
      label: "defect",
      title: "Episodes either run has this defect on: new in the candidate, fixed by it, or in both",
      none: "No defect type is compared (no common episodes)"
    },
    onState
  );
  const finding = selectFilter(
    {
      key: "finding",
      label: "finding",
      title: "The episodes a finding names (those newly affected)",
      none: "No finding of this comparison names episodes"
    },
    onState
  );
  const search = searchBox(onState);
  const status = statusLine(onState);
  const topPager = pager("top", onState);
  const bottomPager = pager("bottom", onState);
  const headers = sortHeaders(onState);
  const body = h("tbody", {});
  const table = h("table", {class: "episodes"}, h("thead", {}, headers.row), body);
  const exports = exportButtons(
    () => exportAs("csv"),
    () => exportAs("json")
  );
  const filters = h("div", {class: "episode-filters"}, show.element, defect.element, finding.element);
  filters.append(search.element, exports);
  const statusRow = h("div", {class: "episode-status-row"}, status.element);
  const scroll = h("div", {class: "episode-scroll"}, table);
  const empty = h("p", {class: "muted"});
  const keys = h("p", {class: "muted episode-keys"}, "↑/↓ in the table step through the listed episodes.");
  const noCandidate = h("p", {class: "muted"}, "No candidate selected.");
  const element = h("div", {class: "episode-table", "data-testid": "episode-table"}) as EpisodeTableElement;
  const parts = [noCandidate, filters, statusRow, scroll, empty, bottomPager.element, keys];

  body.addEventListener("keydown", (event: KeyboardEvent) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const from = (event.target as HTMLElement).closest("tr[data-episode]");
    const current =
      from?.getAttribute("data-episode") ??
      body.querySelector("tr.selected")?.getAttribute("data-episode") ??
      list.selected;
    const at = listed.findIndex((f) => f.episode.episode_id === current);
    const next = at < 0 ? shown[0] : listed[at + (event.key === "ArrowDown" ? 1 : -1)];
    if (!next) return;
    // Handled here: the page's own arrow keys must not step a second time.
    event.preventDefault();
    event.stopPropagation();
    const nextId = next.episode.episode_id;
    // On another page: the page brings the list to the episode it opened (one history entry for one key).
    if (Math.floor(listed.indexOf(next) / pageSize) !== page) focusAfterRows = `episode:${nextId}`;
    byFocusKey(body, `episode:${nextId}`)?.focus();
    onSelect(nextId, "keys");
  });
  const open = (id: string) => onSelect(id, "click");

  /** Builds the rows again only when the page lists other episodes (or groups): a new open episode moves the mark. */
  function drawRows(next: Basis, groups: Map<ChangeKind, number> | null) {
    const rowsKey = JSON.stringify([shown.map((f) => f.episode.episode_id), [...(groups ?? [])]]);
    if (next === basis && rowsKey === drawnRows) {
      markOpenEpisode(body, list.selected);
      return;
    }
    drawnRows = rowsKey;
    body.replaceChildren(...episodeRows(shown, next.columns, list.selected, open, groups));
  }

  function draw(comparison: Comparison | null | undefined) {
    if (!comparison) {
      basis = null;
      listed = shown = [];
      drawnRows = "";
      body.replaceChildren();
      for (const name of ["total", "regressed", "candidate"]) delete element.dataset[name];
      showOnly(element, parts, (part) => part === noCandidate && comparison === null);
      return;
    }
    const next = basis?.comparison === comparison ? basis : basisOf(comparison);
    const {columns, defects, findings, facts} = next;
    const sorted = list.sort && sortKeys(columns).includes(list.sort) ? list.sort : null;
    const result = queryEpisodes(facts, columns, {...list, sort: sorted}, {defects, findings});
    listed = result.rows;
    const pages = Math.max(1, Math.ceil(listed.length / pageSize));
    page = Math.min(Math.max(0, Math.floor(list.page) || 0), pages - 1);
    shown = listed.slice(page * pageSize, (page + 1) * pageSize);
    const total = comparison.episodes.length;
    Object.assign(element.dataset, {
      total: String(total),
      regressed: String(next.regressed),
      candidate: comparison.candidate
    });

    show.set(list.show, result.counts);
    defect.set(
      defects.map((d) => ({value: d.name, label: d.label, title: d.title})),
      result.defect,
      result.defects
    );
    finding.set(
      findings.map((f) => ({value: f.code, label: f.label, title: f.label})),
      result.finding,
      result.findings
    );
    search.set(list.search);
    const sortName = headers.set(columns, sorted, list.desc);
    table.style.setProperty("--numeric-columns", String(headers.numericColumns()));
    const applied = {
      show: list.show,
      defect: defects.find((d) => d.name === result.defect)?.label ?? null,
      finding: findings.find((f) => f.code === result.finding)?.label ?? null,
      search: list.search
    };
    status.set(listed.length, total, applied, sortName);
    topPager.set(page, pages, pageSize, listed.length);
    bottomPager.set(page, pages, pageSize, listed.length);
    drawRows(next, sorted === "change" ? result.groups : null);
    basis = next;

    empty.className = total ? "muted episode-empty" : "muted";
    empty.textContent = !total
      ? comparison.comparable
        ? "No episodes to compare."
        : NOT_PAIRED
      : "No episode matches. Try “all”, “any” or clear the search.";
    const wanted = new Set<Node>([filters, statusRow, status.element, scroll, keys]);
    if (!listed.length) wanted.add(empty);
    if (pages > 1) wanted.add(topPager.element).add(bottomPager.element);
    showOnly(statusRow, [status.element, topPager.element], (part) => wanted.has(part));
    showOnly(element, parts, (part) => wanted.has(part));
  }

  // A page turned from the bottom pager goes on at the new page's top, in the top pager; a pager button that
  // ends disabled (first or last page) hands the focus to its twin.
  const pagerButton = (key: string) => {
    const button = byFocusKey(element, key.replace("page:bottom:", "page:top:")) as HTMLButtonElement | null;
    const twin = key.endsWith(":next") ? "page:top:previous" : "page:top:next";
    return button && !button.disabled ? button : byFocusKey(element, twin);
  };
  const counterpart = (held: HTMLElement) => {
    const key = focusAfterRows ?? held.dataset.focusKey ?? "";
    return key.startsWith("page:") ? pagerButton(key) : byFocusKey(element, key);
  };
  const update = (comparison: Comparison | null | undefined, next: EpisodeListOptions) => {
    const doc = element.ownerDocument;
    const from = (doc.activeElement as HTMLElement | null)?.dataset.focusKey ?? "";
    const turned = next.page !== list.page;
    list = next;
    keepingFocus(element, () => draw(comparison), counterpart);
    const stepped = focusAfterRows && byFocusKey(element, focusAfterRows);
    // The row an arrow key stepped to on another page, in view.
    if (stepped && doc.activeElement === stepped) stepped.scrollIntoView({block: "nearest"});
    if (turned && from.startsWith("page:bottom:")) {
      pagerButton(from)?.focus({preventScroll: true});
      element.scrollIntoView({block: "start"});
    }
    focusAfterRows = null;
    element.listed = listed.map((f) => f.episode.episode_id);
  };
  update(comparison, options);
  return Object.assign(element, {update});
}
