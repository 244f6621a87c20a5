// buildSnapshot against the real corpus and the generated fixtures; every expected value is read from the files here.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {existsSync, readFileSync} from "node:fs";
import path from "node:path";
import {
  KIND_OF,
  mean,
  readJson,
  readJsonl,
  runDirs,
  textOf,
  tokensOf,
  walkTree,
  type Json
} from "./support/evalTree.js";
import {DISPLAY_LIMIT, MAP_SUMMARY_LIMIT, parseEpisode} from "../loaders/episode.js";
import {pairKey} from "../src/compare/align.js";
import {corpusDir, fixturesDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, type TestSnapshot} from "./support/snapshot.js";

const rowsOf = (data: TestSnapshot, id: string) => data.rows(id);
const rowFor = (data: TestSnapshot, id: string, datasetId: string, episodeId: string) =>
  data.row(id, datasetId, episodeId);
const runById = (data: TestSnapshot, id: string) => data.run(id);
const DISAGREEMENT = /stores .* (gives|recomputed)|episode_count is/;
const GOLD = "references/gold/ner_entities/ner_entities_smoke_gold_v1";
afterAll(cleanupStores);

describe("buildSnapshot on the real corpus", () => {
  let data: TestSnapshot;
  const dirs = runDirs(corpusDir);
  const metricsOf = (id: string) => readJson(path.join(corpusDir, id, "metrics.json"));
  beforeAll(async () => {
    data = await snapshotOf(corpusDir);
  });

  it("finds every directory with predictions.jsonl or metrics.json, and the NER gold; /-separated ids, kinds", () => {
    expect(dirs.length).toBeGreaterThanOrEqual(11);
    const ids = data.catalog.runs.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...dirs.map((d) => d.id), GOLD].sort());
    for (const run of data.catalog.runs) {
      expect(run.id).not.toContain("\\");
      expect(run.kind).toBe(KIND_OF[run.id.split("/")[0]]);
    }
    expect(ids).toContain("references/silver/_archive/silver_gpt4o_smoke_v1");
  });

  it("lists the gold NER folder (index.json with the gold schema) as a reference run of task ner_entities", () => {
    const index = readJson(path.join(corpusDir, GOLD, "index.json"));
    expect(index.schema).toBe("ner_entities_gold_index_v1");
    const gold = runById(data, GOLD);
    expect([gold.kind, gold.task, gold.dataset_id, gold.episodes]).toEqual([
      "reference",
      "ner_entities",
      index.dataset_id,
      index.episodes.length
    ]);
    expect(gold.problems).toEqual([]);
    const notRuns = walkTree(corpusDir).filter(
      (d) =>
        d.files.length > 0 &&
        !d.files.includes("predictions.jsonl") &&
        !d.files.includes("metrics.json") &&
        d.id !== GOLD
    );
    for (const d of notRuns)
      expect(data.catalog.tree_problems.some((p) => p.file === d.id && p.message.length > 0)).toBe(true);
  });

  it("KPIs equal what each run's metrics.json stores (NER: no text, so output tokens and gates are null)", () => {
    for (const {id} of dirs) {
      const m = metricsOf(id);
      const run = runById(data, id);
      const count: number = m.episode_count;
      expect(run.episodes).toBe(count);
      expect(run.kpis.success_rate).toBe(1);
      expect(run.kpis.failed).toBe(0);
      if (m.task === "ner_entities") {
        expect(m.intrinsic.length.avg_tokens).toBe(0);
        expect(run.kpis.avg_output_tokens).toBeNull();
      } else {
        expect(run.kpis.avg_output_tokens).toBeCloseTo(m.intrinsic.length.avg_tokens, 9);
      }
      expect(Math.abs(run.kpis.avg_latency_s! - m.intrinsic.performance.avg_latency_ms / 1000)).toBeLessThan(1e-9);
      const gates = m.intrinsic.gates;
      if (m.task === "ner_entities") {
        // The scorer writes 0.0 gate rates for NER too; gates apply to summarization text only: unknown, not 0.
        expect(gates.truncation_rate).toBe(0);
        expect([run.kpis.gate_truncation, run.kpis.gate_speaker_label, run.kpis.gate_boilerplate]).toEqual([
          null,
          null,
          null
        ]);
      } else {
        expect(run.kpis.gate_truncation).toBe(Math.round(gates.truncation_rate * count));
        expect(run.kpis.gate_speaker_label).toBe(Math.round(gates.speaker_label_leak_rate * count));
        expect(run.kpis.gate_boilerplate).toBe(Math.round(gates.boilerplate_leak_rate * count));
      }
      expect(run.warnings.filter((w) => DISAGREEMENT.test(w))).toEqual([]);
      expect(run.problems).toEqual([]);
    }
  });

  it("recomputes ROUGE against the named reference, found at any depth, within 0.0005 of the stored values", () => {
    const scored = dirs.filter(({id}) => {
      const vs = metricsOf(id).vs_reference;
      return vs && Object.values(vs).some((s: any) => typeof s?.rouge1_f1 === "number");
    });
    expect(scored.length).toBeGreaterThanOrEqual(6);
    const referenceIds = new Set<string>();
    for (const {id} of scored) {
      const [name, stored] = Object.entries(metricsOf(id).vs_reference as Json).find(
        ([, s]) => typeof s?.rouge1_f1 === "number"
      )!;
      const expectedRef = dirs.find((d) => d.id.startsWith("references/") && d.id.endsWith(`/${name}`));
      expect(expectedRef, `reference ${name} exists on disk`).toBeDefined();
      const ref = runById(data, id).reference!;
      expect(ref.id).toBe(expectedRef!.id);
      expect(ref.episodes).toBe(5);
      for (const key of ["rouge1_f1", "rouge2_f1", "rougeL_f1"] as const) {
        expect(Math.abs(ref[key]! - stored[key])).toBeLessThan(0.0005);
      }
      referenceIds.add(ref.id);
    }
    expect(referenceIds).toContain("references/silver/_archive/silver_gpt4o_smoke_v1");
  });

  it("marks map/reduce recorded for runs whose intermediates record reduce_input_chars, per-episode stats", () => {
    const withMaps = dirs.filter(({dir}) =>
      readJsonl(path.join(dir, "predictions.jsonl")).some(({row}) => Array.isArray(row.intermediate?.map_summaries))
    );
    expect(withMaps.map((d) => d.id).sort()).toEqual([
      "baselines/baseline_ml_bart_authority_smoke_v1",
      "baselines/baseline_ml_prod_authority_smoke_v1"
    ]);
    for (const run of data.catalog.runs) {
      expect(run.map_reduce).toBe(withMaps.some((d) => d.id === run.id) ? "recorded" : null);
    }
    for (const {id, dir} of withMaps) {
      for (const {row} of readJsonl(path.join(dir, "predictions.jsonl"))) {
        const maps: string[] = row.intermediate.map_summaries.map((m: any) => (typeof m === "string" ? m : m.text));
        const got = rowFor(data, id, row.dataset_id, row.episode_id)!;
        expect(got.map_chunks).toBe(maps.length);
        expect(got.map_tokens).toBeCloseTo(mean(maps.map(tokensOf)), 9);
        expect(got.reduce_input_tokens).toBe(Math.floor(row.intermediate.reduce_input_chars / 4));
        const mapChars = maps.reduce((total, text) => total + [...text].length, 0);
        expect(got.map_output_chars).toBe(mapChars);
        expect(got.reduce_input_chars).toBe(row.intermediate.reduce_input_chars);
        expect(got.reduce_share).toBeCloseTo(row.intermediate.reduce_input_chars / mapChars, 12);
        // The drill-down's texts carry them, chunk by chunk, with the estimate the map cap is checked against.
        const shown = data.texts(id)[pairKey(row.dataset_id, row.episode_id)].map_summaries;
        expect(shown).toEqual(maps.map((text) => ({text, chars: text.length, tokens: tokensOf(text)})));
      }
    }
  });

  it("episode rows: output_tokens = floor(chars/4) of summary_final, latency = processing_time_seconds", () => {
    let checked = 0;
    for (const {id, dir} of dirs) {
      const file = path.join(dir, "predictions.jsonl");
      if (!existsSync(file)) continue;
      const lines = readJsonl(file);
      expect(rowsOf(data, id)).toHaveLength(lines.length);
      for (const {row} of lines) {
        const got = rowFor(data, id, row.dataset_id, row.episode_id)!;
        const text = textOf(row.output);
        expect(got.output_tokens).toBe(text === null ? null : tokensOf(text));
        expect(got.input_hash).toBe(row.metadata.input_hash ?? null);
        expect(got.input_path).toBe(row.metadata.input_path ?? null);
        expect(got.latency_s).toBe(row.metadata.processing_time_seconds);
        expect(got.failed).toBe(false);
        checked++;
      }
    }
    expect(checked).toBe(55);
  });
});

