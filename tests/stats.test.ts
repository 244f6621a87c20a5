// The statistics behind a comparison: t and normal distributions, the paired t summary, t intervals at any
// level, the decision rule (isClear / isUnderpowered) and its false-call rate under no real change, and the
// one- and two-sided sign tests.
import {describe, expect, it} from "vitest";
import {normalCdf, normalQuantile, tCdf, tQuantile} from "../src/compare/distributions.js";
import {mulberry32} from "../src/compare/seededRandom.js";
import {
  binomialHalfLowerTail,
  isClear,
  isUnderpowered,
  pairedT,
  signTestP,
  signTestTwoSided,
  tCritical,
  tInterval,
  type PairedSummary
} from "../src/compare/stats.js";

function expectRelative(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected) / Math.abs(expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tolerance);
}

/** Box-Muller in Marsaglia's polar form on mulberry32, filled in blocks: the simulations draw ~25M normals. */
function normalGenerator(seed: number): () => number {
  const uniform = mulberry32(seed);
  const block = new Float64Array(4096);
  let next = block.length;
  return () => {
    if (next === block.length) {
      for (let i = 0; i < block.length; ) {
        const x = 2 * uniform() - 1;
        const y = 2 * uniform() - 1;
        const squared = x * x + y * y;
        if (squared >= 1 || squared === 0) continue;
        const scale = Math.sqrt((-2 * Math.log(squared)) / squared);
        block[i++] = x * scale;
        block[i++] = y * scale;
      }
      next = 0;
    }
    return block[next++];
  };
}

function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const position = (sorted.length - 1) * p;
  const lo = Math.floor(position);
  return sorted[lo] + (sorted[Math.ceil(position)] - sorted[lo]) * (position - lo);
}

/** The interval the product used before: 2.5/97.5 percentiles of resampled means. */
function percentileBootstrap(values: ArrayLike<number>, uniform: () => number, resamples = 2000): [number, number] {
  const n = values.length;
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[Math.floor(uniform() * n)];
    means[b] = sum / n;
  }
  means.sort();
  return [sortedQuantile(means, 0.025), sortedQuantile(means, 0.975)];
}

/** P(X >= fixed) for X ~ Binomial(fixed + added, 1/2) in BigInt, rounded once at the end. */
function exactUpperTail(fixed: number, added: number): number {
  const total = fixed + added;
  let coefficient = 1n;
  let sum = 0n;
  for (let j = 0; j <= total; j++) {
    if (j >= fixed) sum += coefficient;
    coefficient = (coefficient * BigInt(total - j)) / BigInt(j + 1);
  }
  const shift = Math.max(0, sum.toString(2).length - 60);
  return Number(sum >> BigInt(shift)) * 2 ** (shift - total);
}

describe("Student t distribution", () => {
  // Checked against mpmath at 40 digits (t.80 at df 9 is not 0.8834038337, at df 29 not 0.8541700534, as once quoted).
  const table: [number, number, number][] = [
    [1, 12.706204736174694, 1.376381920471174],
    [2, 4.302652729749462, 1.0606601717798216],
    [4, 2.7764451051977934, 0.9409645772351813],
    [9, 2.262157162798205, 0.8834038596855347],
    [29, 2.045229642132704, 0.8541919858818559],
    [199, 1.9719565442517535, 0.8434311999372971]
  ];
  it.each(table)("df %d: t.975 and t.80 match the table to 1e-9", (df, t975, t80) => {
    expectRelative(tQuantile(0.975, df), t975, 1e-9);
    expectRelative(tQuantile(0.8, df), t80, 1e-9);
    expectRelative(tQuantile(0.025, df), -t975, 1e-9);
  });

  const grid = [1e-300, 1e-12, 1e-6, 0.001, 0.025, 0.1, 0.3, 0.45, 0.4999, 0.55, 0.8, 0.975, 0.999, 1 - 1e-9];
  it("df 1 and 2 match their closed forms (Cauchy, and (2p-1)/sqrt(2p(1-p)))", () => {
    for (const p of grid) {
      const tail = Math.min(p, 1 - p);
      const sign = p < 0.5 ? -1 : 1;
      expectRelative(tQuantile(p, 1), sign / Math.tan(Math.PI * tail), 1e-10);
      expectRelative(tQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-10);
    }
    for (const t of [-1e8, -300, -12.5, -2, -0.5, -1e-6]) {
      const root = Math.sqrt(2 + t * t);
      expectRelative(tCdf(t, 1), Math.atan(-1 / t) / Math.PI, 1e-12);
      expectRelative(tCdf(t, 2), 1 / (root * (root - t)), 1e-12);
      expectRelative(tCdf(-t, 1), 1 - Math.atan(-1 / t) / Math.PI, 1e-12);
    }
  });

  it("tCdf(tQuantile(p, df), df) = p over a grid, non-integer df included", () => {
    for (const df of [1, 1.5, 2, 3, 4.5, 7, 12, 29, 100, 1000, 1e5]) {
      for (const p of grid.slice(1)) expectRelative(tCdf(tQuantile(p, df), df), p, 1e-10);
    }
  });

  it("off-table values (mpmath), symmetry and the edges", () => {
    expectRelative(tQuantile(0.975, 4.7), 2.62072607535317, 1e-10);
    expectRelative(tQuantile(1e-20, 3), -4795275.720468973, 1e-10);
    expectRelative(tQuantile(0.975, 1e6), 1.9599663568141066, 1e-10);
    expectRelative(tCdf(-300, 9), 1.2929206920194162e-19, 1e-10);
    expectRelative(tCdf(-2, 10000), 0.02276363033071772, 1e-10);
    expect(tQuantile(0.5, 7)).toBe(0);
    expect(tCdf(0, 7)).toBe(0.5);
    expect(tQuantile(0.75, 5)).toBe(-tQuantile(0.25, 5));
    expect(tQuantile(0, 5)).toBe(-Infinity);
    expect(tQuantile(1, 5)).toBe(Infinity);
    expect(tQuantile(1.2, 5)).toBeNaN();
    expect(tCdf(Infinity, 3)).toBe(1);
  });
});

