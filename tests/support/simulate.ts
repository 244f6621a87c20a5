// Baseline/candidate pairs that look like real summarization runs, to measure how often a verdict calls a change
// that is not there, and how often it catches one that is. Per episode: a reference text of 60-120 words; each
// run's output is that reference with some words replaced by words no reference uses, so that its ROUGE-L F1
// (scored by the repository's own ROUGE code) lands on a target q = shared difficulty + side noise (+ a true
// shift for the candidate). The side noise is calibrated so that the paired differences have the asked spread.
// Defects (failure, each of the scorer's three gates) hit each side independently at a given rate; a failed
// episode has no output, no gate and no ROUGE, as the loaders make it.
import {expect} from "vitest";
import {seedOf, VOCAB} from "../../scripts/synthText.mjs";
import type {RunData} from "../../src/compare/compare.js";
import {
  type PreparedReference,
  prepareReference,
  type RougeScores,
  rougeTokenIds,
  rougeTokens,
  scoreAgainst
} from "../../src/compare/rouge.js";
import {mulberry32} from "../../src/compare/seededRandom.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import {row, runData, scoredAgainst} from "./factory.js";

export type Random = () => number;

/** The reference both simulated runs are scored against, so that the ROUGE metrics apply. */
export const SIMULATED_REFERENCE = "references/silver_sim";

export interface SimulationCell {
  /** Common episodes in the pair. */
  episodes: number;
  /** SD of the per-episode paired ROUGE-L differences (candidate - baseline). */
  spread: number;
  /** Probability that each defect type (failed, each gate, each output check) hits an episode, on each side. */
  defectRate: number;
  /** The candidate's true ROUGE-L gain per episode (0: no real change). */
  shift?: number;
}

export interface SimulatedPair {
  baseline: EpisodeRow[];
  candidate: EpisodeRow[];
}

/** The grid under no real change: episodes x spread of the paired differences x defect rate, pairs per cell. */
export const NOISE_GRID = {episodes: [5, 10, 30, 200], spreads: [0.04, 0.08], defectRates: [0.01, 0.02, 0.05]};
export const PAIRS_PER_CELL = 500;
/** Power: a true ROUGE-L gain of 1.25x its threshold (0.05) at a spread of 1.25x the threshold, 30 episodes. */
export const POWER_CELL = {episodes: 30, spread: 0.0625, shift: 0.0625};

const REFERENCE_WORDS = {min: 60, max: 120};
/** Distinct references, so that a pair of up to this many episodes gives each its own. */
export const REFERENCE_POOL = 256;
const DIFFICULTY = {min: 0.3, max: 0.7};

/** Box-Muller, one normal per call. */
function normalOf(random: Random): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Words by ROUGE token (after stemming): a quarter of the stems are fillers, which no reference ever uses. */
const [referenceWords, fillerWords] = (() => {
  const byStem = new Map<string, string[]>();
  for (const word of new Set(VOCAB)) {
    const [stem] = rougeTokens(word);
    if (stem) byStem.set(stem, [...(byStem.get(stem) ?? []), word]);
  }
  const stems = [...byStem.keys()].sort();
  const pick = (keep: (i: number) => boolean) => stems.filter((_, i) => keep(i)).flatMap((s) => byStem.get(s)!);
  return [pick((i) => i % 4 !== 0), pick((i) => i % 4 === 0)];
})();

/** Words as a text: sentences of 8-20 words, capitalised, with full stops (ROUGE ignores both). */
function asText(words: readonly string[], random: Random): string {
  let text = "";
  let untilStop = 0;
  for (const word of words) {
    if (untilStop === 0) {
      if (text) text += ". ";
      text += word[0].toUpperCase() + word.slice(1);
      untilStop = 8 + Math.floor(random() * 13);
    } else text += " " + word;
    untilStop--;
  }
  return text + ".";
}

/** One scored output: its text and its ROUGE against the reference. */
export interface SimulatedOutput {
  text: string;
  scores: RougeScores;
}

interface Reference {
  text: string;
  words: string[];
  prepared: PreparedReference;
  /** Scored outputs by the number of reference words kept, made on first use. */
  outputs: (SimulatedOutput | undefined)[];
}

/** The references episodes draw from: fixed texts, tokenized, stemmed and prepared once. */
const references: Reference[] = (() => {
  const random = mulberry32(seedOf("references"));
  return Array.from({length: REFERENCE_POOL}, () => {
    const length = REFERENCE_WORDS.min + Math.floor(random() * (REFERENCE_WORDS.max - REFERENCE_WORDS.min + 1));
    const words = Array.from({length}, () => referenceWords[Math.floor(random() * referenceWords.length)]);
    const text = asText(words, random);
    return {text, words, prepared: prepareReference(rougeTokenIds(text)), outputs: []};
  });
})();

/**
 * The reference with all but `kept` of its words replaced by filler words (which match nothing in it), as text,
 * scored by the real tokenizer and scorer: ROUGE-L F1 = kept / length. Made once per (reference, kept), from a
 * seed of its own, so that a pair's outputs do not depend on which pairs came before.
 */
