// ROUGE-1/2/L F1 as Google's rouge-score computes it with use_stemmer=True
// (rouge_score/tokenize.py and rouge_scorer.py). Floating-point operations follow
// the Python order so that results match it bit for bit, not just approximately.
import {porterStem} from "./porter.js";

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

const NON_ALPHANUMERIC = /[^a-z0-9]+/g;
const VALID_TOKEN = /^[a-z0-9]+$/;
// rouge-score stems only tokens longer than this.
const MAX_UNSTEMMED_LENGTH = 3;

export function rougeTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const word of text.toLowerCase().replace(NON_ALPHANUMERIC, " ").split(" ")) {
    const token = word.length > MAX_UNSTEMMED_LENGTH ? porterStem(word) : word;
    // rouge-score re-validates after stemming; this also drops the empty split pieces.
    if (VALID_TOKEN.test(token)) tokens.push(token);
  }
  return tokens;
}

export function rougeScores(prediction: string, reference: string): RougeScores {
  return rougeScoresFromTokens(rougeTokens(prediction), rougeTokens(reference));
}

export function rougeScoresFromTokens(predTokens: readonly string[], refTokens: readonly string[]): RougeScores {
  return {
    rouge1: ngramF1(predTokens, refTokens, 1),
    rouge2: ngramF1(predTokens, refTokens, 2),
    rougeL: lcsF1(predTokens, refTokens),
  };
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

// Tokens never contain spaces, so a space-joined n-gram is an unambiguous key.
function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let start = 0; start + n <= tokens.length; start++) {
    const ngram = n === 1 ? (tokens[start] ?? "") : tokens.slice(start, start + n).join(" ");
    counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
  }
  return counts;
}

function ngramF1(predTokens: readonly string[], refTokens: readonly string[], n: number): number {
  const predCounts = ngramCounts(predTokens, n);
  const refCounts = ngramCounts(refTokens, n);
  let overlap = 0;
  for (const [ngram, refCount] of refCounts) overlap += Math.min(refCount, predCounts.get(ngram) ?? 0);
  const predTotal = Math.max(predTokens.length - n + 1, 0);
  const refTotal = Math.max(refTokens.length - n + 1, 0);
  return fmeasure(overlap / Math.max(predTotal, 1), overlap / Math.max(refTotal, 1));
}

function lcsF1(predTokens: readonly string[], refTokens: readonly string[]): number {
  if (predTokens.length === 0 || refTokens.length === 0) return 0;
  const lcs = lcsLength(predTokens, refTokens);
  return fmeasure(lcs / predTokens.length, lcs / refTokens.length);
}

// Classic dynamic programme, keeping one row sized by the shorter sequence:
// O(n*m) time, O(min(n, m)) memory. Tokens become integer ids so the inner loop
// compares numbers instead of strings.
export function lcsLength(a: readonly string[], b: readonly string[]): number {
  const [longer, shorter] = a.length >= b.length ? [a, b] : [b, a];
  const idByToken = new Map<string, number>();
  const toId = (token: string): number => {
    let id = idByToken.get(token);
    if (id === undefined) {
      id = idByToken.size;
      idByToken.set(token, id);
    }
    return id;
  };
  const shorterIds = Int32Array.from(shorter, toId);
  const longerIds = Int32Array.from(longer, toId);
  const columns = shorterIds.length;
  const row = new Int32Array(columns + 1);
  for (const longerId of longerIds) {
    let diagonal = 0;
    for (let j = 1; j <= columns; j++) {
      const above = row[j] ?? 0;
      row[j] = longerId === shorterIds[j - 1] ? diagonal + 1 : Math.max(above, row[j - 1] ?? 0);
      diagonal = above;
    }
  }
  return row[columns] ?? 0;
}
