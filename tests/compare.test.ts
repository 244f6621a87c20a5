// The comparison engine (src/compare) on tiny hand-built runs, then on the generated fixtures.
import {beforeAll, describe, expect, it} from "vitest";
import path from "node:path";
import {buildSnapshot, type SnapshotData} from "../loaders/snapshot.js";
import {alignRuns, rowsByRun} from "../src/compare/align.js";
import {bootstrapInterval, RESAMPLES} from "../src/compare/bootstrap.js";
import {rankEpisodes} from "../src/compare/regressions.js";
import {compareRuns, type Comparison} from "../src/compare/report.js";
import type {EpisodeRow} from "../src/compare/types.js";
import {mean, readJsonl, textOf} from "./support/evalTree.js";
import {byRun, row, rows, run} from "./support/factory.js";
import {fixturesDir} from "./support/paths.js";

const B = run("base");
const C = run("cand");
const compare = (b: EpisodeRow[], c: EpisodeRow[], baseRun = B, candRun = C) => compareRuns(baseRun, candRun, byRun(b, c));
const delta = (cmp: Comparison, metric: string) => {
  const d = cmp.deltas.find((x) => x.metric === metric);
  if (!d) throw new Error(`no delta for ${metric}`);
  return d;
};

describe("alignment on (dataset_id, episode_id)", () => {
  it("the same episode ids on different datasets are never paired: not comparable, naming both datasets", () => {
    const b = rows("base", 3);
    const c = rows("cand", 3, () => ({dataset_id: "d2"}));
    const alignment = alignRuns(B, run("cand", {dataset_id: "d2"}), b, c);
    expect(alignment.comparable).toBe(false);
    expect(alignment.pairs).toEqual([]);
    expect(alignment.reason).toMatch(/d1/);
    expect(alignment.reason).toMatch(/d2/);
    const cmp = compare(b, c, B, run("cand", {dataset_id: "d2"}));
    expect(cmp.comparable).toBe(false);
    expect(cmp.common_episodes).toBe(0);
    expect(cmp.deltas).toEqual([]);
    expect(cmp.episodes).toEqual([]);
    expect(cmp.verdict.verdict).toBe("not comparable");
    expect(cmp.verdict.sentence).toMatch(/d1.*d2|d2.*d1/);
  });

  it("pairs only rows whose dataset and episode both match, even when runs mix datasets", () => {
    const b = [row("base", "e1"), row("base", "e2")];
    const c = [row("cand", "e1"), row("cand", "e2", {dataset_id: "d2"})];
    const alignment = alignRuns(run("base", {dataset_id: null}), run("cand", {dataset_id: null}), b, c);
    expect(alignment.comparable).toBe(true);
    expect(alignment.common).toBe(1);
    expect(alignment.missingFromCandidate).toBe(1);
    expect(alignment.onlyInCandidate).toBe(1);
    for (const p of alignment.pairs.filter((x) => x.baseline && x.candidate)) {
      expect(p.baseline!.dataset_id).toBe(p.candidate!.dataset_id);
    }
    expect(alignment.pairs.find((p) => p.baseline?.episode_id === "e2")!.candidate).toBeNull();
  });

  it("a baseline episode missing from the candidate counts as failed", () => {
    const b = rows("base", 4, (i) => ({output_tokens: 100 * (i + 1)}));
    const c = rows("cand", 3, (i) => ({output_tokens: 100 * (i + 1) + 10}));
    const cmp = compare(b, c);
    expect(cmp.common_episodes).toBe(3);
    expect(cmp.warnings.join(" ")).toMatch(/1 baseline episode.*missing/);
    const success = delta(cmp, "success_rate");
    expect([success.baseline, success.candidate]).toEqual([1, 0.75]);
    expect(success.delta).toBeCloseTo(-0.25, 12);
    expect([delta(cmp, "failed").baseline, delta(cmp, "failed").candidate, delta(cmp, "failed").delta]).toEqual([0, 1, 1]);
    const tokens = delta(cmp, "avg_output_tokens");
    expect([tokens.baseline, tokens.candidate, tokens.episodes]).toEqual([200, 210, 3]);
    const e4 = cmp.episodes.find((e) => e.episode_id === "e4")!;
    expect(e4.regressed).toBe(true);
    expect(e4.reasons.join(" ")).toMatch(/missing/);
  });
});