describe("standard normal", () => {
  it("quantiles and tails match known values", () => {
    expectRelative(normalQuantile(0.975), 1.959963984540054, 1e-12);
    expectRelative(normalQuantile(0.8), 0.8416212335729143, 1e-12);
    expectRelative(normalQuantile(1e-20), -9.262340089798407, 1e-12);
    expectRelative(normalQuantile(1e-300), -37.0470962993612, 1e-12);
    expectRelative(normalCdf(-1.96), 0.024997895148220435, 1e-13);
    expectRelative(normalCdf(-10), 7.619853024160525e-24, 1e-12);
    expectRelative(normalCdf(1), 0.8413447460685429, 1e-14);
    expect(normalCdf(0)).toBe(0.5);
    expect(normalQuantile(0.5)).toBe(0);
  });

  it("normalCdf(normalQuantile(p)) = p over a grid spanning Acklam's two regions", () => {
    for (const p of [1e-100, 1e-10, 1e-4, 0.02, 0.02425, 0.03, 0.2, 0.49, 0.5001, 0.7, 0.97, 0.999, 1 - 1e-12]) {
      expectRelative(normalCdf(normalQuantile(p)), p, 1e-12);
    }
  });
});

describe("pairedT", () => {
  it("differences 1..5: mean 3, sd sqrt(2.5), 3 ± t.975(4)·sqrt(2.5/5), mde (t.975 + t.80)·sqrt(2.5/5)", () => {
    const summary = pairedT([1, 2, 3, 4, 5]);
    const standardError = Math.sqrt(2.5 / 5);
    expect(summary.n).toBe(5);
    expect(summary.mean).toBe(3);
    expectRelative(summary.sd!, Math.sqrt(2.5), 1e-15);
    expectRelative(summary.halfWidth!, 2.7764451051977934 * standardError, 1e-12);
    expectRelative(summary.ci95![0], 3 - 2.7764451051977934 * standardError, 1e-12);
    expectRelative(summary.ci95![1], 3 + 2.7764451051977934 * standardError, 1e-12);
    expectRelative(summary.mde!, (2.7764451051977934 + 0.9409645772351813) * standardError, 1e-12);
  });

  it("identical differences: sd 0, the interval is the point, halfWidth and mde 0", () => {
    expect(pairedT(new Float64Array([0.1, 0.1, 0.1]))).toEqual({
      n: 3,
      mean: 0.1,
      sd: 0,
      ci95: [0.1, 0.1],
      halfWidth: 0,
      mde: 0
    });
  });

  it("one difference has a mean and nothing else; none has nothing", () => {
    expect(pairedT([0.7])).toEqual({n: 1, mean: 0.7, sd: null, ci95: null, halfWidth: null, mde: null});
    expect(pairedT([])).toEqual({n: 0, mean: null, sd: null, ci95: null, halfWidth: null, mde: null});
  });

  it("a large common offset does not swallow the spread (sum-of-squares would)", () => {
    const summary = pairedT([1, 2, 3, 4, 5].map((k) => 1e8 + k / 10));
    expectRelative(summary.sd!, Math.sqrt(0.025), 1e-6);
  });
});

