// The report command as a user runs it: a child process, its stdout, stderr and exit code.
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {execFile} from "node:child_process";
import {mkdtempSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {KPI_NAMES} from "../src/compare/types.js";
import {VERDICT_LABELS} from "../src/compare/verdict.js";
import {mean, readJson, readJsonl, runDirs, textOf, tokensOf} from "./support/evalTree.js";
import {corpusDir, fixturesDir, projectRoot} from "./support/paths.js";

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

const TSX = path.join(projectRoot, "node_modules/tsx/dist/cli.mjs");
// One run cache for this file's reports, out of the user's: the first reports fill it, in parallel.
const RUN_CACHE = mkdtempSync(path.join(os.tmpdir(), "run-compare-report-cache-"));
const STORE = mkdtempSync(path.join(os.tmpdir(), "run-compare-report-store-"));
afterAll(() => {
  for (const dir of [RUN_CACHE, STORE]) rmSync(dir, {recursive: true, force: true});
});

function report(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const {BASELINE: _ignored, ...base} = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [TSX, "report/cli.ts", ...args],
      {
        cwd: projectRoot,
        env: {...base, RUN_COMPARE_CACHE: RUN_CACHE, RUN_COMPARE_STORE: STORE, ...env},
        maxBuffer: 64 * 1024 * 1024
      },
      (error, stdout, stderr) => resolve({code: error ? Number(error.code ?? 1) : 0, stdout, stderr})
    );
  });
}

const BASE = "baselines/baseline_ml_bart_authority_smoke_v1";
const CAND_1 = "baselines/baseline_llm_ollama_qwen35_9b_smoke_paragraph_v1";
const CAND_2 = "baselines/baseline_ml_hybrid_qwen25_7b_smoke_paragraph_v1";
const NER = "baselines/baseline_ner_prod_authority_v1";
const GOLD = "references/gold/ner_entities/ner_entities_smoke_gold_v1";
const RUN_KEYS = [
  "id",
  "kind",
  "task",
  "dataset_id",
  "archived",
  "artifacts",
  "problems",
  "warnings",
  "episodes",
  "kpis",
  "reference",
  "ner"
];
const COMPARISON_KEYS = [
  "candidate",
  "comparable",
  "common_episodes",
  "warnings",
  "coverage",
  "inputs",
  "changes",
  "verdict",
  "deltas",
  "episodes"
];
const DELTA_KEYS = [
  "metric",
  "reference",
  "baseline",
  "candidate",
  "delta",
  "ci95",
  "method",
  "n",
  "mde",
  "threshold",
  "underpowered",
  "verdict",
  "improved",
  "regressed",
  "new",
  "fixed"
];

/** The most recent non-archived baseline, read straight from each baseline.json (promoted_at, else created_at). */
function newestBaseline(): string {
  const baselines = runDirs(corpusDir).filter(
    (d) => d.id.startsWith("baselines/") && d.files.includes("baseline.json")
  );
  const time = (dir: string) => {
    const b = readJson(path.join(dir, "baseline.json"));
    return Date.parse(b.promoted_at ?? b.created_at);
  };
  return baselines.sort((a, b) => time(b.dir) - time(a.dir))[0].id;
}

