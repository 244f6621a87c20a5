// Baseline vs each candidate: value, delta with its 95% interval, verdict as color AND arrow, episode counts.
import {html} from "htl";
import type {Delta} from "../compare/deltas.js";
import {METRIC_BY_NAME} from "../compare/metrics.js";
import type {Comparison} from "../compare/report.js";
import {formatValue} from "./format.js";

const MARK = {better: "▲", worse: "▼", same: "="} as const;
const VERDICT_TEXT = {better: "better", worse: "worse", same: "no clear change"} as const;

function unitOf(d: Delta) {
  return METRIC_BY_NAME.get(d.metric)?.unit ?? "count";
}

function signed(value: number | null, unit: ReturnType<typeof unitOf>): string {
  if (value === null) return "—";
  const text = formatValue(Math.abs(value), unit === "rate" ? "score" : unit);
  return value > 0 ? `+${text}` : value < 0 ? `−${text}` : text;
}

function deltaCell(d: Delta, candidate: string) {
  const unit = unitOf(d);
  const ci = d.ci95 ? `95% CI [${signed(d.ci95[0], unit)}, ${signed(d.ci95[1], unit)}]` : "no interval";
  return html`<td class=${`delta delta-${d.verdict}`} data-delta=${d.metric} data-candidate=${candidate}
      data-value=${d.delta === null ? "" : String(d.delta)} data-verdict=${d.verdict}
      title=${`${VERDICT_TEXT[d.verdict]} · ${ci} · ${d.episodes} episodes`}>
    <span class="mark" aria-label=${VERDICT_TEXT[d.verdict]}>${MARK[d.verdict]}</span> ${signed(d.delta, unit)}
    <div class="ci">${ci}</div></td>`;
}

export function DeltaTable(comparisons: Comparison[]): HTMLElement {
  const comparable = comparisons.filter((c) => c.comparable);
  if (!comparable.length) return html`<p class="muted">No comparable candidate selected.</p>`;
  return html`<div class="delta-tables">${comparable.map(
    (c) => html`<table class="delta-table" data-delta-table=${c.candidate}>
      <caption><code>${c.candidate}</code> − baseline, over ${c.common_episodes} common episodes</caption>
      <thead><tr><th>Metric</th><th class="num">Baseline</th><th class="num">Candidate</th><th class="num">Δ (95% CI)</th><th class="num">Improved</th><th class="num">Regressed</th></tr></thead>
      <tbody>${c.deltas.map((d) => html`<tr>
        <th scope="row">${d.label}${d.direction === "neutral" ? html` <span class="muted">(neutral)</span>` : ""}</th>
        <td class="num">${formatValue(d.baseline, unitOf(d))}</td>
        <td class="num">${formatValue(d.candidate, unitOf(d))}</td>
        ${deltaCell(d, c.candidate)}
        <td class="num">${d.improved ?? "—"}</td>
        <td class="num">${d.regressed ?? "—"}</td>
      </tr>`)}</tbody>
    </table>`
  )}</div>`;
}
