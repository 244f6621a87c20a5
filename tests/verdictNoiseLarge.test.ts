// verdictNoise.test.ts continued (a separate file so that the two run in parallel): at 200 episodes per pair, how
// often the verdict calls a change that is not there when most pairs have a few defects on either side; and power,
// how often a true ROUGE-L gain of 1.25x its threshold is called better at 30 episodes.
import {describe, expect, it} from "vitest";
import {seedOf} from "../scripts/synthText.mjs";
import {compareRuns} from "../src/compare/compare.js";
import {
  expectFewCalls,
  labelCell,
  NOISE_GRID,
  PAIRS_PER_CELL,
  POWER_CELL,
  type SimulatedPair,
  simulatedRuns
} from "./support/simulate.js";

/** The label the engine's public entry point gives a simulated pair. */
function engineLabel(pair: SimulatedPair): string {
  const {baseline, candidate} = simulatedRuns(pair);
  return compareRuns(baseline, candidate).verdict.label ?? "scored against its gold";
}

const cells = NOISE_GRID.spreads.flatMap((spread) => NOISE_GRID.defectRates.map((rate) => [200, spread, rate]));

// Enabled by the lead once compareRuns sets the label from src/compare/signals.ts (the v3 rules).
describe("the verdict through compareRuns, 500 pairs per cell: 200 episodes, and power", () => {
  it.each(cells)("no real change, n = %d, spread %f, defect rate %f: at most 5% called", (n, spread, rate) => {
    const cell = {episodes: n, spread, defectRate: rate};
    const result = labelCell(cell, PAIRS_PER_CELL, seedOf("null", n, spread, rate), engineLabel);
    expectFewCalls(result, spread, `n=${n} spread=${spread} r=${rate}`);
  });

  it.each(NOISE_GRID.defectRates)(
    "power: a true gain of 1.25x the threshold, defect rate %f: better >= 80%",
    (rate) => {
      const result = labelCell({...POWER_CELL, defectRate: rate}, PAIRS_PER_CELL, seedOf("power", rate), engineLabel);
      console.log(`power r=${rate}: ${JSON.stringify(result.labels)}`);
      expect(result.realisedSpread / POWER_CELL.spread).toBeGreaterThan(0.8);
      expect(result.realisedSpread / POWER_CELL.spread).toBeLessThan(1.2);
      expect((result.labels.better ?? 0) / result.pairs).toBeGreaterThanOrEqual(0.8);
    }
  );
});