describe("report CLI on the corpus", () => {
  const out: Record<string, Result> = {};
  const runs = (r: Result) => JSON.parse(r.stdout).runs as any[];
  beforeAll(async () => {
    const jobs: Record<string, [string[], Record<string, string>?]> = {
      list: [["--eval-dir", corpusDir, "--format", "json"]],
      compare: [
        ["--eval-dir", corpusDir, "--baseline", BASE, "--candidate", CAND_1, "--candidate", CAND_2, "--format", "json"]
      ],
      env: [["--eval-dir", corpusDir, "--candidate", CAND_1], {BASELINE: BASE}],
      md: [["--eval-dir", corpusDir, "--baseline", BASE, "--candidate", CAND_1, "--candidate", NER, "--format", "md"]],
      unknownCandidate: [["--eval-dir", corpusDir, "--baseline", BASE, "--candidate", "runs/does_not_exist"]],
      unknownBaseline: [["--eval-dir", corpusDir, "--baseline", "nope", "--candidate", CAND_1]],
      unknownFlag: [["--eval-dir", corpusDir, "--bogus"]],
      badFormat: [["--eval-dir", corpusDir, "--format", "xml"]],
      noBaseline: [["--eval-dir", corpusDir, "--candidate", CAND_1, "--format", "json"]],
      baselineOnly: [["--eval-dir", corpusDir, "--baseline", BASE, "--format", "json"]],
      failOn: [
        [
          "--eval-dir",
          corpusDir,
          "--baseline",
          BASE,
          "--candidate",
          CAND_1,
          "--candidate",
          NER,
          "--format",
          "json",
          "--fail-on",
          "not_comparable,worse"
        ]
      ],
      failOnPass: [
        [
          "--eval-dir",
          corpusDir,
          "--baseline",
          BASE,
          "--candidate",
          CAND_1,
          "--format",
          "json",
          "--fail-on",
          "not_comparable"
        ]
      ],
      failOnUnknown: [["--eval-dir", corpusDir, "--baseline", BASE, "--candidate", CAND_1, "--fail-on", "worse,awful"]],
      gold: [["--eval-dir", corpusDir, "--baseline", GOLD, "--candidate", NER, "--format", "json"]],
      goldMd: [["--eval-dir", corpusDir, "--baseline", GOLD, "--candidate", NER, "--format", "md"]],
      goldFailOnLabels: [
        ["--eval-dir", corpusDir, "--baseline", GOLD, "--candidate", NER, "--fail-on", VERDICT_LABELS.join(",")]
      ],
      goldFailOnQualifier: [
        ["--eval-dir", corpusDir, "--baseline", GOLD, "--candidate", NER, "--fail-on", "inputs_differ"]
      ],
      missingDir: [["--eval-dir", path.join(corpusDir, "no_such_dir")]]
    };
    const results = await Promise.all(Object.values(jobs).map(([args, env]) => report(args, env)));
    for (const [i, name] of Object.keys(jobs).entries()) out[name] = results[i];
  }, 120_000);

  it("--format json lists every run with the contract keys and no comparisons", () => {
    const {code, stdout} = out.list;
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.comparisons).toBeUndefined();
    expect(json.baseline).toBeUndefined();
    expect(json.runs.map((r: any) => r.id).sort()).toEqual([...runDirs(corpusDir).map((d) => d.id), GOLD].sort());
    for (const r of json.runs) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(RUN_KEYS));
      expect(Object.keys(r.kpis).sort()).toEqual([...KPI_NAMES].sort());
      for (const state of Object.values(r.artifacts)) expect(["present", "missing", "malformed"]).toContain(state);
      expect(Array.isArray(r.problems)).toBe(true);
      if (r.id === GOLD) continue;
      const m = readJson(path.join(corpusDir, r.id, "metrics.json"));
      expect(r.episodes).toBe(m.episode_count);
      expect(r.dataset_id).toBe(m.dataset_id);
      expect(r.task).toBe(m.task);
    }
  });

  it("unknown numbers are null, never 0 (NER avg_output_tokens)", () => {
    const ner = runs(out.list).find((r) => r.id === NER);
    expect(ner.kpis.avg_output_tokens).toBeNull();
    expect(ner.reference).toBeNull();
    expect(ner.ner.reference).toBe(GOLD);
    expect(ner.ner.entity_set.f1).toBe(
      readJson(path.join(corpusDir, NER, "metrics.json")).vs_reference.ner_entities_smoke_gold_v1.entity_set.f1
    );
    const scored = runs(out.list).find((r) => r.id === BASE).reference;
    expect(Object.keys(scored)).toEqual(
      expect.arrayContaining(["id", "rouge1_f1", "rouge2_f1", "rougeL_f1", "episodes"])
    );
    expect(scored.id).toBe("references/silver/silver_sonnet46_smoke_v1");
  });

  it("--baseline A --candidate B --candidate C gives one contract-shaped comparison per candidate, in order", () => {
    const {code, stdout} = out.compare;
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.baseline).toBe(BASE);
    expect(json.comparisons.map((c: any) => c.candidate)).toEqual([CAND_1, CAND_2]);
    for (const c of json.comparisons) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(COMPARISON_KEYS));
      expect(c.comparable).toBe(true);
      expect(c.common_episodes).toBe(5);
      expect(c.coverage).toEqual({
        baseline_episodes: 5,
        candidate_episodes: 5,
        common: 5,
        missing_from_candidate: [],
        only_in_candidate: []
      });
      expect(Array.isArray(c.warnings)).toBe(true);
      expect(Object.keys(c.verdict).sort()).toEqual(["causes", "label", "qualifiers", "sentence"]);
      expect(["better", "worse", "mixed", "no_clear_change"]).toContain(c.verdict.label);
      expect(c.deltas.length).toBeGreaterThanOrEqual(9);
      for (const d of c.deltas) {
        expect(Object.keys(d)).toEqual(expect.arrayContaining(DELTA_KEYS));
        expect(["better", "worse", "same"]).toContain(d.verdict);
        expect(["t", "bootstrap", "rule"]).toContain(d.method);
        expect(d.delta).toBeCloseTo(d.candidate - d.baseline, 9);
        if (d.ci95 !== null) expect(d.ci95[0]).toBeLessThanOrEqual(d.ci95[1]);
        if (d.method === "rule") expect(d.ci95).toBeNull();
      }
      expect(c.episodes).toHaveLength(5);
      for (const e of c.episodes) {
        expect(typeof e.episode_id).toBe("string");
        expect(typeof e.regressed).toBe("boolean");
        expect(Array.isArray(e.reasons)).toBe(true);
      }
    }
  });

  it("the length delta matches floor(chars/4) means computed from both prediction files", () => {
    const tokens = (id: string) =>
      readJsonl(path.join(corpusDir, id, "predictions.jsonl")).map(({row}) => tokensOf(textOf(row.output)!));
    const [first] = JSON.parse(out.compare.stdout).comparisons;
    const d = first.deltas.find((x: any) => x.metric === "avg_output_tokens");
    expect(d.baseline).toBeCloseTo(mean(tokens(BASE)), 9);
    expect(d.candidate).toBeCloseTo(mean(tokens(CAND_1)), 9);
    expect(d.delta).toBeGreaterThan(0);
  });

  it("uses the BASELINE environment variable when --baseline is absent", () => {
    const {code, stdout} = out.env;
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json.baseline).toBe(BASE);
    expect(json.comparisons.map((c: any) => c.candidate)).toEqual([CAND_1]);
  });

  it("--candidate without a baseline takes the most recent non-archived baseline", () => {
    expect(out.noBaseline.code).toBe(0);
    expect(JSON.parse(out.noBaseline.stdout).baseline).toBe(newestBaseline());
  });

  it("--baseline alone compares it with the default candidate: the most recent comparable run other than it", () => {
    const json = JSON.parse(out.baselineOnly.stdout);
    expect(json.baseline).toBe(BASE);
    expect(json.comparisons).toHaveLength(1);
    const candidate = json.runs.find((r: any) => r.id === json.comparisons[0].candidate);
    expect([candidate.task, candidate.dataset_id, candidate.archived]).toEqual([
      "summarization",
      "curated_5feeds_smoke_v1",
      false
    ]);
    // The newest baseline of the corpus, promoted 32 ms after BASE.
    expect(candidate.id).toBe(newestBaseline());
    expect(candidate.id).toBe(CAND_2);
  });

  it("the NER baseline against its gold: pairing gold, label null, runs[].ner.out_of_scope; --fail-on skips it", () => {
    expect(out.gold.code).toBe(0);
    const json = JSON.parse(out.gold.stdout);
    for (const run of json.runs.filter((r: any) => r.ner)) expect(typeof run.ner.out_of_scope).toBe("number");
    const ner = json.runs.find((r: any) => r.id === NER).ner;
    expect(ner.out_of_scope).toBe(ner.entities_predicted - ner.entities_in_scope);
    const [c] = json.comparisons;
    expect([c.comparable, c.pairing, c.verdict.label, c.deltas]).toEqual([true, "gold", null, []]);
    expect(c.gold.out_of_scope).toBe(ner.out_of_scope);
    expect(c.gold.scores.entity_set.f1).toBe(ner.entity_set.f1);
    expect(c.episodes.map((e: any) => e.ner.f1.entity_set)).toEqual([0.8, 0.8, 1, 1, 1]);
    expect(out.goldMd.stdout).toContain("no label (scored against its gold)");
    expect(out.goldMd.stdout).toContain(`${ner.out_of_scope} of ${ner.entities_predicted} predictions out of`);
    // A null label matches no label name; a qualifier still gates.
    expect([out.goldFailOnLabels.code, out.goldFailOnLabels.stderr]).toEqual([0, ""]);
    expect(out.goldFailOnQualifier.code).toBe(1);
    expect(out.goldFailOnQualifier.stderr).toContain("fail-on inputs_differ");
  });

  it("--fail-on exits 1 with a stderr line per matching candidate, 0 when none matches, 2 on an unknown name", () => {
    expect(out.failOn.code).toBe(1);
    const json = JSON.parse(out.failOn.stdout);
    const failing = json.comparisons.filter((c: any) => ["not_comparable", "worse"].includes(c.verdict.label));
    expect(failing.map((c: any) => c.candidate)).toContain(NER);
    const lines = out.failOn.stderr.trim().split("\n");
    expect(lines).toHaveLength(failing.length);
    for (const c of failing)
      expect(lines.some((line) => line.includes(c.candidate) && line.includes(c.verdict.label))).toBe(true);
    expect([out.failOnPass.code, out.failOnPass.stderr]).toEqual([0, ""]);
    expect(out.failOnUnknown.code).toBe(2);
    expect(out.failOnUnknown.stderr).toContain("awful");
  });

  it.each(["unknownCandidate", "unknownBaseline", "unknownFlag", "badFormat", "failOnUnknown", "missingDir"])(
    "%s: exit 2, a one-line reason on stderr, nothing on stdout",
    (name) => {
      const {code, stdout, stderr} = out[name];
      expect(code).toBe(2);
      expect(stdout).toBe("");
      expect(stderr.trim()).not.toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(1);
    }
  );

  it("error messages name what was wrong", () => {
    expect(out.unknownCandidate.stderr).toContain("runs/does_not_exist");
    expect(out.unknownBaseline.stderr).toContain("nope");
    expect(out.unknownFlag.stderr).toContain("--bogus");
    expect(out.badFormat.stderr).toContain("xml");
  });

  it("--format md prints Markdown tables with header rows and the candidate ids; unknown numbers are not 0", () => {
    const {code, stdout} = out.md;
    expect(code).toBe(0);
    // It leads with the verdict sentences, so it can be pasted into a pull request as it is.
    const md = (s: string) => s.replace(/_/g, "\\_");
    expect(stdout.split("\n")[0].startsWith(`**${md(CAND_1)}**: `)).toBe(true);
    expect(stdout.split("\n")[0]).toMatch(/\*\*: (Better|Worse|Mixed|No clear change)/);
    expect(() => JSON.parse(stdout)).toThrow();
    for (const id of [BASE, CAND_1, NER]) expect(stdout).toContain(md(id));
    const lines = stdout.split("\n");
    const separators = lines.flatMap((l, i) => (/^\|\s*:?-{3,}/.test(l) ? [i] : []));
    expect(separators.length).toBeGreaterThanOrEqual(2);
    for (const i of separators) expect(lines[i - 1]).toMatch(/^\|.*\|$/);
    const header = lines.find((l) => l.startsWith("| Run |"))!;
    const column = header
      .split("|")
      .map((c) => c.trim())
      .indexOf("avg_output_tokens");
    expect(column).toBeGreaterThan(0);
    const nerRow = lines.find((l) => l.startsWith(`| ${md(NER)} |`))!;
    expect(nerRow.split("|").map((c) => c.trim())[column]).not.toBe("0");
    expect(stdout).toMatch(/not comparable|Not comparable|No clear change|Better|Worse|Mixed/);
  });
});

