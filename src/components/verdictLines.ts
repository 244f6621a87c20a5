// The answer first: one sentence per candidate.
import {html} from "htl";
import type {Comparison} from "../compare/report.js";

const ICON = {better: "▲", worse: "▼", mixed: "◆", "no clear change": "=", "not comparable": "⊘"} as const;

export function VerdictLines(comparisons: Comparison[], baselineId: string): HTMLElement {
  return html`<div class="verdicts">${comparisons.map(
    (c) => html`<div class=${`verdict verdict-${c.verdict.verdict.replace(/ /g, "-")}`} data-verdict-for=${c.candidate} data-overall=${c.verdict.verdict}>
      <span class="verdict-icon" aria-hidden="true">${ICON[c.verdict.verdict]}</span>
      <div><strong><code>${c.candidate}</code></strong> vs <code>${baselineId}</code>: ${c.verdict.sentence}
        ${c.comparable ? html`<span class="muted"> ${c.common_episodes} common episodes.</span>` : ""}
        ${c.warnings.length ? html`<ul class="warnings">${c.warnings.map((w) => html`<li>${w}</li>`)}</ul>` : ""}
      </div>
    </div>`
  )}</div>`;
}
