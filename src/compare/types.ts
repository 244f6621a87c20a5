// The snapshot's shape: written by loaders/, read by the page, the report command and the tests.

export type RunKind = "run" | "baseline" | "reference";

export const ARTIFACTS = [
  "metrics.json",
  "predictions.jsonl",
  "fingerprint.json",
  "run_summary.json",
  "diagnostics.jsonl"
] as const;
export type ArtifactName = (typeof ARTIFACTS)[number];
export type ArtifactState = "present" | "missing" | "malformed";

export interface Problem {
  file: string;
  line: number | null;
  message: string;
}

export const KPI_NAMES = [
  "success_rate",
  "failed",
  "avg_output_tokens",
  "avg_latency_s",
  "gate_truncation",
  "gate_speaker_label",
  "gate_boilerplate"
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

export interface RunRecord {
  id: string;
  kind: RunKind;
  task: string | null;
  dataset_id: string | null;
  artifacts: Record<ArtifactName, ArtifactState>;
  problems: Problem[];
  /** Disagreements and oddities that are not parse errors. */
  warnings: string[];
  /** Episodes the run covers: prediction rows plus episodes named only as failed. */
  episodes: number;
  kpis: Kpis;
  kpi_sources: Record<KpiName, KpiSource | null>;
  /** What metrics.json / run_summary.json store, for showing beside recomputed values. */
  stored: Partial<Record<KpiName, number | null>>;
  reference: ReferenceQuality | null;
  /** "diagnostics" from diagnostics.jsonl, "derived" from intermediates, null when absent. */
  map_reduce: "diagnostics" | "derived" | null;
  description: string | null;
}

/** One row per (run, dataset, episode); numbers and short strings only, no output texts. */
export interface EpisodeRow {
  run: string;
  dataset_id: string;
  episode_id: string;
  failed: boolean;
  error: string | null;
  output_tokens: number | null;
  reported_output_tokens: number | null;
  latency_s: number | null;
  input_chars: number | null;
  output_chars: number | null;
  gate_truncation: boolean;
  gate_speaker_label: boolean;
  gate_boilerplate: boolean;
  warn_letter_speaker: boolean;
  warn_invalid_json: boolean;
  repetition: number | null;
  longest_repeat: number | null;
  map_chunks: number | null;
  map_tokens: number | null;
  reduce_input_tokens: number | null;
  final_tokens: number | null;
  rouge1: number | null;
  rouge2: number | null;
  rougeL: number | null;
}

export type EpisodeColumns = {[K in keyof EpisodeRow]: EpisodeRow[K][]};

export interface EpisodeText {
  text: string | null;
  /** Pretty-printed JSON when the output is JSON (bullets), for diffing. */
  pretty: string | null;
  error: string | null;
  /** Length of the full output; `text` is clipped for display beyond DISPLAY_LIMIT. */
  chars: number | null;
}

export interface Snapshot {
  eval_dir: string;
  /** BASELINE from the environment at snapshot time: the preselected baseline. */
  default_baseline: string | null;
  runs: RunRecord[];
  /** Directories and files outside any run that could not be used. */
  tree_problems: Problem[];
}
