// The page's state bound to the browser: the address bar and history, Back and Forward, links to other views
// of the page, and the j / k keys.
import type {HistoryPort, PageStore} from "./state.js";

export function browserHistory(window: Window): HistoryPort {
  return {
    push: (query) => window.history.pushState(null, "", query),
    replace: (query) => window.history.replaceState(null, "", query)
  };
}

export interface PageEvents {
  /** The ids the episode list shows across its pages, in order: what j / k step through. */
  listed: () => string[];
  /** Where a followed link brings the reader: the list it changed. */
  scrollTarget: () => Element | null;
}

/** Listens until `invalidation` resolves (Framework's cell invalidation). */
export function bindPageEvents(window: Window, state: PageStore, events: PageEvents, invalidation: Promise<unknown>) {
  const restore = () => state.restore(window.location.search);
  // A link to another view of this page (<a data-state-link href="?…">, e.g. a finding's episodes) changes the
  // view in place, as a history entry, and brings the episode list into view.
  const follow = (event: MouseEvent) => {
    const link = (event.target as Element | null)?.closest?.("a[data-state-link]");
    if (!link || event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    state.follow(link.getAttribute("href") ?? "");
    events.scrollTarget()?.scrollIntoView({block: "start"});
  };
  // j / k step through the listed episodes anywhere on the page, unless the user is typing.
  const step = (event: KeyboardEvent) => {
    const typing = (event.target as Element | null)?.closest?.("input, select, textarea, [contenteditable]");
    if (event.altKey || event.ctrlKey || event.metaKey || typing) return;
    const by = event.key === "j" ? 1 : event.key === "k" ? -1 : 0;
    if (by && state.step(events.listed(), by)) event.preventDefault();
  };
  window.addEventListener("popstate", restore);
  window.addEventListener("click", follow);
  window.addEventListener("keydown", step);
  invalidation.then(() => {
    window.removeEventListener("popstate", restore);
    window.removeEventListener("click", follow);
    window.removeEventListener("keydown", step);
  });
}

const TOGGLES = {reference: ".reference-toggle:not(.map-summaries-toggle)", mapSummaries: ".map-summaries-toggle"};

/**
 * Once the open episode's drill-down is drawn: it comes to the reader (scrolled to, focused) unless the reader
 * is stepping with the arrow keys in the table; after a toggle it is drawn where it was and the toggle keeps
 * the focus.
 */
export function presentDrilldown(drilldown: HTMLElement, state: PageStore) {
  const toggled = state.toggled();
  const by = state.openedBy();
  if (by === "toggle" && toggled)
    requestAnimationFrame(() => drilldown.querySelector<HTMLElement>(TOGGLES[toggled])?.focus({preventScroll: true}));
  else if (by !== "keys")
    requestAnimationFrame(() => {
      drilldown.scrollIntoView({block: "start"});
      drilldown.focus({preventScroll: true});
    });
}
