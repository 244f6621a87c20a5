// The page's state and how it changes: the runs compared (runs, baseline, focus candidate), the open episode,
// the episode list (filters, sort, page), the runs table's filters and sort, and the drill-down's toggles.
// Each part is watched on its own, so opening an episode does not recompute the comparison. The URL holds
// every part but the toggles: each choice is a history entry (refining a search replaces its entry), a
// copied link reopens the view, and Back and Forward restore the entry's view.
import {
  listedCandidate,
  stateFromQuery,
  stateToQuery,
  type PageState,
  type RunsListState
} from "../compare/selection.js";
import type {RunSummary} from "../compare/types.js";

export interface Selection {
  /** In the order they were picked, the baseline among them. */
  runs: string[];
  baseline: string | null;
  /** The candidate whose episodes the list shows; null: the first comparable one. */
  focus: string | null;
}

export type ListState = Pick<PageState, "show" | "defect" | "finding" | "search" | "sort" | "desc" | "page">;

export interface Toggles {
  reference: boolean;
  mapSummaries: boolean;
}

export interface Parts {
  selection: Selection;
  episode: string | null;
  list: ListState;
  runsList: RunsListState;
  toggles: Toggles;
}

export type Part = keyof Parts;

/** How the open episode was opened: focus follows a click or a key, not arrow steps in the table. */
export type OpenedBy = "link" | "click" | "keys" | "j/k" | "history" | "toggle";

export interface HistoryPort {
  push(query: string): void;
  replace(query: string): void;
}

export interface PageStateOptions {
  /** The URL's query string the page opens with. */
  query: string;
  catalog: {runs: RunSummary[]; default_baseline: string | null};
  history: HistoryPort;
}

/** Choosing one of these starts the list again at its first page. */
const LIST_FILTERS = ["show", "defect", "finding", "search", "sort", "desc"] as const;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
/** Refining a search already made replaces its entry: Back skips the keystrokes, not the search. */
const refines = (before: string, after: string) => before !== after && before !== "" && after !== "";

function partsOf(state: PageState, toggles: Toggles): Parts {
  const {runs, baseline, focus, episode, runsList} = state;
  const {show, defect, finding, search, sort, desc, page} = state;
  return {
    selection: {runs, baseline, focus},
    episode,
    list: {show, defect, finding, search, sort, desc, page},
    runsList,
    toggles
  };
}

export type PageStore = ReturnType<typeof pageState>;

export function pageState({query, catalog, history}: PageStateOptions) {
  const read = (search: string) => stateFromQuery(search, catalog.runs, catalog.default_baseline);
  const opened = read(query);
  const parts = partsOf(opened.state, {reference: false, mapSummaries: false});
  const listeners = new Map<Part, Set<(value: never) => void>>();
  let openedBy: OpenedBy = "link";
  let toggled: keyof Toggles | null = null;
  // The open episode the list last brought into view: paging away from it is not undone.
  let listedEpisode: string | null | undefined;

  const notify = <P extends Part>(part: P) => {
    for (const listener of listeners.get(part) ?? []) (listener as (value: Parts[P]) => void)(parts[part]);
  };
  const set = <P extends Part>(part: P, value: Parts[P]) => {
    if (same(parts[part], value)) return false;
    parts[part] = value;
    notify(part);
    return true;
  };
  const now = (): PageState => ({...parts.selection, episode: parts.episode, ...parts.list, runsList: parts.runsList});
  const write = (entry: keyof HistoryPort) => history[entry](stateToQuery(now()));
  const restore = (search: string) => {
    const next = partsOf(read(search).state, parts.toggles);
    if (next.episode !== parts.episode) openedBy = "history";
    for (const part of ["selection", "episode", "list", "runsList"] as const) set(part, next[part]);
  };
  const open = (episode: string, via: OpenedBy) => {
    openedBy = via;
    // Opening the open episode again brings its drill-down back into view.
    if (!set("episode", episode)) return notify("episode");
    write("push");
  };
  // The URL names the view the page opened on: the default pair and every filter spelled out.
  write("replace");

  return {
    /** Run ids the opening link names that the catalog lacks. */
    unknown: opened.unknown,
    get: <P extends Part>(part: P): Parts[P] => parts[part],
    /** For Generators.observe: reports the part now and on every change; returns the unsubscribe. */
    observe:
      <P extends Part>(part: P) =>
      (report: (value: Parts[P]) => void) => {
        const forPart = listeners.get(part) ?? listeners.set(part, new Set()).get(part)!;
        forPart.add(report as (value: never) => void);
        report(parts[part]);
        return () => forPart.delete(report as (value: never) => void);
      },
    /** How the open episode was opened, and the toggle last used (where focus goes once it is drawn). */
    openedBy: () => openedBy,
    toggled: () => toggled,
    /**
     * Another selection: its first episode page, no episode open. The candidate whose episodes are listed
     * stays while it is still a selected candidate, unless `focus` names another.
     */
    choose(next: {runs: string[]; baseline: string | null; focus?: string | null}) {
      const focus = listedCandidate(
        next.runs,
        next.baseline,
        next.focus === undefined ? parts.selection.focus : next.focus
      );
      set("selection", {runs: next.runs, baseline: next.baseline, focus});
      set("episode", null);
      set("list", {...parts.list, page: 0});
      write("push");
    },
    open,
    setList(patch: Partial<ListState>) {
      const restart = LIST_FILTERS.some((key) => key in patch);
      const page = patch.page ?? (restart ? 0 : parts.list.page);
      const typing = refines(parts.list.search, patch.search ?? parts.list.search);
      if (set("list", {...parts.list, ...patch, page})) write(typing ? "replace" : "push");
    },
    setRunsList(view: RunsListState) {
      const typing = refines(parts.runsList.search, view.search);
      if (set("runsList", view)) write(typing ? "replace" : "push");
    },
    /** A drill-down toggle: not in the URL; the drill-down is drawn again where it was. */
    toggle(name: keyof Toggles, on: boolean) {
      openedBy = "toggle";
      toggled = name;
      set("toggles", {...parts.toggles, [name]: on});
    },
    /** Back or Forward: the view the entry's query names. */
    restore,
    /** A link to another view of this page: a history entry of its own. */
    follow(search: string) {
      history.push(search);
      restore(search);
    },
    /** Once the list is drawn: a newly opened episode (a link, j / k, history) brings the list to its page. */
    reveal(listed: string[], pageSize: number) {
      const episode = parts.episode;
      if (episode === listedEpisode) return;
      listedEpisode = episode;
      const at = episode === null ? -1 : listed.indexOf(episode);
      const page = Math.floor(at / pageSize);
      if (at >= 0 && set("list", {...parts.list, page})) write("replace");
    },
    /** j / k: the next or previous listed episode (the first when none of them is open). */
    step(order: string[], by: 1 | -1): boolean {
      if (!order.length) return false;
      const at = order.indexOf(parts.episode ?? "");
      open(order[at < 0 ? 0 : Math.min(order.length - 1, Math.max(0, at + by))], "j/k");
      return true;
    }
  };
}