describe("what the drill-down's text holds beside the output", () => {
  const ids = {dataset_id: "d", episode_id: "e"};
  const parse = (raw: Record<string, unknown>) => parseEpisode(raw, ids, () => {}).text;

  it("map summaries (strings, or objects with a text) clipped per chunk, sized on the full summary", () => {
    const long = "é".repeat(MAP_SUMMARY_LIMIT + 500);
    const text = parse({
      output: {summary_final: "Fine."},
      intermediate: {map_summaries: ["one", {chunk_id: 1, text: long}, {chunk_id: 2}, 7]}
    });
    expect(text.map_summaries).toEqual([
      {text: "one", chars: 3, tokens: 0},
      {text: long.slice(0, MAP_SUMMARY_LIMIT), chars: long.length, tokens: Math.floor(long.length / 4)},
      {text: "", chars: 0, tokens: 0},
      {text: "", chars: 0, tokens: 0}
    ]);
    expect("map_summaries" in parse({output: {summary_final: "Fine."}, intermediate: {}})).toBe(false);
  });

  it("where the speaker-label and boilerplate gates fire, in the full output; nothing when neither does", () => {
    const output = `Host: hi. ${"x".repeat(DISPLAY_LIMIT)} Subscribe to our NEWSLETTER. speaker 12: bye`;
    const text = parse({output: {summary_final: output}});
    const at = (needle: string) => [output.indexOf(needle), output.indexOf(needle) + needle.length];
    expect(text.gate_hits).toEqual({
      speaker_label: [at("Host:"), at("speaker 12:")],
      boilerplate: [at("Subscribe to our NEWSLETTER")]
    });
    expect(text.text).toHaveLength(DISPLAY_LIMIT);
    expect("gate_hits" in parse({output: {summary_final: "Cohost: none. The ghost: gone."}})).toBe(false);
  });
});

