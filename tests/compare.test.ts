// The comparison engine, rule by rule, on hand-built runs whose expected numbers are worked out here.
import {reasonWords} from "../src/compare/explain.js";
import {reportComparison} from "../src/compare/report.js";
import {describe, expect, it} from "vitest";
import {compareRuns, rememberingCompare, type Comparison} from "../src/compare/compare.js";
import {amount, difference, signed} from "../src/compare/words.js";
import {DATASET, row, rows, runData, scoredAgainst} from "./support/factory.js";

const REF = "references/silver/s1";
const delta = (c: Comparison, metric: string) => {
  const found = c.deltas.find((d) => d.metric === metric);
  if (!found) throw new Error(`no ${metric} delta`);
  return found;
};
const t975 = {4: 2.7764451051977934, 9: 2.2621571628540993}; // Student t quantiles, df 4 and 9

describe("alignment and coverage", () => {
  it("pairs on (dataset_id, episode_id): candidate-only and baseline-only episodes are coverage, not failures", () => {
    const base = runData("b", rows(4));
    const cand = runData("c", [row("e1"), row("e2"), row("e3"), row("e9")]);
    const c = compareRuns(base, cand);
    expect(c.coverage).toEqual({
      baseline_episodes: 4,
      candidate_episodes: 4,
      common: 3,
      missing_from_candidate: ["e4"],
      only_in_candidate: ["e9"]
    });
    expect(c.common_episodes).toBe(3);
    expect(delta(c, "failed")).toMatchObject({baseline: 0, candidate: 0, n: 3, verdict: "same"});
    expect(c.verdict.qualifiers).toContain("incomplete");
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.episodes.map((e) => [e.episode_id, e.status])).toEqual([
      ["e1", "common"],
      ["e2", "common"],
      ["e3", "common"],
      ["e4", "missing"],
      ["e9", "only_candidate"]
    ]);
  });

  it("a candidate on half the baseline's episodes, all successful and 5x faster: incomplete, never failures up", () => {
    const base = runData(
      "b",
      rows(10, () => ({latency_s: 24}))
    );
    const cand = runData(
      "c",
      rows(5, (i) => ({latency_s: 5 + i * 0.05}))
    );
    const c = compareRuns(base, cand);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.qualifiers).toEqual(["incomplete", "no_quality_signal"]);
    expect(delta(c, "success_rate")).toMatchObject({baseline: 1, candidate: 1, new: [], fixed: []});
    expect(c.verdict.sentence).toMatch(/Covers 5 of 10 baseline episodes/);
    expect(c.verdict.sentence).toMatch(/Trade-offs: 4\.7x faster/);
    expect(c.verdict.sentence).not.toMatch(/fail/i);
  });

  it("the same episode id on two datasets is two episodes; runs on different datasets are not comparable", () => {
    const base = runData("b", [row("e1"), row("e1", {dataset_id: "d2"})], {dataset_id: null});
    const cand = runData("c", [row("e1", {dataset_id: "d2"})], {dataset_id: null});
    expect(compareRuns(base, cand).coverage.common).toBe(1);
    const other = compareRuns(
      runData("b", rows(3)),
      runData(
        "c",
        rows(3, (i) => ({dataset_id: "d9", input_hash: `sha256:other${i}`})),
        {dataset_id: "d9"}
      )
    );
    expect(other.comparable).toBe(false);
    expect(other.verdict).toMatchObject({label: "not_comparable", qualifiers: []});
    expect(other.verdict.sentence).toBe(`Not comparable: different datasets (baseline ${DATASET}, candidate d9).`);
  });
});

