// The two signals that set the label, rule by rule on small cases worked out by hand: the estimate's
// interval, states and smallest detectable change, clamping, the defect sign test, and the label.
import {describe, expect, it} from "vitest";
import {
  DECISIVE_LEVEL,
  MIN_CLEAR_N,
  SIGN_TEST_ALPHA,
  SUPPORTING_LEVEL,
  defectSignal,
  estimate,
  estimateSignal,
  labelOf,
  reaches
} from "../src/compare/signals.js";

// t quantiles (scipy.stats.t.ppf): 97.5% intervals use t.9875, 95% ones t.975; the mde adds t.80.
const T9875_DF4 = 3.4954059325164417;
const T975_DF4 = 2.7764451051977934;
const T80_DF4 = 0.9409645772351816;
const T9875_DF5 = 3.163381449748609;

const quality = {threshold: 0.05, level: DECISIVE_LEVEL};

function expectClose(actual: number | null | undefined, expected: number, digits = 12) {
  expect(actual).not.toBeNull();
  expect(actual!).toBeCloseTo(expected, digits);
}

describe("levels and constants", () => {
  it("two signals at 2.5% each keep the family at 5%; supporting metrics at 95%; clear needs 5 episodes", () => {
    expect(DECISIVE_LEVEL).toBe(0.975);
    expect(SIGN_TEST_ALPHA).toBe(0.025);
    expect(1 - DECISIVE_LEVEL + SIGN_TEST_ALPHA).toBeCloseTo(0.05, 15);
    expect(SUPPORTING_LEVEL).toBe(0.95);
    expect(MIN_CLEAR_N).toBe(5);
  });
});

describe("reaches: within 1e-9 relative of the threshold counts as reaching it", () => {
  it("equal, a hair below, below, negative, and the six-0.05s mean that computes to 0.0499…", () => {
    expect(reaches(0.05, 0.05)).toBe(true);
    expect(reaches(-0.05, 0.05)).toBe(true);
    expect(reaches(0.05 * (1 - 5e-10), 0.05)).toBe(true);
    expect(reaches(0.0499999, 0.05)).toBe(false);
    expect(reaches(-0.0499999, 0.05)).toBe(false);
    expect(reaches(0.06, 0.05)).toBe(true);
    expect(0.35 - 0.3).toBeLessThan(0.05);
    expect(reaches(0.35 - 0.3, 0.05)).toBe(true);
  });
});

