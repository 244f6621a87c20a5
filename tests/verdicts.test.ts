// The verdicts real pairs get, on the fixtures and on the corpus: each expectation is first checked
// against the artifacts themselves (outputs, inputs, fingerprints read with plain JSON.parse).
import {cpSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {compareRuns, type Comparison} from "../src/compare/compare.js";
import {readJson, readJsonl, textOf} from "./support/evalTree.js";
import {corpusDir, fixturesDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, type TestSnapshot} from "./support/snapshot.js";
import {cleanupTempDirs, tempEvalDir} from "./support/tempTree.js";

afterAll(() => (cleanupStores(), cleanupTempDirs()));

const FATTER = "baselines/mr_fatter_map_v2";
const ML_PROD = "baselines/baseline_ml_prod_authority_smoke_v1";
const UPGRADE = "runs/ml_prod_transformers5_v1";
const predictions = (evalDir: string, id: string) =>
  readJsonl(path.join(evalDir, id, "predictions.jsonl")).map(({row}) => row);
const delta = (c: Comparison, metric: string) => c.deltas.find((d) => d.metric === metric)!;

describe("fixtures", () => {
  let snap: TestSnapshot;
  const compare = (baseline: string, candidate: string) => compareRuns(snap.data(baseline), snap.data(candidate));
  beforeAll(async () => {
    snap = await snapshotOf(fixturesDir);
  });

  it("identical outputs after a library upgrade: no clear change, names transformers 4.57.6 → 5.13.0", () => {
    const [before, after] = [predictions(fixturesDir, ML_PROD), predictions(fixturesDir, UPGRADE)];
    expect(after.map((r) => textOf(r.output))).toEqual(before.map((r) => textOf(r.output)));
    const [fpBefore, fpAfter] = [ML_PROD, UPGRADE].map((id) =>
      readJson(path.join(fixturesDir, id, "fingerprint.json"))
    );
    expect([fpBefore.provider.provider_library_version, fpAfter.provider.provider_library_version]).toEqual([
      "4.57.6",
      "5.13.0"
    ]);
    const c = compare(ML_PROD, UPGRADE);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.outputs_identical).toBe(before.length);
    expect(c.verdict.qualifiers).toContain("outputs_identical");
    expect(c.verdict.sentence).toMatch(
      /^Outputs identical on 5 of 5 episodes: the \d+ changed settings did not change/
    );
    expect(c.verdict.sentence).toContain("transformers 4.57.6 → 5.13.0");
    for (const d of c.deltas.filter((x) => x.kind === "quality")) expect([d.metric, d.delta]).toEqual([d.metric, 0]);
    expect(c.changes.find((x) => x.path === "provider.provider_library_version")).toMatchObject({
      group: "environment",
      baseline: "4.57.6",
      candidate: "5.13.0"
    });
    expect(c.changes.some((x) => x.path === "run_context.run_id")).toBe(false);
  });

  it("a candidate on 3 of the baseline's 5 episodes is incomplete, never 'failures up'", () => {
    const ids = predictions(fixturesDir, "runs/mr_fast_partial_v1").map((r) => r.episode_id);
    const all = predictions(fixturesDir, FATTER).map((r) => r.episode_id);
    const c = compare(FATTER, "runs/mr_fast_partial_v1");
    expect(c.coverage.missing_from_candidate).toEqual(all.filter((id) => !ids.includes(id)));
    expect(c.verdict.qualifiers).toContain("incomplete");
    expect(delta(c, "failed")).toMatchObject({baseline: 0, candidate: 0, n: ids.length});
    expect(c.verdict.sentence).toMatch(/Covers 3 of 5 baseline episodes/);
    // 20 s faster on each of 3 episodes, yet nothing is called clear below 5 paired episodes.
    expect(delta(c, "avg_latency_s")).toMatchObject({n: 3, state: "underpowered", clear: false});
    expect(c.verdict.sentence).not.toMatch(/faster/);
    expect(c.verdict.sentence).not.toMatch(/fail/i);
  });

  it("changed inputs (every input_hash differs): qualifier inputs_differ, with both paths and sizes", () => {
    const [base, cand] = [predictions(fixturesDir, FATTER), predictions(fixturesDir, "runs/mr_raw_inputs_v1")];
    const differing = cand.filter((r, i) => r.metadata.input_hash !== base[i].metadata.input_hash);
    expect(differing).toHaveLength(5);
    const c = compare(FATTER, "runs/mr_raw_inputs_v1");
    expect(c.inputs).toMatchObject({compared: 5, differing: 5});
    expect(c.verdict.qualifiers).toContain("inputs_differ");
    // Said by what differs, and called drift only because the fingerprints' preprocessing differs too.
    expect(c.verdict.sentence).toMatch(/inputs: differ on 5 of 5 episodes: text hash, length \d+ → \d+ chars, path /);
    expect(c.verdict.sentence).toContain("preprocessing drift (profile_id cleaning_v4 → raw");
    expect(c.verdict.qualifiers).toContain("preprocessing_changed");
    expect(c.findings[0]).toMatchObject({
      stage: "inputs",
      code: "inputs_differ",
      episodes: differing.map((r) => r.episode_id)
    });
    const first = c.inputs.episodes.find((e) => e.episode_id === base[0].episode_id)!;
    expect(first.baseline).toEqual({
      hash: base[0].metadata.input_hash,
      path: base[0].metadata.input_path,
      chars: base[0].metadata.input_length_chars
    });
    expect(first.candidate).toEqual({
      hash: cand[0].metadata.input_hash,
      path: cand[0].metadata.input_path,
      chars: cand[0].metadata.input_length_chars
    });
  });

  it("the starved map/reduce run: too few scored episodes to call ROUGE-L, each new defect named by episode", () => {
    const rows = predictions(fixturesDir, "runs/mr_starved_v3");
    const oom = rows.find((r) => typeof r.error === "string")!;
    const c = compare(FATTER, "runs/mr_starved_v3");
    // The failed episode has no ROUGE: 4 paired scores, and nothing is called clear below 5.
    expect(delta(c, "rougeL_f1")).toMatchObject({n: rows.length - 1, state: "underpowered", verdict: "same"});
    expect(delta(c, "rougeL_f1").reference).toBe("references/silver/silver_sonnet46_smoke_v1");
    // Five episodes each gained a defect type (a failure, three gates, and p01's loop, which only the repetition
    // check sees): a sign test of 5 of 5 has p = 0.0625, not enough to call it.
    expect(c.defects).toMatchObject({p: 0.0625, verdict: "same"});
    expect(c.defects.regressed).toHaveLength(5);
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.qualifiers).toEqual(expect.arrayContaining(["new_failures", "new_defects"]));
    expect(delta(c, "failed").new).toEqual([oom.episode_id]);
    expect(delta(c, "gate_truncation").new).toEqual(["p04_e01"]);
    expect(c.verdict.sentence).toContain(
      `failure on ${oom.episode_id}; truncation on p04_e01; speaker label leak on p02_e01; ` +
        "boilerplate leak on p03_e01"
    );
    expect(c.episodes[0]).toMatchObject({episode_id: oom.episode_id, regressed: true});
  });

  it("the pruned NER run vs the NER baseline: entity-set F1 deltas counted by hand, mention F1 not judged", () => {
    // In-scope (PERSON, ORG) entity sets vs the gold's three per episode, read off the files: the baseline finds
    // 2, 3, 3, 3, 2 of them (F1 0.8, 1, 1, 1, 0.8); the candidate lost "liam" in p01 (1 of 3: F1 0.5) and the
    // ORG in p03 (relabelled GPE, out of scope: 0.8), and gained p05's ORG (1). No extra in-scope entity.
    const c = compare("baselines/baseline_ner_prod_authority_v1", "runs/ner_spacy_pruned_v1");
    const set = delta(c, "ner_f1_entity_set");
    expect(set.reference).toBe("references/gold/ner_entities/ner_entities_smoke_gold_v1");
    expect(set.baseline).toBeCloseTo(0.92, 12);
    expect(set.candidate).toBeCloseTo(0.86, 12);
    expect(set.delta).toBeCloseTo(-0.06, 12);
    // Differences -0.3, 0, -0.2, 0, +0.2: s = 0.19494, t(0.975, 4) = 2.7764, half-width 0.2421.
    expect(set.ci95![0]).toBeCloseTo(-0.3021, 3);
    expect(set.ci95![1]).toBeCloseTo(0.1821, 3);
    expect(set).toMatchObject({n: 5, method: "t", verdict: "same", underpowered: true, improved: 1, regressed: 2});
    const regressed = c.episodes
      .filter((e) => e.regressed)
      .map((e) => e.episode_id)
      .sort();
    expect(regressed).toEqual(["p01_e01", "p03_e01"]);
    // The gold was made on other text (text_fingerprint ≠ input_hash): mention metrics carry a note and no verdict.
    for (const metric of ["ner_f1_mention_exact", "ner_f1_mention_overlap"]) {
      expect(delta(c, metric).not_judged, metric).toEqual({code: "offsets_other_text", gold: expect.any(String)});
      expect(delta(c, metric)).toMatchObject({verdict: "same", decisive: false, threshold: null});
    }
    expect(c.verdict.label).toBe("no_clear_change");
  });

  it("a run on another dataset is not comparable with any curated run, either way round", () => {
    const other = "runs/other_dataset/ner_style_v1";
    const curated = snap.catalog.runs.filter(
      (r) => r.dataset_id === "curated_5feeds_smoke_v1" && r.task === "summarization"
    );
    expect(curated.length).toBeGreaterThanOrEqual(5);
    for (const r of curated) {
      for (const c of [compare(r.id, other), compare(other, r.id)]) {
        expect(c.verdict.label).toBe("not_comparable");
        expect(c.deltas).toEqual([]);
        expect(c.verdict.sentence).toMatch(
          /curated_5feeds_smoke_v1.*curated_3feeds_other_v1|curated_3feeds_other_v1.*curated_5feeds_smoke_v1/
        );
      }
    }
  });
});

