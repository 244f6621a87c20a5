import {describe, it, expect} from "vitest";
import {existsSync, readFileSync, readdirSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {corpusDir} from "./support/paths.js";
import {porterStem} from "../src/compare/porter.js";
import {lcsLength, rougeScores, rougeScoresFromTokens, rougeTokens} from "../src/compare/rouge.js";
import type {RougeScores} from "../src/compare/rouge.js";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const fixturesDir = path.join(projectRoot, "fixtures", "rouge");

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(file, "utf8")) as T;
}

interface PorterVectors {
  nltk_version: string;
  vectors: [word: string, stem: string][];
}

interface EpisodeVector extends RougeScores {
  run: string;
  episode_id: string;
  prediction: string;
  reference_text: string;
}

describe("porterStem matches NLTK PorterStemmer() (scripts/gen-rouge-vectors.py)", () => {
  const {vectors} = readJson<PorterVectors>(path.join(fixturesDir, "porter-vectors.json"));

  it("reproduces every vector in the fixture", () => {
    expect(vectors.length).toBeGreaterThan(1500);
    const mismatches = vectors
      .filter(([word, stem]) => porterStem(word) !== stem)
      .map(([word, stem]) => ({word, nltk: stem, ours: porterStem(word)}));
    expect(mismatches).toEqual([]);
  });

  it.each([
    ["generously", "gener"],
    ["dying", "die"],
    ["Dying", "dy"],
    ["sky", "sky"],
    ["Sky", "ski"],
    ["news", "news"],
    ["ties", "tie"],
    ["happily", "happili"],
    ["agreed", "agre"],
    ["feed", "feed"],
    ["conditional", "condit"],
    ["relational", "relat"],
    ["hopefulness", "hope"],
    ["ponies", "poni"],
    ["caresses", "caress"],
    ["ied", "i"],
    ["y", "y"],
    ["yyy", "yyy"]
  ])("stems %s to %s", (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });
});

describe("rougeTokens follows rouge_score tokenize() with a stemmer", () => {
  it("lowercases, splits on anything outside [a-z0-9] and stems only tokens longer than 3", () => {
    expect(rougeTokens("Don't stop-believing, 2024's Été naïve")).toEqual([
      "don",
      "t",
      "stop",
      "believ",
      "2024",
      "s",
      "t",
      "na",
      "ve"
    ]);
    expect(rougeTokens("The runners were running quickly.")).toEqual(["the", "runner", "were", "run", "quickli"]);
  });

  it("yields no tokens for empty or punctuation-only text", () => {
    expect(rougeTokens("")).toEqual([]);
    expect(rougeTokens("  !!! --- \n\t ")).toEqual([]);
  });
});