describe("estimates: Student-t intervals, thresholds, underpowered", () => {
  it("runs on different datasets meet on the episodes that ran on identical inputs (same id and input_hash)", () => {
    const hashes = ["sha256:a", "sha256:b", "sha256:c", "sha256:d"];
    const base = runData(
      "b",
      rows(4, (i) => ({input_hash: hashes[i]}))
    );
    // e1 and e2 ran on the same text; e3 on other text; e4 the same text under another id in the baseline.
    const candidateHashes = ["sha256:a", "sha256:b", "sha256:x", "sha256:a"];
    const cand = runData(
      "c",
      rows(4, (i) => ({dataset_id: "d9", input_hash: candidateHashes[i]})),
      {dataset_id: "d9"}
    );
    const c = compareRuns(base, cand);
    expect(c).toMatchObject({comparable: true, pairing: "input_hash", common_episodes: 2});
    expect(c.coverage.missing_from_candidate).toEqual(["e3", "e4"]);
    expect(c.verdict.sentence).toContain("Paired across datasets on identical inputs (2 episodes).");
    expect(compareRuns(base, runData("c2", rows(4))).pairing).toBe("dataset");
  });

  it("ROUGE-L over 5 paired episodes: mean ± t·s/√5 at 95% and at its deciding 97.5%, n, method, mde", () => {
    const base = [0.5, 0.5, 0.5, 0.5, 0.5];
    const diffs = [-0.1, -0.2, -0.15, -0.12, -0.18]; // mean -0.15, s = sqrt(0.0017) = 0.0412...
    const c = compareRuns(
      runData(
        "b",
        rows(5, (i) => ({rougeL: base[i]})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(5, (i) => ({rougeL: base[i] + diffs[i]})),
        scoredAgainst(REF)
      )
    );
    const d = delta(c, "rougeL_f1");
    const s = Math.sqrt(0.0017);
    const half = (t975[4] * s) / Math.sqrt(5);
    expect(d.method).toBe("t");
    expect(d.n).toBe(5);
    expect(d.reference).toBe(REF);
    expect(d.delta!).toBeCloseTo(-0.15, 12);
    expect(d.ci95![0]).toBeCloseTo(-0.15 - half, 12);
    expect(d.ci95![1]).toBeCloseTo(-0.15 + half, 12);
    // The quality signal decides at 97.5% (t(.9875, 4) = 3.4954059325, scipy); its MDE is the clear rule's:
    // max(threshold, t(.9875)·s/√n) + t(.80)·s/√n.
    const decidingHalf = (3.4954059325164417 * s) / Math.sqrt(5);
    expect(d.ci_level).toBe(0.975);
    expect(d.ci![0]).toBeCloseTo(-0.15 - decidingHalf, 9);
    expect(d.ci![1]).toBeCloseTo(-0.15 + decidingHalf, 9);
    expect(d.mde!).toBeCloseTo(Math.max(0.05, decidingHalf) + (0.9409645772351816 * s) / Math.sqrt(5), 9);
    expect(d.state).toBe("clear");
    expect(d.threshold).toBe(0.05);
    expect([d.clear, d.verdict, d.decisive]).toEqual([true, "worse", true]);
    expect([d.improved, d.regressed]).toEqual([0, 5]);
    expect(c.verdict.label).toBe("worse");
    expect(c.verdict.causes[0]).toMatch(/^ROUGE-L F1 −0\.15 \[/);
  });

  it("five differences with the same sign but spread out are not a clear change (the interval covers 0)", () => {
    const diffs = [0.01, 0.02, 0.01, 0.3, 0.01]; // mean 0.07, s = 0.1298...: t interval [-0.091, 0.231]
    const c = compareRuns(
      runData(
        "b",
        rows(5, () => ({rougeL: 0.4})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(5, (i) => ({rougeL: 0.4 + diffs[i]})),
        scoredAgainst(REF)
      )
    );
    const d = delta(c, "rougeL_f1");
    expect(d.ci95![0]).toBeLessThan(0);
    expect([d.clear, d.verdict, d.underpowered]).toEqual([false, "same", true]);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.sentence).toMatch(/Too few episodes to tell for ROUGE-L F1 \(n = 5/);
  });

  it("an interval that excludes 0 below the threshold is no clear change, not underpowered when narrow", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(10, () => ({rougeL: 0.4})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(10, (i) => ({rougeL: 0.42 + (i % 2 ? 0.001 : -0.001)})),
        scoredAgainst(REF)
      )
    );
    const d = delta(c, "rougeL_f1");
    expect(d.ci95![0]).toBeGreaterThan(0);
    expect(Math.abs(d.delta!)).toBeLessThan(d.threshold!);
    expect([d.clear, d.verdict, d.underpowered]).toEqual([false, "same", false]);
  });

  it("ROUGE is compared only against a reference both runs are scored against", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(5, () => ({rougeL: 0.6, rouge1: 0.6, rouge2: 0.5})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(5, () => ({rougeL: 0.2, rouge1: 0.2, rouge2: 0.1})),
        scoredAgainst("references/silver/other")
      )
    );
    expect(c.deltas.some((d) => d.metric.startsWith("rouge"))).toBe(false);
    expect(c.episodes.every((e) => !("rougeL_f1" in e.change.metrics))).toBe(true);
    expect(c.verdict.qualifiers).toContain("no_quality_signal");
    expect(c.verdict.sentence).toMatch(/Quality vs reference not measured/);
    expect(c.verdict.sentence).not.toMatch(/no quality change/i);
  });

  it("latency is a trade-off: named when clear (1 s threshold), never the label", () => {
    // Baseline mean 12 s, candidate mean 26.2 s: 2.18x, said to one decimal.
    const c = compareRuns(
      runData(
        "b",
        rows(5, (i) => ({latency_s: 10 + i}))
      ),
      runData(
        "c",
        rows(5, (i) => ({latency_s: 24 + i + (i % 2) * 0.5}))
      )
    );
    const d = delta(c, "avg_latency_s");
    expect([d.kind, d.clear, d.verdict, d.decisive]).toEqual(["tradeoff", true, "worse", false]);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.sentence).toMatch(/Trade-offs: 2\.2x slower\./);
  });

  it("output length is neutral: its verdict is always same, the sentence names a clear 10% change", () => {
    // 400 → 202 tokens on average: a ratio of 0.505, said as a percentage (halving is where "2x" starts).
    const c = compareRuns(
      runData(
        "b",
        rows(5, () => ({output_tokens: 400}))
      ),
      runData(
        "c",
        rows(5, (i) => ({output_tokens: 200 + i}))
      )
    );
    const d = delta(c, "avg_output_tokens");
    expect([d.direction, d.verdict, d.clear, d.threshold]).toEqual(["neutral", "same", true, 40]);
    expect([d.improved, d.regressed]).toEqual([null, null]);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.sentence).toMatch(/outputs 50% shorter/);
  });
});

