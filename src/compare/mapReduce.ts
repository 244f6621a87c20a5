// Map/reduce facts per stage (map, reduce input, final output), with what the runner recorded kept apart from
// what is derived here from the map summaries' texts. Pure functions: the loaders turn each episode's measures
// into its columns (the caps they are judged against come from stageCaps.ts); the engine asks whether two runs'
// map/reduce numbers may meet in one delta (never a recorded value against a derived one).
import type {StageCaps} from "./stageCaps.js";
import type {EpisodeRow} from "./table.js";
import type {RunSummary} from "./types.js";

/**
 * "recorded": the runner wrote the reduce input's size as a number (diagnostics.jsonl, or
 * intermediate.reduce_input_chars / reduce_input_tokens). "derived": it is computed here from the map summaries'
 * texts, so it is the map output by construction.
 */
export type MapReduceSource = "recorded" | "derived";
/** A run's source: its episodes' one source, or "mixed" when they differ. */
export type RunMapReduceSource = MapReduceSource | "mixed";

/** A map summary at or above this share of the map stage's cap is at the cap. */
export const NEAR_CAP = 0.9;
/** A recorded reduce input below this share of the map output lost part of what the map stage wrote. */
export const STARVED_BELOW = 0.9;

/** What one episode tells about its stages before any judgement; the loaders fill it from its artifacts. */
export interface StageMeasures {
  source: MapReduceSource;
  chunks: number | null;
  /** Each chunk's map summary, floor(characters / 4), from the texts; null without them. */
  map_chunk_tokens: number[] | null;
  /** Map summary tokens, mean per chunk: recorded (diagnostics avg_map_tokens), else from the texts. */
  map_tokens: number | null;
  /** The map summaries' characters, summed (from the texts); null without them. */
  map_output_chars: number | null;
  /** chunks x avg_map_tokens when both are recorded; null otherwise (never from the texts). */
  map_output_tokens: number | null;
  /** Recorded; for a derived source, the map output's characters. */
  reduce_input_chars: number | null;
  /** Recorded only. */
  reduce_input_tokens: number | null;
  /** Recorded only (diagnostics final_tokens). */
  final_tokens: number | null;
}

/** The episode columns this module fills, in table order. */
export type StageColumns = Pick<
  EpisodeRow,
  | "map_chunks"
  | "map_tokens"
  | "reduce_input_tokens"
  | "map_reduce_source"
  | "map_at_cap"
  | "map_at_cap_any"
  | "map_output_chars"
  | "reduce_input_chars"
  | "reduce_share"
  | "starved"
  | "reduce_input_cut"
  | "final_tokens"
  | "padded"
>;

export const NO_STAGES: StageColumns = {
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
  padded: null
};

/** The final output as the episode row measures it: characters and floor(characters / 4); null when it failed. */
export type FinalOutput = {chars: number | null; tokens: number | null} | null;

const quarter = (chars: number | null) => (chars === null ? null : Math.floor(chars / 4));

/**
 * The reduce input as a share of the map output, in one unit (characters with characters, else recorded tokens
 * with recorded tokens); null unless the reduce input is recorded: a derived one is the map output itself.
 */
export function reduceShare(m: StageMeasures): number | null {
  if (m.source !== "recorded") return null;
  if (m.reduce_input_chars !== null && m.map_output_chars) return m.reduce_input_chars / m.map_output_chars;
  if (m.reduce_input_tokens !== null && m.map_output_tokens) return m.reduce_input_tokens / m.map_output_tokens;
  return null;
}

/** The share of chunks whose map summary reaches NEAR_CAP of the map cap; null without per-chunk sizes or a cap. */
export function mapAtCap(m: StageMeasures, caps: StageCaps | null): number | null {
  const cap = caps?.map?.tokens;
  if (!cap || !m.map_chunk_tokens?.length) return null;
  return m.map_chunk_tokens.filter((tokens) => tokens >= NEAR_CAP * cap).length / m.map_chunk_tokens.length;
}

/**
 * Some chunk's map summary reaches the cap: known from the chunks, or from a mean at the cap (the largest chunk is
 * at least the mean). A mean below it says nothing about single chunks: unknown.
 */
function mapAtCapAny(m: StageMeasures, caps: StageCaps | null, share: number | null): boolean | null {
  if (share !== null) return share > 0;
  const cap = caps?.map?.tokens;
  return cap && m.map_tokens !== null && m.map_tokens >= NEAR_CAP * cap ? true : null;
}

/** The reduce input reached the reduce stage's input cap: recorded tokens, else characters / 4 (estimated). */
export function reduceInputCut(m: StageMeasures, caps: StageCaps | null): boolean | null {
  const cap = caps?.reduce_input?.tokens;
  const tokens = m.reduce_input_tokens ?? quarter(m.reduce_input_chars);
  return !cap || tokens === null ? null : tokens >= cap;
}

/** The final output is longer than its reduce input: characters with characters, else recorded tokens. */
export function isPadded(m: StageMeasures, final: FinalOutput): boolean | null {
  if (!final) return null;
  if (final.chars !== null && m.reduce_input_chars !== null) return final.chars > m.reduce_input_chars;
  if (m.final_tokens !== null && m.reduce_input_tokens !== null) return m.final_tokens > m.reduce_input_tokens;
  return null;
}