describe("report CLI on the fixtures: a baseline alone", () => {
  const out: Record<string, Result> = {};
  const compared = (r: Result) => {
    const json = JSON.parse(r.stdout);
    return [json.baseline, json.comparisons.map((c: any) => c.candidate)];
  };
  beforeAll(async () => {
    const alone = (baseline: string) => ["--eval-dir", fixturesDir, "--baseline", baseline, "--format", "json"];
    const jobs: Record<string, [string[], Record<string, string>?]> = {
      fatter: [alone("baselines/mr_fatter_map_v2")],
      ner: [alone("baselines/baseline_ner_prod_authority_v1")],
      env: [alone("baselines/baseline_ml_prod_authority_smoke_v1"), {BASELINE: "baselines/mr_fatter_map_v2"}]
    };
    const results = await Promise.all(Object.values(jobs).map(([args, env]) => report(args, env)));
    for (const [i, name] of Object.keys(jobs).entries()) out[name] = results[i];
  }, 120_000);

  it("compares it with its default candidate: the most recent comparable non-archived run or baseline", () => {
    for (const r of Object.values(out)) expect([r.code, r.stderr]).toEqual([0, ""]);
    expect(compared(out.fatter)).toEqual(["baselines/mr_fatter_map_v2", ["runs/mr_starved_v3"]]);
    // The newest run (mr_starved_v3) is a summarization run: the NER baseline takes the newest NER run.
    expect(compared(out.ner)).toEqual(["baselines/baseline_ner_prod_authority_v1", ["runs/ner_spacy_pruned_v1"]]);
    // --baseline wins over BASELINE.
    expect(compared(out.env)).toEqual(["baselines/baseline_ml_prod_authority_smoke_v1", ["runs/mr_starved_v3"]]);
  });
});
