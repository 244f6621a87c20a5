// Map/reduce facts per stage: each fact on hand-built measures and intermediates, the caps read from real
// fingerprints, the rule that keeps recorded and derived numbers out of one delta, and what the real corpus shows
// (every expected value there is computed here from the artifacts, not taken from the code under test).
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseEpisode} from "../loaders/episode.js";
import {
  measuresFromMaps,
  runSource,
  runStageFacts,
  sameMapReduceSource,
  stageColumns,
  withDiagnostics
} from "../src/compare/mapReduce.js";
import {METRICS} from "../src/compare/metrics.js";
import {stageCapsOf, withEstimates, type StageCaps} from "../src/compare/stageCaps.js";
import {readJson, readJsonl, runDirs, textOf} from "./support/evalTree.js";
import {corpusDir, fixturesDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, type TestSnapshot} from "./support/snapshot.js";

afterAll(cleanupStores);

const CAPS: StageCaps = {
  map: {tokens: 200, from: "pipeline.stages.map.generation_params.max_new_tokens", estimated: true},
  reduce_input: {tokens: 1000, from: "tokenization.reduce_max_input_tokens", estimated: false},
  final: {tokens: 650, from: "pipeline.stages.reduce.generation_params.max_new_tokens", estimated: true}
};
const NO_CAPS: StageCaps = {map: null, reduce_input: null, final: null};
const recordedChars = (chars: number) => ({reduce_input_chars: chars, reduce_input_tokens: null});
const derived = {reduce_input_chars: null, reduce_input_tokens: null};
const final = (chars: number) => ({chars, tokens: Math.floor(chars / 4)});

