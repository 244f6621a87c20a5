// Reads one run directory: all five artifacts, tolerantly, into episode rows, texts and a run summary.
import {join} from "node:path";
import {sum} from "d3-array";
import {pairKey} from "../src/compare/align.js";
import {flattenFingerprint, type FlatFingerprint} from "../src/compare/fingerprint.js";
import {runSource, stageColumns, withDiagnostics} from "../src/compare/mapReduce.js";
import type {Entity} from "../src/compare/ner.js";
import {stageCapsOf, withEstimates, type StageCaps} from "../src/compare/stageCaps.js";
import type {EpisodeRow} from "../src/compare/table.js";
import type {ArtifactName, ArtifactState, EpisodeText, Problem, RunSummary} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";
import {applyCap, blankRow, finalOutput, measure, parseEpisode, type ParsedEpisode} from "./episode.js";
import {field, isObject, readJsonFile, readJsonLines, type JsonObject, type ReadResult} from "./files.js";
import {computeKpis, gateCrossCheck} from "./kpis.js";
import {describeRun, runTime} from "./runFacts.js";

/** Everything read from a run, before scoring against its reference and before publishing. */
export interface LoadedRun {
  source: DiscoveredRun;
  summary: Omit<RunSummary, "files">;
  problems: Problem[];
  warnings: string[];
  fingerprint: FlatFingerprint | null;
  rows: EpisodeRow[];
  /** Parallel to rows. */
  texts: EpisodeText[];
  scoringTexts: (string | null)[];
  entities: (Entity[] | null)[];
  /** metrics.json vs_reference: reference key -> stored scores. */
  vsReference: Record<string, JsonObject>;
  /** Some artifact could not be read this time; what was derived must not be remembered. */
  unreadable: boolean;
}

export const UNKNOWN_DATASET = "unknown";
const JSON_KEY = (key: string) => new RegExp(`"${key}"\\s*:\\s*"((?:[^"\\\\]|\\\\.)*)"`);

export function str(value: unknown): string | null {
  return typeof value === "string" && value.trim() !== "" ? value : typeof value === "number" ? String(value) : null;
}

/** A diagnostics.jsonl row over the episode's intermediates: its recorded numbers win; the columns follow. */
function applyDiagnostics(
  episode: ParsedEpisode,
  diag: JsonObject,
  caps: StageCaps | null,
  report: (m: string) => void
) {
  const take = (key: string) => measure(diag[key], key, report);
  episode.stages = withDiagnostics(episode.stages, {
    chunks: take("chunks"),
    avg_map_tokens: take("avg_map_tokens"),
    reduce_input_tokens: take("reduce_input_tokens"),
    reduce_input_chars: take("reduce_input_chars"),
    final_tokens: take("final_tokens")
  });
  Object.assign(episode.row, stageColumns(episode.stages, caps, finalOutput(episode.row)));
}

/** A line that is not JSON still names its episode often enough: that episode failed, and says why. */
function unparsedEpisode(text: string, line: number, message: string, datasetId: string | null): ParsedEpisode | null {
  const read = (key: string) => {
    const match = JSON_KEY(key).exec(text);
    try {
      return match ? (JSON.parse(`"${match[1]}"`) as string) : null;
    } catch {
      return null;
    }
  };
  const episodeId = read("episode_id");
  if (!episodeId) return null;
  const error = `predictions.jsonl line ${line} could not be parsed (${message})`;
  const row = Object.assign(
    blankRow({dataset_id: read("dataset_id") ?? datasetId ?? UNKNOWN_DATASET, episode_id: episodeId}),
    {error}
  );
  const shown = {text: null, pretty: null, error, chars: null, entities: null};
  return {row, text: shown, scoringText: null, entities: null, stages: null};
}

