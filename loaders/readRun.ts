// Reads one run directory: all five artifacts, tolerantly, into episodes and a run record.
import {join} from "node:path";
import {pairKey} from "../src/compare/align.js";
import type {ArtifactName, ArtifactState, EpisodeRow, Problem, RunRecord} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";
import {listedFailure, measure, parseEpisode, textSegments, type ParsedEpisode} from "./episode.js";
import {field, isObject, readJsonFile, readJsonLines, type JsonObject, type ReadResult} from "./files.js";
import {computeKpis} from "./kpis.js";

export interface LoadedRun {
  source: DiscoveredRun;
  /** Cache key of what was derived from the run's files; null when not cached. */
  key: string | null;
  record: RunRecord;
  rows: EpisodeRow[];
  /** Per text shard, this run's members of it (see textSegments). */
  texts: Buffer[];
  /** Per row, the text ROUGE scores; null for a run read from the cache (its files are read again if needed). */
  scoringTexts: (string | null)[] | null;
  /** metrics.json vs_reference: reference id -> stored scores. */
  vsReference: Record<string, JsonObject>;
  /** Some artifact could not be read this time; what was derived must not be remembered. */
  unreadable: boolean;
}

const UNKNOWN_DATASET = "unknown";

function str(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : null;
}

function failedList(metrics: JsonObject | null): {episode_id: string; error: string | null}[] {
  const list = field(metrics, "intrinsic", "gates", "failed_episodes");
  if (!Array.isArray(list)) return [];
  return list.flatMap((item) => {
    if (typeof item === "string") return [{episode_id: item, error: null}];
    if (isObject(item) && str(item.episode_id)) return [{episode_id: str(item.episode_id)!, error: str(item.error)}];
    return [];
  });
}

function applyDiagnostics(row: EpisodeRow, diag: JsonObject, report: (m: string) => void) {
  const take = (key: string) => measure(diag[key], key, report);
  row.map_chunks = take("chunks");
  row.map_tokens = take("avg_map_tokens");
  const reduceChars = take("reduce_input_chars");
  row.reduce_input_tokens = take("reduce_input_tokens") ?? (reduceChars === null ? null : Math.floor(reduceChars / 4));
  row.final_tokens = take("final_tokens") ?? row.output_tokens;
}