describe("buildSnapshot on fixtures/eval (generated runs)", () => {
  let data: TestSnapshot;
  const dirs = runDirs(fixturesDir).filter((d) => d.id.startsWith("runs/") || d.id === "baselines/mr_fatter_map_v2");
  beforeAll(async () => {
    data = await snapshotOf(fixturesDir);
  });

  it("takes KPIs from run_summary.json when present and says so in kpi_sources", () => {
    const withSummary = dirs.filter((d) => d.files.includes("run_summary.json"));
    expect(withSummary.map((d) => d.id)).toContain("baselines/mr_fatter_map_v2");
    for (const {id, dir} of withSummary) {
      const s = readJson(path.join(dir, "run_summary.json"));
      const expected: Record<string, unknown> = {
        avg_output_tokens: s.avg_output_tokens,
        avg_latency_s: s.avg_latency_s,
        success_rate: s.success_rate,
        failed: s.failed_episodes ?? s.failed,
        gate_truncation: s.gate_failures?.truncation,
        gate_speaker_label: s.gate_failures?.speaker_label,
        gate_boilerplate: s.gate_failures?.boilerplate
      };
      const run = runById(data, id);
      let used = 0;
      for (const [name, value] of Object.entries(expected)) {
        if (typeof value !== "number") continue;
        expect(run.kpis[name as keyof typeof run.kpis], `${id} ${name}`).toBe(value);
        expect(run.kpi_sources[name as keyof typeof run.kpi_sources]).toBe("run_summary");
        used++;
      }
      expect(used).toBeGreaterThanOrEqual(3);
    }
  });

  it("uses diagnostics.jsonl for map/reduce stats and labels the run 'recorded'", () => {
    const withDiag = dirs.filter((d) => d.files.includes("diagnostics.jsonl"));
    expect(withDiag.map((d) => d.id)).toEqual(
      expect.arrayContaining(["baselines/mr_fatter_map_v2", "runs/mr_starved_v3"])
    );
    for (const {id, dir} of withDiag) {
      expect(runById(data, id).map_reduce).toBe("recorded");
      for (const {row: diag} of readJsonl(path.join(dir, "diagnostics.jsonl"))) {
        const got = rowFor(data, id, diag.dataset_id, diag.episode_id)!;
        expect(got.map_chunks).toBe(diag.chunks);
        expect(got.map_tokens).toBe(diag.avg_map_tokens);
        expect(got.reduce_input_tokens).toBe(diag.reduce_input_tokens);
        expect(got.reduce_input_chars).toBe(diag.reduce_input_chars);
        expect(got.reduce_share).toBeCloseTo(diag.reduce_input_tokens / (diag.chunks * diag.avg_map_tokens), 12);
        if (diag.final_tokens !== null) expect(got.final_tokens).toBe(diag.final_tokens);
      }
    }
  });

  it("failed episodes carry their error text", () => {
    let failures = 0;
    for (const {id, dir} of dirs) {
      const file = path.join(dir, "predictions.jsonl");
      if (!existsSync(file)) continue;
      for (const {row} of readJsonl(file)) {
        if (typeof row.error !== "string" || !row.error) continue;
        const got = rowFor(data, id, row.dataset_id, row.episode_id)!;
        expect(got.failed).toBe(true);
        expect(got.error).toBe(row.error);
        failures++;
      }
    }
    expect(failures).toBeGreaterThanOrEqual(1);
    const oom = rowFor(data, "runs/mr_starved_v3", "curated_5feeds_smoke_v1", "p05_e01")!;
    expect(oom.error).toMatch(/CUDA out of memory/);
    expect(runById(data, "runs/mr_starved_v3").kpis.failed).toBe(1);
  });

  describe("runs/broken_artifacts_v1", () => {
    const id = "runs/broken_artifacts_v1";
    const dir = path.join(fixturesDir, id);
    const lines = existsSync(dir) ? readJsonl(path.join(dir, "predictions.jsonl")) : [];

    const firsts = lines.filter(({row}, i) => lines.findIndex((l) => l.row.episode_id === row.episode_id) === i);

    it("reports each bad line with file and line number", () => {
      const raw = readFileSync(path.join(dir, "predictions.jsonl"), "utf8").split("\n");
      const bad = raw.flatMap((text, i) => (text.trim() && !lines.some((l) => l.line === i + 1) ? [i + 1] : []));
      const duplicates = lines
        .filter((l) => !firsts.includes(l))
        .map((l) => [l.line, firsts.find((f) => f.row.episode_id === l.row.episode_id)!.line] as const);
      const badLatency = firsts
        .filter(({row}) => row.metadata?.processing_time_seconds !== undefined)
        .filter(
          ({row}) =>
            typeof row.metadata.processing_time_seconds !== "number" || row.metadata.processing_time_seconds < 0
        )
        .map((l) => l.line);
      expect(bad.length).toBeGreaterThanOrEqual(2);
      expect(duplicates.length).toBeGreaterThanOrEqual(1);
      expect(badLatency.length).toBeGreaterThanOrEqual(2);
      const problems = runById(data, id).problems.filter((p) => p.file === "predictions.jsonl");
      for (const line of [...bad, ...badLatency])
        expect(
          problems.some((p) => p.line === line),
          `line ${line}`
        ).toBe(true);
      for (const [line, first] of duplicates) {
        expect(problems.some((p) => p.line === line && p.message.includes(`line ${first}`))).toBe(true);
      }
      const run = runById(data, id);
      expect(run.artifacts["predictions.jsonl"]).toBe("malformed");
      expect(run.artifacts["fingerprint.json"]).toBe("missing");
      expect(run.problems.some((p) => p.file === "fingerprint.json" && /missing/.test(p.message))).toBe(true);
    });

    it("keeps good rows, the first of duplicates, null for bad latencies; a broken line with an id fails", () => {
      const raw = readFileSync(path.join(dir, "predictions.jsonl"), "utf8").split("\n");
      const truncated = raw.findIndex(
        (text) => text.trim() && !text.trim().endsWith("}") && /"episode_id": "([^"]+)"/.test(text)
      );
      const lost = /"episode_id": "([^"]+)"/.exec(raw[truncated])![1];
      expect(rowsOf(data, id)).toHaveLength(firsts.length + 1);
      const failed = rowFor(data, id, "curated_5feeds_smoke_v1", lost)!;
      expect(failed.failed).toBe(true);
      expect(failed.error).toContain(`line ${truncated + 1} could not be parsed`);
      for (const {row} of firsts) {
        const got = rowFor(data, id, row.dataset_id, row.episode_id)!;
        expect(got.output_tokens).toBe(tokensOf(textOf(row.output)!));
        const t = row.metadata?.processing_time_seconds;
        expect(got.latency_s).toBe(typeof t === "number" && t >= 0 ? t : null);
      }
    });

    it("warns that the stored avg_tokens disagrees with the predictions, showing both numbers", () => {
      const stored = readJson(path.join(dir, "metrics.json")).intrinsic.length.avg_tokens as number;
      const computed = mean(firsts.map(({row}) => tokensOf(textOf(row.output)!)));
      expect(Math.abs(stored - computed)).toBeGreaterThan(1);
      const run = runById(data, id);
      const warning = run.warnings.find((w) => w.includes("avg_output_tokens"));
      expect(warning).toBeDefined();
      const numbers = (warning!.match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
      expect(numbers.some((n) => Math.abs(n - stored) < 1e-6)).toBe(true);
      expect(numbers.some((n) => Math.abs(n - computed) < 0.001)).toBe(true);
      expect(run.kpis.avg_output_tokens).toBeCloseTo(computed, 9);
      expect(run.stored.avg_output_tokens).toBe(stored);
    });
  });
});
