// Baseline vs one candidate, metric by metric: values, the delta with its 95% interval, n, method,
// smallest detectable change, threshold and verdict, and how many episodes crossed the threshold each way.
import {html} from "htl";
import type {Comparison} from "../compare/compare.js";
import type {Delta} from "../compare/deltas.js";
import {deltaVerdictWords, notJudgedWords} from "../compare/explain.js";
import {amount, deltaMark, difference, signed} from "../compare/words.js";
import {lastSegment} from "./runNames.js";

const KIND_TITLE = {
  quality: "Quality signals: decide the verdict when clear (interval excludes 0 and the change reaches the threshold)",
  health: "Health rules: counted per episode; any net new hit is worse, fewer hits is better only by a sign test",
  tradeoff: "Trade-offs: named in the sentence when clear, never decide the label"
} as const;

function deltaTitle(d: Delta): string {
  const parts = [
    d.method === "rule"
      ? "rule: counted per episode"
      : d.ci95
        ? `95% interval ${signed(d.ci95[0], d.unit)} to ${signed(d.ci95[1], d.unit)} (Student t)`
        : "no interval (n < 2)",
    `n = ${d.n}`,
    d.mde !== null ? `smallest detectable change ${difference(d.mde, d.unit)}` : "",
    d.threshold !== null && d.method !== "rule" ? `threshold ${difference(d.threshold, d.unit)}` : "",
    d.not_judged ? notJudgedWords(d.not_judged) : ""
  ];
  return parts.filter(Boolean).join(" · ");
}

function deltaCell(d: Delta, candidate: string) {
  return html`<td class=${`delta delta-${d.not_judged ? "same" : d.verdict}${d.direction === "neutral" ? " delta-neutral" : ""}`} data-delta=${d.metric} data-candidate=${candidate}
      data-value=${d.delta === null ? "" : String(d.delta)} data-verdict=${d.verdict} title=${deltaTitle(d)}>
    <span class="mark" aria-hidden="true">${deltaMark(d)}</span> ${signed(d.delta, d.unit)}
    <div class="ci">${d.ci95 ? `[${signed(d.ci95[0], d.unit)}, ${signed(d.ci95[1], d.unit)}]` : d.method === "rule" ? "rule" : "no interval"}</div></td>`;
}

function countsCell(d: Delta) {
  if (d.method === "rule") {
    const title = [d.new.length ? `new: ${d.new.join(", ")}` : "", d.fixed.length ? `fixed: ${d.fixed.join(", ")}` : ""]
      .filter(Boolean)
      .join(" · ");
    return html`<td class="num" title=${title || "no episode changed"}>${d.new.length} new / ${d.fixed.length} fixed</td>`;
  }
  return html`<td class="num" title="episodes whose change crossed the threshold">${d.improved === null ? "—" : `${d.improved} / ${d.regressed}`}</td>`;
}

function row(d: Delta, candidate: string) {
  return html`<tr data-kind=${d.kind}>
    <th scope="row">${d.label}${d.reference ? html`<div class="muted ref" title=${d.reference}>vs ${lastSegment(d.reference)}</div>` : ""}</th>
    <td class="num">${amount(d.baseline, d.unit)}</td>
    <td class="num">${amount(d.candidate, d.unit)}</td>
    ${deltaCell(d, candidate)}
    <td class="num">${d.n}</td>
    <td class="num muted">${d.mde === null ? "—" : difference(d.mde, d.unit)}</td>
    <td class="num muted">${d.method === "rule" ? "any new" : d.threshold === null ? "—" : difference(d.threshold, d.unit)}</td>
    <td class=${`verdict-cell verdict-text-${d.not_judged ? "same" : d.verdict}`}>${deltaVerdictWords(d, d.not_judged === null)}</td>
    ${countsCell(d)}
  </tr>`;
}

const KINDS = ["quality", "health", "tradeoff"] as const;
const KIND_LABEL = {quality: "Quality", health: "Health rules", tradeoff: "Trade-offs"} as const;

export function DeltaTable(comparison: Comparison): HTMLElement {
  if (!comparison.comparable) return html`<p class="muted">Not comparable: no deltas.</p>`;
  return html`<div class="delta-wrap"><table class="delta-table" data-delta-table=${comparison.candidate}>
    <caption><code>${comparison.candidate}</code> − baseline, over ${comparison.common_episodes} common episodes</caption>
    <thead><tr><th>Metric</th><th class="num">Baseline</th><th class="num">Candidate</th><th class="num">Δ [95% CI]</th><th class="num" title="paired episodes">n</th>
      <th class="num" title="minimum detectable effect: the smallest change these episodes could show at 80% power">MDE</th>
      <th class="num" title="practical threshold a change must reach to count">Threshold</th><th>Verdict</th><th class="num" title="episodes that crossed the threshold: improved / regressed (rules: new / fixed)">Episodes</th></tr></thead>
    ${KINDS.map((kind) => {
      const rows = comparison.deltas.filter((d) => d.kind === kind);
      return rows.length
        ? html`<tbody><tr class="group"><th colspan="9" title=${KIND_TITLE[kind]}>${KIND_LABEL[kind]}</th></tr>${rows.map((d) => row(d, comparison.candidate))}</tbody>`
        : "";
    })}
  </table></div>`;
}