describe("health rules: named episodes, new vs fixed, sign test", () => {
  it("one new failure is not 'worse' but the qualifiers new_failures and new_defects, the episode named", () => {
    const c = compareRuns(
      runData("b", rows(5)),
      runData(
        "c",
        rows(5, (i) => (i === 3 ? {failed: true, error: "OOM", output_tokens: null, gate_truncation: null} : {}))
      )
    );
    expect(delta(c, "failed")).toMatchObject({
      method: "rule",
      ci95: null,
      state: null,
      decisive: false,
      baseline: 0,
      candidate: 1,
      new: ["e4"],
      fixed: [],
      verdict: "same",
      regressed: 1
    });
    // The success rate is the failed row's complement: shown, never judged.
    expect(delta(c, "success_rate")).toMatchObject({baseline: 1, candidate: 0.8, verdict: "same"});
    expect(c.defects).toMatchObject({regressed: ["e4"], improved: [], p: 1, verdict: "same"});
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.qualifiers).toEqual(expect.arrayContaining(["new_failures", "new_defects"]));
    expect(c.verdict.sentence).toContain("New defects, too few to call it worse: failure on e4.");
    expect(c.episodes[0]).toMatchObject({episode_id: "e4", regressed: true});
    expect(c.episodes[0].reasons.map(reasonWords)).toEqual(["new failure"]);
  });

  it("a new gate hit beside a fixed one is not worse (no net new); a gate on a failed episode does not apply", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(5, (i) => ({gate_truncation: i === 0}))
      ),
      runData(
        "c",
        rows(5, (i) => ({gate_truncation: i === 1}))
      )
    );
    expect(delta(c, "gate_truncation")).toMatchObject({
      new: ["e2"],
      fixed: ["e1"],
      verdict: "same",
      baseline: 1,
      candidate: 1
    });
    expect(c.verdict.label).toBe("no_clear_change");
  });

  it("an episode's defects: types gained minus types lost; a side where a gate does not apply lacks it", () => {
    const failed = {failed: true, error: "OOM", output_tokens: null, gate_truncation: null, gate_speaker_label: null};
    const base = runData("b", [row("e1"), row("e2"), row("e3", failed), row("e4", failed), row("e5")]);
    const cand = runData("c", [
      row("e1"),
      row("e2", failed),
      row("e3"),
      row("e4", {gate_truncation: true}),
      row("e5", {gate_truncation: true, gate_boilerplate: true, check_junk: true})
    ]);
    const d = Object.fromEntries(compareRuns(base, cand).episodes.map((e) => [e.episode_id, e.change.defects]));
    // e4: the failure was lost and a truncation gained (the baseline's failed output had no gate to hit).
    expect(d).toEqual({e1: 0, e2: 1, e3: -1, e4: 0, e5: 3});
  });

  it("defects decide by an exact two-sided sign test at 2.5%: 6 of 6 episodes fixed is not enough, 7 of 7 is", () => {
    const fixed = (n: number) =>
      compareRuns(
        runData(
          "b",
          rows(10, (i) => ({gate_boilerplate: i < n}))
        ),
        runData(
          "c",
          rows(10, () => ({gate_boilerplate: false}))
        )
      );
    // Two-sided p for k of k one way: 2 / 2^k: 0.03125 at 6, 0.015625 at 7.
    expect(fixed(6).defects).toMatchObject({p: 0.03125, verdict: "same"});
    expect(fixed(6).verdict.label).toBe("no_clear_change");
    expect(delta(fixed(6), "gate_boilerplate").verdict).toBe("same");
    expect(fixed(7).defects).toMatchObject({p: 0.015625, verdict: "better"});
    expect(delta(fixed(7), "gate_boilerplate").verdict).toBe("better");
    expect(fixed(7).verdict.label).toBe("better");
    expect(fixed(7).verdict.causes).toEqual(["defects down on 7 episodes, 0 the other way (sign test p = 0.016)"]);
    expect(fixed(7).verdict.qualifiers).not.toContain("new_defects");
  });

  it("quality better and defects worse together is mixed", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(10, (i) => ({gate_boilerplate: false, rougeL: 0.3 + (i % 3) * 0.001})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(10, (i) => ({gate_boilerplate: i < 8, rougeL: 0.5})),
        scoredAgainst(REF)
      )
    );
    expect(delta(c, "rougeL_f1").verdict).toBe("better");
    expect(c.defects.verdict).toBe("worse");
    expect(c.verdict.label).toBe("mixed");
  });
});

