// The rules behind every verdict on the page, written out from the same definitions the engine uses.
import {html} from "htl";
import {METRICS} from "../compare/metrics.js";
import {difference} from "../compare/words.js";

const threshold = (t: (typeof METRICS)[number]["threshold"], unit: (typeof METRICS)[number]["unit"]) =>
  "absolute" in t
    ? t.absolute === 0
      ? "any net new hit"
      : difference(t.absolute, unit)
    : `${t.relative * 100}% of the baseline value`;

const ROLE = {tradeoff: "trade-off", health: "health rule", quality: "quality signal"} as const;

export function VerdictRules(): HTMLElement {
  const rows = METRICS.filter((m) => m.judged !== false);
  const row = (m: (typeof METRICS)[number]) => {
    const better = m.direction === "neutral" ? "neutral (size only)" : m.direction;
    return html`<tr><td>${m.label}</td><td>${ROLE[m.kind]}</td>
      <td>${better}</td><td>${threshold(m.threshold, m.unit)}</td></tr>`;
  };
  return html`<details class="rules" data-testid="verdict-rules"><summary>How the verdict is decided</summary>
    <ul>
      <li>Every number is over the episodes both runs ran (matched on dataset and episode id); episodes the
        candidate did not run are coverage (qualifier <em>incomplete</em>), not failures.</li>
      <li>Estimates use a Student-t 95% interval on the paired per-episode differences. A change is
        <strong>clear</strong> only when the interval excludes 0 <em>and</em> the change reaches the metric's
        threshold; otherwise “no clear change”, and “too few episodes to tell” when the interval's half-width
        exceeds the threshold.</li>
      <li>Health rules (failures and gates) are counts of named episodes: more new hits than fixed ones is worse;
        fewer is better only by a one-sided sign test (p &lt; 0.05, so at least 5 fixed and none new).</li>
      <li>The label (better, worse, mixed, no clear change) reads quality signals and health rules only.
        Trade-offs (latency, cost, length, map/reduce sizes) are named when clear, never decisive. ROUGE and NER
        F1 are compared only against a reference or gold both runs are scored against.</li>
    </ul>
    <table class="compact"><thead><tr><th>Metric</th><th>Role</th><th>Better when</th><th>Threshold</th></tr></thead>
    <tbody>${rows.map(row)}</tbody></table>
  </details>`;
}
