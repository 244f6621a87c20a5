// The answer first: one sentence per candidate.
import {html} from "htl";
import type {Comparison} from "../compare/report.js";

const ICON = {better: "▲", worse: "▼", mixed: "◆", "no clear change": "=", "not comparable": "⊘"} as const;

/** Warnings not already said by the verdict sentence (a "not comparable" reason is its cause). */
function warningList(c: Comparison) {
  const extra = c.warnings.filter((w) => !w.startsWith("not comparable"));
  return extra.length ? html`<ul class="warnings">${extra.map((w) => html`<li>${w}</li>`)}</ul>` : "";
}

export function VerdictLines(comparisons: Comparison[], baselineId: string): HTMLElement {
  return html`<div class="verdicts">${comparisons.map(
    (c) => html`<div class=${`verdict verdict-${c.verdict.verdict.replace(/ /g, "-")}`} data-verdict-for=${c.candidate} data-overall=${c.verdict.verdict}>
      <span class="verdict-icon" aria-hidden="true">${ICON[c.verdict.verdict]}</span>
      <div><strong><code>${c.candidate}</code></strong> vs <code>${baselineId}</code>: ${c.verdict.sentence}
        ${c.comparable ? html`<span class="muted"> ${c.common_episodes} common episodes.</span>` : ""}
        ${warningList(c)}
      </div>
    </div>`
  )}</div>`;
}
