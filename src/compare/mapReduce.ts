// Map/reduce facts per stage (map, reduce input, final output), with what the runner recorded kept apart from
// what is derived here from the map summaries' texts. Pure functions: the loaders turn each episode's measures
// into its columns and read each run's caps from its fingerprint; the engine asks whether two runs' map/reduce
// numbers may meet in one delta (never a recorded value against a derived one).
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

/** One stage's cap, in model tokens, as the fingerprint gives it. */
export interface StageCap {
  tokens: number;
  /** The fingerprint path it was read from ("pipeline.stages.map.generation_params.max_new_tokens"). */
  from: string;
  /** The run's values checked against it are floor(characters / 4), not token counts the runner wrote. */
  estimated: boolean;
}

/** The caps a run's stages ran under: map output per chunk, reduce input, final output. */
export interface StageCaps {
  /** The map stage's generation cap (max_new_tokens, else max_tokens). */
  map: StageCap | null;
  /** tokenization.reduce_max_input_tokens (map/reduce pipelines only). */
  reduce_input: StageCap | null;
  /** The last stage's generation cap: the reduce stage's, else the single stage's. */
  final: StageCap | null;
}

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

type Json = Record<string, unknown>;
const isJson = (value: unknown): value is Json => typeof value === "object" && value !== null && !Array.isArray(value);
const positive = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value > 0;
const GENERATION_CAPS = ["max_new_tokens", "max_tokens"];

/** A pipeline stage by role: pipeline.stages.<role>, else a stage whose stage_id is the role or starts "<role>_". */
function stageOf(fingerprint: Json, role: string): {path: string; stage: Json} | null {
  const pipeline = fingerprint.pipeline;
  const stages = isJson(pipeline) ? pipeline.stages : undefined;
  if (!isJson(stages) && !Array.isArray(stages)) return null;
  const entries: [string, unknown][] = Array.isArray(stages)
    ? stages.map((stage, i) => [String(i), stage])
    : Object.entries(stages);
  const named = entries.find(([key, stage]) => key === role && isJson(stage));
  const byId = entries.find(
    ([, stage]) =>
      isJson(stage) &&
      typeof stage.stage_id === "string" &&
      (stage.stage_id === role || stage.stage_id.startsWith(`${role}_`))
  );
  const found = named ?? byId;
  return found ? {path: `pipeline.stages.${found[0]}`, stage: found[1] as Json} : null;
}

function generationCap(found: {path: string; stage: Json} | null): StageCap | null {
  const params = found?.stage.generation_params;
  if (!found || !isJson(params)) return null;
  const key = GENERATION_CAPS.find((name) => positive(params[name]));
  return key ? {tokens: params[key] as number, from: `${found.path}.generation_params.${key}`, estimated: false} : null;
}

/**
 * A run's stage caps from its fingerprint.json (estimated: false until the run's values are known: see
 * withEstimates); null without a fingerprint.
 */
export function stageCapsOf(fingerprint: unknown): StageCaps | null {
  if (!isJson(fingerprint)) return null;
  const map = stageOf(fingerprint, "map");
  const reduce = stageOf(fingerprint, "reduce");
  const tokenization = fingerprint.tokenization;
  const inputCap = isJson(tokenization) ? tokenization.reduce_max_input_tokens : undefined;
  const last = reduce ?? stageOf(fingerprint, "main");
  return {
    map: map ? generationCap(map) : null,
    reduce_input:
      reduce && positive(inputCap)
        ? {tokens: inputCap, from: "tokenization.reduce_max_input_tokens", estimated: false}
        : null,
    final: generationCap(last)
  };
}

/** An episode as withEstimates reads it: its map/reduce measures and its final output (null when it failed). */
export interface EpisodeStages {
  stages: StageMeasures | null;
  final: FinalOutput;
}

/**
 * The caps, each marked estimated when some episode checked against it was measured as characters / 4: map
 * summaries from their texts, a reduce input without recorded tokens, a final output without recorded tokens (a
 * failed episode has no final output to check).
 */
export function withEstimates(caps: StageCaps | null, episodes: EpisodeStages[]): StageCaps | null {
  if (!caps) return null;
  const staged = episodes.flatMap((e) => (e.stages ? [e.stages] : []));
  const mark = (cap: StageCap | null, estimated: boolean) => cap && {...cap, estimated};
  return {
    map: mark(
      caps.map,
      staged.some((m) => m.map_chunk_tokens !== null || m.map_output_tokens === null)
    ),
    reduce_input: mark(
      caps.reduce_input,
      staged.some((m) => m.reduce_input_tokens === null)
    ),
    final: mark(
      caps.final,
      episodes.some((e) => e.final !== null && (e.stages?.final_tokens ?? null) === null)
    )
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
