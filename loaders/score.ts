// A run against the reference its metrics.json names: ROUGE vs a silver run, NER vs a gold reference.
// Each reference is read and prepared once per process (worker), then scored against every run naming it.
import {pairKey} from "../src/compare/align.js";
import {mean, sum} from "d3-array";
import {plain} from "../src/compare/words.js";
import {episodeF1, scoreEpisode, summarizeEpisodes, type EpisodeScore, type Summary} from "../src/compare/ner.js";
import {prepareReference, rougeTokenIds, scoreAgainst, type PreparedReference} from "../src/compare/rouge.js";
import {NER_MODES, type NerMode, type NerQuality, type NerScore} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";
import {isObject, type JsonObject} from "./files.js";
import {readGold, type GoldReference} from "./gold.js";
import {readRun, type LoadedRun} from "./readRun.js";

const ROUGE_KEYS = ["rouge1_f1", "rouge2_f1", "rougeL_f1"] as const;
type StoredRouge = Record<(typeof ROUGE_KEYS)[number], number | null>;
const ROUGE_TOLERANCE = 0.0005;

export function storedRouge(scores: JsonObject | undefined): StoredRouge {
  const value = (key: string) => (typeof scores?.[key] === "number" ? (scores[key] as number) : null);
  return {rouge1_f1: value("rouge1_f1"), rouge2_f1: value("rouge2_f1"), rougeL_f1: value("rougeL_f1")};
}

const prepared = new Map<string, Promise<Map<string, PreparedReference>>>();
const golds = new Map<string, Promise<GoldReference>>();

/** References are read once per build: a process that builds again (a test, a report after edits) reads them anew. */
export function forgetReferences(): void {
  prepared.clear();
  golds.clear();
}

/** Each reference episode's ROUGE tokens, prepared once per process; keyed by (dataset, episode). */
function referenceEpisodes(reference: DiscoveredRun): Promise<Map<string, PreparedReference>> {
  if (!prepared.has(reference.dir)) {
    prepared.set(
      reference.dir,
      readRun(reference).then((loaded) => {
        const byEpisode = new Map<string, PreparedReference>();
        loaded.rows.forEach((row, i) => {
          const text = loaded.scoringTexts[i];
          if (text !== null)
            byEpisode.set(pairKey(row.dataset_id, row.episode_id), prepareReference(rougeTokenIds(text)));
        });
        return byEpisode;
      })
    );
  }
  return prepared.get(reference.dir)!;
}

export function goldOf(reference: DiscoveredRun): Promise<GoldReference> {
  if (!golds.has(reference.dir)) golds.set(reference.dir, readGold(reference.dir));
  return golds.get(reference.dir)!;
}

/** Per-episode ROUGE into the rows, and the run means beside the stored ones (a warning where they disagree). */
export async function scoreRouge(run: LoadedRun, reference: DiscoveredRun, key: string): Promise<void> {
  const episodes = await referenceEpisodes(reference);
  let scored = 0;
  run.rows.forEach((row, i) => {
    const text = run.scoringTexts[i];
    const target = text === null ? undefined : episodes.get(pairKey(row.dataset_id, row.episode_id));
    if (!target) return;
    const [score] = scoreAgainst(target, [rougeTokenIds(text!)]);
    [row.rouge1, row.rouge2, row.rougeL] = [score.rouge1, score.rouge2, score.rougeL];
    scored++;
  });
  const stored = storedRouge(run.vsReference[key]);
  if (scored === 0) {
    run.warnings.push(`no episode could be scored against reference ${reference.id}`);
    return;
  }
  const rows = run.rows.filter((row) => row.rouge1 !== null);
  const meanOf = (k: "rouge1" | "rouge2" | "rougeL") => mean(rows, (row) => row[k]!)!;
  const means = {rouge1_f1: meanOf("rouge1"), rouge2_f1: meanOf("rouge2"), rougeL_f1: meanOf("rougeL")};
  run.summary.reference = {id: reference.id, ...means, episodes: rows.length, source: "recomputed"};
  for (const k of ROUGE_KEYS) {
    const value = stored[k];
    if (value !== null && Math.abs(value - means[k]) > ROUGE_TOLERANCE) {
      run.warnings.push(`${k}: metrics.json stores ${value.toFixed(4)}, recomputed ${means[k].toFixed(4)}`);
    }
  }
}

