// A run's episodes as one table: the row shape the loaders build, and the columns the page and the report
// read back (Arrow IPC, through Arquero). One row per (dataset_id, episode_id) of the run.
import {fromArrow, table, type ColumnTable} from "arquero";
import type {OutputFormat} from "./checks/index.js";
import type {MapReduceSource} from "./mapReduce.js";

export interface EpisodeRow {
  dataset_id: string;
  episode_id: string;
  /** No output for the task: an error, an unparseable line, empty text, or (NER) no entities array. */
  failed: boolean;
  error: string | null;
  output_tokens: number | null;
  reported_output_tokens: number | null;
  latency_s: number | null;
  cost_usd: number | null;
  input_chars: number | null;
  output_chars: number | null;
  /** A digest of the output (the text, or the entities as JSON): equal digests mean byte-identical outputs. */
  output_hash: string | null;
  /** metadata.input_hash as given (e.g. "sha256:..."), identifying the text the episode ran on. */
  input_hash: string | null;
  /** metadata.input_path: where that text came from. */
  input_path: string | null;
  /** Gates are null where they do not apply (not a summarization text). */
  gate_truncation: boolean | null;
  gate_speaker_label: boolean | null;
  gate_boilerplate: boolean | null;
  warn_invalid_json: boolean;
  warn_sponsor_like: boolean;
  /**
   * This project's output checks (checks/) on the text of an episode that did not fail; null where they do not
   * apply (a failed episode, no summarization text; cut_off: a JSON output).
   */
  check_speaker_turns: boolean | null;
  check_junk: boolean | null;
  check_cut_off: boolean | null;
  check_repetition: boolean | null;
  /** The output reaches 90% of the final stage's token cap; null without a cap, or when it counts other tokens. */
  at_cap: boolean | null;
  /** at_cap was judged on floor(chars / 4): the run recorded no output tokens for the episode. */
  at_cap_estimated: boolean;
  output_format: OutputFormat | null;
  repetition: number | null;
  longest_repeat: number | null;
  map_chunks: number | null;
  map_tokens: number | null;
  reduce_input_tokens: number | null;
  /** Map/reduce per stage (mapReduce.ts): whether the runner wrote the reduce input's size, or it is derived. */
  map_reduce_source: MapReduceSource | null;
  /** Share of chunks whose map summary (chars / 4) reaches 90% of the map stage's cap; null without both. */
  map_at_cap: number | null;
  /** Some chunk's map summary reaches it (from the chunks, or from a recorded mean at the cap); null if unknown. */
  map_at_cap_any: boolean | null;
  /** The map summaries' characters, summed (from their texts). */
  map_output_chars: number | null;
  /** The reduce input's characters: recorded, or (derived) the map output's. */
  reduce_input_chars: number | null;
  /** Recorded reduce input / map output, in one unit; null unless recorded. */
  reduce_share: number | null;
  /** reduce_share below 0.9: the reduce stage dropped part of what the map stage wrote. */
  starved: boolean | null;
  /** The reduce input reached tokenization.reduce_max_input_tokens; null without that cap. */
  reduce_input_cut: boolean | null;
  /** Final output tokens: recorded (diagnostics), else chars / 4 of the output; map/reduce episodes only. */
  final_tokens: number | null;
  /** The final output is longer than its reduce input. */
  padded: boolean | null;
  rouge1: number | null;
  rouge2: number | null;
  rougeL: number | null;
  ner_predicted: number | null;
  ner_in_scope: number | null;
  ner_gold: number | null;
  ner_f1_mention_exact: number | null;
  ner_f1_mention_overlap: number | null;
  ner_f1_entity_set: number | null;
  /** The gold was made on this episode's input (text_fingerprint = input_hash); null when either is unknown. */
  ner_offsets_match: boolean | null;
}

export type ColumnKind = "key" | "text" | "flag" | "int" | "float";

/** Every column, in table order, with the Arrow type family the writer gives it. */
export const EPISODE_COLUMNS: Record<keyof EpisodeRow, ColumnKind> = {
  dataset_id: "key",
  episode_id: "text",
  failed: "flag",
  error: "text",
  output_tokens: "int",
  reported_output_tokens: "int",
  latency_s: "float",
  cost_usd: "float",
  input_chars: "int",
  output_chars: "int",
  output_hash: "text",
  input_hash: "text",
  input_path: "text",
  gate_truncation: "flag",
  gate_speaker_label: "flag",
  gate_boilerplate: "flag",
  warn_invalid_json: "flag",
  warn_sponsor_like: "flag",
  check_speaker_turns: "flag",
  check_junk: "flag",
  check_cut_off: "flag",
  check_repetition: "flag",
  at_cap: "flag",
  at_cap_estimated: "flag",
  output_format: "text",
  repetition: "float",
  longest_repeat: "int",
  map_chunks: "float",
  map_tokens: "float",
  reduce_input_tokens: "float",
  map_reduce_source: "text",
  map_at_cap: "float",
  map_at_cap_any: "flag",
  map_output_chars: "int",
  reduce_input_chars: "float",
  reduce_share: "float",
  starved: "flag",
  reduce_input_cut: "flag",
  final_tokens: "float",
  padded: "flag",
  rouge1: "float",
  rouge2: "float",
  rougeL: "float",
  ner_predicted: "int",
  ner_in_scope: "int",
  ner_gold: "int",
  ner_f1_mention_exact: "float",
  ner_f1_mention_overlap: "float",
  ner_f1_entity_set: "float",
  ner_offsets_match: "flag"
};

export const COLUMN_NAMES = Object.keys(EPISODE_COLUMNS) as (keyof EpisodeRow)[];

/**
 * A run's episode table from its Arrow IPC bytes (a fetch in the page, a file read in the report), with
 * its columns read out into plain arrays: Arquero's joins read Arrow string columns out of range for rows
 * one side lacks (garbage instead of undefined), and plain arrays are what its verbs are fastest on anyway.
 */
export function episodeTable(bytes: ArrayBuffer | Uint8Array): ColumnTable {
  const arrow = fromArrow(bytes);
  return table(Object.fromEntries(arrow.columnNames().map((name) => [name, arrow.array(name)])));
}

/** Rows as plain objects, for the few places that want one episode at a time (tests, drill-down facts). */
const ROWS = new WeakMap<ColumnTable, EpisodeRow[]>();

/** A table's rows as objects, built once per table (tables are not changed once read). */
export function tableRows(table: ColumnTable): EpisodeRow[] {
  if (!ROWS.has(table)) ROWS.set(table, table.objects() as EpisodeRow[]);
  return ROWS.get(table)!;
}