describe("rougeScores on hand-checked pairs", () => {
  // Each case: prediction, reference, expected F1 worked out by hand from the tokens.
  const cases: [prediction: string, reference: string, expected: RougeScores][] = [
    // pred [the cat sat], ref [the cat sat on the mat]: 3/3 vs 3/6 unigrams, 2/2 vs 2/5 bigrams, LCS 3.
    ["the cat sat", "the cat sat on the mat", {rouge1: 2 / 3, rouge2: 4 / 7, rougeL: 2 / 3}],
    // pred [the runner were run quickli], ref [a runner run quick]: 2 shared unigrams, no shared bigram, LCS 2.
    ["The runners were running quickly.", "A runner runs quick!", {rouge1: 4 / 9, rouge2: 0, rougeL: 4 / 9}],
    // "the" x4 against [the cat]: the count is clipped to 1, so P = 1/4 and R = 1/2.
    ["the the the the", "the cat", {rouge1: 1 / 3, rouge2: 0, rougeL: 1 / 3}],
    // Same bag of words, reversed order: unigrams all match, bigrams none, LCS 1 of 3.
    ["c b a", "a b c", {rouge1: 1, rouge2: 0, rougeL: 1 / 3}],
    ["Hello, world! Hello.", "hello world hello", {rouge1: 1, rouge2: 1, rougeL: 1}],
    // One token each: no bigram on either side, and rouge-score then gives 0, not 1.
    ["cat", "cat", {rouge1: 1, rouge2: 0, rougeL: 1}],
    // No tokens on one side gives 0 everywhere.
    ["", "anything", {rouge1: 0, rouge2: 0, rougeL: 0}],
    ["the cat", "!!! ---", {rouge1: 0, rouge2: 0, rougeL: 0}]
  ];

  it.each(cases)("%j vs %j", (prediction, reference, expected) => {
    const scores = rougeScores(prediction, reference);
    expect(scores.rouge1).toBeCloseTo(expected.rouge1, 12);
    expect(scores.rouge2).toBeCloseTo(expected.rouge2, 12);
    expect(scores.rougeL).toBeCloseTo(expected.rougeL, 12);
  });

  it("gives the same scores from pre-tokenized input", () => {
    const [prediction, reference] = ["The runners were running quickly.", "A runner runs quick!"];
    expect(rougeScoresFromTokens(rougeTokens(prediction), rougeTokens(reference))).toEqual(
      rougeScores(prediction, reference)
    );
  });

  it("computes the LCS of long sequences in either argument order", () => {
    const reference = Array.from({length: 6000}, (_, i) => `w${i % 97}`);
    const prediction = reference.filter((_, i) => i % 3 !== 0).concat(["x", "y"]);
    expect(lcsLength(prediction, reference)).toBe(4000);
    expect(lcsLength(reference, prediction)).toBe(4000);
    expect(lcsLength([], reference)).toBe(0);
  });
});

describe("rougeScores matches the Python reimplementation on real episodes", () => {
  const {episodes} = readJson<{episodes: EpisodeVector[]}>(path.join(fixturesDir, "episode-vectors.json"));

  it.each(episodes.map((episode) => [`${episode.run} ${episode.episode_id}`, episode] as const))(
    "%s",
    (_name, episode) => {
      const scores = rougeScores(episode.prediction, episode.reference_text);
      expect(Math.abs(scores.rouge1 - episode.rouge1)).toBeLessThan(1e-9);
      expect(Math.abs(scores.rouge2 - episode.rouge2)).toBeLessThan(1e-9);
      expect(Math.abs(scores.rougeL - episode.rougeL)).toBeLessThan(1e-9);
    }
  );
});

// --- Acceptance: recompute the corpus's stored vs_reference ROUGE means. ---

interface PredictionRow {
  dataset_id: string;
  episode_id: string;
  output?: unknown;
}

interface StoredRouge {
  rouge1_f1: number;
  rouge2_f1: number;
  rougeL_f1: number;
}

interface RougeRun {
  runDir: string;
  referenceDir: string;
  stored: StoredRouge;
}

function listDirs(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true})
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name))
    .sort();
}

function findDirsRecursively(dir: string, keep: (dir: string) => boolean): string[] {
  return listDirs(dir).flatMap((child) => [...(keep(child) ? [child] : []), ...findDirsRecursively(child, keep)]);
}

function discoverRougeRuns(corpus: string): RougeRun[] {
  const runs: RougeRun[] = [];
  for (const runDir of findDirsRecursively(corpus, (dir) => existsSync(path.join(dir, "metrics.json")))) {
    const metrics = readJson<{vs_reference?: Record<string, Partial<StoredRouge>> | null}>(
      path.join(runDir, "metrics.json")
    );
    for (const [referenceId, stored] of Object.entries(metrics.vs_reference ?? {})) {
      if (stored.rouge1_f1 === undefined) continue; // NER references carry no ROUGE
      const [referenceDir] = findDirsRecursively(
        path.join(corpus, "references"),
        (dir) => path.basename(dir) === referenceId
      );
      if (referenceDir === undefined) throw new Error(`${runDir}: reference ${referenceId} not found`);
      runs.push({runDir, referenceDir, stored: stored as StoredRouge});
    }
  }
  return runs;
}

