// KPI tiles, one card per selected run in its run color: entity F1s and counts for NER runs, text KPIs otherwise.
import {html} from "htl";
import {KPI_NAMES, NER_MODES, type KpiName, type RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {KPI_LABELS, kpiValue, NER_LABELS, nerValue} from "./kpiCell.js";

const TEXT_ONLY: KpiName[] = ["avg_output_tokens", "gate_truncation", "gate_speaker_label", "gate_boilerplate"];

function tile(label: string, value: HTMLElement, alert = false, title = "") {
  return html`<div class=${`kpi${alert ? " kpi-alert" : ""}`} title=${title}><dt>${label}</dt><dd>${value}</dd></div>`;
}

function nerTiles(run: RunSummary): [HTMLElement[], HTMLElement] {
  const ner = run.ner;
  const counts = ner
    ? html`<p class="muted">Entities: ${ner.entities_predicted} predicted, ${ner.entities_in_scope} in gold scope, ${ner.entities_gold} in gold (${ner.episodes_scored} episodes) vs <code title=${ner.reference}>${ner.reference.split("/").pop()}</code></p>`
    : html`<p class="muted">No gold reference named in metrics.json.</p>`;
  return [NER_MODES.map((mode) => tile(NER_LABELS[mode], nerValue(run, mode))), counts];
}

function referenceLine(run: RunSummary) {
  const ref = run.reference;
  if (!ref) return "";
  const how = ref.source === "stored" ? "stored in metrics.json (reference not in this tree)" : `recomputed over ${ref.episodes} episodes`;
  return html`<p class="muted">ROUGE-L vs <code title=${ref.id}>${ref.id.split("/").pop()}</code>: ${amount(ref.rougeL_f1, "score")} <span title=${how}>(${ref.source})</span></p>`;
}

export function KpiTiles(runs: RunSummary[], {baselineId, colorOf}: {baselineId: string | null; colorOf: (id: string) => string}): HTMLElement {
  return html`<div class="kpi-grid">${runs.map((run) => {
    const isNer = run.task === "ner_entities";
    const names = KPI_NAMES.filter((name) => !isNer || !TEXT_ONLY.includes(name));
    const [nerValues, nerCounts] = isNer ? nerTiles(run) : [[], ""];
    return html`<section class="card kpi-card" style=${`border-top: 4px solid ${colorOf(run.id)}`} data-kpi-card=${run.id}>
      <h3><code>${run.id}</code> <span class="badge role" title=${run.id === baselineId ? "the run every candidate is compared with" : "compared with the baseline"}>${run.id === baselineId ? "baseline" : "candidate"}</span></h3>
      <dl>${nerValues}${names.map((name) =>
        tile(KPI_LABELS[name].label, kpiValue(run, name), name.startsWith("gate_") && (run.kpis[name] ?? 0) > 0, KPI_LABELS[name].hint)
      )}</dl>
      ${isNer ? nerCounts : referenceLine(run)}
      ${isNer ? html`<p class="muted kpi-hidden">${TEXT_ONLY.map((name) => html`<span hidden>${kpiValue(run, name)}</span>`)}</p>` : ""}
    </section>`;
  })}</div>`;
}