describe("deltas", () => {
  const b = [
    row("base", "e1", {output_tokens: 100, latency_s: 1}),
    row("base", "e2", {output_tokens: 200, latency_s: 2, gate_truncation: true}),
    row("base", "e3", {output_tokens: 300, latency_s: 3}),
    row("base", "e4", {output_tokens: 400, latency_s: 4})
  ];
  const c = [
    row("cand", "e1", {output_tokens: 110, latency_s: 2, gate_truncation: true}),
    row("cand", "e2", {output_tokens: 190, latency_s: 2, gate_truncation: true}),
    row("cand", "e3", {output_tokens: 330, latency_s: 2, gate_truncation: true}),
    row("cand", "e4", {output_tokens: 400, latency_s: 2})
  ];
  const cmp = compare(b, c);

  it("are candidate minus baseline of hand-computed means and sums, with improved/regressed counts", () => {
    const tokens = delta(cmp, "avg_output_tokens");
    expect([tokens.baseline, tokens.candidate, tokens.delta]).toEqual([250, 257.5, 7.5]);
    expect([tokens.improved, tokens.regressed]).toEqual([2, 1]);
    const gate = delta(cmp, "gate_truncation");
    expect([gate.baseline, gate.candidate, gate.delta]).toEqual([1, 3, 2]);
    expect([gate.improved, gate.regressed]).toEqual([0, 2]);
    const latency = delta(cmp, "avg_latency_s");
    expect([latency.baseline, latency.candidate, latency.delta]).toEqual([2.5, 2, -0.5]);
    expect([latency.improved, latency.regressed]).toEqual([2, 1]);
    for (const d of cmp.deltas) if (d.delta !== null) expect(d.delta).toBeCloseTo(d.candidate! - d.baseline!, 12);
  });

  it("a failed candidate episode counts in failed/success_rate but not in the length mean", () => {
    const failed = compare(rows("base", 3), rows("cand", 3, (i) => (i === 2 ? {failed: true, output_tokens: null, error: "OOM"} : {output_tokens: 130})));
    expect(delta(failed, "failed").candidate).toBe(1);
    expect(delta(failed, "success_rate").candidate).toBeCloseTo(2 / 3, 12);
    expect([delta(failed, "avg_output_tokens").candidate, delta(failed, "avg_output_tokens").episodes]).toEqual([130, 2]);
  });

  it("verdicts follow each metric's direction, and are 'same' when the interval spans zero", () => {
    const n = 10;
    const d = compare(
      rows("base", n, (i) => ({map_chunks: 3, output_tokens: 300, repetition: 0.1 + (i % 2) * 0.2})),
      rows("cand", n, (i) => ({map_chunks: 6, output_tokens: 250, latency_s: 0.5, gate_boilerplate: true, repetition: 0.3 - (i % 2) * 0.2}))
    );
    expect(delta(d, "avg_output_tokens").verdict).toBe("worse");
    expect(delta(d, "avg_latency_s").verdict).toBe("better");
    expect(delta(d, "gate_boilerplate").verdict).toBe("worse");
    expect(delta(d, "map_chunks").verdict).toBe("same");
    expect(delta(d, "map_chunks").improved).toBeNull();
    expect(delta(d, "repetition").verdict).toBe("same");
    expect(delta(d, "repetition").ci95![0]).toBeLessThan(0);
    expect(delta(d, "repetition").ci95![1]).toBeGreaterThan(0);
  });
});

describe("paired bootstrap interval", () => {
  const diffs = Array.from({length: 40}, (_, i) => ((i * 7) % 11) - 4 + i / 10);

  it("uses at least 2,000 resamples", () => expect(RESAMPLES).toBeGreaterThanOrEqual(2000));

  it("is deterministic: same input, same interval, even after other sample sizes were used", () => {
    const first = bootstrapInterval(diffs);
    for (let n = 2; n < 20; n++) bootstrapInterval(diffs.slice(0, n));
    expect(bootstrapInterval([...diffs])).toEqual(first);
  });

  it("contains the observed mean difference and has the width of a 95% interval of the mean", () => {
    const m = mean(diffs);
    const [lo, hi] = bootstrapInterval(diffs)!;
    expect(lo).toBeLessThanOrEqual(m);
    expect(hi).toBeGreaterThanOrEqual(m);
    const se = Math.sqrt(mean(diffs.map((x) => (x - m) ** 2)) / diffs.length);
    expect(Math.abs(m - 1.96 * se - lo)).toBeLessThan(0.25 * se);
    expect(Math.abs(m + 1.96 * se - hi)).toBeLessThan(0.25 * se);
    for (const small of [[1, -1, 2], [0.3, 0.1, -0.2, 0.9], [5]]) {
      const [a, z] = bootstrapInterval(small)!;
      expect(a).toBeLessThanOrEqual(mean(small) + 1e-12);
      expect(z).toBeGreaterThanOrEqual(mean(small) - 1e-12);
    }
  });

  it("is [d, d] when every difference equals d (and n·d for sums)", () => {
    expect(bootstrapInterval([3, 3, 3, 3, 3])).toEqual([3, 3]);
    const [lo, hi] = bootstrapInterval(Array(7).fill(0.1))!;
    expect(lo).toBeCloseTo(0.1, 12);
    expect(hi).toBeCloseTo(0.1, 12);
    expect(bootstrapInterval([1, 1, 1, 1, 1], {scale: 5})).toEqual([5, 5]);
    expect(bootstrapInterval([])).toBeNull();
  });
});