describe("one per-episode record feeds the list, the counts and the verdict", () => {
  it("an episode whose latency rose 30.1 → 43.9 s is a trade-off, counted in the latency row, not unchanged", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(5, (i) => ({latency_s: 30.1 + i}))
      ),
      runData(
        "c",
        rows(5, (i) => ({latency_s: 43.9 + i}))
      )
    );
    const d = delta(c, "avg_latency_s");
    expect(d.regressed).toBe(5);
    const e1 = c.episodes.find((e) => e.episode_id === "e1")!;
    expect(e1.regressed).toBe(false);
    expect(e1.tradeoffs.map(reasonWords)).toEqual(["Latency per episode 30.1 s → 43.9 s (+13.8 s)"]);
    expect(c.episodes.filter((e) => e.regressed)).toHaveLength(0);
  });

  it("the delta table's regressed count for a quality signal equals the episodes listed as regressed on it", () => {
    const c = compareRuns(
      runData(
        "b",
        rows(6, () => ({rougeL: 0.5})),
        scoredAgainst(REF)
      ),
      runData(
        "c",
        rows(6, (i) => ({rougeL: [0.3, 0.5, 0.44, 0.46, 0.1, 0.52][i]})),
        scoredAgainst(REF)
      )
    );
    const d = delta(c, "rougeL_f1");
    const marked = c.episodes.filter((e) => e.reasons.some((r) => r.metric === "rougeL_f1"));
    // e1 (−0.2), e3 (−0.06) and e5 (−0.4) cross the 0.05 threshold; e4 (−0.04) does not.
    expect(d.regressed).toBe(3);
    expect(marked.map((e) => e.episode_id).sort()).toEqual(
      c.episodes
        .filter((e) => e.change.metrics.rougeL_f1.crossed < 0)
        .map((e) => e.episode_id)
        .sort()
    );
  });
});