export async function readRun(run: DiscoveredRun): Promise<LoadedRun> {
  const problems: Problem[] = [];
  const artifacts = {} as Record<ArtifactName, ArtifactState>;
  let unreadable = false;
  const note = <T extends ReadResult>(name: ArtifactName, result: T) => {
    artifacts[name] = result.state;
    unreadable ||= result.unreadable;
    return result;
  };
  const json = async (name: ArtifactName) => note(name, await readJsonFile(join(run.dir, name), name, problems)).value;
  const lines = async (name: ArtifactName, onRow: (row: JsonObject, line: number) => void) =>
    note(name, await readJsonLines(join(run.dir, name), name, problems, onRow));
  const metrics = await json("metrics.json");
  const fingerprint = await json("fingerprint.json");
  const summary = await json("run_summary.json");
  const datasetId =
    str(metrics?.dataset_id) ?? str(field(fingerprint, "run_context", "dataset_id")) ?? str(summary?.dataset_id);
  const task = str(metrics?.task) ?? str(fingerprint?.task) ?? str(summary?.task);

  const episodes: ParsedEpisode[] = [];
  const byKey = new Map<string, {episode: ParsedEpisode; line: number}>();
  await lines("predictions.jsonl", (raw, line) => {
    const report = (message: string) => problems.push({file: "predictions.jsonl", line, message});
    const episodeId = str(raw.episode_id);
    if (!episodeId) return report("row has no episode_id; ignored");
    const dataset = str(raw.dataset_id) ?? datasetId ?? UNKNOWN_DATASET;
    const key = pairKey(dataset, episodeId);
    const first = byKey.get(key);
    if (first) return report(`duplicate episode ${episodeId} (first on line ${first.line}); this row ignored`);
    const episode = parseEpisode(raw, {run: run.id, dataset_id: dataset, episode_id: episodeId}, report);
    byKey.set(key, {episode, line});
    episodes.push(episode);
  });

  let mapReduce: RunRecord["map_reduce"] = episodes.some((e) => e.row.map_chunks !== null) ? "derived" : null;
  await lines("diagnostics.jsonl", (diag, line) => {
    const report = (message: string) => problems.push({file: "diagnostics.jsonl", line, message});
    const episodeId = str(diag.episode_id);
    if (!episodeId) return report("row has no episode_id; ignored");
    const found = byKey.get(pairKey(str(diag.dataset_id) ?? datasetId ?? UNKNOWN_DATASET, episodeId));
    if (!found) return report(`episode ${episodeId} is not in predictions.jsonl; ignored`);
    applyDiagnostics(found.episode.row, diag, report);
    mapReduce = "diagnostics";
  });

  for (const listed of failedList(metrics)) {
    const found = byKey.get(pairKey(datasetId ?? UNKNOWN_DATASET, listed.episode_id));
    const reason = listed.error ?? "listed as failed in metrics.json";
    if (found) {
      found.episode.row.failed = true;
      found.episode.row.error ??= reason;
      found.episode.text.error ??= reason;
    } else {
      const ids = {run: run.id, dataset_id: datasetId ?? UNKNOWN_DATASET, episode_id: listed.episode_id};
      episodes.push(listedFailure(ids, reason));
    }
  }

  const rows = episodes.map((e) => e.row);
  const {kpis, sources, stored, warnings} = computeKpis({
    rows,
    metrics,
    summary,
    task,
    hasPredictions: artifacts["predictions.jsonl"] !== "missing"
  });
  const missing = (["metrics.json", "predictions.jsonl", "fingerprint.json"] as const).filter(
    (name) => artifacts[name] === "missing"
  );
  for (const name of missing) problems.push({file: name, line: null, message: "required file is missing"});
  const vsReference = isObject(metrics?.vs_reference) ? metrics.vs_reference : {};
  return {
    source: run,
    key: null,
    record: {
      id: run.id,
      kind: run.kind,
      task,
      dataset_id: datasetId,
      artifacts,
      problems,
      warnings,
      episodes:
        artifacts["predictions.jsonl"] === "missing" && typeof metrics?.episode_count === "number"
          ? Math.max(metrics.episode_count, rows.length)
          : rows.length,
      kpis,
      kpi_sources: sources,
      stored,
      reference: null,
      map_reduce: mapReduce,
      description: describeRun(fingerprint)
    },
    rows,
    texts: textSegments(episodes),
    scoringTexts: episodes.map((e) => e.scoringText),
    unreadable,
    vsReference: Object.fromEntries(Object.entries(vsReference).filter(([, v]) => isObject(v))) as Record<
      string,
      JsonObject
    >
  };
}

/** "map_reduce: pegasus-cnn_dailymail -> led-base-16384" or the provider and model, from the fingerprint. */
function describeRun(fingerprint: JsonObject | null): string | null {
  const stages = field(fingerprint, "pipeline", "stages");
  if (isObject(stages)) {
    const models = Object.values(stages)
      .map((stage) => str(field(stage as JsonObject, "model", "model_name")))
      .filter((m): m is string => m !== null);
    if (models.length) return `${str(field(fingerprint, "pipeline", "type")) ?? "pipeline"}: ${models.join(" → ")}`;
  }
  const model = str(field(fingerprint, "model", "name")) ?? str(field(fingerprint, "provider", "model"));
  const provider = str(field(fingerprint, "provider", "provider_type")) ?? str(field(fingerprint, "provider", "name"));
  return [provider, model].filter(Boolean).join(" · ") || null;
}
