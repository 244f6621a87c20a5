// Tiny hand-built runs for the comparison engine: rows go through the real Arrow encoding and back.
import {blankRow} from "../../loaders/episode.js";
import {encodeTable} from "../../loaders/publish.js";
import type {RunData} from "../../src/compare/compare.js";
import type {FlatFingerprint} from "../../src/compare/fingerprint.js";
import {episodeTable, type EpisodeRow} from "../../src/compare/table.js";
import {ARTIFACTS, KPI_NAMES, type RunSummary} from "../../src/compare/types.js";

export const DATASET = "d1";

/** A healthy episode: usable output of 100 tokens, 1 s, no gates, no repetition. */
export function row(episode_id: string, overrides: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    ...blankRow({dataset_id: DATASET, episode_id}),
    failed: false,
    output_tokens: 100,
    output_chars: 400,
    latency_s: 1,
    gate_truncation: false,
    gate_speaker_label: false,
    gate_boilerplate: false,
    repetition: 0,
    longest_repeat: 0,
    input_hash: `sha256:${episode_id}`,
    input_chars: 10_000,
    ...overrides
  };
}

/** n episodes e1..en, each changed by `at(i)`. */
export function rows(n: number, at: (i: number) => Partial<EpisodeRow> = () => ({})): EpisodeRow[] {
  return Array.from({length: n}, (_, i) => row(`e${i + 1}`, at(i)));
}

export function summary(id: string, overrides: Partial<RunSummary> = {}): RunSummary {
  const dataset = overrides.dataset_id === undefined ? DATASET : overrides.dataset_id;
  return {
    id,
    kind: "run",
    task: "summarization",
    dataset_id: DATASET,
    datasets: dataset === null ? [] : [dataset],
    archived: false,
    time: null,
    time_source: null,
    artifacts: Object.fromEntries(ARTIFACTS.map((a) => [a, "present"])),
    problems: [],
    problem_count: 0,
    warnings: [],
    warning_count: 0,
    episodes: 0,
    kpis: Object.fromEntries(KPI_NAMES.map((k) => [k, null])) as RunSummary["kpis"],
    kpi_sources: Object.fromEntries(KPI_NAMES.map((k) => [k, null])) as RunSummary["kpi_sources"],
    stored: {},
    recomputed: {},
    total_cost_usd: null,
    reference: null,
    ner: null,
    map_reduce: null,
    stage_caps: null,
    description: null,
    files: {table: "", details: "", texts: "", shards: 1},
    ...overrides
  };
}

/** A run as the engine receives it, its table round-tripped through Arrow as the page and report read it. */
export function runData(
  id: string,
  episodes: EpisodeRow[],
  overrides: Partial<RunSummary> = {},
  fingerprint: FlatFingerprint | null = null
): RunData {
  return {
    summary: summary(id, {
      episodes: episodes.length,
      datasets: [...new Set(episodes.map((e) => e.dataset_id))].sort(),
      ...overrides
    }),
    details: {id, problems: [], warnings: [], fingerprint},
    table: episodeTable(encodeTable(episodes))
  };
}

/** Both runs scored against the same silver reference. */
export const scoredAgainst = (reference: string): Partial<RunSummary> => ({
  reference: {id: reference, rouge1_f1: null, rouge2_f1: null, rougeL_f1: null, episodes: 5, source: "recomputed"}
});
