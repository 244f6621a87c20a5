// The run selector: every discovered run with its artifacts, problems and KPIs; pick runs and a baseline.
import {html} from "htl";
import {ARTIFACTS, KPI_NAMES, type RunKind, type RunRecord} from "../compare/types.js";
import {formatValue} from "./format.js";
import {KPI_LABELS, kpiValue} from "./kpiCell.js";

export interface CatalogState {
  selected: string[];
  baseline: string | null;
}

export interface CatalogOptions {
  state: CatalogState;
  kind?: RunKind | "all";
  search?: string;
  /** Called with the new selection when the user toggles a run or picks a baseline. */
  onChange?: (state: CatalogState) => void;
}

const ARTIFACT_MARK = {present: "✓", missing: "✗", malformed: "⚠"} as const;

export function matchesFilter(run: RunRecord, kind: RunKind | "all", search: string): boolean {
  const needle = search.trim().toLowerCase();
  const haystack = `${run.id} ${run.task ?? ""} ${run.dataset_id ?? ""} ${run.description ?? ""}`.toLowerCase();
  return (kind === "all" || run.kind === kind) && (!needle || haystack.includes(needle));
}

function artifactCell(run: RunRecord, name: (typeof ARTIFACTS)[number]) {
  const state = run.artifacts[name];
  const reasons = run.problems.filter((p) => p.file === name).map((p) => (p.line ? `line ${p.line}: ` : "") + p.message);
  const title = `${name}: ${state}${reasons.length ? ` — ${reasons.slice(0, 5).join("; ")}` : ""}`;
  return html`<td class="artifact artifact-${state}" title=${title} data-artifact=${name} data-state=${state}>${ARTIFACT_MARK[state]}</td>`;
}

function problemList(run: RunRecord) {
  if (!run.problems.length && !run.warnings.length) return "";
  const problems = run.problems.map(
    (p) => html`<li class="problem">${p.file}${p.line ? `:${p.line}` : ""} — ${p.message}</li>`
  );
  const warnings = run.warnings.map((w) => html`<li class="warning">${w}</li>`);
  return html`<details class="run-problems" data-problems=${run.id}>
    <summary>${run.problems.length} problem${run.problems.length === 1 ? "" : "s"}${
      run.warnings.length ? `, ${run.warnings.length} warning${run.warnings.length === 1 ? "" : "s"}` : ""
    }</summary>
    <ul>${problems}${warnings}</ul>
  </details>`;
}

export function RunCatalog(runs: RunRecord[], {state, kind = "all", search = "", onChange}: CatalogOptions): HTMLElement {
  const selected = new Set(state.selected);
  const emit = (next: CatalogState) => onChange?.(next);
  const toggle = (id: string, on: boolean) => {
    const ids = on ? [...state.selected, id] : state.selected.filter((s) => s !== id);
    emit({selected: ids, baseline: ids.includes(state.baseline ?? "") ? state.baseline : ids[0] ?? null});
  };
  const visible = runs.filter((run) => matchesFilter(run, kind, search) || selected.has(run.id));
  const rows = visible.map((run) => {
    const isSelected = selected.has(run.id);
    const checkbox = html`<input type="checkbox" aria-label=${`select ${run.id}`} checked=${isSelected}>` as HTMLInputElement;
    checkbox.addEventListener("change", () => toggle(run.id, checkbox.checked));
    return html`<tr class=${isSelected ? "selected" : ""} data-catalog-run=${run.id}>
      <td>${checkbox}</td>
      <td class="run-id"><span class=${`kind kind-${run.kind}`}>${run.kind}</span> <code>${run.id}</code>
        <div class="muted">${[run.task, run.dataset_id, run.description].filter(Boolean).join(" · ")}</div>
        ${problemList(run)}</td>
      <td class="num">${formatValue(run.episodes)}</td>
      ${ARTIFACTS.map((name) => artifactCell(run, name))}
      ${KPI_NAMES.map((name) => html`<td class="num">${kpiValue(run, name, {contract: !isSelected})}</td>`)}
    </tr>`;
  });
  return html`<div class="catalog-wrap"><table class="catalog">
    <thead><tr>
      <th></th><th>Run</th><th class="num">Episodes</th>
      ${ARTIFACTS.map((name) => html`<th class="artifact-head" title=${name}>${name.replace(/\.(json|jsonl)$/, "")}</th>`)}
      ${KPI_NAMES.map((name) => html`<th class="num" title=${KPI_LABELS[name].hint}>${KPI_LABELS[name].label}</th>`)}
    </tr></thead>
    <tbody>${rows}</tbody>
  </table>
  ${visible.length === 0 ? html`<p class="muted">No run matches the filter.</p>` : ""}</div>`;
}