describe("inputs and configuration", () => {
  it("common episodes whose input_hash differs are named, with paths and sizes: qualifier inputs_differ", () => {
    const base = runData(
      "b",
      rows(3, (i) => ({input_path: `materialized/e${i + 1}.txt`, input_chars: 11049}))
    );
    const cand = runData(
      "c",
      rows(3, (i) => ({
        input_hash: i === 2 ? `sha256:e${i + 1}` : `sha256:raw${i}`,
        input_path: `raw/e${i + 1}.txt`,
        input_chars: 10793
      }))
    );
    const c = compareRuns(base, cand);
    expect(c.inputs).toMatchObject({compared: 3, differing: 2, unknown: 0});
    expect(c.inputs.episodes[0]).toEqual({
      episode_id: "e1",
      dataset_id: DATASET,
      baseline: {hash: "sha256:e1", path: "materialized/e1.txt", chars: 11049},
      candidate: {hash: "sha256:raw0", path: "raw/e1.txt", chars: 10793}
    });
    expect(c.verdict.qualifiers).toContain("inputs_differ");
    // No fingerprint says preprocessing changed: the difference is named, not called drift.
    expect(c.verdict.sentence).toContain(
      "inputs: differ on 2 of 3 episodes: text hash, length 11049 → 10793 chars, path materialized/e1.txt → " +
        "raw/e1.txt (e.g. e1); the fingerprints' preprocessing is the same"
    );
    expect(c.verdict.qualifiers).not.toContain("preprocessing_changed");
  });

  it("a preprocessing change on identical inputs is named last, as having no measured effect", () => {
    const fingerprint = (profile: string) => ({"preprocessing.profile_id": profile, "model.model_name": "m"});
    const c = compareRuns(
      runData("b", rows(5), {}, fingerprint("cleaning_v4")),
      runData(
        "c",
        rows(5, () => ({latency_s: 9})),
        {},
        fingerprint("cleaning_v3")
      )
    );
    expect(c.verdict.qualifiers).toContain("preprocessing_changed");
    expect(c.findings.map((f) => [f.stage, f.code, f.measured])).toEqual([
      ["cost", "latency", true],
      ["inputs", "preprocessing_changed", false]
    ]);
    expect(reportComparison(c).findings[1].sentence).toBe(
      "inputs: preprocessing cleaning_v4 → cleaning_v3 changed; inputs identical on 5 of 5: no measured effect"
    );
  });

  it("without hashes, input length decides; with neither the input is unknown", () => {
    const base = runData(
      "b",
      rows(3, (i) => ({input_hash: null, input_chars: i === 2 ? null : 500}))
    );
    const cand = runData(
      "c",
      rows(3, (i) => ({input_hash: null, input_chars: i === 0 ? 501 : 500}))
    );
    expect(compareRuns(base, cand).inputs).toMatchObject({compared: 2, differing: 1, unknown: 1});
  });

  it("identical outputs with another library version: no clear change, and the sentence names the settings", () => {
    const fingerprint = {
      "provider.provider_library": "transformers",
      "provider.provider_library_version": "4.57.6",
      "run_context.git.commit": "6a398326ed7d",
      "run_context.run_id": "2026-01-01"
    };
    const c = compareRuns(
      runData(
        "b",
        rows(5, () => ({rougeL: 0.4})),
        scoredAgainst(REF),
        fingerprint
      ),
      runData(
        "c",
        rows(5, () => ({rougeL: 0.4})),
        scoredAgainst(REF),
        {
          ...fingerprint,
          "provider.provider_library_version": "5.13.0",
          "run_context.git.commit": "70f428f5c895",
          "run_context.run_id": "2026-02-02"
        }
      )
    );
    expect(c.changes.map((x) => x.path)).toEqual(["provider.provider_library_version", "run_context.git.commit"]);
    expect(c.changes[0].group).toBe("environment");
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.sentence).toMatch(/Changed: transformers 4\.57\.6 → 5\.13\.0; commit 6a39832 → 70f428f\./);
  });

  it("a setting only one fingerprint has is a change with both report keys: null, and the side it lacks", () => {
    const c = compareRuns(
      runData("b", rows(3), scoredAgainst(REF), {"chunking.word_chunk_size": 900, "environment.os": "Darwin"}),
      runData("c", rows(3), scoredAgainst(REF), {"chunking.strategy": "token_chunking", "environment.os": "Darwin"})
    );
    const json = JSON.parse(JSON.stringify(c.changes));
    expect(json).toEqual([
      {
        path: "chunking.strategy",
        group: "preprocessing",
        baseline: null,
        candidate: "token_chunking",
        absent: "baseline"
      },
      {path: "chunking.word_chunk_size", group: "preprocessing", baseline: 900, candidate: null, absent: "candidate"}
    ]);
    expect(c.verdict.sentence).toContain("strategy (absent) → token_chunking");
  });
});

