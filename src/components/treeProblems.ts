// What discovery could not use (directories without artifacts, loops, unreadable folders), shown, not dropped.
import {html} from "htl";
import type {Catalog} from "../compare/types.js";
import {problemWhere} from "./runProblems.js";

export function TreeProblems(catalog: Pick<Catalog, "tree_problems">): HTMLElement | string {
  const problems = catalog.tree_problems;
  if (!problems.length) return "";
  return html`<details class="tree-problems" data-testid="tree-problems">
    <summary>${problems.length} folder${problems.length === 1 ? "" : "s"} in the eval tree skipped</summary>
    <ul>${problems.map((p) => html`<li><code>${problemWhere(p)}</code> — ${p.message}</li>`)}</ul>
  </details>`;
}