// The evaluator scored the raw stored text: for bullets runs that is the JSON string,
// ```json fence included, not the bullets extracted from it.
function scoredText(row: PredictionRow): string | null {
  const output = row.output;
  if (typeof output === "string") return output;
  if (typeof output !== "object" || output === null) return null;
  for (const key of ["summary_final", "summary_long"]) {
    const value: unknown = (output as Record<string, unknown>)[key];
    if (typeof value === "string") return value;
  }
  return null;
}

function readTextsByEpisode(runDir: string): Map<string, string> {
  const texts = new Map<string, string>();
  for (const line of readFileSync(path.join(runDir, "predictions.jsonl"), "utf8").split("\n")) {
    if (line.trim() === "") continue;
    const row = JSON.parse(line) as PredictionRow;
    const text = scoredText(row);
    if (text !== null) texts.set(JSON.stringify([row.dataset_id, row.episode_id]), text);
  }
  return texts;
}

function meanRouge(run: RougeRun): RougeScores & {episodes: number} {
  const referenceTexts = readTextsByEpisode(run.referenceDir);
  const sums = {rouge1: 0, rouge2: 0, rougeL: 0};
  let episodes = 0;
  for (const [key, prediction] of readTextsByEpisode(run.runDir)) {
    const reference = referenceTexts.get(key);
    if (reference === undefined) continue;
    const scores = rougeScores(prediction, reference);
    sums.rouge1 += scores.rouge1;
    sums.rouge2 += scores.rouge2;
    sums.rougeL += scores.rougeL;
    episodes++;
  }
  return {rouge1: sums.rouge1 / episodes, rouge2: sums.rouge2 / episodes, rougeL: sums.rougeL / episodes, episodes};
}

describe("corpus acceptance: recomputed ROUGE means equal the stored vs_reference values", () => {
  const runs = discoverRougeRuns(corpusDir);

  it("finds the runs that carry ROUGE against a reference", () => {
    expect(runs.length).toBeGreaterThanOrEqual(6);
  });

  it.each(runs.map((run) => [path.relative(corpusDir, run.runDir), run] as const))("%s", (_name, run) => {
    const mean = meanRouge(run);
    expect(mean.episodes).toBeGreaterThan(0);
    const gaps = {
      rouge1: Math.abs(mean.rouge1 - run.stored.rouge1_f1),
      rouge2: Math.abs(mean.rouge2 - run.stored.rouge2_f1),
      rougeL: Math.abs(mean.rougeL - run.stored.rougeL_f1)
    };
    expect(Math.max(gaps.rouge1, gaps.rouge2, gaps.rougeL), JSON.stringify({mean, stored: run.stored})).toBeLessThan(
      0.0005
    );
  });
});

describe("the bit-parallel LCS equals the textbook dynamic programme", () => {
  // Independent oracle: the O(n*m) table, written out plainly.
  function lcsTable(a: string[], b: string[]): number {
    const table = Array.from({length: a.length + 1}, () => new Array<number>(b.length + 1).fill(0));
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        table[i][j] = a[i - 1] === b[j - 1] ? table[i - 1][j - 1] + 1 : Math.max(table[i - 1][j], table[i][j - 1]);
      }
    }
    return table[a.length][b.length];
  }

  it("on 500 seeded random pairs across word boundaries (lengths 0-140, alphabets 2-12)", () => {
    let seed = 7;
    const random = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (let trial = 0; trial < 500; trial++) {
      const alphabet = 2 + Math.floor(random() * 11);
      const word = () => `w${Math.floor(random() * alphabet)}`;
      const a = Array.from({length: Math.floor(random() * 141)}, word);
      const b = Array.from({length: Math.floor(random() * 141)}, word);
      expect(lcsLength(a, b), `trial ${trial}`).toBe(lcsTable(a, b));
    }
  });
});