describe("decision rule", () => {
  const summary = (mean: number, lo: number, hi: number): PairedSummary => ({
    n: 10,
    mean,
    sd: 1,
    ci95: [lo, hi],
    halfWidth: (hi - lo) / 2,
    mde: hi - lo
  });

  it("clear needs an interval strictly off 0 and |mean| at least the threshold", () => {
    expect(isClear(summary(0.3, 0.1, 0.5), 0.2)).toBe(true);
    expect(isClear(summary(0.3, 0.1, 0.5), 0.3)).toBe(true);
    expect(isClear(summary(0.3, 0.1, 0.5), 0.35)).toBe(false);
    expect(isClear(summary(-0.3, -0.5, -0.1), 0.2)).toBe(true);
    expect(isClear(summary(0.3, 0, 0.6), 0)).toBe(false);
    expect(isClear(summary(0.3, -0.1, 0.7), 0)).toBe(false);
    expect(isClear(pairedT([0.4]), 0)).toBe(false);
  });

  it("underpowered when the half-width exceeds the threshold, or there is no interval", () => {
    expect(isUnderpowered(summary(0.3, 0.1, 0.5), 0.1)).toBe(true);
    expect(isUnderpowered(summary(0.3, 0.1, 0.5), 0.2)).toBe(false);
    expect(isUnderpowered(summary(0.3, 0.1, 0.5), 0.3)).toBe(false);
    expect(isUnderpowered(pairedT([0.4]), 10)).toBe(true);
    expect(isUnderpowered(pairedT([]), 10)).toBe(true);
  });

  it("five same-sign but spread differences are not clear: the t interval covers 0, the old percentile did not", () => {
    const differences = [0.1, 0.2, 0.1, 3.0, 0.1];
    // mean 0.7; squared deviations 0.36 + 0.25 + 0.36 + 5.29 + 0.36 = 6.62, s² = 1.655.
    const result = pairedT(differences);
    expect(result.mean).toBeCloseTo(0.7, 14);
    expectRelative(result.ci95![0], 0.7 - 2.7764451051977934 * Math.sqrt(1.655 / 5), 1e-12);
    expect(result.ci95![0]).toBeLessThan(-0.89);
    expect(isClear(result, 0)).toBe(false);
    expect(percentileBootstrap(differences, mulberry32(1))[0]).toBeGreaterThan(0);
  });
});

describe("signTestP", () => {
  it("hand values", () => {
    expect(signTestP(5, 0)).toBeCloseTo(1 / 32, 15);
    expect(signTestP(4, 0)).toBeCloseTo(1 / 16, 15);
    expect(signTestP(6, 1)).toBeCloseTo(8 / 128, 15);
    expect(signTestP(7, 1)).toBeCloseTo(9 / 256, 15);
    expect(signTestP(0, 0)).toBe(1);
    expect(signTestP(0, 5)).toBe(1);
  });

  it("'better' (fixed > new and p < 0.05) needs at least 5 fixed and none new", () => {
    expect(signTestP(5, 0)).toBeLessThan(0.05);
    expect(signTestP(4, 0)).toBeGreaterThanOrEqual(0.05);
    expect(signTestP(5, 1)).toBeGreaterThanOrEqual(0.05);
    expect(signTestP(6, 1)).toBeGreaterThanOrEqual(0.05);
  });

  it.each([
    [9, 1],
    [30, 10],
    [100, 80],
    [1200, 1100],
    [1500, 1400],
    [2000, 1000],
    [60, 2940],
    [1, 3000]
  ])("%d fixed, %d new: exact to 1e-10", (fixed, added) => {
    expectRelative(signTestP(fixed, added), exactUpperTail(fixed, added), 1e-10);
  });
});

