// One KPI value as the DOM contract names it: [data-kpi][data-run] with the raw number in data-value.
import {html} from "htl";
import type {KpiName, RunRecord} from "../compare/types.js";
import {formatValue} from "./format.js";

export const KPI_LABELS: Record<KpiName, {label: string; unit: Parameters<typeof formatValue>[1]; hint: string}> = {
  success_rate: {label: "Success rate", unit: "rate", hint: "episodes with a usable output / episodes covered"},
  failed: {label: "Failed episodes", unit: "count", hint: "errors, empty outputs, or listed as failed"},
  avg_output_tokens: {label: "Avg output tokens (est.)", unit: "tokens", hint: "estimate: characters / 4, rounded down"},
  avg_latency_s: {label: "Avg latency", unit: "seconds", hint: "mean processing time per episode"},
  gate_truncation: {label: "Truncation", unit: "count", hint: "gate failures: output/input characters < 1%"},
  gate_speaker_label: {label: "Speaker label leak", unit: "count", hint: "gate failures: Host:, Guest:, Speaker N: ..."},
  gate_boilerplate: {label: "Boilerplate leak", unit: "count", hint: "gate failures: subscribe, sponsor phrases ..."}
};

/** The formatted value, carrying the contract attributes when `contract` is true (one element per run and KPI). */
export function kpiValue(run: RunRecord, name: KpiName, {contract = true} = {}): HTMLElement {
  const value = run.kpis[name];
  const source = run.kpi_sources[name];
  const stored = run.stored[name];
  const title = [
    KPI_LABELS[name].hint,
    source ? `source: ${source.replace("_", " ")}` : "not available",
    stored != null && stored !== value ? `stored: ${formatValue(stored, KPI_LABELS[name].unit)}` : ""
  ]
    .filter(Boolean)
    .join(" · ");
  const node = html`<span class="kpi-value" title=${title}>${formatValue(value, KPI_LABELS[name].unit)}</span>`;
  if (contract) {
    node.dataset.kpi = name;
    node.dataset.run = run.id;
    node.dataset.value = value === null ? "" : String(value);
  }
  return node;
}
