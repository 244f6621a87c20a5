// ROUGE-1/2/L F1 as Google's rouge-score computes it with use_stemmer=True
// (rouge_score/tokenize.py and rouge_scorer.py). Floating-point operations follow
// the Python order so that results match it bit for bit, not just approximately.
// Texts are prepared once (tokens as integer ids, n-gram counts) because a reference
// is scored against every run that names it.
import {porterStem} from "./porter.js";

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** A reference text, prepared once: token ids, n-gram counts by slot, and (on first use) LCS bit masks. */
export interface PreparedText {
  ids: Int32Array;
  unigrams: NgramCounts;
  bigrams: NgramCounts;
  masks?: Map<number, Uint32Array>;
}

interface NgramCounts {
  slot: Map<number, number>;
  counts: Int32Array;
  total: number;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;
// rouge-score stems only tokens longer than this.
const MAX_UNSTEMMED_LENGTH = 3;
const MAX_CACHED_WORDS = 500_000;
const stemCache = new Map<string, string>();
// Token ids are shared by every prepared text so that n-grams compare as numbers.
const tokenIds = new Map<string, number>();
const BIGRAM_BASE = 2 ** 26;

function stem(word: string): string {
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size > MAX_CACHED_WORDS) stemCache.clear();
    stemmed = porterStem(word);
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

export function rougeTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.toLowerCase().replace(NON_ALPHANUMERIC, " ").split(" ")) {
    const token = word.length > MAX_UNSTEMMED_LENGTH ? stem(word) : word;
    // rouge-score re-validates after stemming; this also drops the empty split pieces.
    if (VALID_TOKEN.test(token)) tokens.push(token);
  }
  return tokens;
}

function idOf(token: string): number {
  let id = tokenIds.get(token);
  if (id === undefined) {
    id = tokenIds.size;
    if (id >= BIGRAM_BASE) throw new Error("ROUGE vocabulary exceeds 2^26 distinct tokens");
    tokenIds.set(token, id);
  }
  return id;
}

function ngramCounts(keys: number[]): NgramCounts {
  const slot = new Map<number, number>();
  const counts: number[] = [];
  for (const key of keys) {
    const index = slot.get(key);
    if (index === undefined) {
      slot.set(key, counts.length);
      counts.push(1);
    } else counts[index]++;
  }
  return {slot, counts: Int32Array.from(counts), total: keys.length};
}

function bigramKeys(ids: Int32Array): number[] {
  const keys: number[] = [];
  for (let i = 1; i < ids.length; i++) keys.push(ids[i - 1] * BIGRAM_BASE + ids[i]);
  return keys;
}

export function prepareTokens(tokens: readonly string[]): PreparedText {
  const ids = Int32Array.from(tokens, idOf);
  return {ids, unigrams: ngramCounts(Array.from(ids)), bigrams: ngramCounts(bigramKeys(ids))};
}

export function prepareText(text: string): PreparedText {
  return prepareTokens(rougeTokens(text));
}

/** Token ids of a prediction: all that scoring needs from the side that is not reused. */
export function predictionIds(text: string): Int32Array {
  return Int32Array.from(rougeTokens(text), idOf);
}

export function rougeScores(prediction: string, reference: string): RougeScores {
  return scorePrepared(predictionIds(prediction), prepareText(reference));
}

export function rougeScoresFromTokens(predTokens: readonly string[], refTokens: readonly string[]): RougeScores {
  return scorePrepared(Int32Array.from(predTokens, idOf), prepareTokens(refTokens));
}

export function scorePrepared(prediction: Int32Array, reference: PreparedText): RougeScores {
  return {
    rouge1: ngramF1(prediction, reference.unigrams, (i) => prediction[i], prediction.length),
    rouge2: ngramF1(prediction, reference.bigrams, (i) => prediction[i] * BIGRAM_BASE + prediction[i + 1], prediction.length - 1),
    rougeL: lcsF1(prediction, reference)
  };
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Clipped overlap, sum over n-grams of min(reference count, prediction count), counted in one pass. */
function ngramF1(prediction: Int32Array, reference: NgramCounts, keyAt: (i: number) => number, predTotal: number): number {
  const used = new Int32Array(reference.counts.length);
  let overlap = 0;
  for (let i = 0; i < predTotal; i++) {
    const slot = reference.slot.get(keyAt(i));
    if (slot !== undefined && used[slot] < reference.counts[slot]) {
      used[slot]++;
      overlap++;
    }
  }
  return fmeasure(overlap / Math.max(predTotal, 1), overlap / Math.max(reference.total, 1));
}

function lcsF1(prediction: Int32Array, reference: PreparedText): number {
  if (prediction.length === 0 || reference.ids.length === 0) return 0;
  const lcs = bitParallelLcs(prediction, reference);
  return fmeasure(lcs / prediction.length, lcs / reference.ids.length);
}

function positionMasks(reference: PreparedText): Map<number, Uint32Array> {
  if (!reference.masks) {
    const words = Math.ceil(reference.ids.length / 32);
    const masks = new Map<number, Uint32Array>();
    reference.ids.forEach((id, position) => {
      let mask = masks.get(id);
      if (!mask) masks.set(id, (mask = new Uint32Array(words)));
      mask[position >>> 5] |= 1 << (position & 31);
    });
    reference.masks = masks;
  }
  return reference.masks;
}

/**
 * Length of the longest common subsequence, by the bit-vector algorithm of Allison-Dix / Hyyrö:
 * one pass over `sequence`, 32 reference positions per machine word, exact. With U = V & M
 * (a subset of V), V - U = V & ~U, so the update V' = (V + U) | (V - U) needs only the carry.
 */
function bitParallelLcs(sequence: Int32Array, reference: PreparedText): number {
  const masks = positionMasks(reference);
  const length = reference.ids.length;
  const words = Math.ceil(length / 32);
  const v = new Uint32Array(words).fill(0xffffffff);
  for (const id of sequence) {
    const mask = masks.get(id);
    if (!mask) continue; // a token absent from the reference leaves V unchanged
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const vw = v[w];
      const u = vw & mask[w];
      const sum = vw + (u >>> 0) + carry;
      carry = sum > 0xffffffff ? 1 : 0;
      v[w] = (sum >>> 0) | (vw & ~u);
    }
  }
  let ones = 0;
  for (let w = 0; w < words; w++) {
    const bits = w === words - 1 && length % 32 ? v[w] & ((1 << (length % 32)) - 1) : v[w];
    ones += popcount(bits >>> 0);
  }
  return length - ones;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** LCS length of two token sequences (either order gives the same length). */
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  return bitParallelLcs(Int32Array.from(a, idOf), prepareTokens(b));
}
