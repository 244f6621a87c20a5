// The whole eval tree -> the snapshot: run catalog, per-episode numbers, output texts by shard.
import {resolve} from "node:path";
import {prepareReference, scoreAgainst} from "../src/compare/rouge.js";
import {textKey, textShard, TEXT_SHARDS} from "../src/compare/shards.js";
import type {EpisodeColumns, EpisodeRow, EpisodeText, RunRecord, Snapshot} from "../src/compare/types.js";
import {pairKey} from "../src/compare/align.js";
import {discoverRuns} from "./discover.js";
import {blankRow, type ParsedEpisode} from "./episode.js";
import {isObject} from "./files.js";
import {readRun, type LoadedRun} from "./readRun.js";

export interface SnapshotData {
  snapshot: Snapshot;
  rows: EpisodeRow[];
  texts: Map<string, EpisodeText>;
}

export async function buildSnapshot(evalDir: string, defaultBaseline: string | null = null): Promise<SnapshotData> {
  const root = resolve(evalDir);
  const discovery = await discoverRuns(root);
  const loaded: LoadedRun[] = [];
  for (const run of discovery.runs) loaded.push(await readRun(run));
  scoreAgainstReferences(loaded);
  const texts = new Map<string, EpisodeText>();
  for (const run of loaded) {
    for (const {row, text} of run.episodes) texts.set(textKey(row.run, row.dataset_id, row.episode_id), text);
  }
  return {
    snapshot: {eval_dir: root, default_baseline: defaultBaseline, runs: loaded.map((r) => r.record), tree_problems: discovery.problems},
    rows: loaded.flatMap((r) => r.episodes.map((e) => e.row)),
    texts
  };
}

function findReference(loaded: LoadedRun[], id: string): LoadedRun | undefined {
  const candidates = loaded.filter((r) => r.record.id === id || r.record.id.split("/").pop() === id);
  return candidates.find((r) => r.record.kind === "reference") ?? candidates[0];
}

const ROUGE_KEYS = ["rouge1_f1", "rouge2_f1", "rougeL_f1"] as const;

function storedRouge(scores: Record<string, unknown>) {
  const value = (key: string) => (typeof scores[key] === "number" ? (scores[key] as number) : null);
  return {rouge1_f1: value("rouge1_f1"), rouge2_f1: value("rouge2_f1"), rougeL_f1: value("rougeL_f1")};
}

/** Per-episode ROUGE against the reference each run's metrics.json names, and the run means. */
function scoreAgainstReferences(loaded: LoadedRun[]) {
  const runsByReference = new Map<LoadedRun, {run: LoadedRun; stored: ReturnType<typeof storedRouge>}[]>();
  for (const run of loaded) {
    const named = Object.entries(run.vsReference).filter(([, scores]) => isObject(scores) && "rouge1_f1" in scores);
    const [referenceId, scores] = named[0] ?? Object.entries(run.vsReference)[0] ?? [];
    if (referenceId === undefined) continue;
    const reference = findReference(loaded, referenceId);
    const stored = storedRouge(scores);
    if (reference) runsByReference.set(reference, [...(runsByReference.get(reference) ?? []), {run, stored}]);
    else {
      run.record.warnings.push(`reference ${referenceId} named in metrics.json is not among the discovered runs`);
      if (stored.rouge1_f1 !== null) run.record.reference = {id: referenceId, ...stored, episodes: null, source: "stored"};
    }
  }
  for (const [reference, runs] of runsByReference) {
    scoreEpisodes(reference, runs.map(({run}) => run));
    for (const {run, stored} of runs) recordMeans(run.record, reference.record.id, run.episodes, stored);
  }
}

/** Each reference episode is prepared once and scored against the same episode of every run that names it. */
function scoreEpisodes(reference: LoadedRun, runs: LoadedRun[]) {
  const scorable = runs.map((run) => new Map(run.episodes.filter((e) => e.rougeIds).map((e) => [pairKey(e.row.dataset_id, e.row.episode_id), e])));
  for (const {row, rougeIds} of reference.episodes) {
    if (!rougeIds) continue;
    const key = pairKey(row.dataset_id, row.episode_id);
    const matches = scorable.flatMap((episodes) => episodes.get(key) ?? []);
    const scores = scoreAgainst(prepareReference(rougeIds), matches.map((e) => e.rougeIds!));
    matches.forEach(({row}, i) => ([row.rouge1, row.rouge2, row.rougeL] = [scores[i].rouge1, scores[i].rouge2, scores[i].rougeL]));
  }
}

function recordMeans(record: RunRecord, referenceId: string, episodes: ParsedEpisode[], stored: ReturnType<typeof storedRouge>) {
  const rows = episodes.map((e) => e.row).filter((row) => row.rouge1 !== null);
  if (rows.length === 0) return;
  const mean = (key: "rouge1" | "rouge2" | "rougeL") => rows.reduce((sum, row) => sum + row[key]!, 0) / rows.length;
  const means = {rouge1_f1: mean("rouge1"), rouge2_f1: mean("rouge2"), rougeL_f1: mean("rougeL")};
  record.reference = {id: referenceId, ...means, episodes: rows.length, source: "recomputed"};
  for (const key of ROUGE_KEYS) {
    const value = stored[key];
    if (value !== null && Math.abs(value - means[key]) > 0.0005) {
      record.warnings.push(`${key}: metrics.json stores ${value.toFixed(4)}, recomputed ${means[key].toFixed(4)}`);
    }
  }
}

/** Column-oriented episodes, ready for `aq.table(columns)`. */
export function toColumns(rows: EpisodeRow[]): EpisodeColumns {
  const keys = Object.keys(blankRow({run: "", dataset_id: "", episode_id: ""})) as (keyof EpisodeRow)[];
  const columns = Object.fromEntries(keys.map((k) => [k, [] as unknown[]])) as Record<keyof EpisodeRow, unknown[]>;
  for (const row of rows) for (const key of keys) columns[key].push(row[key]);
  return columns as EpisodeColumns;
}

/** Texts grouped by shard: shard index -> {textKey: EpisodeText}. */
export function toShards(rows: EpisodeRow[], texts: Map<string, EpisodeText>): Record<string, EpisodeText>[] {
  const shards = Array.from({length: TEXT_SHARDS}, () => ({}) as Record<string, EpisodeText>);
  for (const row of rows) {
    const key = textKey(row.run, row.dataset_id, row.episode_id);
    shards[textShard(row.dataset_id, row.episode_id)][key] = texts.get(key)!;
  }
  return shards;
}