describe("episode regression ranking", () => {
  const pair = (id: string, b: Partial<EpisodeRow>, c: Partial<EpisodeRow>) => ({
    dataset_id: "d1",
    episode_id: id,
    baseline: row("base", id, b),
    candidate: row("cand", id, c)
  });
  const typical = [
    pair("latency", {latency_s: 1}, {latency_s: 3}),
    pair("unchanged", {}, {}),
    pair("repetition", {repetition: 0.05}, {repetition: 0.3, longest_repeat: 12}),
    pair("gate", {}, {gate_speaker_label: true}),
    pair("length", {output_tokens: 100}, {output_tokens: 40}),
    pair("failure", {}, {failed: true, output_tokens: null, error: "CUDA OOM in reduce"}),
    pair("quality", {rougeL: 0.5}, {rougeL: 0.3})
  ];

  it("orders failure > quality drop > gate > length collapse > repetition > latency, with reasons in words", () => {
    const ranked = rankEpisodes(typical);
    expect(ranked.map((e) => e.episode_id)).toEqual(["failure", "quality", "gate", "length", "repetition", "latency", "unchanged"]);
    expect(ranked.map((e) => e.regressed)).toEqual([true, true, true, true, true, true, false]);
    const reasons = ranked.map((e) => e.reasons.join("; "));
    expect(reasons[0]).toMatch(/fail.*CUDA OOM in reduce/);
    expect(reasons[1]).toMatch(/ROUGE-L 0\.50 → 0\.30/);
    expect(reasons[2]).toMatch(/speaker label/);
    expect(reasons[3]).toMatch(/60% shorter/);
    expect(reasons[4]).toMatch(/repetition/);
    expect(reasons[5]).toMatch(/latency 3\.0×/);
  });

  it("a small quality drop (ROUGE-L -0.05) still outranks a new gate", () => {
    const ranked = rankEpisodes([pair("gate", {}, {gate_boilerplate: true}), pair("quality", {rougeL: 0.5}, {rougeL: 0.45})]);
    expect(ranked.map((e) => e.episode_id)).toEqual(["quality", "gate"]);
  });

  it("a repetition rise outranks any latency slowdown", () => {
    const ranked = rankEpisodes([pair("latency", {latency_s: 1}, {latency_s: 20}), pair("repetition", {repetition: 0.05}, {repetition: 0.2})]);
    expect(ranked.map((e) => e.episode_id)).toEqual(["repetition", "latency"]);
  });
});

describe("overall verdict", () => {
  const n = 10;
  const verdict = (c: (i: number) => Partial<EpisodeRow>, b: (i: number) => Partial<EpisodeRow> = () => ({})) =>
    compare(rows("base", n, b), rows("cand", n, c)).verdict;

  it("better, worse, mixed, no clear change", () => {
    expect(verdict(() => ({output_tokens: 150})).verdict).toBe("better");
    const worse = verdict(() => ({gate_boilerplate: true}));
    expect(worse.verdict).toBe("worse");
    expect(worse.causes.join(" ")).toMatch(/boilerplate/);
    expect(verdict(() => ({output_tokens: 150, gate_boilerplate: true})).verdict).toBe("mixed");
    expect(verdict(() => ({})).verdict).toBe("no clear change");
  });

  it("a latency-only change is 'no clear change', naming latency as the cause", () => {
    for (const latency of [3, 0.25]) {
      const v = verdict(() => ({latency_s: latency}));
      expect(v.verdict).toBe("no clear change");
      expect(v.causes.join(" ")).toMatch(/latency/);
    }
  });

  it("different datasets: not comparable", () => {
    const v = compare(rows("base", 3), rows("cand", 3, () => ({dataset_id: "d9"})), B, run("cand", {dataset_id: "d9"})).verdict;
    expect(v.verdict).toBe("not comparable");
  });
});

