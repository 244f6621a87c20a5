// KPI tiles, one card per selected run, in the run's chart color.
import {html} from "htl";
import {KPI_NAMES, type RunRecord} from "../compare/types.js";
import {colorOf} from "./colors.js";
import {KPI_LABELS, kpiValue} from "./kpiCell.js";

export function KpiTiles(runs: RunRecord[], baselineId: string | null): HTMLElement {
  const ids = runs.map((r) => r.id);
  return html`<div class="kpi-grid">${runs.map(
    (run) => html`<div class="card kpi-card" style=${`border-top: 4px solid ${colorOf(ids, run.id)}`}>
      <h3><code>${run.id}</code>${run.id === baselineId ? html` <span class="badge">baseline</span>` : ""}</h3>
      <dl>${KPI_NAMES.map((name) => html`<div class=${`kpi ${name.startsWith("gate_") && (run.kpis[name] ?? 0) > 0 ? "kpi-alert" : ""}`}>
        <dt>${KPI_LABELS[name].label}</dt><dd>${kpiValue(run, name)}</dd></div>`)}</dl>
      ${run.reference ? html`<p class="muted">ROUGE-L vs <code>${run.reference.id}</code>: ${run.reference.rougeL_f1?.toFixed(3) ?? "—"} (${run.reference.source})</p>` : ""}
    </div>`
  )}</div>`;
}