export function simulatedOutput(referenceIndex: number, kept: number): SimulatedOutput {
  const reference = references[referenceIndex];
  let output = reference.outputs[kept];
  if (!output) {
    const random = mulberry32(seedOf("output", referenceIndex, kept));
    const length = reference.words.length;
    let needed = kept;
    // Knuth's selection sampling: each set of `kept` positions is equally likely.
    const words = reference.words.map((word, i) => {
      const keep = random() * (length - i) < needed;
      if (keep) needed--;
      return keep ? word : fillerWords[Math.floor(random() * fillerWords.length)];
    });
    const text = asText(words, random);
    output = {text, scores: scoreAgainst(reference.prepared, [rougeTokenIds(text)])[0]};
    reference.outputs[kept] = output;
  }
  return output;
}

export const referenceText = (referenceIndex: number) => references[referenceIndex].text;

/** Rounds down or up at random so that the expected result is `value` itself. */
const stochasticRound = (value: number, random: Random) => {
  const floor = Math.floor(value);
  return floor + (random() < value - floor ? 1 : 0);
};

/** An output of the reference whose ROUGE-L F1 is `target` in expectation (kept words = target · length). */
function outputNear(referenceIndex: number, target: number, random: Random): SimulatedOutput {
  const length = references[referenceIndex].words.length;
  const kept = Math.min(length, Math.max(0, stochasticRound(target * length, random)));
  return simulatedOutput(referenceIndex, kept);
}

let roundingVariance: number | null = null;

/**
 * The variance that a whole number of kept words adds to a side's ROUGE-L around its target, measured once on a
 * fixed sample; the side noise makes up the rest of the asked spread.
 */
export function outputRoundingVariance(): number {
  if (roundingVariance === null) {
    const random = mulberry32(seedOf("rounding"));
    let sum = 0;
    const draws = 20_000;
    for (let k = 0; k < draws; k++) {
      const target = DIFFICULTY.min + (DIFFICULTY.max - DIFFICULTY.min) * random();
      sum += (outputNear(k % REFERENCE_POOL, target, random).scores.rougeL - target) ** 2;
    }
    roundingVariance = sum / draws;
  }
  return roundingVariance;
}

/** SD of each side's noise around the shared difficulty, so that candidate - baseline has SD `spread`. */
export function sideNoise(spread: number): number {
  return Math.sqrt(Math.max(0, (spread * spread) / 2 - outputRoundingVariance()));
}

/**
 * One side of one episode: a failure (no output, no gate, no ROUGE, as the loaders make it), or an output with
 * its gates and scores. Fields are written out: a literal that starts with a spread is slow to make and copy.
 */
function sideRow(
  id: string,
  reference: number,
  target: number,
  inputChars: number,
  cell: SimulationCell,
  random: Random
) {
  const latency = 1.5 * Math.exp(0.3 * normalOf(random));
  if (random() < cell.defectRate) {
    return row(id, {
      failed: true,
      error: "TimeoutError: generation exceeded 120 s",
      input_chars: inputChars,
      latency_s: latency,
      output_tokens: null,
      output_chars: null,
      gate_truncation: null,
      gate_speaker_label: null,
      gate_boilerplate: null,
      repetition: null,
      longest_repeat: null
    });
  }
  const {text, scores} = outputNear(reference, Math.min(1, Math.max(0, target)), random);
  return row(id, {
    input_chars: inputChars,
    latency_s: latency,
    output_chars: text.length,
    output_tokens: Math.floor(text.length / 4),
    gate_truncation: random() < cell.defectRate,
    gate_speaker_label: random() < cell.defectRate,
    gate_boilerplate: random() < cell.defectRate,
    check_speaker_turns: random() < cell.defectRate,
    check_junk: random() < cell.defectRate,
    check_cut_off: random() < cell.defectRate,
    check_repetition: random() < cell.defectRate,
    repetition: Math.max(0, 0.01 + 0.005 * normalOf(random)),
    rouge1: scores.rouge1,
    rouge2: scores.rouge2,
    rougeL: scores.rougeL
  });
}

/** Independent pairs from one seed: each call draws its episodes' references, difficulties, noise and defects. */
export function pairGenerator(seed: number): (cell: SimulationCell) => SimulatedPair {
  const random = mulberry32(seed);
  const order = Array.from({length: REFERENCE_POOL}, (_, i) => i);
  return (cell) => {
    if (cell.episodes > REFERENCE_POOL) throw new Error(`at most ${REFERENCE_POOL} episodes per pair`);
    const noise = sideNoise(cell.spread);
    const pair: SimulatedPair = {baseline: [], candidate: []};
    for (let i = 0; i < cell.episodes; i++) {
      // A partial shuffle: episode i gets a reference no other episode of this pair has.
      const j = i + Math.floor(random() * (REFERENCE_POOL - i));
      [order[i], order[j]] = [order[j], order[i]];
      const id = `e${i + 1}`;
      const difficulty = DIFFICULTY.min + (DIFFICULTY.max - DIFFICULTY.min) * random();
      const inputChars = 16_000 + Math.floor(random() * 32_000);
      const candidateTarget = difficulty + (cell.shift ?? 0) + noise * normalOf(random);
      pair.baseline.push(sideRow(id, order[i], difficulty + noise * normalOf(random), inputChars, cell, random));
      pair.candidate.push(sideRow(id, order[i], candidateTarget, inputChars, cell, random));
    }
    return pair;
  };
}

