// The whole eval tree -> the snapshot: run catalog, per-episode numbers, output texts by shard.
import {resolve} from "node:path";
import {predictionIds, prepareText, scorePrepared, type PreparedText} from "../src/compare/rouge.js";
import {textKey, textShard, TEXT_SHARDS} from "../src/compare/shards.js";
import type {EpisodeColumns, EpisodeRow, EpisodeText, RunRecord, Snapshot} from "../src/compare/types.js";
import {pairKey} from "../src/compare/align.js";
import {discoverRuns} from "./discover.js";
import {blankRow} from "./episode.js";
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
  // A reference is prepared once, however many runs are scored against it.
  const prepared = new Map<LoadedRun, Map<string, PreparedText>>();
  const referenceTexts = (reference: LoadedRun) => {
    let texts = prepared.get(reference);
    if (!texts) {
      texts = new Map();
      for (const e of reference.episodes) {
        if (e.scoringText !== null) texts.set(pairKey(e.row.dataset_id, e.row.episode_id), prepareText(e.scoringText));
      }
      prepared.set(reference, texts);
    }
    return texts;
  };
  for (const run of loaded) {
    const named = Object.entries(run.vsReference).filter(([, scores]) => isObject(scores) && "rouge1_f1" in scores);
    const [referenceId, scores] = named[0] ?? Object.entries(run.vsReference)[0] ?? [];
    if (referenceId === undefined) continue;
    const reference = findReference(loaded, referenceId);
    const record: RunRecord = run.record;
    if (!reference) {
      record.warnings.push(`reference ${referenceId} named in metrics.json is not among the discovered runs`);
      const stored = storedRouge(scores);
      if (stored.rouge1_f1 !== null) record.reference = {id: referenceId, ...stored, episodes: null, source: "stored"};
      continue;
    }
    const texts = referenceTexts(reference);
    let scored = 0;
    const sums = [0, 0, 0];
    for (const {row, scoringText} of run.episodes) {
      const referenceText = texts.get(pairKey(row.dataset_id, row.episode_id));
      if (scoringText === null || referenceText === undefined) continue;
      const score = scorePrepared(predictionIds(scoringText), referenceText);
      [row.rouge1, row.rouge2, row.rougeL] = [score.rouge1, score.rouge2, score.rougeL];
      sums[0] += score.rouge1;
      sums[1] += score.rouge2;
      sums[2] += score.rougeL;
      scored++;
    }
    if (scored === 0) continue;
    const means = {rouge1_f1: sums[0] / scored, rouge2_f1: sums[1] / scored, rougeL_f1: sums[2] / scored};
    record.reference = {id: reference.record.id, ...means, episodes: scored, source: "recomputed"};
    const stored = storedRouge(scores);
    for (const key of ROUGE_KEYS) {
      const value = stored[key];
      if (value !== null && Math.abs(value - means[key]) > 0.0005) {
        record.warnings.push(`${key}: metrics.json stores ${value.toFixed(4)}, recomputed ${means[key].toFixed(4)}`);
      }
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