/** An episode's map/reduce columns from its measures, the run's caps and its final output. */
export function stageColumns(m: StageMeasures | null, caps: StageCaps | null, final: FinalOutput): StageColumns {
  if (!m) return {...NO_STAGES};
  const share = reduceShare(m);
  const atCap = mapAtCap(m, caps);
  return {
    map_chunks: m.chunks,
    map_tokens: m.map_tokens,
    reduce_input_tokens: m.reduce_input_tokens ?? quarter(m.reduce_input_chars),
    map_reduce_source: m.source,
    map_at_cap: atCap,
    map_at_cap_any: mapAtCapAny(m, caps, atCap),
    map_output_chars: m.map_output_chars,
    reduce_input_chars: m.reduce_input_chars,
    reduce_share: share,
    starved: share === null ? null : share < STARVED_BELOW,
    reduce_input_cut: reduceInputCut(m, caps),
    final_tokens: m.final_tokens ?? final?.tokens ?? null,
    padded: isPadded(m, final)
  };
}

/** Measures from an episode's map summaries (texts as floor(chars / 4)) and the reduce input the runner wrote. */
export function measuresFromMaps(
  mapChars: number[],
  recorded: {reduce_input_chars: number | null; reduce_input_tokens: number | null}
): StageMeasures {
  const mapChunkTokens = mapChars.map((chars) => Math.floor(chars / 4));
  const outputChars = mapChars.reduce((total, chars) => total + chars, 0);
  const isRecorded = recorded.reduce_input_chars !== null || recorded.reduce_input_tokens !== null;
  return {
    source: isRecorded ? "recorded" : "derived",
    chunks: mapChars.length,
    map_chunk_tokens: mapChunkTokens,
    map_tokens: mapChars.length ? mapChunkTokens.reduce((a, b) => a + b, 0) / mapChars.length : null,
    map_output_chars: outputChars,
    map_output_tokens: null,
    reduce_input_chars: isRecorded ? recorded.reduce_input_chars : outputChars,
    reduce_input_tokens: recorded.reduce_input_tokens,
    final_tokens: null
  };
}

/** What a diagnostics.jsonl row records for an episode (null where it says nothing). */
export interface DiagnosticsRecord {
  chunks: number | null;
  avg_map_tokens: number | null;
  reduce_input_tokens: number | null;
  reduce_input_chars: number | null;
  final_tokens: number | null;
}

/** A diagnostics row over what the episode's intermediates gave: its recorded numbers win, the texts stay. */
export function withDiagnostics(prior: StageMeasures | null, d: DiagnosticsRecord): StageMeasures {
  const reduceRecorded = d.reduce_input_chars !== null || d.reduce_input_tokens !== null;
  const priorRecorded = prior?.source === "recorded";
  const chunks = d.chunks ?? prior?.chunks ?? null;
  return {
    source: reduceRecorded || priorRecorded || !prior ? "recorded" : "derived",
    chunks,
    map_chunk_tokens: prior?.map_chunk_tokens ?? null,
    map_tokens: d.avg_map_tokens ?? prior?.map_tokens ?? null,
    map_output_chars: prior?.map_output_chars ?? null,
    map_output_tokens: d.chunks !== null && d.avg_map_tokens !== null ? d.chunks * d.avg_map_tokens : null,
    reduce_input_chars: reduceRecorded ? d.reduce_input_chars : (prior?.reduce_input_chars ?? null),
    reduce_input_tokens: reduceRecorded ? d.reduce_input_tokens : (prior?.reduce_input_tokens ?? null),
    final_tokens: d.final_tokens
  };
}

/** A run's source from its episodes' sources: one source, "mixed", or null when none has map/reduce data. */
export function runSource(sources: (MapReduceSource | null)[]): RunMapReduceSource | null {
  const seen = new Set(sources.filter((s): s is MapReduceSource => s !== null));
  return seen.size === 0 ? null : seen.size > 1 ? "mixed" : [...seen][0];
}

/**
 * Whether two runs' map/reduce numbers may meet in one delta: both recorded, or both derived. A mixed run, or one
 * without map/reduce data, meets no other. The engine skips metrics with `source: "map_reduce"` otherwise.
 */
export function sameMapReduceSource(
  baseline: Pick<RunSummary, "map_reduce">,
  candidate: Pick<RunSummary, "map_reduce">
): boolean {
  const source = baseline.map_reduce;
  return (source === "recorded" || source === "derived") && source === candidate.map_reduce;
}

/** One run's stage facts, for a finding, a report or a test: which episodes hit which stage fact. */
export interface RunStageFacts {
  run: string;
  source: RunMapReduceSource | null;
  caps: StageCaps | null;
  /** Episodes with map/reduce data. */
  episodes: number;
  /** Episodes with a map summary at the map cap (known from chunks, or from a mean at the cap). */
  map_at_cap: string[];
  /** Recorded reduce input below STARVED_BELOW of the map output. */
  starved: string[];
  reduce_input_cut: string[];
  padded: string[];
  /** The smallest and largest recorded reduce share; null when none is recorded. */
  reduce_share: [number, number] | null;
}

export function runStageFacts(
  summary: Pick<RunSummary, "id" | "map_reduce" | "stage_caps">,
  rows: EpisodeRow[]
): RunStageFacts {
  const staged = rows.filter((row) => row.map_reduce_source !== null);
  const ids = (keep: (row: EpisodeRow) => boolean) => staged.filter(keep).map((row) => row.episode_id);
  const shares = staged.map((row) => row.reduce_share).filter((s): s is number => s !== null);
  return {
    run: summary.id,
    source: summary.map_reduce,
    caps: summary.stage_caps,
    episodes: staged.length,
    map_at_cap: ids((row) => row.map_at_cap_any === true),
    starved: ids((row) => row.starved === true),
    reduce_input_cut: ids((row) => row.reduce_input_cut === true),
    padded: ids((row) => row.padded === true),
    reduce_share: shares.length ? [Math.min(...shares), Math.max(...shares)] : null
  };
}