describe("estimate", () => {
  it("differences 0.06..0.10 (n = 5): mean 0.08, s = 0.01·√2.5, 97.5% and 95% t intervals, clear, mde", () => {
    const result = estimate([0.06, 0.07, 0.08, 0.09, 0.1], quality);
    // s² = (4 + 1 + 0 + 1 + 4)·1e-4 / 4 = 2.5e-4; s/√n = √(2.5e-4 / 5) = 0.01·√0.5.
    const standardError = 0.01 * Math.sqrt(0.5);
    expect(result.n).toBe(5);
    expectClose(result.mean, 0.08, 15);
    expectClose(result.sd, 0.01 * Math.sqrt(2.5), 15);
    expect(result.level).toBe(0.975);
    expectClose(result.ci![0], 0.08 - T9875_DF4 * standardError);
    expectClose(result.ci![1], 0.08 + T9875_DF4 * standardError);
    expectClose(result.ci95![0], 0.08 - T975_DF4 * standardError);
    expectClose(result.ci95![1], 0.08 + T975_DF4 * standardError);
    expect(result.shown).toEqual(result.ci);
    expect(result.clamped).toBe(false);
    // max(0.05, 3.4954·0.00707 = 0.0247) + 0.9410·0.00707.
    expectClose(result.mde, 0.05 + T80_DF4 * standardError);
    expect(result.threshold).toBe(0.05);
    expect(result.state).toBe("clear");
    expect(estimateSignal(result)).toBe("better");
    expect(estimateSignal(result, "lower")).toBe("worse");
  });

  it("mde uses the half-width when it exceeds the threshold: 1..5 at threshold 0.5", () => {
    const result = estimate([1, 2, 3, 4, 5], {threshold: 0.5, level: DECISIVE_LEVEL});
    const standardError = Math.sqrt(0.5);
    expectClose(result.mde, (T9875_DF4 + T80_DF4) * standardError);
    expect(result.mde!).toBeGreaterThan(0.5 + T80_DF4 * standardError);
    // 3 ± 2.47 = [0.53, 5.47]: off 0, 3 reaches 0.5, n = 5.
    expect(result.state).toBe("clear");
  });

  it("n = 2 with two equal differences of 0.075: [0.075, 0.075] is off 0 and past the threshold, yet not clear", () => {
    const result = estimate([0.075, 0.075], quality);
    expect(result.sd).toBe(0);
    expect(result.ci).toEqual([0.075, 0.075]);
    expect(result.mde).toBe(0.05);
    expect(result.state).toBe("underpowered");
    expect(estimateSignal(result)).toBe("same");
  });

  it("n = 4 is never clear, however large and tight the change", () => {
    expect(estimate([0.3, 0.3, 0.3, 0.3], quality).state).toBe("underpowered");
    expect(estimate([0.3, 0.31, 0.29, 0.3], quality).state).toBe("underpowered");
    expect(estimate([-0.3, -0.31, -0.29, -0.3], quality).state).toBe("underpowered");
    expect(estimate([0.3, 0.3, 0.3, 0.3, 0.3], quality).state).toBe("clear");
  });

  it("six differences of 0.05 computed in floating point (0.35 - 0.3 = 0.0499…) reach 0.05 and are clear", () => {
    const exact = estimate(Array(6).fill(0.05), quality);
    expect(exact).toMatchObject({ci: [0.05, 0.05], mde: 0.05, state: "clear"});
    const differences = [0.35 - 0.3, 0.55 - 0.5, 0.25 - 0.2, 0.85 - 0.8, 0.45 - 0.4, 0.75 - 0.7];
    const computed = estimate(differences, quality);
    expect(computed.mean!).toBeLessThan(0.05);
    expect(computed.state).toBe("clear");
    expect(estimate(Array(6).fill(0.35 - 0.3), quality).state).toBe("clear");
    // 0.0499 is short of it by 2e-3 relative: measured without spread, that is practically no change.
    expect(estimate(Array(6).fill(0.0499), quality).state).toBe("equivalent");
  });

  it("equivalent when the whole interval falls short of ± threshold: ±0.01 alternating, n = 6", () => {
    // mean 0, s² = 6e-4 / 5 = 1.2e-4, s/√n = √2e-5; 97.5%: ± 3.1634·0.00447 = ± 0.0141, inside ± 0.05.
    const result = estimate([0.01, -0.01, 0.01, -0.01, 0.01, -0.01], quality);
    expectClose(result.ci![1], T9875_DF5 * Math.sqrt(2e-5));
    expect(result.state).toBe("equivalent");
    // A tight change that does not reach the threshold is equivalent even off 0.
    expect(estimate([0.01, 0.011, 0.009, 0.01, 0.01, 0.01], quality).state).toBe("equivalent");
    // Equivalence holds below n = 5 too: it asks less than clear.
    expect(estimate([0.01, 0.01], quality).state).toBe("equivalent");
  });

  it("underpowered when the interval reaches past the threshold without being clear", () => {
    // mean 0, s = √(0.04 / 4) = 0.1, ± 3.4954·0.1/√5 = ± 0.156.
    const wide = estimate([0.1, -0.1, 0.1, -0.1, 0], quality);
    expectClose(wide.ci![1], (T9875_DF4 * 0.1) / Math.sqrt(5));
    expect(wide.state).toBe("underpowered");
    // Off 0 but the mean (0.03) short of the threshold while the interval reaches past it.
    expect(estimate([0.01, 0.02, 0.03, 0.04, 0.05], quality).state).toBe("underpowered");
  });

  it("threshold 0.05 at 95% vs 97.5%: the level moves the call", () => {
    // mean 0.08, s = 0.0316 (0.04, 0.06, 0.08, 0.10, 0.12), s/√5 = 0.01414:
    // 95%: 0.08 - 2.776·0.01414 = 0.0407 > 0; 97.5%: 0.08 - 3.495·0.01414 = 0.0306 > 0; both clear.
    const differences = [0.04, 0.06, 0.08, 0.1, 0.12];
    expect(estimate(differences, {threshold: 0.05, level: 0.95}).state).toBe("clear");
    expect(estimate(differences, quality).state).toBe("clear");
    // Scaled spread x 2.7: 95% lower bound 0.08 - 2.776·0.0382 = -0.026: not clear at either level.
    const wider = differences.map((d) => 0.08 + 2.7 * (d - 0.08));
    expect(estimate(wider, {threshold: 0.05, level: 0.95}).state).toBe("underpowered");
    // x 2: 95% lower bound 0.08 - 2.776·0.02828 = 0.0015 > 0; 97.5%: 0.08 - 3.495·0.02828 = -0.019.
    const twice = differences.map((d) => 0.08 + 2 * (d - 0.08));
    expect(estimate(twice, {threshold: 0.05, level: 0.95}).state).toBe("clear");
    expect(estimate(twice, quality).state).toBe("underpowered");
  });

  it("fewer than 2 differences: a mean at most, no interval, no mde, underpowered", () => {
    expect(estimate([0.2], quality)).toEqual({
      n: 1,
      mean: 0.2,
      sd: null,
      level: 0.975,
      ci: null,
      ci95: null,
      shown: null,
      clamped: false,
      mde: null,
      threshold: 0.05,
      state: "underpowered"
    });
    expect(estimate([], quality)).toMatchObject({n: 0, mean: null, ci: null, mde: null, state: "underpowered"});
  });

  it("bounded metrics: the shown interval is clamped to [-b, 1 - b], the raw bounds stay", () => {
    // 0.01..0.05: mean 0.03, 95% ± 2.776·0.00707 = ± 0.0196 → [0.0104, 0.0496].
    const differences = [0.01, 0.02, 0.03, 0.04, 0.05];
    const high = estimate(differences, {threshold: 0.05, level: 0.95, bounded: true, baselineMean: 0.97});
    expectClose(high.ci![1], 0.03 + T975_DF4 * 0.01 * Math.sqrt(0.5));
    expect(high.shown![0]).toBe(high.ci![0]);
    expectClose(high.shown![1], 0.03, 15);
    expect(high.clamped).toBe(true);
    expect(high.ci95).toEqual(high.ci);
    const low = estimate(
      differences.map((d) => -d),
      {threshold: 0.05, level: 0.95, bounded: true, baselineMean: 0.02}
    );
    expect(low.shown).toEqual([-0.02, low.ci![1]]);
    expect(low.clamped).toBe(true);
    const inside = estimate(differences, {threshold: 0.05, level: 0.95, bounded: true, baselineMean: 0.5});
    expect(inside).toMatchObject({shown: inside.ci, clamped: false});
    const unbounded = estimate(differences, {threshold: 0.05, level: 0.95, baselineMean: 0.97});
    expect(unbounded).toMatchObject({shown: unbounded.ci, clamped: false});
    // Clamping is for showing: the state reads the raw interval. 0, 0.02..0.08: mean 0.04, 95% ± 2.776·0.01414
    // = [0.0007, 0.0793] reaches past 0.05 (underpowered) though the clamped [0.0007, 0.045] would not.
    const wide = estimate([0, 0.02, 0.04, 0.06, 0.08], {
      threshold: 0.05,
      level: 0.95,
      bounded: true,
      baselineMean: 0.955
    });
    expectClose(wide.shown![1], 0.045, 15);
    expect(wide.ci![1]).toBeGreaterThan(0.079);
    expect(wide.state).toBe("underpowered");
    expect(high.state).toBe("equivalent");
  });
});