describe("map/reduce facts per episode", () => {
  it("a recorded reduce input at half the map output is starved (share 0.5)", () => {
    const m = measuresFromMaps([600, 400], recordedChars(500));
    const columns = stageColumns(m, CAPS, final(300));
    expect(columns.map_reduce_source).toBe("recorded");
    expect(columns.map_output_chars).toBe(1000);
    expect(columns.reduce_input_chars).toBe(500);
    expect(columns.reduce_share).toBe(0.5);
    expect(columns.starved).toBe(true);
  });

  it("a recorded reduce input at 95% of the map output is not starved", () => {
    const columns = stageColumns(measuresFromMaps([600, 400], recordedChars(950)), CAPS, final(300));
    expect(columns.reduce_share).toBe(0.95);
    expect(columns.starved).toBe(false);
  });

  it("a derived reduce input is the map output: no share, no starved, its chars are the map output's", () => {
    const columns = stageColumns(measuresFromMaps([600, 400], derived), CAPS, final(300));
    expect(columns.map_reduce_source).toBe("derived");
    expect(columns.reduce_input_chars).toBe(1000);
    expect(columns.reduce_input_tokens).toBe(250);
    expect(columns.reduce_share).toBeNull();
    expect(columns.starved).toBeNull();
  });

  it("shares in tokens only between recorded tokens: diagnostics chunks x avg_map_tokens", () => {
    const diag = {chunks: 4, avg_map_tokens: 100, reduce_input_tokens: 200, reduce_input_chars: null, final_tokens: 90};
    const columns = stageColumns(withDiagnostics(null, diag), CAPS, final(360));
    expect(columns.reduce_share).toBe(0.5);
    expect(columns.starved).toBe(true);
    expect(columns.final_tokens).toBe(90);
  });

  it("reduce_input_cut: recorded tokens at the cap, else chars / 4; unknown without the cap", () => {
    const tokens = (n: number) => ({reduce_input_chars: null, reduce_input_tokens: n});
    expect(stageColumns(measuresFromMaps([4000], tokens(1000)), CAPS, final(10)).reduce_input_cut).toBe(true);
    expect(stageColumns(measuresFromMaps([4000], tokens(999)), CAPS, final(10)).reduce_input_cut).toBe(false);
    // No recorded tokens: 4000 chars estimate 1000 tokens, at the cap; 3996 chars estimate 999.
    expect(stageColumns(measuresFromMaps([4000], recordedChars(4000)), CAPS, final(10)).reduce_input_cut).toBe(true);
    expect(stageColumns(measuresFromMaps([4000], recordedChars(3996)), CAPS, final(10)).reduce_input_cut).toBe(false);
    expect(stageColumns(measuresFromMaps([4000], tokens(5000)), NO_CAPS, final(10)).reduce_input_cut).toBeNull();
    expect(stageColumns(measuresFromMaps([4000], tokens(5000)), null, final(10)).reduce_input_cut).toBeNull();
  });

  it("padded: a final output longer than its reduce input, in chars, else recorded tokens; unknown when failed", () => {
    const m = measuresFromMaps([300, 300], recordedChars(500));
    expect(stageColumns(m, CAPS, final(501)).padded).toBe(true);
    expect(stageColumns(m, CAPS, final(500)).padded).toBe(false);
    expect(stageColumns(m, CAPS, null).padded).toBeNull();
    const diag = {chunks: 2, avg_map_tokens: 80, reduce_input_tokens: 150, reduce_input_chars: null, final_tokens: 151};
    expect(stageColumns(withDiagnostics(null, diag), CAPS, {chars: null, tokens: null}).padded).toBe(true);
  });

  it("map_at_cap: the share of chunks reaching 90% of the map cap (chars / 4 per chunk)", () => {
    // 800 chars = 200 tokens, 720 = 180 (exactly 90%), 716 = 179 (below), 400 = 100.
    const m = measuresFromMaps([800, 720, 716, 400], derived);
    const columns = stageColumns(m, CAPS, final(100));
    expect(columns.map_at_cap).toBe(0.5);
    expect(columns.map_at_cap_any).toBe(true);
    expect(stageColumns(measuresFromMaps([716, 400], derived), CAPS, final(100))).toMatchObject({
      map_at_cap: 0,
      map_at_cap_any: false
    });
    expect(stageColumns(m, NO_CAPS, final(100))).toMatchObject({map_at_cap: null, map_at_cap_any: null});
  });

  it("a recorded mean at the cap proves some chunk at it; a mean below says nothing about single chunks", () => {
    const at = {chunks: 3, avg_map_tokens: 190, reduce_input_tokens: 570, reduce_input_chars: null, final_tokens: 1};
    expect(stageColumns(withDiagnostics(null, at), CAPS, final(4))).toMatchObject({
      map_at_cap: null,
      map_at_cap_any: true
    });
    const below = {...at, avg_map_tokens: 170};
    expect(stageColumns(withDiagnostics(null, below), CAPS, final(4)).map_at_cap_any).toBeNull();
  });

  it("diagnostics over intermediates: recorded numbers win, the per-chunk texts stay", () => {
    const prior = measuresFromMaps([800, 400], derived);
    const diag = {chunks: 2, avg_map_tokens: 150, reduce_input_tokens: 120, reduce_input_chars: 480, final_tokens: 50};
    const merged = withDiagnostics(prior, diag);
    expect(merged).toMatchObject({source: "recorded", map_chunk_tokens: [200, 100], map_output_chars: 1200});
    const columns = stageColumns(merged, CAPS, final(200));
    expect(columns.reduce_share).toBe(0.4);
    expect(columns.map_tokens).toBe(150);
    expect(columns.map_at_cap).toBe(0.5);
  });

  it("the loader reads intermediate.reduce_input_chars as recorded, reports a bad one and derives instead", () => {
    const maps = ["a".repeat(600), {chunk_id: 1, text: "b".repeat(400)}];
    const raw = (reduce: unknown) => ({
      episode_id: "e1",
      output: {summary_final: "c".repeat(300)},
      intermediate: {map_summaries: maps, reduce_input_chars: reduce}
    });
    const problems: string[] = [];
    const ids = {dataset_id: "d", episode_id: "e1"};
    const recorded = parseEpisode(raw(500), ids, (m) => problems.push(m), CAPS).row;
    expect(recorded).toMatchObject({
      map_reduce_source: "recorded",
      map_chunks: 2,
      map_output_chars: 1000,
      reduce_input_chars: 500,
      reduce_input_tokens: 125,
      reduce_share: 0.5,
      starved: true,
      padded: false,
      final_tokens: 75
    });
    expect(problems).toEqual([]);
    const bad = parseEpisode(raw("500"), ids, (m) => problems.push(m), CAPS).row;
    expect(bad).toMatchObject({map_reduce_source: "derived", reduce_input_chars: 1000, reduce_share: null});
    expect(problems).toEqual([expect.stringMatching(/^intermediate\.reduce_input_chars is "500", not a number/)]);
    expect(parseEpisode({episode_id: "e1", output: "x"}, ids, () => {}, CAPS).row).toMatchObject({
      map_reduce_source: null,
      reduce_share: null,
      final_tokens: null,
      padded: null
    });
  });
});

