// The controls above the runs table: kind, text search and whether archived runs are listed.
import {builder, type Build} from "./dom.js";
import {KIND_CHOICES, SEARCH_PLACEHOLDER, type KindChoice, type RunsView} from "./runsView.js";

/** The filters' element; show() sets its controls to a view that came from elsewhere (the URL). */
export type RunsFiltersElement = HTMLElement & {show: (view: RunsView) => void};

export function RunsFilters(
  view: RunsView,
  onView: (change: Partial<RunsView>) => void,
  h: Build = builder()
): RunsFiltersElement {
  const kind = h(
    "select",
    {"aria-label": "kind", "data-focus-key": "kind"},
    KIND_CHOICES.map((k) => h("option", {value: k.value, selected: k.value === view.kind}, k.label))
  ) as HTMLSelectElement;
  kind.addEventListener("change", () => onView({kind: kind.value as KindChoice}));

  const search = h("input", {
    type: "search",
    placeholder: SEARCH_PLACEHOLDER,
    "aria-label": "search runs",
    "data-focus-key": "search"
  }) as HTMLInputElement;
  search.value = view.search;
  search.addEventListener("input", () => onView({search: search.value}));

  const archived = h("input", {type: "checkbox", "data-focus-key": "archived"}) as HTMLInputElement;
  archived.checked = view.showArchived;
  archived.addEventListener("change", () => onView({showArchived: archived.checked}));

  const element = h(
    "div",
    {class: "runs-filters"},
    kind,
    " ",
    search,
    " ",
    h(
      "label",
      {class: "runs-archived-toggle", title: "archived runs sit in a folder starting with _ (e.g. _archive)"},
      archived,
      " show archived"
    )
  );
  return Object.assign(element, {
    show(next: RunsView) {
      kind.value = next.kind;
      // Set only when it differs: the text someone is typing, and its caret, stay.
      if (search.value !== next.search) search.value = next.search;
      archived.checked = next.showArchived;
    }
  });
}
