// @vitest-environment jsdom
// Components are pure: data in, DOM out. These check what a user sees and the DOM contract of SPEC section 5.
import {describe, expect, it} from "vitest";
import type {EpisodePair} from "../src/compare/align.js";
import {compareRuns} from "../src/compare/report.js";
import {rowsByRun} from "../src/compare/align.js";
import {KPI_NAMES, type EpisodeRow, type RunRecord} from "../src/compare/types.js";
import {LatencyScatter, POINT_LIMIT, TokenDistribution} from "../src/components/charts.js";
import {DeltaTable} from "../src/components/deltaTable.js";
import {Drilldown, WordDiff} from "../src/components/drilldown.js";
import {EpisodeList, PAGE_SIZE} from "../src/components/episodeList.js";
import {KpiTiles} from "../src/components/kpiTiles.js";
import {RunCatalog} from "../src/components/runCatalog.js";

function row(run: string, episode: string, values: Partial<EpisodeRow> = {}): EpisodeRow {
  return {
    run, dataset_id: "d", episode_id: episode, failed: false, error: null, output_tokens: 100, reported_output_tokens: null,
    latency_s: 1, input_chars: 10_000, output_chars: 400, gate_truncation: false, gate_speaker_label: false,
    gate_boilerplate: false, warn_letter_speaker: false, warn_invalid_json: false, repetition: 0, longest_repeat: 0,
    map_chunks: null, map_tokens: null, reduce_input_tokens: null, final_tokens: null, rouge1: null, rouge2: null, rougeL: null,
    ...values
  };
}

function run(id: string, kpis: Partial<RunRecord["kpis"]> = {}): RunRecord {
  const all = Object.fromEntries(KPI_NAMES.map((k) => [k, kpis[k] ?? null])) as RunRecord["kpis"];
  return {
    id, kind: "run", task: "summarization", dataset_id: "d",
    artifacts: {"metrics.json": "present", "predictions.jsonl": "malformed", "fingerprint.json": "missing", "run_summary.json": "missing", "diagnostics.jsonl": "missing"},
    problems: [{file: "predictions.jsonl", line: 7, message: "invalid JSON"}], warnings: [], episodes: 3, kpis: all,
    kpi_sources: Object.fromEntries(KPI_NAMES.map((k) => [k, "predictions"])) as RunRecord["kpi_sources"],
    stored: {}, reference: null, map_reduce: null, description: null
  };
}

describe("WordDiff", () => {
  it("marks inserted words with <ins> and deleted words with <del>", () => {
    const diff = WordDiff("the trail drains well", "the trail drains badly today");
    expect(diff.dataset.testid).toBe("episode-diff");
    expect([...diff.querySelectorAll("del")].map((n) => n.textContent)).toEqual(["well"]);
    expect([...diff.querySelectorAll("ins")].map((n) => n.textContent?.trim())).toEqual(["badly today"]);
    expect(diff.textContent).toContain("the trail drains");
  });

  it("shows no insertion or deletion for identical texts", () => {
    const diff = WordDiff("same words here", "same words here");
    expect(diff.querySelectorAll("ins, del").length).toBe(0);
  });

  it("renders HTML in outputs as inert text", () => {
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
    const diff = WordDiff("safe", payload);
    expect(diff.querySelector("img, script")).toBeNull();
    expect(diff.textContent).toContain("<script>");
  });
});

describe("Drilldown", () => {
  const pair: EpisodePair = {
    dataset_id: "d",
    episode_id: "e1",
    baseline: row("base", "e1", {input_chars: 5000, map_tokens: 80, reduce_input_tokens: 300, output_tokens: 120}),
    candidate: row("cand", "e1", {failed: true, error: "CUDA out of memory", output_tokens: null})
  };

  it("shows the failed episode's error and each side's token counts", () => {
    const node = Drilldown(pair, {
      baselineId: "base",
      candidateId: "cand",
      texts: {baseline: {text: "a b c", pretty: null, error: null, chars: 5}, candidate: {text: "", pretty: null, error: "CUDA out of memory", chars: 0}}
    });
    expect(node.querySelector("[data-testid='episode-error']")?.textContent).toContain("CUDA out of memory");
    const facts = node.querySelectorAll(".side")[0].textContent!;
    for (const value of ["5,000", "80", "300", "120"]) expect(facts).toContain(value);
  });

  it("diffs pretty-printed JSON when outputs are JSON", () => {
    const node = Drilldown(pair, {
      baselineId: "base",
      candidateId: "cand",
      texts: {
        baseline: {text: '{"a":1}', pretty: '{\n  "a": 1\n}', error: null, chars: 7},
        candidate: {text: '{"a":2}', pretty: '{\n  "a": 2\n}', error: null, chars: 7}
      }
    });
    const diff = node.querySelector("[data-testid='episode-diff']")!;
    expect(diff.querySelector("del")?.textContent).toBe("1");
    expect(diff.querySelector("ins")?.textContent).toBe("2");
  });
});