describe("the changed settings the sentence names", () => {
  it("names the pipeline shape, then generation, preprocessing, chunking, models; skips one-sided nulls", () => {
    const base = {
      "pipeline.type": "single_stage",
      "pipeline.stages.main.model.model_name": "longt5",
      "pipeline.stages.main.model.endpoint": null,
      "environment.os": "Darwin",
      "chunking.word_chunk_size": 900
    };
    const cand = {
      "pipeline.type": "map_reduce",
      "pipeline.stages.map.model.model_name": "bart",
      "environment.os": "Linux",
      "chunking.word_chunk_size": 600
    };
    const c = compareRuns(
      runData("b", rows(3), scoredAgainst(REF), base),
      runData("c", rows(3), scoredAgainst(REF), cand)
    );
    // Listed in full below the verdict.
    expect(c.changes.map((x) => x.path)).toContain("pipeline.stages.main.model.endpoint");
    expect(c.verdict.sentence).toContain(
      "Changed: pipeline single_stage → map_reduce; word_chunk_size 900 → 600; main model longt5 → (absent)."
    );
  });

  it("names generation parameters before revision pins", () => {
    const base = {
      "pipeline.stages.reduce.model.model_revision": "main",
      "pipeline.stages.reduce.generation_params.max_new_tokens": 650,
      "runtime.device": "mps"
    };
    const cand = {
      "pipeline.stages.reduce.model.model_revision": "3833abcd",
      "pipeline.stages.reduce.generation_params.max_new_tokens": 150,
      "runtime.device": "cuda"
    };
    const c = compareRuns(runData("b", rows(3), {}, base), runData("c", rows(3), {}, cand));
    expect(c.verdict.sentence).toContain("Changed: reduce max_new_tokens 650 → 150; reduce model_revision main →");
  });
});

describe("rememberingCompare (the page's comparisons)", () => {
  it("gives the same comparison for the same two runs, and compares again when either run's data is new", () => {
    const compare = rememberingCompare();
    const base = runData(
      "b",
      rows(4, (i) => ({rougeL: 0.4 + i / 100})),
      scoredAgainst(REF)
    );
    const cand = runData(
      "c",
      rows(4, (i) => ({rougeL: 0.3 + i / 100})),
      scoredAgainst(REF)
    );
    const first = compare(base, cand);
    expect(first).toEqual(compareRuns(base, cand));
    expect(compare({...base}, {...cand})).toBe(first); // the page fetches the same table and details again
    const reloaded = {...cand, details: cand.details ? {...cand.details} : null};
    expect(compare(base, reloaded)).not.toBe(first);
    expect(compare(cand, base)).not.toBe(first);
    expect(compare(cand, base).deltas.find((d) => d.metric === "rougeL_f1")!.delta).toBeCloseTo(0.1, 12);
  });
});

describe("numbers in words", () => {
  it("never rounds a rate that is not 0 or 1 to 0% or 100%, and gives differences of shares in points", () => {
    expect([
      amount(1, "rate"),
      amount(0.8, "rate"),
      amount(0.9965, "rate"),
      amount(0.99996, "rate"),
      amount(0.0004, "rate")
    ]).toEqual(["100%", "80%", "99.7%", "99.996%", "0.04%"]);
    expect([amount(0.008, "share"), amount(0.135, "share")]).toEqual(["0.8%", "13.5%"]);
    expect([
      signed(-0.0005, "rate"),
      signed(0.127, "share"),
      difference(0.02, "share"),
      difference(0.05, "score")
    ]).toEqual(["−0.05 pts", "+12.7 pts", "2 pts", "0.05"]);
  });
});