describe("stage caps from fingerprint.json", () => {
  const fingerprint = (dir: string, id: string) => readJson(path.join(dir, id, "fingerprint.json"));

  it("reads a map/reduce run's map, reduce input and final caps with the path each came from", () => {
    expect(stageCapsOf(fingerprint(corpusDir, "baselines/baseline_ml_prod_authority_smoke_v1"))).toEqual({
      map: {tokens: 200, from: "pipeline.stages.map.generation_params.max_new_tokens", estimated: false},
      reduce_input: {tokens: 4096, from: "tokenization.reduce_max_input_tokens", estimated: false},
      final: {tokens: 650, from: "pipeline.stages.reduce.generation_params.max_new_tokens", estimated: false}
    });
    expect(stageCapsOf(fingerprint(fixturesDir, "runs/mr_starved_v3"))?.map?.tokens).toBe(64);
  });

  it("a single-stage run has only a final cap (max_new_tokens or an API's max_tokens)", () => {
    const llm = stageCapsOf(fingerprint(corpusDir, "baselines/baseline_llm_openai_smoke_bullets_v1"));
    expect(llm).toEqual({
      map: null,
      reduce_input: null,
      final: {tokens: 800, from: "pipeline.stages.main.generation_params.max_tokens", estimated: false}
    });
    // The hybrid run states a reduce input cap in tokenization, but has no reduce stage: it does not apply.
    const hybrid = stageCapsOf(fingerprint(corpusDir, "baselines/baseline_ml_hybrid_qwen25_7b_smoke_paragraph_v1"));
    expect(hybrid).toMatchObject({map: null, reduce_input: null, final: {tokens: 200}});
    expect(stageCapsOf(fingerprint(corpusDir, "baselines/baseline_ner_prod_authority_v1"))?.final).toBeNull();
    expect(stageCapsOf(null)).toBeNull();
  });

  it("finds stages listed by stage_id as well as by key", () => {
    const caps = stageCapsOf({
      pipeline: {
        stages: [
          {stage_id: "map_bart", generation_params: {max_new_tokens: 120}},
          {stage_id: "reduce_led", generation_params: {max_new_tokens: 400}}
        ]
      },
      tokenization: {reduce_max_input_tokens: 2048}
    });
    expect(caps?.map).toMatchObject({tokens: 120, from: "pipeline.stages.0.generation_params.max_new_tokens"});
    expect(caps?.final).toMatchObject({tokens: 400, from: "pipeline.stages.1.generation_params.max_new_tokens"});
    expect(caps?.reduce_input?.tokens).toBe(2048);
  });

  it("marks a cap estimated when the values checked against it are characters / 4", () => {
    const fromTexts = {stages: measuresFromMaps([800, 400], recordedChars(1100)), final: final(400)};
    const diag = {chunks: 2, avg_map_tokens: 150, reduce_input_tokens: 300, reduce_input_chars: null, final_tokens: 50};
    const fromDiagnostics = {stages: withDiagnostics(null, diag), final: final(200)};
    const single = {stages: null, final: final(200)};
    expect(withEstimates(NO_CAPS, [fromTexts])).toEqual(NO_CAPS);
    expect(withEstimates(null, [fromTexts])).toBeNull();
    const estimated = (caps: StageCaps | null) => [
      caps?.map?.estimated,
      caps?.reduce_input?.estimated,
      caps?.final?.estimated
    ];
    expect(estimated(withEstimates(CAPS, [fromTexts, single]))).toEqual([true, true, true]);
    expect(estimated(withEstimates(CAPS, [fromDiagnostics]))).toEqual([false, false, false]);
    // A failed episode (no final output, no recorded final tokens) is not checked against the final cap.
    const failed = {stages: withDiagnostics(null, {...diag, final_tokens: null}), final: null};
    expect(estimated(withEstimates(CAPS, [fromDiagnostics, failed]))).toEqual([false, false, false]);
    // A single-stage run: its final outputs are always measured as characters / 4.
    expect(withEstimates(CAPS, [single, single])?.final?.estimated).toBe(true);
  });
});

