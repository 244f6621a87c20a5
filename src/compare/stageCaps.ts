// A run's stage caps: read from its fingerprint, each marked estimated where its values are characters / 4.
import type {FinalOutput, StageMeasures} from "./mapReduce.js";

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
