// One prediction row -> one EpisodeRow (numbers) and one EpisodeText (what the drill-down shows).
import {createHash} from "node:crypto";
import {capReach, checkOutput, cutOff, fires, parseJsonOutput} from "../src/compare/checks/index.js";
import {measuresFromMaps, stageColumns, type StageMeasures} from "../src/compare/mapReduce.js";
import {toEntity} from "../src/compare/ner.js";
import type {Entity} from "../src/compare/ner.js";
import type {StageCaps} from "../src/compare/stageCaps.js";
import type {EpisodeRow} from "../src/compare/table.js";
import type {EntityTuple, EpisodeText, MapSummary} from "../src/compare/types.js";
import {isObject, type JsonObject} from "./files.js";
import {
  charCount,
  estimateTokens,
  gateHits,
  hasBoilerplate,
  hasSpeakerLabel,
  hasSponsorLike,
  isTruncated,
  outputText,
  repetitionShare,
  wordIds
} from "./text.js";

/** Longest text kept for display; longer outputs are measured in full but shown clipped. */
export const DISPLAY_LIMIT = 200_000;
/** Longest map summary kept for display, per chunk: past any map stage's cap seen, and text shards stay small. */
export const MAP_SUMMARY_LIMIT = 2_000;
const LATENCY_KEYS = ["processing_time_seconds", "elapsed_seconds", "generation_time_seconds"];

export interface ParsedEpisode {
  row: EpisodeRow;
  text: EpisodeText;
  /** The full output text ROUGE scores; null without a usable text output. */
  scoringText: string | null;
  /** NER predictions, for scoring against gold; null when the output has no entities array. */
  entities: Entity[] | null;
  /** Map/reduce measures from intermediate, before diagnostics.jsonl; null without map summaries. */
  stages: StageMeasures | null;
}

type Report = (message: string) => void;

/** A non-negative finite number, or null with a problem naming the field. */
export function measure(value: unknown, field: string, report: Report): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    report(
      `${field} is ${typeof value === "number" ? value : JSON.stringify(value)?.slice(0, 40)}, not a number; ignored`
    );
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

/** intermediate.map_summaries' texts (strings, or objects with a text), in chunk order; null without them. */
function mapTexts(intermediate: unknown): string[] | null {
  if (!isObject(intermediate) || !Array.isArray(intermediate.map_summaries)) return null;
  return intermediate.map_summaries.map(
    (m) => (typeof m === "string" ? m : isObject(m) ? outputText(m.text) : null) ?? ""
  );
}

/** The map summaries' sizes and the reduce input the runner wrote beside them; null without map summaries. */
function stagesFromIntermediate(intermediate: unknown, maps: string[] | null, report: Report): StageMeasures | null {
  if (!isObject(intermediate) || maps === null) return null;
  return measuresFromMaps(maps.map(charCount), {
    reduce_input_chars: measure(intermediate.reduce_input_chars, "intermediate.reduce_input_chars", report),
    reduce_input_tokens: measure(intermediate.reduce_input_tokens, "intermediate.reduce_input_tokens", report)
  });
}

/** output.entities when it is an array (an empty one is an output); bad items are reported and skipped. */
function entitiesOf(output: unknown, report: Report): Entity[] | null {
  const list = isObject(output) ? output.entities : undefined;
  if (!Array.isArray(list)) return null;
  const entities: Entity[] = [];
  list.forEach((item, i) => {
    const entity = toEntity(item);
    if (entity) entities.push(entity);
    else report(`output.entities[${i}] is not an entity object; ignored`);
  });
  return entities;
}

/** 96 bits of SHA-1: enough to tell outputs apart, short enough for the episode table. */
const outputDigest = (output: string | null) =>
  output === null ? null : createHash("sha1").update(output).digest("base64url").slice(0, 16);

const mapSummary = (text: string): MapSummary => ({
  text: text.length > MAP_SUMMARY_LIMIT ? text.slice(0, MAP_SUMMARY_LIMIT) : text,
  chars: text.length,
  tokens: estimateTokens(text)
});
const tuple = (e: Entity): EntityTuple => [e.start, e.end, e.label, e.text];
const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

