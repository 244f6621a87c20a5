// Tiny hand-built runs and episode rows for the comparison engine.
import {blankRow} from "../../loaders/episode.js";
import type {EpisodeRow, RunRecord} from "../../src/compare/types.js";
import {ARTIFACTS, KPI_NAMES} from "../../src/compare/types.js";

export const DATASET = "d1";

/** A healthy episode: usable output of 100 tokens, 1 s, no gates, no repetition. */
export function row(run: string, episode_id: string, overrides: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    ...blankRow({run, dataset_id: DATASET, episode_id}),
    failed: false,
    output_tokens: 100,
    output_chars: 400,
    latency_s: 1,
    repetition: 0,
    longest_repeat: 0,
    ...overrides
  };
}

export function run(id: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    id,
    kind: "run",
    task: "summarization",
    dataset_id: DATASET,
    artifacts: Object.fromEntries(ARTIFACTS.map((a) => [a, "present"])) as RunRecord["artifacts"],
    problems: [],
    warnings: [],
    episodes: 0,
    kpis: Object.fromEntries(KPI_NAMES.map((k) => [k, null])) as RunRecord["kpis"],
    kpi_sources: Object.fromEntries(KPI_NAMES.map((k) => [k, null])) as RunRecord["kpi_sources"],
    stored: {},
    reference: null,
    map_reduce: null,
    description: null,
    ...overrides
  };
}

/** n episodes e1..en of one run, each changed by `at(i)`. */
export function rows(runId: string, n: number, at: (i: number) => Partial<EpisodeRow> = () => ({})): EpisodeRow[] {
  return Array.from({length: n}, (_, i) => row(runId, `e${i + 1}`, at(i)));
}

export const byRun = (...lists: EpisodeRow[][]) => {
  const map = new Map<string, EpisodeRow[]>();
  for (const r of lists.flat()) map.set(r.run, [...(map.get(r.run) ?? []), r]);
  return map;
};
