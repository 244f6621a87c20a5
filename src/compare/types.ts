// The snapshot's shape: written by loaders/, read by the page, the report command and the tests.
// A small catalog (one summary per run) plus, per run, files the page fetches only for selected runs.
import type {RunMapReduceSource} from "./mapReduce.js";
import type {StageCaps} from "./stageCaps.js";

export type RunKind = "run" | "baseline" | "reference";

export const ARTIFACTS = [
  "metrics.json",
  "predictions.jsonl",
  "fingerprint.json",
  "run_summary.json",
  "diagnostics.jsonl"
] as const;
export type ArtifactName = (typeof ARTIFACTS)[number] | "index.json";
export type ArtifactState = "present" | "missing" | "malformed";

export interface Problem {
  file: string;
  line: number | null;
  message: string;
}

/** The scorer's gates, as episode columns, KPIs and metrics are named. */
export const GATE_NAMES = ["gate_truncation", "gate_speaker_label", "gate_boilerplate"] as const;
export type GateName = (typeof GATE_NAMES)[number];

/** This project's output checks (checks/), as episode columns, KPIs and metrics are named. */
export const CHECK_NAMES = ["check_speaker_turns", "check_junk", "check_cut_off", "check_repetition"] as const;
export type CheckName = (typeof CHECK_NAMES)[number];

export const KPI_NAMES = [
  "success_rate",
  "failed",
  "avg_output_tokens",
  "avg_latency_s",
  ...GATE_NAMES,
  ...CHECK_NAMES,
  "at_cap"
] as const;
export type KpiName = (typeof KPI_NAMES)[number];
export type Kpis = Record<KpiName, number | null>;
export type KpiSource = "run_summary" | "metrics" | "predictions";

export interface ReferenceQuality {
  id: string;
  rouge1_f1: number | null;
  rouge2_f1: number | null;
  rougeL_f1: number | null;
  /** Episodes scored against the reference; null when the values are the stored ones. */
  episodes: number | null;
  source: "recomputed" | "stored";
}

export const NER_MODES = ["mention_exact", "mention_overlap", "entity_set"] as const;
export type NerMode = (typeof NER_MODES)[number];

export interface NerScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
  per_label_f1: Record<string, number>;
}

/**
 * A run's NER quality against the gold it names: run-level micro values, recomputed, beside what
 * metrics.json stores.
 */
export interface NerQuality {
  reference: string;
  mention_exact: NerScore;
  mention_overlap: NerScore;
  entity_set: NerScore;
  episodes_scored: number;
  entities_predicted: number;
  entities_in_scope: number;
  /** Predictions dropped before matching, as the scorer drops them: outside the gold's scope (predicted - in scope). */
  out_of_scope: number;
  entities_gold: number;
  stored: Partial<Record<NerMode, NerScore>> | null;
}

/** Where a run's own files sit, relative to the catalog's folder (data/): its episode table, details and texts. */
export interface RunFiles {
  table: string;
  details: string;
  /** The prefix of its text shards' file names, and how many there are: shards.ts names them. */
  texts: string;
  shards: number;
}

/** One run in the catalog: what the runs table shows for every run, kept small (problems capped). */
export interface RunSummary {
  id: string;
  kind: RunKind;
  task: string | null;
  dataset_id: string | null;
  /** Every dataset id its episodes carry, sorted (a run may span several; dataset_id is null then). */
  datasets: string[];
  /** A path segment starting with "_" (e.g. _archive): listed, never preselected. */
  archived: boolean;
  /** ISO time that orders runs for the default pair; null when no artifact gives one. */
  time: string | null;
  time_source: "promoted_at" | "created_at" | "fingerprint" | null;
  artifacts: Partial<Record<ArtifactName, ArtifactState>>;
  /** The first PROBLEMS_IN_CATALOG problems; the full list is in the run's details file. */
  problems: Problem[];
  problem_count: number;
  warnings: string[];
  warning_count: number;
  /** Episodes the run covers (prediction rows; gold episodes for a gold reference). */
  episodes: number;
  kpis: Kpis;
  kpi_sources: Record<KpiName, KpiSource | null>;
  /** What run_summary.json (else metrics.json) stores, for showing beside a recomputed value that disagrees. */
  stored: Partial<Record<KpiName, number | null>>;
  /** What the predictions give, for showing beside a run_summary.json value that disagrees. */
  recomputed: Partial<Record<KpiName, number | null>>;
  total_cost_usd: number | null;
  reference: ReferenceQuality | null;
  ner: NerQuality | null;
  /**
   * Where its map/reduce numbers come from (mapReduce.ts): "recorded" when the runner wrote the reduce input's size
   * (diagnostics.jsonl, intermediate.reduce_input_chars), "derived" from the map summaries' texts, "mixed" when its
   * episodes differ; null without map/reduce data.
   */
  map_reduce: RunMapReduceSource | null;
  /** The caps its stages ran under (map output, reduce input, final output), from fingerprint.json. */
  stage_caps: StageCaps | null;
  description: string | null;
  files: RunFiles;
}

export const PROBLEMS_IN_CATALOG = 20;

/** A run's details, fetched with its table: the full problem and warning lists and its configuration. */
export interface RunDetails {
  id: string;
  problems: Problem[];
  warnings: string[];
  /** fingerprint.json flattened to dotted paths (arrays indexed: "a.0.b"); null without a readable fingerprint. */
  fingerprint: Record<string, string | number | boolean | null> | null;
}

export interface Catalog {
  eval_dir: string;
  /** BASELINE from the environment at snapshot time: the preselected baseline. */
  default_baseline: string | null;
  runs: RunSummary[];
  /** Directories and files outside any run that could not be used. */
  tree_problems: Problem[];
}

/** An entity as stored for drill-downs: [start, end, label, text]. */
export type EntityTuple = [number, number, string | null, string];

/** What the drill-down shows for one episode of one run (fetched lazily, by text shard). */
export interface EpisodeText {
  text: string | null;
  /** Pretty-printed JSON when the output is JSON (bullets), for diffing. */
  pretty: string | null;
  error: string | null;
  /** Length of the full output; `text` is clipped for display beyond DISPLAY_LIMIT. */
  chars: number | null;
  /** NER outputs (and gold entities); null for text tasks. */
  entities: EntityTuple[] | null;
  /**
   * Where the scorer's gates with a position fire in the full output (speaker label, boilerplate phrase), as
   * [start, end) offsets like checks/ranges.ts's; absent when neither fires. Truncation has no position.
   */
  gate_hits?: GateHits;
  /** The map stage's per-chunk summaries (intermediate.map_summaries), in chunk order; absent without them. */
  map_summaries?: MapSummary[];
}

/** Gate hits by position: [start, end) UTF-16 offsets into the output, at most MAX_GATE_HITS per gate. */
export interface GateHits {
  speaker_label: [number, number][];
  boilerplate: [number, number][];
}

/** One chunk's map summary as the drill-down shows it. */
export interface MapSummary {
  /** The summary, clipped to MAP_SUMMARY_LIMIT characters for display. */
  text: string;
  /** Length of the full summary (UTF-16 units, as `text.length`). */
  chars: number;
  /** floor(code points / 4) of the full summary: the estimate the map stage's cap is checked against. */
  tokens: number;
}