export async function readRun(run: DiscoveredRun): Promise<LoadedRun> {
  const problems: Problem[] = [];
  const artifacts: Partial<Record<ArtifactName, ArtifactState>> = {};
  let unreadable = false;
  const note = <T extends ReadResult>(name: ArtifactName, result: T) => {
    artifacts[name] = result.state;
    unreadable ||= result.unreadable;
    return result;
  };
  const json = async (name: ArtifactName) => note(name, await readJsonFile(join(run.dir, name), name, problems)).value;
  const metrics = await json("metrics.json");
  const fingerprint = await json("fingerprint.json");
  const summary = await json("run_summary.json");
  const promotion = (await readJsonFile(join(run.dir, "baseline.json"), "baseline.json", problems)).value;
  const datasetId =
    str(metrics?.dataset_id) ?? str(field(fingerprint, "run_context", "dataset_id")) ?? str(summary?.dataset_id);
  const task = str(metrics?.task) ?? str(fingerprint?.task) ?? str(summary?.task);
  const caps = stageCapsOf(fingerprint);

  const episodes: ParsedEpisode[] = [];
  const byKey = new Map<string, {episode: ParsedEpisode; line: number}>();
  const add = (episode: ParsedEpisode, line: number, report: (message: string) => void) => {
    const key = pairKey(episode.row.dataset_id, episode.row.episode_id);
    const first = byKey.get(key);
    if (first)
      return report(`duplicate episode ${episode.row.episode_id} (first on line ${first.line}); this row ignored`);
    byKey.set(key, {episode, line});
    episodes.push(episode);
  };
  const predictions = note(
    "predictions.jsonl",
    await readJsonLines(
      join(run.dir, "predictions.jsonl"),
      "predictions.jsonl",
      problems,
      (raw, line) => {
        const report = (message: string) => problems.push({file: "predictions.jsonl", line, message});
        const episodeId = str(raw.episode_id);
        if (!episodeId) return report("row has no episode_id; ignored");
        const ids = {dataset_id: str(raw.dataset_id) ?? datasetId ?? UNKNOWN_DATASET, episode_id: episodeId};
        add(parseEpisode(raw, ids, report, caps), line, report);
      },
      (text, line, message) => {
        const episode = unparsedEpisode(text, line, message, datasetId);
        if (episode) add(episode, line, (m) => problems.push({file: "predictions.jsonl", line, message: m}));
      }
    )
  );

  const diagnostics = await readJsonLines(
    join(run.dir, "diagnostics.jsonl"),
    "diagnostics.jsonl",
    problems,
    (diag, line) => {
      const report = (message: string) => problems.push({file: "diagnostics.jsonl", line, message});
      const episodeId = str(diag.episode_id);
      if (!episodeId) return report("row has no episode_id; ignored");
      const found = byKey.get(pairKey(str(diag.dataset_id) ?? datasetId ?? UNKNOWN_DATASET, episodeId));
      if (!found) return report(`episode ${episodeId} is not in predictions.jsonl; ignored`);
      applyDiagnostics(found.episode, diag, caps, report);
    }
  );
  note("diagnostics.jsonl", diagnostics);
  // Recorded final tokens are known once diagnostics.jsonl is read: only then is at_cap judged.
  for (const episode of episodes) applyCap(episode, caps?.final?.tokens ?? null);

  const rows = episodes.map((e) => e.row);
  // An empty or wholly unreadable predictions.jsonl gives no KPI: metrics.json's stored values stand in.
  const hasPredictions = predictions.state !== "missing" && rows.length > 0;
  const kpis = computeKpis({rows, metrics, summary, task, hasPredictions});
  const warnings = [...kpis.warnings, ...(hasPredictions ? gateCrossCheck(rows, metrics) : [])];
  for (const name of ["metrics.json", "predictions.jsonl", "fingerprint.json"] as const) {
    if (artifacts[name] === "missing") problems.push({file: name, line: null, message: "required file is missing"});
  }
  const vsReference = isObject(metrics?.vs_reference) ? metrics.vs_reference : {};
  const costs = rows.map((r) => r.cost_usd).filter((c): c is number => c !== null);
  const time = runTime(promotion, fingerprint);
  return {
    source: run,
    summary: {
      id: run.id,
      kind: run.kind,
      task,
      dataset_id: datasetId,
      datasets: datasetsOf(rows),
      archived: run.archived,
      time: time.time,
      time_source: time.source,
      artifacts,
      problems: [],
      problem_count: 0,
      warnings: [],
      warning_count: 0,
      episodes:
        !hasPredictions && typeof metrics?.episode_count === "number"
          ? Math.max(metrics.episode_count, rows.length)
          : rows.length,
      kpis: kpis.kpis,
      kpi_sources: kpis.sources,
      stored: kpis.stored,
      recomputed: kpis.recomputed,
      total_cost_usd: costs.length ? sum(costs) : null,
      reference: null,
      ner: null,
      map_reduce: runSource(rows.map((row) => row.map_reduce_source)),
      stage_caps: withEstimates(
        caps,
        episodes.map((e) => ({stages: e.stages, final: finalOutput(e.row)}))
      ),
      description: describeRun(fingerprint, promotion)
    },
    problems,
    warnings,
    fingerprint: fingerprint ? flattenFingerprint(fingerprint) : null,
    rows,
    texts: episodes.map((e) => e.text),
    scoringTexts: episodes.map((e) => e.scoringText),
    entities: episodes.map((e) => e.entities),
    vsReference: Object.fromEntries(Object.entries(vsReference).filter(([, v]) => isObject(v))) as Record<
      string,
      JsonObject
    >,
    unreadable
  };
}

/** The distinct dataset ids of a run's episodes, sorted. */
export const datasetsOf = (rows: {dataset_id: string}[]) => [...new Set(rows.map((row) => row.dataset_id))].sort();