describe("defects", () => {
  it("the exact two-sided sign test at 2.5% needs 7 of 7: p(7, 0) = 1/64, p(6, 0) = 1/32", () => {
    const seven = defectSignal([1, 2, 1, 1, 3, 1, 1]);
    expect(seven).toEqual({regressed: [0, 1, 2, 3, 4, 5, 6], improved: [], p: 0.015625, verdict: "worse"});
    const six = defectSignal([-1, -1, -1, -1, -2, -1]);
    expect(six).toMatchObject({improved: [0, 1, 2, 3, 4, 5], p: 0.03125, verdict: "same"});
    expect(defectSignal([-1, -1, -1, -1, -1, -1, -1]).verdict).toBe("better");
  });

  it("episodes with d = 0 are left out; a minority the other way costs power", () => {
    const withTies = defectSignal([0, 1, 0, 1, 1, 0, 1, 1, 1, 1, 0]);
    expect(withTies).toMatchObject({regressed: [1, 3, 4, 6, 7, 8, 9], improved: [], p: 0.015625, verdict: "worse"});
    // 8 against 1: 2·(1 + 9)/512 = 0.0390625.
    expect(defectSignal([1, 1, 1, 1, 1, 1, 1, 1, -1])).toMatchObject({p: 0.0390625, verdict: "same"});
    // 10 against 1: 2·(1 + 11)/2048 = 0.01171875.
    expect(defectSignal([...Array(10).fill(-1), 1])).toMatchObject({p: 0.01171875, verdict: "better"});
    expect(defectSignal([0, 0, 0])).toEqual({regressed: [], improved: [], p: 1, verdict: "same"});
    expect(defectSignal([1, -1, 1, -1])).toMatchObject({p: 1, verdict: "same"});
  });
});

describe("labelOf", () => {
  it("worse with a worse and no better, better the reverse, mixed with both, else no clear change", () => {
    expect(labelOf(["worse", "same"])).toBe("worse");
    expect(labelOf(["same", "better"])).toBe("better");
    expect(labelOf(["better", "worse"])).toBe("mixed");
    expect(labelOf(["same", "same"])).toBe("no_clear_change");
    expect(labelOf([])).toBe("no_clear_change");
  });
});