/** Older scorers store exact/overlap, newer ones mention_exact/mention_overlap/entity_set. */
function storedNer(scores: JsonObject | undefined): Partial<Record<NerMode, NerScore>> | null {
  if (!scores) return null;
  const keys: Record<NerMode, string[]> = {
    mention_exact: ["mention_exact", "exact"],
    mention_overlap: ["mention_overlap", "overlap"],
    entity_set: ["entity_set"]
  };
  const stored: Partial<Record<NerMode, NerScore>> = {};
  for (const mode of NER_MODES) {
    const found = keys[mode].map((k) => scores[k]).find(isObject);
    if (found) stored[mode] = found as unknown as NerScore;
  }
  return Object.keys(stored).length ? stored : null;
}

const toScore = ({tp, fp, fn, precision, recall, f1, per_label_f1}: Summary): NerScore => ({
  tp,
  fp,
  fn,
  precision,
  recall,
  f1,
  per_label_f1
});

function disagreements(mode: NerMode, recomputed: NerScore, stored: NerScore | undefined): string[] {
  if (!stored) return [];
  return (["tp", "fp", "fn", "f1"] as const)
    .filter((k) => typeof stored[k] === "number" && Math.abs(stored[k] - recomputed[k]) > 1e-9)
    .map((k) => `ner ${mode} ${k}: metrics.json stores ${plain(stored[k])}, recomputed ${plain(recomputed[k])}`);
}

/**
 * NER vs gold as ner_scorer.py: a run's episodes meet the gold on episode id (whatever the dataset), a
 * missing entities array scores as an empty one. Per-episode F1 only where the gold has entities.
 */
export async function scoreNer(run: LoadedRun, reference: DiscoveredRun, key: string): Promise<void> {
  const gold = await goldOf(reference);
  if (gold.datasetId && run.summary.dataset_id && gold.datasetId !== run.summary.dataset_id) {
    run.warnings.push(
      `gold ${reference.id} is on dataset ${gold.datasetId}, the run on ${run.summary.dataset_id}; ` +
        "scored on episode ids, as the scorer does"
    );
  }
  const scores: EpisodeScore[] = [];
  let offsetMismatches = 0;
  run.rows.forEach((row, i) => {
    const episode = gold.episodes.get(row.episode_id);
    if (!episode) return;
    const score = scoreEpisode(run.entities[i] ?? [], episode.entities);
    scores.push(score);
    row.ner_gold = score.gold;
    row.ner_in_scope = score.inScope;
    if (score.gold > 0) {
      row.ner_f1_mention_exact = episodeF1(score, "mention_exact");
      row.ner_f1_mention_overlap = episodeF1(score, "mention_overlap");
      row.ner_f1_entity_set = episodeF1(score, "entity_set");
    }
    row.ner_offsets_match =
      episode.textFingerprint && row.input_hash ? episode.textFingerprint === row.input_hash : null;
    if (row.ner_offsets_match === false) offsetMismatches++;
  });
  if (!scores.length) {
    run.warnings.push(`no episode of the run is in gold ${reference.id}`);
    return;
  }
  const totals = summarizeEpisodes(scores);
  const stored = storedNer(run.vsReference[key]);
  const total = (k: "predicted" | "inScope" | "gold") => sum(scores, (s) => s[k]);
  run.summary.ner = {
    reference: reference.id,
    mention_exact: toScore(totals.mention_exact),
    mention_overlap: toScore(totals.mention_overlap),
    entity_set: toScore(totals.entity_set),
    episodes_scored: totals.episodes_scored,
    entities_predicted: total("predicted"),
    entities_in_scope: total("inScope"),
    out_of_scope: total("predicted") - total("inScope"),
    entities_gold: total("gold"),
    stored
  } satisfies NerQuality;
  for (const mode of NER_MODES) run.warnings.push(...disagreements(mode, run.summary.ner[mode], stored?.[mode]));
  if (offsetMismatches) {
    run.warnings.push(
      `${offsetMismatches} of ${scores.length} episodes ran on other text than gold ${reference.id} was made on ` +
        "(input_hash ≠ text_fingerprint): mention offsets do not line up, only entity set is judged"
    );
  }
}
