// What the page fetches and computes for a state: the selected runs' tables and their comparisons, and the open
// episode's texts. Only the selected runs are fetched (adding a run fetches that run alone), and of an episode's
// texts only the shard holding it, for the baseline, the candidate and the reference.
import {sharedReference, type Comparison, type RunData} from "../compare/compare.js";
import {tableRows, type EpisodeRow} from "../compare/table.js";
import type {RunSummary} from "../compare/types.js";
import {runPalette} from "../components/colors.js";
import type {DrilldownOptions} from "../components/drilldown.js";
import type {RunFetcher} from "../runFiles.js";
import type {Selection} from "./state.js";

export interface SelectionView {
  selection: Selection;
  baseline: RunSummary | null;
  /** Baseline first, then the candidates in the order they were picked. */
  runs: RunSummary[];
  /** Each run's color (runColors). */
  palette: Map<string, string>;
  colorOf: (id: string) => string;
  rowsById: Map<string, EpisodeRow[]>;
  comparisons: Comparison[];
  /** The comparison whose episodes the list shows: the chosen candidate, else the first comparable one. */
  focus: Comparison | null;
}

export interface PageSources {
  byId: Map<string, RunSummary>;
  files: RunFetcher;
  compare: (baseline: RunData, candidate: RunData) => Comparison;
}

/** One fixed color per run, in the order runs were picked: switching the baseline keeps every run's color. */
export function runColors(selection: Selection, byId: Map<string, RunSummary>) {
  const palette = runPalette(selection.runs.filter((id) => byId.has(id)));
  return {palette, colorOf: (id: string) => palette.get(id) ?? "var(--theme-foreground-faint)"};
}

export async function selectionView(selection: Selection, {byId, files, compare}: PageSources): Promise<SelectionView> {
  const baseline = (selection.baseline && byId.get(selection.baseline)) || null;
  const candidates = selection.runs
    .filter((id) => id !== selection.baseline)
    .map((id) => byId.get(id))
    .filter((run): run is RunSummary => run !== undefined);
  const runs = baseline ? [baseline, ...candidates] : candidates;
  const loaded = new Map((await Promise.all(runs.map((run) => files.run(run)))).map((d) => [d.summary.id, d]));
  const comparisons = baseline ? candidates.map((run) => compare(loaded.get(baseline.id)!, loaded.get(run.id)!)) : [];
  const focus =
    comparisons.find((c) => c.candidate === selection.focus) ??
    comparisons.find((c) => c.comparable) ??
    comparisons[0] ??
    null;
  return {
    selection,
    baseline,
    runs,
    ...runColors(selection, byId),
    rowsById: new Map([...loaded].map(([id, data]) => [id, tableRows(data.table)])),
    comparisons,
    focus
  };
}

export type EpisodeSides = Pick<DrilldownOptions, "baseline" | "candidate" | "reference" | "scoring">;

/** The open episode of the focus comparison, each side with its row and text; null when none is open. */
export async function episodeSides(
  view: SelectionView,
  episodeId: string | null,
  {byId, files}: Pick<PageSources, "byId" | "files">
): Promise<{episode: Comparison["episodes"][number]; sides: EpisodeSides} | null> {
  const {focus, baseline} = view;
  const episode = focus?.episodes.find((e) => e.episode_id === episodeId);
  if (!focus || !baseline || !episode) return null;
  const candidate = byId.get(focus.candidate)!;
  const referenceId = sharedReference(focus);
  const reference = referenceId ? (byId.get(referenceId) ?? null) : null;
  // The engine paired the episode: each side names its row in its run's table, and keeps its own dataset.
  const rowOf = (run: RunSummary, row: number | null) => (row === null ? null : view.rowsById.get(run.id)![row]);
  const textOf = (run: RunSummary, row: EpisodeRow | null) =>
    files.text(run, row?.dataset_id ?? episode.dataset_id, episode.episode_id);
  const baselineRow = rowOf(baseline, episode.baseline.row);
  const candidateRow = rowOf(candidate, episode.candidate.row);
  const baselineText = textOf(baseline, baselineRow);
  const [baselineSide, candidateSide, referenceText] = await Promise.all([
    baselineText,
    textOf(candidate, candidateRow),
    // A run scored against its gold: the gold is the baseline and the reference.
    reference === baseline ? baselineText : reference ? textOf(reference, null) : null
  ]);
  const mapCap = (run: RunSummary) => run.stage_caps?.map ?? null;
  return {
    episode,
    sides: {
      baseline: {id: baseline.id, row: baselineRow, text: baselineSide, mapCap: mapCap(baseline)},
      candidate: {id: candidate.id, row: candidateRow, text: candidateSide, mapCap: mapCap(candidate)},
      reference: reference ? {id: reference.id, text: referenceText} : null,
      scoring: focus.pairing === "gold"
    }
  };
}