describe("on fixtures/eval", () => {
  let data: SnapshotData;
  let grouped: Map<string, EpisodeRow[]>;
  const runOf = (id: string) => data.snapshot.runs.find((r) => r.id === id)!;
  const cmpOf = (baseline: string, candidate: string) => compareRuns(runOf(baseline), runOf(candidate), grouped);
  beforeAll(async () => {
    data = await buildSnapshot(fixturesDir);
    grouped = rowsByRun(data.rows);
  });

  it("mr_starved_v3 vs baseline mr_fatter_map_v2 is worse and names the output shrinkage", () => {
    const cmp = cmpOf("runs/mr_fatter_map_v2", "runs/mr_starved_v3");
    expect(cmp.verdict.verdict).toBe("worse");
    expect(cmp.verdict.causes.join("; ")).toMatch(/outputs \d+% shorter/);
    expect(delta(cmp, "avg_output_tokens").verdict).toBe("worse");
    expect(cmp.episodes[0].reasons.join(" ")).toMatch(/CUDA out of memory/);
  });

  it("mr_starved_v3_rerun vs mr_starved_v3 (same outputs, lower latency) is 'no clear change'", () => {
    const dir = (id: string) => path.join(fixturesDir, id, "predictions.jsonl");
    const before = readJsonl(dir("runs/mr_starved_v3"));
    const after = readJsonl(dir("runs/mr_starved_v3_rerun"));
    expect(after.map((l) => textOf(l.row.output))).toEqual(before.map((l) => textOf(l.row.output)));
    const cmp = cmpOf("runs/mr_starved_v3", "runs/mr_starved_v3_rerun");
    expect(cmp.verdict.verdict).toBe("no clear change");
    const nonLatency = cmp.deltas.filter((d) => d.metric !== "avg_latency_s");
    expect(nonLatency.length).toBeGreaterThanOrEqual(8);
    for (const d of nonLatency) expect([d.metric, d.delta, d.verdict]).toEqual([d.metric, 0, "same"]);
    expect(delta(cmp, "avg_latency_s").delta).toBeLessThan(0);
    for (const e of cmp.episodes) expect(e.reasons.filter((r) => !/latency/.test(r))).toEqual([]);
  });

  it("runs/other_dataset/ner_style_v1 is not comparable with any curated_5feeds run, either way round", () => {
    const other = "runs/other_dataset/ner_style_v1";
    const curated = data.snapshot.runs.filter((r) => r.dataset_id === "curated_5feeds_smoke_v1");
    expect(curated.length).toBeGreaterThanOrEqual(5);
    for (const r of curated) {
      for (const cmp of [cmpOf(r.id, other), cmpOf(other, r.id)]) {
        expect(cmp.comparable).toBe(false);
        expect(cmp.verdict.verdict).toBe("not comparable");
        expect(cmp.deltas).toEqual([]);
        expect(cmp.warnings.join(" ")).toMatch(/curated_5feeds_smoke_v1.*curated_3feeds_other_v1|curated_3feeds_other_v1.*curated_5feeds_smoke_v1/);
      }
    }
  });
});

describe("bootstrap indexes", () => {
  it("draw the same stream as seededRandom, so intervals do not depend on the inlined generator", async () => {
    const {bootstrapInterval, seededRandom, RESAMPLES, SEED} = await import("../src/compare/bootstrap.js");
    const differences = [3, -1, 4, 1, -5, 9, 2, -6];
    const random = seededRandom(SEED + differences.length);
    const means: number[] = [];
    for (let b = 0; b < RESAMPLES; b++) {
      let sum = 0;
      for (let i = 0; i < differences.length; i++) sum += differences[Math.floor(random() * differences.length)];
      means.push(sum / differences.length);
    }
    means.sort((x, y) => x - y);
    const at = (p: number) => {
      const position = (means.length - 1) * p;
      const lo = Math.floor(position);
      return means[lo] + (means[Math.ceil(position)] - means[lo]) * (position - lo);
    };
    expect(bootstrapInterval(differences)).toEqual([at(0.025), at(0.975)]);
  });
});
