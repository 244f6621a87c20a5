// ROUGE-1/2/L F1 as Google's rouge-score computes it with use_stemmer=True
// (rouge_score/tokenize.py and rouge_scorer.py). Floating-point operations follow
// the Python order so that results match it bit for bit, not just approximately.
// Every text is tokenized once into shared integer ids; a reference is prepared once and
// then scored against every prediction that names it, in one call.
import {porterStem} from "./porter.js";

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

/** A reference text, prepared once: its distinct tokens, their counts, bigram counts and LCS bit masks. */
export interface PreparedReference {
  length: number;
  /** Distinct token ids; a token's slot is its index here. */
  distinct: Int32Array;
  counts: Int32Array;
  /** Bigram (slot a, slot b) -> index into bigramCounts. */
  bigramIndex: Map<number, number>;
  bigramCounts: Int32Array;
  /** One row of ceil(length / 32) words per slot: the positions where that token occurs. */
  masks: Uint32Array;
}

// rouge-score stems only tokens longer than this.
const MAX_UNSTEMMED_LENGTH = 3;
const VALID_TOKEN = /^[a-z0-9]+$/;
const MAX_CACHED_WORDS = 500_000;
const NO_TOKEN = -1;
// Token ids are shared by every text so that tokens compare as numbers.
const tokenIds = new Map<string, number>();
const tokenNames: string[] = [];
// Lowercased word as it appears -> token id after stemming (NO_TOKEN when stemming leaves nothing valid).
const wordTokens = new Map<string, number>();
// Slot + 1 of each token id in the reference being scored, 0 elsewhere; reset after every reference.
let slotOf = new Int32Array(1 << 16);

function tokenOfWord(word: string): number {
  let id = wordTokens.get(word);
  if (id === undefined) {
    if (wordTokens.size > MAX_CACHED_WORDS) wordTokens.clear();
    const token = word.length > MAX_UNSTEMMED_LENGTH ? porterStem(word) : word;
    // rouge-score re-validates after stemming.
    id = VALID_TOKEN.test(token) ? idOf(token) : NO_TOKEN;
    wordTokens.set(word, id);
  }
  return id;
}

function idOf(token: string): number {
  let id = tokenIds.get(token);
  if (id === undefined) {
    id = tokenNames.length;
    tokenIds.set(token, id);
    tokenNames.push(token);
  }
  return id;
}

const isAlphanumeric = (code: number) => (code >= 97 && code <= 122) || (code >= 48 && code <= 57);