describe("t intervals at any level", () => {
  it("critical values: t.975 (df 4) = 2.7764451, t.9875 (df 29) = 2.3638, t.9875 (df 4) = 3.4954 (scipy)", () => {
    expectRelative(tCritical(0.95, 4), 2.7764451051977934, 1e-12);
    expectRelative(tCritical(0.975, 29), 2.363846073208312, 1e-10);
    expect(tCritical(0.975, 29)).toBeCloseTo(2.3638, 4);
    expectRelative(tCritical(0.975, 4), 3.4954059325164417, 1e-10);
    expectRelative(tCritical(0.975, 1), 25.451699579357168, 1e-10);
    expect(tCritical(0.95, 9)).toBe(tQuantile(0.975, 9));
    expect(tCritical(1, 4)).toBeNaN();
    expect(tCritical(0.95, 0)).toBeNaN();
  });

  it("differences 1..5 at 97.5%: 3 ± t.9875(4)·√(2.5/5); at 95% the same as pairedT", () => {
    const interval = tInterval([1, 2, 3, 4, 5], 0.975);
    const standardError = Math.sqrt(2.5 / 5);
    expect(interval).toMatchObject({n: 5, level: 0.975, mean: 3});
    expectRelative(interval.standardError!, standardError, 1e-15);
    expectRelative(interval.halfWidth!, 3.4954059325164417 * standardError, 1e-10);
    expectRelative(interval.interval![0], 3 - 3.4954059325164417 * standardError, 1e-10);
    expect(tInterval([1, 2, 3, 4, 5], 0.95).interval).toEqual(pairedT([1, 2, 3, 4, 5]).ci95);
  });

  it("s = 0 gives [d, d] at any level; fewer than 2 values give no interval", () => {
    expect(tInterval([0.05, 0.05], 0.975)).toMatchObject({sd: 0, halfWidth: 0, interval: [0.05, 0.05]});
    expect(tInterval([0.3], 0.975)).toEqual({
      n: 1,
      level: 0.975,
      mean: 0.3,
      sd: null,
      standardError: null,
      halfWidth: null,
      interval: null
    });
    expect(tInterval([], 0.95)).toMatchObject({n: 0, mean: null, interval: null});
  });
});

describe("signTestTwoSided (exact, two-sided)", () => {
  it("hand values: 7 of 7 gives 2/128, 6 of 6 gives 2/64; a tie or nothing gives 1", () => {
    expect(signTestTwoSided(7, 0)).toBe(0.015625);
    expect(signTestTwoSided(0, 7)).toBe(0.015625);
    expect(signTestTwoSided(6, 0)).toBe(0.03125);
    // 2·(1 + 8)/256 and 2·(1 + 10 + 45)/1024.
    expect(signTestTwoSided(7, 1)).toBe(0.0703125);
    expect(signTestTwoSided(2, 8)).toBe(0.109375);
    expect(signTestTwoSided(5, 5)).toBe(1);
    expect(signTestTwoSided(4, 5)).toBe(1);
    expect(signTestTwoSided(0, 0)).toBe(1);
    expect(signTestTwoSided(1, 0)).toBe(1);
  });

  it("at 2.5% it fires only from 7 disagreeing episodes up (all one way), at 5% from 6", () => {
    const smallest = (alpha: number) => {
      for (let n = 1; ; n++) if (signTestTwoSided(n, 0) <= alpha) return n;
    };
    expect(smallest(0.025)).toBe(7);
    expect(smallest(0.05)).toBe(6);
    expect(signTestTwoSided(8, 1)).toBeGreaterThan(0.025);
    expect(signTestTwoSided(9, 1)).toBeLessThan(0.025);
  });

  it.each([
    [3, 17, 0.0025768280029296875],
    [60, 40, 0.05688793364098089],
    [1600, 1400, 0.00027856396103923366]
  ])("%d against %d: 2·P(X <= min) = %f (scipy)", (plus, minus, p) => {
    expectRelative(signTestTwoSided(plus, minus), p, 1e-10);
  });

  it.each([
    [0, 10],
    [3, 20],
    [40, 100],
    [480, 1000],
    [400, 1000],
    [999, 1000],
    [500, 1001],
    [1400, 3000],
    [1300, 3000]
  ])("binomial lower tail P(X <= %d), N = %d (summed directly up to N = 1,000) matches BigInt sums", (k, trials) => {
    // P(X <= k) = P(X >= N - k) by symmetry.
    expectRelative(binomialHalfLowerTail(k, trials), exactUpperTail(trials - k, k), trials > 1000 ? 1e-10 : 1e-12);
  });

  it("tail edges", () => {
    expect(binomialHalfLowerTail(-1, 5)).toBe(0);
    expect(binomialHalfLowerTail(5, 5)).toBe(1);
    expect(binomialHalfLowerTail(0, 0)).toBe(1);
    expect(binomialHalfLowerTail(0, 10)).toBe(2 ** -10);
    expect(binomialHalfLowerTail(1.5, 10)).toBeNaN();
  });
});