describe("recorded and derived never meet in one delta", () => {
  const run = (map_reduce: ReturnType<typeof runSource>) => ({map_reduce});

  it("sameMapReduceSource: both recorded or both derived; mixed or absent meets nothing", () => {
    expect(sameMapReduceSource(run("recorded"), run("recorded"))).toBe(true);
    expect(sameMapReduceSource(run("derived"), run("derived"))).toBe(true);
    expect(sameMapReduceSource(run("recorded"), run("derived"))).toBe(false);
    expect(sameMapReduceSource(run("derived"), run("recorded"))).toBe(false);
    expect(sameMapReduceSource(run("mixed"), run("mixed"))).toBe(false);
    expect(sameMapReduceSource(run(null), run(null))).toBe(false);
    expect(sameMapReduceSource(run("recorded"), run(null))).toBe(false);
  });

  it("a run's source is its episodes' one source, else mixed", () => {
    expect(runSource([null, "recorded", "recorded"])).toBe("recorded");
    expect(runSource(["derived", null])).toBe("derived");
    expect(runSource(["derived", "recorded"])).toBe("mixed");
    expect(runSource([null])).toBeNull();
  });

  it("marks exactly the map/reduce size metrics, all neutral trade-offs, with source map_reduce", () => {
    const marked = METRICS.filter((m) => m.source === "map_reduce");
    expect(marked.map((m) => m.name)).toEqual(["map_chunks", "map_tokens", "reduce_input_tokens", "reduce_share"]);
    for (const m of marked) expect([m.kind, m.direction]).toEqual(["tradeoff", "neutral"]);
  });
});

/** Every expected number below is computed here from predictions.jsonl, not read back from the loader. */
function artifactFacts(dir: string) {
  return readJsonl(path.join(dir, "predictions.jsonl")).map(({row}) => {
    const maps: string[] = row.intermediate.map_summaries.map((m: {text: string} | string) =>
      typeof m === "string" ? m : m.text
    );
    const mapChars = maps.reduce((total, text) => total + [...text].length, 0);
    const reduce: number = row.intermediate.reduce_input_chars;
    const finalChars = [...(textOf(row.output) ?? "")].length;
    return {
      episode: row.episode_id as string,
      share: reduce / mapChars,
      padded: finalChars > reduce,
      atCap: (cap: number) => maps.filter((text) => Math.floor([...text].length / 4) >= 0.9 * cap).length / maps.length
    };
  });
}

