// The runs table's columns: header, hover explanation, how a cell reads, and what it sorts by.
import {runQuality} from "../compare/runQuality.js";
import {ARTIFACTS, KPI_NAMES, type ArtifactState, type RunKind, type RunSummary} from "../compare/types.js";
import {KPI_LABELS} from "./kpiCell.js";
import type {RunRole} from "./runRole.js";
import {
  artifactCell,
  datasetCell,
  episodesCell,
  kpiCell,
  problemsCell,
  qualityCell,
  qualityValue,
  roleCell,
  runCell,
  type RowContext
} from "./runsTableCells.js";

export interface RunsColumn {
  key: string;
  label: string;
  hint: string;
  className: string;
  sortValue: (run: RunSummary, role: RunRole | null) => number | string | null;
  /**
   * Runs whose values must not be ranked against each other's: the sort orders runs within each group, the
   * groups by name ascending in both directions (runs without a value still last).
   */
  sortGroup?: (run: RunSummary) => string | null;
  cell: (run: RunSummary, row: RowContext) => HTMLElement;
}

const ROLE_RANK: Record<RunRole, number> = {baseline: 0, candidate: 1};
const KIND_RANK: Record<RunKind, number> = {baseline: 2, reference: 3, run: 4};
const ARTIFACT_RANK: Record<ArtifactState, number> = {malformed: 0, missing: 1, present: 2};

const ARTIFACT_LABEL: Record<(typeof ARTIFACTS)[number], string> = {
  "metrics.json": "metrics",
  "predictions.jsonl": "predictions",
  "fingerprint.json": "fingerprint",
  "run_summary.json": "summary",
  "diagnostics.jsonl": "diagnostics"
};

export const RUNS_COLUMNS: RunsColumn[] = [
  {
    key: "role",
    label: "Role",
    className: "runs-sticky-1",
    hint:
      "tick runs to compare them; the baseline is the run every candidate is compared with " +
      "(sorts the other runs by kind)",
    sortValue: (run, role) => (role ? ROLE_RANK[role] : KIND_RANK[run.kind]),
    cell: roleCell
  },
  {
    key: "id",
    label: "Run",
    className: "runs-sticky-2",
    hint: "run id (its folder in the eval tree) and kind",
    sortValue: (run) => run.id,
    cell: runCell
  },
  {
    key: "episodes",
    label: "Episodes",
    className: "num",
    hint: "episodes the run covers (prediction rows; gold episodes for a gold reference)",
    sortValue: (run) => run.episodes,
    cell: episodesCell
  },
  {
    key: "quality",
    label: "ROUGE-L / entity F1",
    className: "num",
    hint:
      "quality vs the reference the run names: ROUGE-L F1 for summaries, entity-set F1 vs its gold for NER runs " +
      "(sorts within each reference or gold, those by id)",
    sortValue: qualityValue,
    sortGroup: (run) => runQuality(run)?.reference ?? null,
    cell: qualityCell
  },
  ...KPI_NAMES.map(
    (name): RunsColumn => ({
      key: name,
      label: KPI_LABELS[name].label,
      className: "num",
      hint: KPI_LABELS[name].hint,
      sortValue: (run) => run.kpis[name],
      cell: (run, row) => kpiCell(run, name, row)
    })
  ),
  {
    key: "dataset",
    label: "Task · dataset",
    className: "",
    hint: "task and dataset (runs compare only within the same two); below: the description, which names the model",
    sortValue: (run) => `${run.task ?? ""} ${run.dataset_id ?? ""}`,
    cell: datasetCell
  },
  {
    key: "problems",
    label: "Problems",
    className: "",
    hint: "what could not be read (problems) and what disagrees or was ignored (warnings)",
    sortValue: (run) => run.problem_count * 1e6 + run.warning_count,
    cell: problemsCell
  },
  ...ARTIFACTS.map(
    (name): RunsColumn => ({
      key: `artifact:${name}`,
      label: ARTIFACT_LABEL[name],
      className: "runs-artifact",
      hint: `${name}: ✓ present, ✗ missing, ⚠ malformed (hover a mark for the reasons)`,
      sortValue: (run) => {
        const state = run.artifacts[name];
        return state ? ARTIFACT_RANK[state] : null;
      },
      cell: (run, row) => artifactCell(run, name, row)
    })
  )
];
