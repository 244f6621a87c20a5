// What discovery could not use (directories without artifacts, loops, unreadable folders), shown, not dropped.
import {html} from "htl";
import type {Snapshot} from "../compare/types.js";

export function TreeProblems(snapshot: Snapshot): HTMLElement | string {
  if (!snapshot.tree_problems.length) return "";
  return html`<details class="tree-problems" data-testid="tree-problems">
    <summary>${snapshot.tree_problems.length} folder${snapshot.tree_problems.length === 1 ? "" : "s"} in the eval tree skipped</summary>
    <ul>${snapshot.tree_problems.map((p) => html`<li><code>${p.file}</code> — ${p.message}</li>`)}</ul>
  </details>`;
}