describe("false calls under no real change (binding: at most 5%, each cell at most 6%)", () => {
  const distributions: [string, (normal: () => number, uniform: () => number) => number][] = [
    ["normal", (normal) => normal()],
    ["lognormal", (normal) => Math.exp(normal())],
    // chi²(3) as chi²(2) + Z², with chi²(2) = -2 ln U an exponential:
    // the same law as three squared normals, at half the draws.
    ["t3", (normal, uniform) => normal() / Math.sqrt((normal() ** 2 - 2 * Math.log(1 - uniform())) / 3)]
  ];
  const sizes = [5, 10, 30, 200];
  const REPLICATES = 10_000;

  /** Baseline and candidate from the same distribution around a shared per-episode effect; returns the call rate. */
  function nullCallRate(draw: (typeof distributions)[number][1], n: number, replicates: number, seed: number) {
    const normal = normalGenerator(seed);
    const uniform = mulberry32(seed + 1);
    const differences = new Float64Array(n);
    let calls = 0;
    for (let r = 0; r < replicates; r++) {
      for (let i = 0; i < n; i++) {
        const effect = normal();
        const baseline = effect + draw(normal, uniform);
        const candidate = effect + draw(normal, uniform);
        differences[i] = candidate - baseline;
      }
      if (isClear(pairedT(differences), 0)) calls++;
    }
    return calls / replicates;
  }

  const cells = distributions.flatMap(([name, draw], d) => sizes.map((n) => [name, n, draw, 1000 * d + n] as const));
  it.each(cells)("%s, n = %d: called better or worse in at most 6% of 10,000 comparisons", (name, n, draw, seed) => {
    const rate = nullCallRate(draw, n, REPLICATES, seed);
    console.log(`null call rate ${name} n=${n}: ${(100 * rate).toFixed(2)}%`);
    expect(rate).toBeLessThanOrEqual(0.06);
    // The t interval is exact for normal differences: a rate far below 5% would mean an interval that is too wide.
    if (name === "normal") expect(rate).toBeGreaterThanOrEqual(0.04);
  });

  it("power: a true shift of 1.25x the threshold at s = 1.25x the threshold is called at n = 30 at least 80%", () => {
    const threshold = 0.05;
    const normal = normalGenerator(99);
    const rates = [30, 5].map((n) => {
      const differences = new Float64Array(n);
      let calls = 0;
      let underpowered = 0;
      for (let r = 0; r < REPLICATES; r++) {
        for (let i = 0; i < n; i++) differences[i] = 1.25 * threshold * (1 + normal());
        const summary = pairedT(differences);
        if (isClear(summary, threshold)) calls++;
        if (isUnderpowered(summary, threshold)) underpowered++;
      }
      return {n, called: calls / REPLICATES, underpowered: underpowered / REPLICATES};
    });
    console.log("power", rates);
    expect(rates[0].called).toBeGreaterThanOrEqual(0.8);
    expect(rates[0].underpowered).toBeLessThan(0.01);
    // At n = 5 the same effect is usually missed, and the rule says so instead of reporting "no change".
    expect(rates[1].called).toBeLessThan(0.8);
    expect(rates[1].underpowered).toBeGreaterThan(0.5);
  });

  it("why not the percentile bootstrap: at n = 5 it calls a non-change far more often than 6%", () => {
    const normal = normalGenerator(5);
    const uniform = mulberry32(6);
    const differences = new Float64Array(5);
    let bootstrapCalls = 0;
    let tCalls = 0;
    const replicates = 1000;
    for (let r = 0; r < replicates; r++) {
      for (let i = 0; i < 5; i++) {
        const effect = normal();
        differences[i] = effect + normal() - (effect + normal());
      }
      const [lo, hi] = percentileBootstrap(differences, uniform);
      if (lo > 0 || hi < 0) bootstrapCalls++;
      if (isClear(pairedT(differences), 0)) tCalls++;
    }
    const percent = (count: number) => `${((100 * count) / replicates).toFixed(1)}%`;
    console.log(`n=5 null call rate: percentile bootstrap ${percent(bootstrapCalls)}, t ${percent(tCalls)}`);
    expect(bootstrapCalls / replicates).toBeGreaterThan(0.1);
    expect(tCalls / replicates).toBeLessThanOrEqual(0.06);
  });
});
