// One prediction row -> one EpisodeRow (numbers) and one EpisodeText (what the drill-down shows).
import {textKey, textShard, TEXT_SHARDS} from "../src/compare/shards.js";
import type {EpisodeRow, EpisodeText} from "../src/compare/types.js";
import {isObject, type JsonObject} from "./files.js";
import {
  charCount,
  estimateTokens,
  hasBoilerplate,
  hasLetterSpeaker,
  hasSpeakerLabel,
  isTruncated,
  longestRepeat,
  outputText,
  parseJsonOutput,
  repetitionShare,
  wordIds
} from "./text.js";

/** Longest text kept for display; longer outputs are measured in full but shown clipped. */
export const DISPLAY_LIMIT = 200_000;
const LATENCY_KEYS = ["processing_time_seconds", "elapsed_seconds", "generation_time_seconds"];

export interface ParsedEpisode {
  row: EpisodeRow;
  text: EpisodeText;
  /** The full output text ROUGE scores; null without a usable text output (metrics.json's failed list does not clear it). */
  scoringText: string | null;
}

type Report = (message: string) => void;

/** A non-negative finite number, or null with a problem naming the field. */
export function measure(value: unknown, field: string, report: Report): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    report(`${field} is ${typeof value === "number" ? value : JSON.stringify(value)?.slice(0, 40)}, not a number; ignored`);
    return null;
  }
  if (value < 0) {
    report(`${field} is negative (${value}); ignored`);
    return null;
  }
  return value;
}

function firstMeasure(metadata: JsonObject, keys: string[], report: Report): number | null {
  for (const key of keys) {
    if (metadata[key] !== undefined && metadata[key] !== null) return measure(metadata[key], `metadata.${key}`, report);
  }
  return null;
}

function errorOf(row: JsonObject, metadata: JsonObject): string | null {
  for (const value of [row.error, metadata.error]) {
    if (value === undefined || value === null || value === false || value === "") continue;
    return typeof value === "string" ? value : JSON.stringify(value);
  }
  return null;
}

/** Non-text outputs (NER entities, KG triples) count as usable when they carry any value. */
function hasStructuredOutput(output: unknown): boolean {
  return isObject(output) && Object.entries(output).some(([key, value]) => !key.startsWith("summary_") && value != null);
}

function mapReduceFromIntermediate(intermediate: unknown) {
  if (!isObject(intermediate) || !Array.isArray(intermediate.map_summaries)) return null;
  const maps = intermediate.map_summaries.map((m) => (typeof m === "string" ? m : isObject(m) ? outputText(m.text) : null) ?? "");
  const reduceChars =
    typeof intermediate.reduce_input_chars === "number"
      ? intermediate.reduce_input_chars
      : maps.reduce((sum, text) => sum + text.length, 0);
  return {
    map_chunks: maps.length,
    map_tokens: maps.length ? maps.reduce((sum, text) => sum + estimateTokens(text), 0) / maps.length : null,
    reduce_input_tokens: Math.floor(reduceChars / 4)
  };
}

export function parseEpisode(
  raw: JsonObject,
  ids: EpisodeIds,
  report: Report
): ParsedEpisode {
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const text = outputText(raw.output);
  const error = errorOf(raw, metadata);
  const usable = error === null && (text !== null ? text.trim() !== "" : hasStructuredOutput(raw.output));
  const inputChars = measure(metadata.input_length_chars, "metadata.input_length_chars", report);
  const tokenIds = text !== null && usable ? wordIds(text) : new Int32Array(0);
  const json = text !== null ? parseJsonOutput(text) : {pretty: null, invalid: false};
  const outputTokens = text !== null && usable ? estimateTokens(text) : null;
  const mapReduce = mapReduceFromIntermediate(raw.intermediate);
  // Object.assign onto the blank row keeps every row the same shape (a spread would not).
  const row: EpisodeRow = Object.assign(blankRow(ids), {
    failed: !usable,
    error: error ?? (usable ? null : "empty or missing output"),
    output_tokens: outputTokens,
    reported_output_tokens: measure(metadata.output_tokens, "metadata.output_tokens", report),
    latency_s: firstMeasure(metadata, LATENCY_KEYS, report),
    input_chars: inputChars,
    output_chars: text === null ? null : charCount(text),
    gate_truncation: text !== null && usable && isTruncated(text, inputChars),
    gate_speaker_label: text !== null && hasSpeakerLabel(text),
    gate_boilerplate: text !== null && hasBoilerplate(text),
    warn_letter_speaker: text !== null && hasLetterSpeaker(text),
    warn_invalid_json: json.invalid,
    repetition: usable ? repetitionShare(tokenIds) : null,
    longest_repeat: usable && text !== null ? longestRepeat(tokenIds) : null,
    map_chunks: mapReduce?.map_chunks ?? null,
    map_tokens: mapReduce?.map_tokens ?? null,
    reduce_input_tokens: mapReduce?.reduce_input_tokens ?? null,
    final_tokens: mapReduce ? outputTokens : null
  });
  const shown = text !== null && text.length > DISPLAY_LIMIT ? text.slice(0, DISPLAY_LIMIT) : text;
  const pretty = json.pretty ?? (text === null && raw.output != null ? JSON.stringify(raw.output, null, 2) : null);
  return {
    row,
    text: {text: shown, pretty: pretty && pretty.slice(0, DISPLAY_LIMIT), error: row.error, chars: text?.length ?? null},
    scoringText: usable ? text : null
  };
}

export type EpisodeIds = Pick<EpisodeRow, "run" | "dataset_id" | "episode_id">;

export function blankRow(ids: EpisodeIds): EpisodeRow {
  // Fields written out, not spread: V8 keeps such a literal fast, while a spread-first literal goes to dictionary mode.
  return {
    run: ids.run,
    dataset_id: ids.dataset_id,
    episode_id: ids.episode_id,
    failed: true,
    error: null,
    output_tokens: null,
    reported_output_tokens: null,
    latency_s: null,
    input_chars: null,
    output_chars: null,
    gate_truncation: false,
    gate_speaker_label: false,
    gate_boilerplate: false,
    warn_letter_speaker: false,
    warn_invalid_json: false,
    repetition: null,
    longest_repeat: null,
    map_chunks: null,
    map_tokens: null,
    reduce_input_tokens: null,
    final_tokens: null,
    rouge1: null,
    rouge2: null,
    rougeL: null
  };
}

/** An episode named only in metrics.json's failed list: it counts against the run. */
export function listedFailure(ids: EpisodeIds, reason: string): ParsedEpisode {
  return {row: {...blankRow(ids), error: reason}, text: {text: null, pretty: null, error: reason, chars: null}, scoringText: null};
}

/**
 * A run's texts as one segment per text shard: the shard's `"textKey":{...}` members, comma-joined, as UTF-8.
 * Segments of different runs join into a shard without re-serializing (and are cached as they are).
 */
export function textSegments(episodes: readonly Pick<ParsedEpisode, "row" | "text">[]): Buffer[] {
  const members = Array.from({length: TEXT_SHARDS}, () => [] as string[]);
  for (const {row, text} of episodes) {
    members[textShard(row.dataset_id, row.episode_id)].push(`${JSON.stringify(textKey(row.run, row.dataset_id, row.episode_id))}:${JSON.stringify(text)}`);
  }
  return members.map((shard) => Buffer.from(shard.join(",")));
}
