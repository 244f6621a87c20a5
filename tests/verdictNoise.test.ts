// How often the verdict calls a change that is not there, on simulated pairs that look like real runs (see
// tests/support/simulate.ts), and how often it catches a real one. The generator is checked first: its outputs
// score as the real scorer says, the grid's spreads and defect rates are what they claim. Pairs of 5, 10 and 30
// episodes are here; 200 episodes and the power cells in verdictNoiseLarge.test.ts (the two run in parallel).
import {describe, expect, it} from "vitest";
import {seedOf} from "../scripts/synthText.mjs";
import {compareRuns} from "../src/compare/compare.js";
import {rougeScores, rougeTokens} from "../src/compare/rouge.js";
import {
  binomialCdf,
  clopperPearson,
  expectFewCalls,
  labelCell,
  NOISE_GRID,
  PAIRS_PER_CELL,
  POWER_CELL,
  pairGenerator,
  pooledSd,
  REFERENCE_POOL,
  referenceText,
  rougeDifferences,
  type SimulatedPair,
  simulatedOutput,
  simulatedRuns
} from "./support/simulate.js";

/** The label the engine's public entry point gives a simulated pair. */
function engineLabel(pair: SimulatedPair): string {
  const {baseline, candidate} = simulatedRuns(pair);
  return compareRuns(baseline, candidate).verdict.label ?? "scored against its gold";
}

describe("Clopper-Pearson bounds (exact binomial)", () => {
  it("binomial sums by hand", () => {
    expect(binomialCdf(1, 3, 0.5)).toBeCloseTo(0.5, 15);
    // 1 - P(3) - P(4) = 1 - 4·0.3³·0.7 - 0.3⁴.
    expect(binomialCdf(2, 4, 0.3)).toBeCloseTo(1 - 4 * 0.027 * 0.7 - 0.0081, 14);
    expect(binomialCdf(0, 500, 0.01)).toBeCloseTo(0.99 ** 500, 15);
    expect(binomialCdf(500, 500, 0.3)).toBe(1);
  });

  it("0 of 500: upper 1 - 0.025^(1/500) = 0.00735; 25 of 500: [0.0326, 0.0729] (scipy beta quantiles)", () => {
    const [lo0, hi0] = clopperPearson(0, 500);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(1 - 0.025 ** (1 / 500), 10);
    expect(hi0).toBeCloseTo(0.0073506100519078, 10);
    const [lo, hi] = clopperPearson(25, 500);
    expect(lo).toBeCloseTo(0.03261518014933005, 10);
    expect(hi).toBeCloseTo(0.07292762165047896, 10);
    expect(clopperPearson(500, 500)).toEqual([expect.closeTo(0.025 ** (1 / 500), 10), 1]);
  });
});

describe("simulated runs", () => {
  it("an output is its reference with words replaced: its text scores as stored, ROUGE-L = kept / length", () => {
    for (const reference of [0, 17, REFERENCE_POOL - 1]) {
      const length = rougeTokens(referenceText(reference)).length;
      expect(length).toBeGreaterThanOrEqual(60);
      expect(length).toBeLessThanOrEqual(120);
      for (const kept of [0, 1, Math.floor(length / 3), Math.floor(length / 2), length - 1, length]) {
        const output = simulatedOutput(reference, kept);
        expect(rougeTokens(output.text)).toHaveLength(length);
        expect(rougeScores(output.text, referenceText(reference))).toEqual(output.scores);
        expect(output.scores.rougeL).toBeCloseTo(kept / length, 12);
      }
    }
  });

  it.each(NOISE_GRID.spreads.flatMap((spread) => NOISE_GRID.defectRates.map((rate) => [spread, rate])))(
    "spread %f, defect rate %f: paired ROUGE-L SD within 20% of the spread, defects at the rate, failures unscored",
    (spread, rate) => {
      const generate = pairGenerator(seedOf("generator", spread, rate));
      const pairs = Array.from({length: 100}, () => generate({episodes: 30, spread, defectRate: rate}));
      const sides = pairs.flatMap((pair) => [...pair.baseline, ...pair.candidate]);
      const failed = sides.filter((row) => row.failed);
      for (const row of failed) expect([row.rougeL, row.gate_truncation, row.output_chars]).toEqual([null, null, null]);
      const scored = sides.filter((row) => !row.failed);
      for (const row of scored) expect(row.rougeL).toBeTypeOf("number");
      const margin = (share: number, n: number) => 4 * Math.sqrt((share * (1 - share)) / n) + 1 / n;
      expect(Math.abs(failed.length / sides.length - rate)).toBeLessThan(margin(rate, sides.length));
      const gates = scored.filter((row) => row.gate_boilerplate).length / scored.length;
      expect(Math.abs(gates - rate)).toBeLessThan(margin(rate, scored.length));
      const differences = pairs.map(rougeDifferences);
      const realised = pooledSd(differences);
      expect(realised / spread).toBeGreaterThan(0.8);
      expect(realised / spread).toBeLessThan(1.2);
      const all = differences.flat();
      const mean = all.reduce((a, b) => a + b, 0) / all.length;
      expect(Math.abs(mean)).toBeLessThan((4 * spread) / Math.sqrt(all.length));
    }
  );

  it("the power cell's candidate gains its shift on average", () => {
    const generate = pairGenerator(seedOf("generator", "shift"));
    const all = Array.from({length: 100}, () => rougeDifferences(generate({...POWER_CELL, defectRate: 0.02}))).flat();
    const mean = all.reduce((a, b) => a + b, 0) / all.length;
    expect(Math.abs(mean - POWER_CELL.shift)).toBeLessThan((4 * POWER_CELL.spread) / Math.sqrt(all.length));
  });

  it("a simulated pair goes through compareRuns, ROUGE-L compared over the episodes both scored", () => {
    const pair = pairGenerator(seedOf("engine"))({episodes: 30, spread: 0.08, defectRate: 0.05});
    const differences = rougeDifferences(pair);
    const {baseline, candidate} = simulatedRuns(pair);
    const comparison = compareRuns(baseline, candidate);
    expect(comparison.comparable).toBe(true);
    const rougeL = comparison.deltas.find((d) => d.metric === "rougeL_f1");
    expect(rougeL?.n).toBe(differences.length);
    expect(rougeL?.delta).toBeCloseTo(differences.reduce((a, b) => a + b, 0) / differences.length, 12);
  });
});

const nullCells = NOISE_GRID.episodes
  .filter((n) => n <= 30)
  .flatMap((n) => NOISE_GRID.spreads.flatMap((spread) => NOISE_GRID.defectRates.map((rate) => [n, spread, rate])));

// Enabled by the lead once compareRuns sets the label from src/compare/signals.ts (the v3 rules).
describe("the verdict through compareRuns, 500 pairs per cell, 5 to 30 episodes", () => {
  it.each(nullCells)("no real change, n = %d, spread %f, defect rate %f: at most 5% called", (n, spread, rate) => {
    const cell = {episodes: n, spread, defectRate: rate};
    const result = labelCell(cell, PAIRS_PER_CELL, seedOf("null", n, spread, rate), engineLabel);
    expectFewCalls(result, spread, `n=${n} spread=${spread} r=${rate}`);
  });
});
