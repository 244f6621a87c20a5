// The cells of one runs-table row. Each returns a <td>; run ids, descriptions and messages are always text.
import {html} from "htl";
import type {ArtifactName, KpiName, RunDetails, RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {kpiValue} from "./kpiCell.js";
import {elideMiddle} from "./runNames.js";
import {problemWhere, RunProblems} from "./runProblems.js";
import {RoleBadge, type RunRole} from "./runRole.js";

/** What a row's cells need beyond the run: its role, color and how to change the selection. */
export interface RowContext {
  role: RunRole | null;
  color: string;
  /** `control` is the input or button used: it keeps keyboard focus across the page's re-render. */
  toggle: (on: boolean, control: HTMLElement) => void;
  makeBaseline: (control: HTMLElement) => void;
  details?: RunDetails;
  onMoreProblems?: (id: string) => void;
}

const lastSegment = (id: string) => id.split("/").pop() ?? id;
const REFERENCE_CHARS = 32;

/** The id with break opportunities after "/", "_", "-" and ".", so a long id wraps whole, never clipped. */
function breakableId(id: string) {
  return id.split(/(?<=[/_.-])/).flatMap((part, i) => (i ? [html`<wbr>`, part] : [part]));
}

export function roleCell(run: RunSummary, row: RowContext): HTMLElement {
  const box = html`<input type="checkbox" aria-label=${`select ${run.id}`} data-focus-key=${`select:${run.id}`}>` as HTMLInputElement;
  box.checked = row.role !== null;
  box.addEventListener("change", () => row.toggle(box.checked, box));
  const makeBaseline = row.role === "candidate"
    ? html`<button type="button" class="runs-make-baseline" aria-label=${`set ${run.id} as baseline`} title="compare every candidate with this run" data-focus-key=${`select:${run.id}`}>set as baseline</button>`
    : "";
  if (makeBaseline) makeBaseline.addEventListener("click", () => row.makeBaseline(makeBaseline));
  return html`<td class="runs-pick runs-sticky-1">
    <div class="runs-pick-line">${box}${row.role ? RoleBadge(row.role, row.color) : ""}</div>${makeBaseline}
  </td>`;
}

const KIND_TITLE = {
  run: "kind: run (from its folder under runs/)",
  baseline: "kind: baseline (a promoted run, from its folder under baselines/)",
  reference: "kind: reference (a silver or gold reference other runs are scored against)"
} as const;

export function runCell(run: RunSummary): HTMLElement {
  const archived = run.archived
    ? html` <span class="archived-tag" title="archived: it sits in a folder starting with _ (e.g. _archive); listed, never preselected">archived</span>`
    : "";
  return html`<td class="run-id runs-sticky-2">
    <div><code>${breakableId(run.id)}</code> <span class="kind-tag" title=${KIND_TITLE[run.kind]}>${run.kind}</span>${archived}</div>
  </td>`;
}

export function datasetCell(run: RunSummary): HTMLElement {
  const what = `${run.task ?? "no task"} · ${run.dataset_id ?? "no dataset"}`;
  return html`<td class="runs-dataset">
    <div title=${what}>${what}</div>
    ${run.description ? html`<div class="runs-description" title=${run.description}>${run.description}</div>` : ""}
  </td>`;
}

export function problemsCell(run: RunSummary, row: RowContext): HTMLElement {
  return html`<td class="runs-problems">${RunProblems(run, {details: row.details, onMoreProblems: row.onMoreProblems})}</td>`;
}

export function episodesCell(run: RunSummary): HTMLElement {
  return html`<td class="num" title="episodes the run covers">${amount(run.episodes, "count")}</td>`;
}

const ARTIFACT_MARK = {present: "✓", missing: "✗", malformed: "⚠"} as const;

export function artifactCell(run: RunSummary, name: ArtifactName, row: RowContext): HTMLElement {
  const state = run.artifacts[name];
  if (!state) {
    const has = Object.keys(run.artifacts).join(", ") || "none";
    return html`<td class="runs-artifact" data-artifact=${name} data-state="none" title=${`${name}: not part of this run (its files: ${has})`}>–</td>`;
  }
  const reasons = (row.details?.problems ?? run.problems).filter((p) => p.file === name).map((p) => `${problemWhere(p)} — ${p.message}`);
  const title = [`${name}: ${state}`, ...reasons.slice(0, 5), reasons.length > 5 ? `and ${reasons.length - 5} more` : ""].filter(Boolean).join("\n");
  return html`<td class=${`runs-artifact artifact-${state}`} data-artifact=${name} data-state=${state} title=${title}>${ARTIFACT_MARK[state]}</td>`;
}

/** The table's KPI value; only unselected runs carry the DOM contract here (the KPI tiles carry it for selected runs). */
export function kpiCell(run: RunSummary, name: KpiName, row: RowContext): HTMLElement {
  return html`<td class="num">${kpiValue(run, name, {contract: row.role === null})}</td>`;
}

/** The number the quality column shows and sorts by: entity-set F1 for NER runs, else ROUGE-L F1. */
export function qualityValue(run: RunSummary): number | null {
  return run.ner ? run.ner.entity_set.f1 : (run.reference?.rougeL_f1 ?? null);
}

function qualityTitle(run: RunSummary): string {
  if (run.ner) {
    const s = run.ner.entity_set;
    return `Entity-set F1 ${amount(s.f1, "score")} vs gold ${run.ner.reference} (run-level micro over ${run.ner.episodes_scored} episodes; precision ${amount(s.precision, "score")}, recall ${amount(s.recall, "score")})`;
  }
  const ref = run.reference!;
  const how = ref.source === "stored" ? "the value metrics.json stores: the reference is not in this tree, so it was not recomputed" : `recomputed over ${ref.episodes} episodes`;
  return `ROUGE-L F1 ${amount(ref.rougeL_f1, "score")} vs ${ref.id} (${how}); ROUGE-1 ${amount(ref.rouge1_f1, "score")}, ROUGE-2 ${amount(ref.rouge2_f1, "score")}`;
}

export function qualityCell(run: RunSummary): HTMLElement {
  const against = run.ner?.reference ?? run.reference?.id ?? null;
  if (!against) return html`<td class="num runs-quality" title="not scored against a reference">—</td>`;
  const stored = run.reference?.source === "stored" && !run.ner;
  return html`<td class="num runs-quality" title=${qualityTitle(run)} data-quality-reference=${against}>
    <div>${run.ner ? html`<span class="runs-quality-label">entity-set F1</span> ` : ""}${amount(qualityValue(run), "score")}</div>
    <div class="runs-quality-ref">vs ${elideMiddle(lastSegment(against), REFERENCE_CHARS)}${stored ? html` · <span class="runs-stored">stored</span>` : ""}</div>
  </td>`;
}