describe("the real corpus", () => {
  const PROD = "baselines/baseline_ml_prod_authority_smoke_v1";
  const BART = "baselines/baseline_ml_bart_authority_smoke_v1";
  let data: TestSnapshot;
  beforeAll(async () => {
    data = await snapshotOf(corpusDir);
  });

  it("has no archived prod run: the only archived run is a silver reference without intermediates", () => {
    const archived = runDirs(corpusDir).filter((d) => d.id.split("/").some((part) => part.startsWith("_")));
    expect(archived.map((d) => d.id)).toEqual(["references/silver/_archive/silver_gpt4o_smoke_v1"]);
    expect(archived.filter((d) => /prod/.test(d.id))).toEqual([]);
    expect(data.run(archived[0].id).map_reduce).toBeNull();
  });

  it("the prod run records a reduce input of 99.0-99.3% of its map output: none starved, none padded", () => {
    const facts = artifactFacts(path.join(corpusDir, PROD));
    expect(facts).toHaveLength(5);
    for (const fact of facts) {
      expect(fact.share).toBeGreaterThanOrEqual(0.99);
      expect(fact.share).toBeLessThan(0.993);
      expect(fact.padded).toBe(false);
      const row = data.row(PROD, "curated_5feeds_smoke_v1", fact.episode)!;
      expect(row.map_reduce_source).toBe("recorded");
      expect(row.reduce_share).toBeCloseTo(fact.share, 12);
      expect([row.starved, row.padded, row.reduce_input_cut]).toEqual([false, false, false]);
      expect(row.map_at_cap).toBe(fact.atCap(200));
    }
    // One chunk in all: p05_e01's second map summary, 721 chars = 180 tokens (est.), 90% of the 200-token cap.
    expect(facts.map((f) => [f.episode, f.atCap(200)]).filter(([, share]) => share)).toEqual([["p05_e01", 0.25]]);
    const facts2 = runStageFacts(data.run(PROD), data.rows(PROD));
    expect(facts2).toMatchObject({source: "recorded", episodes: 5, starved: [], padded: [], map_at_cap: ["p05_e01"]});
    expect(data.run(PROD).stage_caps).toEqual({
      map: {tokens: 200, from: "pipeline.stages.map.generation_params.max_new_tokens", estimated: true},
      reduce_input: {tokens: 4096, from: "tokenization.reduce_max_input_tokens", estimated: true},
      final: {tokens: 650, from: "pipeline.stages.reduce.generation_params.max_new_tokens", estimated: true}
    });
  });

  it("the BART run's reduce input is 100.5-100.6% of its map output; every map summary at the cap (est.)", () => {
    for (const fact of artifactFacts(path.join(corpusDir, BART))) {
      expect(fact.share).toBeGreaterThan(1.005);
      expect(fact.share).toBeLessThan(1.006);
      expect(fact.padded).toBe(false);
      expect(fact.atCap(200)).toBe(1);
      const row = data.row(BART, "curated_5feeds_smoke_v1", fact.episode)!;
      expect([row.starved, row.padded, row.map_at_cap]).toEqual([false, false, 1]);
    }
  });
});

describe("the generated fixtures", () => {
  let data: TestSnapshot;
  beforeAll(async () => {
    data = await snapshotOf(fixturesDir);
  });

  it("mr_starved_v3 (diagnostics): map summaries at the 64-token map cap where the recorded mean reaches 57.6", () => {
    const id = "runs/mr_starved_v3";
    const diagnostics = readJsonl(path.join(fixturesDir, id, "diagnostics.jsonl")).map(({row}) => row);
    for (const diag of diagnostics) {
      const row = data.row(id, diag.dataset_id, diag.episode_id)!;
      expect(row.map_at_cap_any).toBe(diag.avg_map_tokens >= 0.9 * 64 ? true : null);
      expect(row.map_reduce_source).toBe("recorded");
    }
    expect(data.run(id).stage_caps?.map).toEqual({
      tokens: 64,
      from: "pipeline.stages.map.generation_params.max_new_tokens",
      estimated: false
    });
  });

  it("every fixture run with map/reduce data records its reduce input; the others have no source", () => {
    const sources = data.catalog.runs.filter((run) => run.map_reduce !== null).map((run) => [run.id, run.map_reduce]);
    expect(sources.sort()).toEqual([
      ["baselines/baseline_ml_bart_authority_smoke_v1", "recorded"],
      ["baselines/baseline_ml_prod_authority_smoke_v1", "recorded"],
      ["baselines/mr_fatter_map_v2", "recorded"],
      ["runs/ml_prod_transformers5_v1", "recorded"],
      ["runs/mr_starved_v3", "recorded"]
    ]);
    for (const run of data.catalog.runs.filter((r) => r.map_reduce === null))
      expect(data.rows(run.id).every((row) => row.map_reduce_source === null && row.reduce_share === null)).toBe(true);
  });
});