/** Token ids of a text: lowercase, runs of [a-z0-9] (anything else separates), Porter-stemmed when longer than 3. */
export function rougeTokenIds(text: string): Int32Array {
  const lower = text.toLowerCase();
  const ids: number[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; i++) {
    if (i < lower.length && isAlphanumeric(lower.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const id = tokenOfWord(lower.slice(start, i));
      if (id !== NO_TOKEN) ids.push(id);
      start = -1;
    }
  }
  return Int32Array.from(ids);
}

export function rougeTokens(text: string): string[] {
  return Array.from(rougeTokenIds(text), (id) => tokenNames[id]);
}

/** Token sequences in a form that outlives this process (ids are per process): a vocabulary and indexes into it. */
export interface PortableTokens {
  vocabulary: string[];
  sequences: (number[] | null)[];
}

export function toPortable(sequences: readonly (Int32Array | null)[]): PortableTokens {
  const local = new Map<number, number>();
  const vocabulary: string[] = [];
  const indexOf = (id: number) =>
    local.get(id) ?? (local.set(id, vocabulary.length), vocabulary.push(tokenNames[id]) - 1);
  return {vocabulary, sequences: sequences.map((ids) => ids && Array.from(ids, indexOf))};
}

export function fromPortable({vocabulary, sequences}: PortableTokens): (Int32Array | null)[] {
  const ids = vocabulary.map(idOf);
  return sequences.map((sequence) => sequence && Int32Array.from(sequence, (index) => ids[index]));
}

export function prepareReference(ids: Int32Array): PreparedReference {
  const slots = new Map<number, number>();
  const counts: number[] = [];
  const slotAt = new Int32Array(ids.length);
  ids.forEach((id, position) => {
    let slot = slots.get(id);
    if (slot === undefined) {
      slot = counts.push(0) - 1;
      slots.set(id, slot);
    }
    counts[slot]++;
    slotAt[position] = slot;
  });
  const distinct = counts.length;
  const bigramIndex = new Map<number, number>();
  const bigramCounts: number[] = [];
  for (let i = 1; i < ids.length; i++) {
    const key = slotAt[i - 1] * distinct + slotAt[i];
    const index = bigramIndex.get(key);
    if (index === undefined) bigramIndex.set(key, bigramCounts.push(1) - 1);
    else bigramCounts[index]++;
  }
  const words = Math.ceil(ids.length / 32);
  const masks = new Uint32Array(distinct * words);
  for (let position = 0; position < slotAt.length; position++) {
    masks[slotAt[position] * words + (position >>> 5)] |= 1 << (position & 31);
  }
  return {
    length: ids.length,
    distinct: Int32Array.from(slots.keys()),
    counts: Int32Array.from(counts),
    bigramIndex,
    bigramCounts: Int32Array.from(bigramCounts),
    masks
  };
}

/** Runs `score` while `slotOf` maps the reference's tokens to their slots. */
function withReference<T>(reference: PreparedReference, score: () => T): T {
  if (slotOf.length < tokenNames.length) slotOf = new Int32Array(Math.max(tokenNames.length, slotOf.length * 2));
  for (let slot = 0; slot < reference.distinct.length; slot++) slotOf[reference.distinct[slot]] = slot + 1;
  try {
    return score();
  } finally {
    for (const id of reference.distinct) slotOf[id] = 0;
  }
}

/** Each token's slot in the active reference, -1 where the reference lacks it. */
const slotsOf = (ids: Int32Array) => ids.map((id) => (slotOf[id] ?? 0) - 1);

/** Scores every prediction (token ids) against one reference. */
export function scoreAgainst(reference: PreparedReference, predictions: readonly Int32Array[]): RougeScores[] {
  return withReference(reference, () =>
    predictions.map((prediction) => {
      const slots = slotsOf(prediction);
      return {rouge1: unigramF1(slots, reference), rouge2: bigramF1(slots, reference), rougeL: lcsF1(slots, reference)};
    })
  );
}

export function rougeScores(prediction: string, reference: string): RougeScores {
  return scoreAgainst(prepareReference(rougeTokenIds(reference)), [rougeTokenIds(prediction)])[0];
}

export function rougeScoresFromTokens(predTokens: readonly string[], refTokens: readonly string[]): RougeScores {
  return scoreAgainst(prepareReference(Int32Array.from(refTokens, idOf)), [Int32Array.from(predTokens, idOf)])[0];
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

// Clipped overlap: the sum over n-grams of min(reference count, prediction count), counted in one pass.
function unigramF1(slots: Int32Array, reference: PreparedReference): number {
  const left = reference.counts.slice();
  let overlap = 0;
  for (const slot of slots) if (slot >= 0 && left[slot] > 0) left[slot]--, overlap++;
  return fmeasure(overlap / Math.max(slots.length, 1), overlap / Math.max(reference.length, 1));
}

function bigramF1(slots: Int32Array, reference: PreparedReference): number {
  const left = reference.bigramCounts.slice();
  const distinct = reference.distinct.length;
  let overlap = 0;
  for (let i = 1; i < slots.length; i++) {
    if (slots[i - 1] < 0 || slots[i] < 0) continue;
    const index = reference.bigramIndex.get(slots[i - 1] * distinct + slots[i]);
    if (index !== undefined && left[index] > 0) left[index]--, overlap++;
  }
  const total = Math.max(slots.length - 1, 0);
  return fmeasure(overlap / Math.max(total, 1), overlap / Math.max(reference.length - 1, 1));
}

function lcsF1(slots: Int32Array, reference: PreparedReference): number {
  if (slots.length === 0 || reference.length === 0) return 0;
  const lcs = bitParallelLcs(slots, reference);
  return fmeasure(lcs / slots.length, lcs / reference.length);
}

/**
 * Length of the longest common subsequence, by the bit-vector algorithm of Allison-Dix / Hyyrö:
 * one pass over the prediction, 32 reference positions per machine word, exact. With U = V & M
 * (a subset of V), V - U = V & ~U, so the update V' = (V + U) | (V - U) needs only the carry.
 */
function bitParallelLcs(slots: Int32Array, reference: PreparedReference): number {
  const {length, masks} = reference;
  const words = Math.ceil(length / 32);
  const v = new Uint32Array(words).fill(0xffffffff);
  for (const slot of slots) {
    if (slot < 0) continue; // a token absent from the reference leaves V unchanged
    const row = slot * words;
    let carry = 0;
    for (let w = 0; w < words; w++) {
      const vw = v[w];
      const u = vw & masks[row + w];
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
  const ids = Int32Array.from(a, idOf);
  const reference = prepareReference(Int32Array.from(b, idOf));
  return withReference(reference, () => bitParallelLcs(slotsOf(ids), reference));
}