describe("KPI tiles and catalog", () => {
  it("put each KPI value in exactly one [data-kpi][data-run] element with the raw number", () => {
    const runs = [run("a", {success_rate: 0.75, avg_latency_s: 12.345}), run("b", {failed: 2})];
    const root = document.createElement("div");
    root.append(KpiTiles([runs[0]], "a"), RunCatalog(runs, {state: {selected: ["a"], baseline: "a"}}));
    for (const r of runs) {
      for (const name of KPI_NAMES) {
        const cells = root.querySelectorAll(`[data-kpi="${name}"][data-run="${r.id}"]`);
        expect(cells.length, `${name} of ${r.id}`).toBe(1);
        expect((cells[0] as HTMLElement).dataset.value).toBe(r.kpis[name] === null ? "" : String(r.kpis[name]));
      }
    }
    expect(root.querySelector('[data-kpi="success_rate"][data-run="a"]')?.textContent).toBe("75%");
  });

  it("shows artifact availability with the reason for a malformed file", () => {
    const catalog = RunCatalog([run("a")], {state: {selected: [], baseline: null}});
    const predictions = catalog.querySelector('[data-artifact="predictions.jsonl"]') as HTMLElement;
    expect(predictions.dataset.state).toBe("malformed");
    expect(predictions.title).toContain("line 7: invalid JSON");
    expect(catalog.querySelector('[data-problems="a"]')?.textContent).toContain("predictions.jsonl:7");
  });

  it("filters by kind and search but keeps selected runs visible", () => {
    const runs = [run("runs/alpha"), {...run("baselines/beta"), kind: "baseline" as const}];
    const ids = (node: HTMLElement) => [...node.querySelectorAll("[data-catalog-run]")].map((n) => (n as HTMLElement).dataset.catalogRun);
    expect(ids(RunCatalog(runs, {state: {selected: [], baseline: null}, kind: "baseline"}))).toEqual(["baselines/beta"]);
    expect(ids(RunCatalog(runs, {state: {selected: [], baseline: null}, search: "ALPHA"}))).toEqual(["runs/alpha"]);
    expect(ids(RunCatalog(runs, {state: {selected: ["runs/alpha"], baseline: null}, kind: "baseline"}))).toEqual(["runs/alpha", "baselines/beta"]);
  });
});

describe("delta table and episode list", () => {
  const baseRows = Array.from({length: 45}, (_, i) => row("base", `e${i}`, {latency_s: 1 + (i % 3), output_tokens: 200}));
  const candRows = baseRows.map((r, i) => ({...r, run: "cand", output_tokens: i < 5 ? 50 : 210, failed: i === 7, error: i === 7 ? "timeout" : null}));
  const comparison = compareRuns(run("base"), run("cand"), rowsByRun([...baseRows, ...candRows]));

  it("gives each delta cell the contract attributes, with a sign mark beside the color", () => {
    const table = DeltaTable([comparison]);
    for (const d of comparison.deltas) {
      const cell = table.querySelector(`[data-delta="${d.metric}"][data-candidate="cand"]`) as HTMLElement;
      expect(Number(cell.dataset.value)).toBeCloseTo(d.delta!, 12);
      expect(cell.dataset.verdict).toBe(d.verdict);
      expect(cell.querySelector(".mark")?.textContent).toBe({better: "▲", worse: "▼", same: "="}[d.verdict]);
    }
  });

  it("lists regressed episodes first, failed ones with their error, 20 per page", () => {
    const list = EpisodeList(comparison);
    const rows = [...list.querySelectorAll("[data-episode]")] as HTMLElement[];
    expect(rows.length).toBe(PAGE_SIZE);
    expect(rows[0].dataset.episode).toBe("e7");
    expect(rows[0].classList.contains("failed")).toBe(true);
    expect(rows[0].textContent).toContain("timeout");
    expect(rows.slice(1, 6).every((r) => r.dataset.regressed === "true")).toBe(true);
    expect(list.textContent).toContain("page 1 of 3");
    const last = EpisodeList(comparison, {page: 2});
    expect(last.querySelectorAll("[data-episode]").length).toBe(45 - 2 * PAGE_SIZE);
  });

  it("filters to regressed episodes and by search text", () => {
    expect(EpisodeList(comparison, {regressedOnly: true}).querySelectorAll("[data-episode]").length).toBe(6);
    const found = [...EpisodeList(comparison, {search: "timeout"}).querySelectorAll("[data-episode]")];
    expect(found.map((n) => (n as HTMLElement).dataset.episode)).toEqual(["e7"]);
  });
});

describe("charts", () => {
  it("draw one dot per episode below the point limit and say when they aggregate above it", () => {
    const small = [row("a", "1"), row("a", "2"), row("b", "1")];
    const chart = TokenDistribution(small, {width: 500, runIds: ["a", "b"], document});
    expect(chart.querySelectorAll("circle").length).toBe(3);
    const many = Array.from({length: POINT_LIMIT + 10}, (_, i) => row("a", `e${i}`, {latency_s: i}));
    const scatter = LatencyScatter(many, {width: 500, runIds: ["a"], document});
    expect(scatter.querySelectorAll("circle").length).toBe(POINT_LIMIT);
    expect(scatter.textContent).toContain(`${POINT_LIMIT} of ${many.length}`);
  });
});