describe("the corpus", () => {
  it("with the upgraded rerun copied in, the identical-output pair: no clear change, settings named", async () => {
    const evalDir = tempEvalDir();
    cpSync(corpusDir, evalDir, {recursive: true});
    cpSync(path.join(fixturesDir, UPGRADE), path.join(evalDir, UPGRADE), {recursive: true});
    const snap = await snapshotOf(evalDir);
    const c = compareRuns(snap.data(ML_PROD), snap.data(UPGRADE));
    expect(c.verdict.label).toBe("no_clear_change");
    expect(c.verdict.sentence).toContain("transformers 4.57.6 → 5.13.0");
    expect(c.verdict.sentence).toMatch(/commit 6a39832 → /);
  });

  it("no real pair is better or worse on ROUGE unless its t interval excludes 0 and |Δ| reaches 0.05", async () => {
    const snap = await snapshotOf(corpusDir);
    const summaries = snap.catalog.runs.filter(
      (r) => r.task === "summarization" && r.reference?.source === "recomputed"
    );
    let checked = 0;
    for (const b of summaries) {
      for (const c of summaries) {
        if (b === c) continue;
        const d = compareRuns(snap.data(b.id), snap.data(c.id)).deltas.find((x) => x.metric === "rougeL_f1");
        if (!d) continue;
        checked++;
        if (d.verdict !== "same") expect(Math.abs(d.delta!) >= 0.05 && (d.ci95![0] > 0 || d.ci95![1] < 0)).toBe(true);
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
  });
});
