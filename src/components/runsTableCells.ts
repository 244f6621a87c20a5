// The cells of one runs-table row. Each returns a <td>; run ids, descriptions and messages are always text.
// Built element by element (no template parsing): the table has a row per run and is rebuilt on every selection.
import type {ArtifactName, KpiName, RunDetails, RunSummary} from "../compare/types.js";
import {runQuality} from "../compare/runQuality.js";
import {amount} from "../compare/words.js";
import {breakableId, type Build} from "./dom.js";
import {kpiValue} from "./kpiCell.js";
import {elideMiddle, lastSegment} from "./runNames.js";
import {problemWhere, RunProblems} from "./runProblems.js";
import {RoleBadge, type RunRole} from "./runRole.js";

/** What a row's cells need beyond the run: its role and color. The table listens to the row's controls. */
export interface RowContext {
  /** Builds the cells' elements on the table's document. */
  h: Build;
  role: RunRole | null;
  color: string;
  details?: RunDetails;
  onMoreProblems?: (id: string) => void;
}

const REFERENCE_CHARS = 32;

/** The tick box and, for a candidate, the "set as baseline" button; the table listens to both (one listener each). */
export function roleCell(run: RunSummary, {h, role, color}: RowContext): HTMLElement {
  const box = h("input", {
    type: "checkbox",
    "aria-label": `select ${run.id}`,
    "data-focus-key": `select:${run.id}`
  }) as HTMLInputElement;
  box.checked = role !== null;
  const makeBaseline =
    role === "candidate"
      ? h(
          "button",
          {
            type: "button",
            class: "runs-make-baseline",
            "aria-label": `set as baseline: ${run.id}`,
            title: "compare every candidate with this run",
            "data-focus-key": `select:${run.id}`
          },
          "set as baseline"
        )
      : null;
  return h(
    "td",
    {class: "runs-pick runs-sticky-1"},
    h("div", {class: "runs-pick-line"}, box, role ? RoleBadge(role, color, h) : null),
    makeBaseline
  );
}

const KIND_TITLE = {
  run: "kind: run (from its folder under runs/)",
  baseline: "kind: baseline (a promoted run, from its folder under baselines/)",
  reference: "kind: reference (a silver or gold reference other runs are scored against)"
} as const;
const ARCHIVED_TITLE = "archived: it sits in a folder starting with _ (e.g. _archive); listed, never preselected";

export function runCell(run: RunSummary, {h}: RowContext): HTMLElement {
  return h(
    "td",
    {class: "run-id runs-sticky-2"},
    h(
      "div",
      {},
      h("code", {}, breakableId(h, run.id)),
      " ",
      h("span", {class: "kind-tag", title: KIND_TITLE[run.kind]}, run.kind),
      run.archived ? [" ", h("span", {class: "archived-tag", title: ARCHIVED_TITLE}, "archived")] : null
    )
  );
}

export function datasetCell(run: RunSummary, {h}: RowContext): HTMLElement {
  const what = `${run.task ?? "no task"} · ${run.dataset_id ?? "no dataset"}`;
  return h(
    "td",
    {class: "runs-dataset"},
    h("div", {title: what}, what),
    run.description ? [" ", h("div", {class: "runs-description", title: run.description}, run.description)] : null
  );
}

export function problemsCell(run: RunSummary, row: RowContext): HTMLElement {
  return row.h(
    "td",
    {class: "runs-problems"},
    RunProblems(run, {details: row.details, onMoreProblems: row.onMoreProblems}, row.h)
  );
}

export function episodesCell(run: RunSummary, {h}: RowContext): HTMLElement {
  return h("td", {class: "num", title: "episodes the run covers"}, amount(run.episodes, "count"));
}

const ARTIFACT_MARK = {present: "✓", missing: "✗", malformed: "⚠"} as const;

export function artifactCell(run: RunSummary, name: ArtifactName, row: RowContext): HTMLElement {
  const state = run.artifacts[name];
  if (!state) {
    const has = Object.keys(run.artifacts).join(", ") || "none";
    return row.h(
      "td",
      {
        class: "runs-artifact",
        "data-artifact": name,
        "data-state": "none",
        title: `${name}: not part of this run (its files: ${has})`
      },
      "–"
    );
  }
  const reasons = (row.details?.problems ?? run.problems)
    .filter((p) => p.file === name)
    .map((p) => `${problemWhere(p)} — ${p.message}`);
  const title = [
    `${name}: ${state}`,
    ...reasons.slice(0, 5),
    reasons.length > 5 ? `and ${reasons.length - 5} more` : ""
  ]
    .filter(Boolean)
    .join("\n");
  return row.h(
    "td",
    {class: `runs-artifact artifact-${state}`, "data-artifact": name, "data-state": state, title},
    ARTIFACT_MARK[state]
  );
}

/**
 * The table's KPI value; only unselected runs carry the DOM contract here (the KPI tiles carry it for
 * selected runs).
 */
export function kpiCell(run: RunSummary, name: KpiName, row: RowContext): HTMLElement {
  return row.h("td", {class: "num"}, kpiValue(run, name, {contract: row.role === null, h: row.h}));
}

/** The number the quality column shows and sorts by: entity-set F1 for NER runs, else ROUGE-L F1. */
export function qualityValue(run: RunSummary): number | null {
  return runQuality(run)?.value ?? null;
}

function qualityTitle(run: RunSummary): string {
  if (run.ner) {
    const s = run.ner.entity_set;
    return (
      `Entity-set F1 ${amount(s.f1, "score")} vs gold ${run.ner.reference} ` +
      `(run-level micro over ${run.ner.episodes_scored} episodes; ` +
      `precision ${amount(s.precision, "score")} · ${run.ner.out_of_scope} of ${run.ner.entities_predicted} ` +
      `predictions out of the gold's scope, dropped as the scorer does; recall ${amount(s.recall, "score")})`
    );
  }
  const ref = run.reference!;
  const how =
    ref.source === "stored"
      ? "the value metrics.json stores: the reference is not in this tree, so it was not recomputed"
      : `recomputed over ${ref.episodes} episodes`;
  const others = `ROUGE-1 ${amount(ref.rouge1_f1, "score")}, ROUGE-2 ${amount(ref.rouge2_f1, "score")}`;
  return `ROUGE-L F1 ${amount(ref.rougeL_f1, "score")} vs ${ref.id} (${how}); ${others}`;
}

export function qualityCell(run: RunSummary, {h}: RowContext): HTMLElement {
  const against = runQuality(run)?.reference ?? null;
  if (!against) return h("td", {class: "num runs-quality", title: "not scored against a reference"}, "—");
  const stored = run.reference?.source === "stored" && !run.ner;
  return h(
    "td",
    {class: "num runs-quality", title: qualityTitle(run), "data-quality-reference": against},
    h(
      "div",
      {},
      run.ner ? [h("span", {class: "runs-quality-label"}, "entity-set F1"), " "] : null,
      amount(qualityValue(run), "score")
    ),
    " ", // the two lines read as words in the cell's text, not "0.31vs silver_v1"
    h(
      "div",
      {class: "runs-quality-ref"},
      `vs ${elideMiddle(lastSegment(against), REFERENCE_CHARS)}`,
      stored ? [" · ", h("span", {class: "runs-stored"}, "stored")] : null
    )
  );
}
