// Per-episode ROUGE against the reference each run's metrics.json names, and the run means (SPEC section 3).
import {pairKey} from "../src/compare/align.js";
import {prepareReference, rougeTokenIds, scoreAgainst} from "../src/compare/rouge.js";
import type {EpisodeRow, RunRecord} from "../src/compare/types.js";
import type {RunCache} from "./cache.js";
import {isObject, type JsonObject} from "./files.js";
import {readRun, type LoadedRun} from "./readRun.js";
import {readRouge, readTokens, rougeKey, tokensKey, writeRouge, writeTokens, type RougeColumns} from "./runCache.js";

const ROUGE_KEYS = ["rouge1_f1", "rouge2_f1", "rougeL_f1"] as const;
type StoredRouge = Record<(typeof ROUGE_KEYS)[number], number | null>;

function storedRouge(scores: JsonObject | undefined): StoredRouge {
  const value = (key: string) => (typeof scores?.[key] === "number" ? (scores[key] as number) : null);
  return {rouge1_f1: value("rouge1_f1"), rouge2_f1: value("rouge2_f1"), rougeL_f1: value("rougeL_f1")};
}

function findReference(loaded: LoadedRun[], id: string): LoadedRun | undefined {
  const candidates = loaded.filter((r) => r.record.id === id || r.record.id.split("/").pop() === id);
  return candidates.find((r) => r.record.kind === "reference") ?? candidates[0];
}

export async function scoreAgainstReferences(loaded: LoadedRun[], cache: RunCache | null): Promise<void> {
  const runsByReference = new Map<LoadedRun, {run: LoadedRun; stored: StoredRouge}[]>();
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
    const unscored: LoadedRun[] = [];
    for (const {run} of runs) {
      const key = cache && rougeKey(run, reference);
      const columns = key ? readRouge(cache!, key, run.rows.length) : null;
      if (columns) applyColumns(run.rows, columns);
      else unscored.push(run);
    }
    if (unscored.length) await scoreRuns(reference, unscored, cache);
    for (const {run, stored} of runs) recordMeans(run.record, reference.record.id, run.rows, stored);
  }
}

type Tokens = (Int32Array | null)[];

/** Scores runs whose ROUGE is not cached; runs read from the cache are parsed again for their texts. */
async function scoreRuns(reference: LoadedRun, runs: LoadedRun[], cache: RunCache | null) {
  const referenceIds = await referenceTokens(reference, cache);
  if (!referenceIds) {
    for (const run of runs) run.record.warnings.push(`ROUGE not computed: reference ${reference.record.id} could not be read again`);
    return;
  }
  const scorable: {run: LoadedRun; ids: Tokens}[] = [];
  for (const run of runs) {
    const ids = await tokensOf(run);
    if (ids) scorable.push({run, ids});
  }
  scoreEpisodes(reference, referenceIds, scorable);
  for (const {run} of scorable) {
    const key = cache && !run.unreadable && !reference.unreadable && rougeKey(run, reference);
    if (key) writeRouge(cache!, key, [run.rows.map((r) => r.rouge1), run.rows.map((r) => r.rouge2), run.rows.map((r) => r.rougeL)]);
  }
}

/**
 * Per row ROUGE token ids. Only scored runs and references are tokenized; a run read from the cache is read
 * from its files again, and gets a warning (null) when they no longer read as cached.
 */
async function tokensOf(run: LoadedRun): Promise<Tokens | null> {
  let texts = run.scoringTexts;
  if (!texts) {
    const again = await readRun(run.source);
    if (again.unreadable || again.rows.length !== run.rows.length) {
      run.record.warnings.push("ROUGE not computed: the run's files could not be read again");
      return null;
    }
    texts = again.scoringTexts!;
  }
  return texts.map((text) => (text === null ? null : rougeTokenIds(text)));
}

/** A reference's tokens, stored apart from the run: every new run that names the reference is scored against them. */
async function referenceTokens(reference: LoadedRun, cache: RunCache | null): Promise<Tokens | null> {
  const key = cache && tokensKey(reference);
  const cached = key && !reference.scoringTexts ? readTokens(cache!, key, reference.rows.length) : null;
  if (cached) return cached;
  const ids = await tokensOf(reference);
  if (ids && key && !reference.unreadable) writeTokens(cache!, key, ids);
  return ids;
}

/** Each reference episode is prepared once and scored against the same episode of every run. */
function scoreEpisodes(reference: LoadedRun, referenceIds: Tokens, runs: {run: LoadedRun; ids: Tokens}[]) {
  const episodeKey = (row: EpisodeRow) => pairKey(row.dataset_id, row.episode_id);
  const scorable = runs.map(({run, ids}) => {
    const byEpisode = new Map<string, {row: EpisodeRow; ids: Int32Array}>();
    run.rows.forEach((row, i) => ids[i] && byEpisode.set(episodeKey(row), {row, ids: ids[i]!}));
    return byEpisode;
  });
  reference.rows.forEach((row, i) => {
    const ids = referenceIds[i];
    if (!ids) return;
    const matches = scorable.flatMap((byEpisode) => byEpisode.get(episodeKey(row)) ?? []);
    const scores = scoreAgainst(prepareReference(ids), matches.map((m) => m.ids));
    matches.forEach(({row}, j) => ([row.rouge1, row.rouge2, row.rougeL] = [scores[j].rouge1, scores[j].rouge2, scores[j].rougeL]));
  });
}

function applyColumns(rows: EpisodeRow[], [rouge1, rouge2, rougeL]: RougeColumns) {
  rows.forEach((row, i) => ([row.rouge1, row.rouge2, row.rougeL] = [rouge1[i], rouge2[i], rougeL[i]]));
}

function recordMeans(record: RunRecord, referenceId: string, allRows: EpisodeRow[], stored: StoredRouge) {
  const rows = allRows.filter((row) => row.rouge1 !== null);
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