/** The pair as the engine receives it: two runs on one dataset, both scored against SIMULATED_REFERENCE. */
export function simulatedRuns(pair: SimulatedPair): {baseline: RunData; candidate: RunData} {
  return {
    baseline: runData("runs/sim_baseline", pair.baseline, scoredAgainst(SIMULATED_REFERENCE)),
    candidate: runData("runs/sim_candidate", pair.candidate, scoredAgainst(SIMULATED_REFERENCE))
  };
}

/** candidate - baseline ROUGE-L over the episodes both scored (neither failed). */
export function rougeDifferences(pair: SimulatedPair): number[] {
  const differences: number[] = [];
  pair.baseline.forEach((b, i) => {
    const c = pair.candidate[i];
    if (b.rougeL !== null && c.rougeL !== null) differences.push(c.rougeL - b.rougeL);
  });
  return differences;
}

/** Pools within-group variances (each group around its own mean): the SD the groups share. */
export function pooledSd(groups: Iterable<ArrayLike<number>>): number {
  let squares = 0;
  let degrees = 0;
  for (const group of groups) {
    if (group.length < 2) continue;
    let mean = 0;
    for (let i = 0; i < group.length; i++) mean += group[i] / group.length;
    for (let i = 0; i < group.length; i++) squares += (group[i] - mean) ** 2;
    degrees += group.length - 1;
  }
  return Math.sqrt(squares / degrees);
}

/** What a cell's pairs were labelled, and the spread of their paired ROUGE-L differences. */
export interface CellResult {
  pairs: number;
  labels: Record<string, number>;
  /** Labels other than no_clear_change (better, worse, mixed; not_comparable would be a bug). */
  called: number;
  realisedSpread: number;
}

/** Labels `pairs` independent pairs of one cell, drawn from `seed`, with `label` (the engine, or a rule). */
export function labelCell(
  cell: SimulationCell,
  pairs: number,
  seed: number,
  label: (pair: SimulatedPair) => string
): CellResult {
  const generate = pairGenerator(seed);
  const labels: Record<string, number> = {};
  const differences: number[][] = [];
  for (let k = 0; k < pairs; k++) {
    const pair = generate(cell);
    differences.push(rougeDifferences(pair));
    const name = label(pair);
    labels[name] = (labels[name] ?? 0) + 1;
  }
  const called = pairs - (labels.no_clear_change ?? 0);
  return {pairs, labels, called, realisedSpread: pooledSd(differences)};
}

/**
 * A cell under no real change: its realised spread within 20% of the asked one (so the grid means what it says),
 * no pair not comparable, at most 5% called better, worse or mixed, and the upper 95% Clopper-Pearson bound of
 * that rate at most 7%.
 */
export function expectFewCalls(result: CellResult, spread: number, name: string): void {
  const [, upper] = clopperPearson(result.called, result.pairs);
  console.log(`${name}: ${JSON.stringify(result.labels)}, called at most ${(100 * upper).toFixed(2)}% (95%)`);
  expect(result.realisedSpread / spread).toBeGreaterThan(0.8);
  expect(result.realisedSpread / spread).toBeLessThan(1.2);
  expect(result.labels.not_comparable).toBeUndefined();
  expect(result.called / result.pairs).toBeLessThanOrEqual(0.05);
  expect(upper).toBeLessThanOrEqual(0.07);
}

/** P(X <= k), X ~ Binomial(trials, p), summed term by term in logarithms. */
export function binomialCdf(k: number, trials: number, p: number): number {
  if (k < 0) return 0;
  if (k >= trials) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  const [logP, logQ] = [Math.log(p), Math.log1p(-p)];
  let logCoefficient = 0;
  let sum = 0;
  for (let j = 0; j <= k; j++) {
    sum += Math.exp(logCoefficient + j * logP + (trials - j) * logQ);
    logCoefficient += Math.log(trials - j) - Math.log(j + 1);
  }
  return Math.min(1, sum);
}

/** The p in [lo, hi] where a decreasing function of p crosses `target`, by bisection. */
function crossing(f: (p: number) => number, target: number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) > target) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The exact (Clopper-Pearson) interval for a binomial proportion, `successes` of `trials`: the p at which
 * P(X >= successes) and P(X <= successes) are each (1 - confidence) / 2.
 */
export function clopperPearson(successes: number, trials: number, confidence = 0.95): [number, number] {
  const tail = (1 - confidence) / 2;
  const share = successes / trials;
  const lower = successes === 0 ? 0 : crossing((p) => binomialCdf(successes - 1, trials, p), 1 - tail, 0, share);
  const upper = successes === trials ? 1 : crossing((p) => binomialCdf(successes, trials, p), tail, share, 1);
  return [lower, upper];
}