export function parseEpisode(
  raw: JsonObject,
  ids: Pick<EpisodeRow, "dataset_id" | "episode_id">,
  report: Report,
  caps: StageCaps | null = null
): ParsedEpisode {
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const entities = entitiesOf(raw.output, report);
  const text = entities ? null : outputText(raw.output);
  const error = errorOf(raw, metadata);
  const usable = error === null && (entities !== null || (text !== null && text.trim() !== ""));
  const inputChars = measure(metadata.input_length_chars, "metadata.input_length_chars", report);
  const outputChars = measure(metadata.output_length_chars, "metadata.output_length_chars", report);
  const words = text !== null && usable ? wordIds(text) : null;
  const json = text !== null ? parseJsonOutput(text) : {pretty: null, invalid: false};
  const hasText = text !== null && text !== "";
  // This project's output checks (checks/), on the text of an episode that did not fail.
  const checks = text !== null && usable ? checkOutput(text, {json}) : null;
  const maps = mapTexts(raw.intermediate);
  const stages = stagesFromIntermediate(raw.intermediate, maps, report);
  // Object.assign onto the blank row keeps every row the same shape (a spread would not).
  const row: EpisodeRow = Object.assign(blankRow(ids), {
    failed: !usable,
    error:
      error ??
      (usable
        ? null
        : entities === null && text === null && isObject(raw.output) && "entities" in raw.output
          ? "output.entities is not a list"
          : "empty or missing output"),
    output_tokens: text !== null && usable ? estimateTokens(text) : null,
    reported_output_tokens: measure(metadata.output_tokens, "metadata.output_tokens", report),
    latency_s: firstMeasure(metadata, LATENCY_KEYS, report),
    cost_usd: measure(metadata.cost_usd, "metadata.cost_usd", report),
    input_chars: inputChars,
    output_chars: text === null ? null : charCount(text),
    output_hash: outputDigest(text ?? (entities ? JSON.stringify(raw.output) : null)),
    input_hash: str(metadata.input_hash),
    input_path: str(metadata.input_path),
    // The scorer runs its gates on every non-empty summary string, whatever else the row says; without one
    // a gate does not apply (a failed episode is not a fixed gate).
    gate_truncation: hasText ? isTruncated(text, inputChars, outputChars) : null,
    gate_speaker_label: hasText ? hasSpeakerLabel(text) : null,
    gate_boilerplate: hasText ? hasBoilerplate(text) : null,
    warn_invalid_json: json.invalid,
    warn_sponsor_like: hasText && hasSponsorLike(text),
    check_speaker_turns: checks && fires(checks.speaker_turns),
    check_junk: checks && fires(checks.junk),
    check_cut_off: checks && fires(checks.cut_off),
    check_repetition: checks && checks.repetition.longest > 0,
    output_format: checks?.format ?? null,
    repetition: words ? repetitionShare(words) : null,
    longest_repeat: checks?.repetition.longest ?? null,
    ner_predicted: entities?.length ?? null
  });
  Object.assign(row, stageColumns(stages, caps, finalOutput(row)));
  const shown = text !== null && text.length > DISPLAY_LIMIT ? text.slice(0, DISPLAY_LIMIT) : text;
  const pretty =
    json.pretty ?? (text === null && !entities && raw.output != null ? JSON.stringify(raw.output, null, 2) : null);
  const shownText: EpisodeText = {
    text: shown,
    pretty: pretty === null ? null : pretty.slice(0, DISPLAY_LIMIT),
    error: row.error,
    chars: text?.length ?? null,
    entities: entities === null ? null : entities.map(tuple)
  };
  // Optional members, set only when there is something to show: most episodes carry neither.
  const gates = hasText && (row.gate_speaker_label || row.gate_boilerplate) ? gateHits(text) : null;
  if (gates) shownText.gate_hits = gates;
  if (maps) shownText.map_summaries = maps.map(mapSummary);
  return {
    row,
    text: shownText,
    scoringText: usable ? text : null,
    entities,
    stages
  };
}

/**
 * at_cap against the final stage's cap (stage_caps.final), once diagnostics.jsonl is read: in recorded tokens
 * (diagnostics final_tokens, else metadata.output_tokens) when present, else in floor(chars / 4), then flagged
 * estimated. At the cap, the cut-off check also takes a final sentence of 3 words or fewer for a fragment.
 */
export function applyCap(episode: ParsedEpisode, cap: number | null): void {
  const {row, scoringText} = episode;
  if (row.output_format === null || scoringText === null || row.output_tokens === null) return;
  const reach = capReach(episode.stages?.final_tokens ?? row.reported_output_tokens, row.output_tokens, cap);
  row.at_cap = reach.at_cap;
  row.at_cap_estimated = reach.estimated;
  if (reach.at_cap && row.check_cut_off === false)
    row.check_cut_off = fires(cutOff(scoringText, row.output_format, true));
}

/** The final output's size as the row measured it; null for a failed episode. */
export const finalOutput = (row: EpisodeRow) =>
  row.failed ? null : {chars: row.output_chars, tokens: row.output_tokens};

export function blankRow(ids: Pick<EpisodeRow, "dataset_id" | "episode_id">): EpisodeRow {
  // Fields written out, not spread: V8 keeps such a literal fast, while a spread-first literal goes to dictionary mode.
  return {
    dataset_id: ids.dataset_id,
    episode_id: ids.episode_id,
    failed: true,
    error: null,
    output_tokens: null,
    reported_output_tokens: null,
    latency_s: null,
    cost_usd: null,
    input_chars: null,
    output_chars: null,
    output_hash: null,
    input_hash: null,
    input_path: null,
    gate_truncation: null,
    gate_speaker_label: null,
    gate_boilerplate: null,
    warn_invalid_json: false,
    warn_sponsor_like: false,
    check_speaker_turns: null,
    check_junk: null,
    check_cut_off: null,
    check_repetition: null,
    at_cap: null,
    at_cap_estimated: false,
    output_format: null,
    repetition: null,
    longest_repeat: null,
    map_chunks: null,
    map_tokens: null,
    reduce_input_tokens: null,
    map_reduce_source: null,
    map_at_cap: null,
    map_at_cap_any: null,
    map_output_chars: null,
    reduce_input_chars: null,
    reduce_share: null,
    starved: null,
    reduce_input_cut: null,
    final_tokens: null,
    padded: null,
    rouge1: null,
    rouge2: null,
    rougeL: null,
    ner_predicted: null,
    ner_in_scope: null,
    ner_gold: null,
    ner_f1_mention_exact: null,
    ner_f1_mention_overlap: null,
    ner_f1_entity_set: null,
    ner_offsets_match: null
  };
}
