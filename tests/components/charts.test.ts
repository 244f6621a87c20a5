// @vitest-environment jsdom
// The charts, the run overview and the delta matrix as a user sees them: distinct run colors, labelled rows,
// one dot per episode with a value, references never mixed on one axis, the Pareto front a hand count gives.
import {describe, expect, it} from "vitest";
import type {Comparison} from "../../src/compare/compare.js";
import type {Delta} from "../../src/compare/deltas.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {RunSummary} from "../../src/compare/types.js";
import {LatencyScatter, MapReduceChart, POINT_LIMIT, QualityChart, TokenDistribution, type RunRow} from "../../src/components/charts.js";
import {tipText} from "../../src/components/chartParts.js";
import {MEASURE_COLORS, RUN_PALETTE, runPalette} from "../../src/components/colors.js";
import {DeltaMatrix} from "../../src/components/deltaMatrix.js";
import {elideMiddle, shortRunNames, wrapId} from "../../src/components/runNames.js";
import {RunOverview} from "../../src/components/runOverview.js";
import {overviewModel, paretoFront, versionOf, versionTrends} from "../../src/components/runOverviewModel.js";

/** sRGB hex → CIE L*a*b* (D65), written out here so the test does not trust the code it checks. */
function lab(hex: string): [number, number, number] {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = [channel(0), channel(1), channel(2)];
  const x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  const z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE76 = (p: string, q: string) => Math.hypot(...lab(p).map((v, i) => v - lab(q)[i]));
const minPairwise = (colors: string[]) => Math.min(...colors.flatMap((p, i) => colors.slice(i + 1).map((q) => deltaE76(p, q))));

const ids = (n: number) => Array.from({length: n}, (_, i) => `runs/model_${i}`);

function row(run: string, episode: string, values: Partial<EpisodeRow> = {}): RunRow {
  return {
    run, dataset_id: "d", episode_id: episode, failed: false, error: null, output_tokens: 100, reported_output_tokens: null,
    latency_s: 1, cost_usd: null, input_chars: 10_000, output_chars: 400, input_hash: null, input_path: null,
    gate_truncation: false, gate_speaker_label: false, gate_boilerplate: false, warn_letter_speaker: false, warn_invalid_json: false,
    warn_sponsor_like: false, repetition: 0, longest_repeat: 0, map_chunks: null, map_tokens: null, reduce_input_tokens: null,
    rouge1: null, rouge2: null, rougeL: null, ner_predicted: null, ner_in_scope: null, ner_gold: null, ner_f1_mention_exact: null,
    ner_f1_mention_overlap: null, ner_f1_entity_set: null, ner_offsets_match: null, ...values
  };
}

function summary(id: string, values: {latency?: number | null; reference?: string; gold?: string; cost?: number; success?: number} = {}): RunSummary {
  return {
    id, kind: "run", task: values.gold ? "ner_entities" : "summarization", dataset_id: "d", archived: false, time: null, time_source: null,
    artifacts: {}, problems: [], problem_count: 0, warnings: [], warning_count: 0, episodes: 10,
    kpis: {success_rate: values.success ?? 1, failed: 0, avg_output_tokens: 100, avg_latency_s: values.latency === undefined ? 10 : values.latency, gate_truncation: 0, gate_speaker_label: 0, gate_boilerplate: 0},
    kpi_sources: {} as RunSummary["kpi_sources"], stored: {}, total_cost_usd: values.cost ?? null,
    reference: values.reference ? {id: values.reference, rouge1_f1: null, rouge2_f1: null, rougeL_f1: null, episodes: 10, source: "recomputed"} : null,
    ner: values.gold ? ({reference: values.gold} as RunSummary["ner"]) : null,
    map_reduce: null, description: null, files: {table: "", details: "", texts: "", shards: 1}
  };
}

function delta(metric: string, values: Partial<Delta>): Delta {
  return {
    metric, label: metric, kind: "quality", unit: "score", direction: "higher", reference: null, baseline: 0.5, candidate: 0.5, delta: 0,
    ci95: [-0.01, 0.01], method: "t", n: 10, mde: null, threshold: 0.05, underpowered: false, clear: false, decisive: true, verdict: "same",
    improved: 0, regressed: 0, new: [], fixed: [], note: null, ...values
  };
}

function comparison(baseline: string, candidate: string, deltas: Delta[], comparable = true): Comparison {
  return {
    baseline, candidate, comparable, common_episodes: comparable ? 10 : 0, warnings: [],
    coverage: {baseline_episodes: 10, candidate_episodes: 10, common: 10, missing_from_candidate: [], only_in_candidate: []},
    inputs: {compared: 0, differing: 0, unknown: 0, episodes: []}, changes: [],
    verdict: {label: comparable ? "no_clear_change" : "not_comparable", qualifiers: [], sentence: comparable ? "No clear change." : "Not comparable: different datasets.", causes: []},
    deltas: comparable ? deltas : [], episodes: []
  } as Comparison;
}

const REF = "references/silver/silver_sonnet46_smoke_v1";
const rougeL = (b: number, c: number, n = 10) => delta("rougeL_f1", {baseline: b, candidate: c, delta: c - b, n, reference: REF});

describe("run colors", () => {
  it("gives the first 12 runs colors pairwise farther apart than ΔE 20, and 24 runs no repeated color", () => {
    const twelve = [...runPalette(ids(12)).values()];
    expect(minPairwise(twelve)).toBeGreaterThan(20);
    const many = [...runPalette(ids(24)).values()];
    expect(new Set(many).size).toBe(24);
    expect(minPairwise(many)).toBeGreaterThan(15);
  });

  it("keeps map/reduce measure colors out of the run palette: grays, far from every run color", () => {
    const runColors = [...runPalette(ids(40)).values()];
    for (const gray of MEASURE_COLORS) {
      expect(runColors).not.toContain(gray);
      const [, a, b] = lab(gray);
      expect(Math.hypot(a, b)).toBeLessThan(6);
      expect(Math.min(...RUN_PALETTE.map((c) => deltaE76(c, gray)))).toBeGreaterThan(15);
    }
  });

  it("colors runs in selection order, one color per id", () => {
    const colors = runPalette(["b", "a", "b"]);
    expect([...colors.keys()]).toEqual(["b", "a"]);
    expect(colors.get("b")).toBe(RUN_PALETTE[0]);
  });
});

describe("run names", () => {
  const v1 = "runs/experiments/summarizer_with_a_really_long_descriptive_name_smoke_v1";
  it("elides the middle, never the end where ids differ", () => {
    const names = shortRunNames([v1, v1.replace(/v1$/, "v2")], 24);
    expect(names.get(v1)).toMatch(/…/);
    expect(names.get(v1)!.endsWith("smoke_v1")).toBe(true);
    expect(names.get(v1)).not.toBe(names.get(v1.replace(/v1$/, "v2")));
    expect(elideMiddle("short", 10)).toBe("short");
  });

  it("wraps a long id for a tooltip without dropping a character", () => {
    const wrapped = wrapId(v1);
    expect(wrapped.split("\n").length).toBeGreaterThan(1);
    expect(wrapped.replace(/\n/g, "")).toBe(v1);
    expect(tipText(v1, "episode p01_e01", "ROUGE-L 0.412 vs silver_v1").replace(/\n/g, "")).toBe(`${v1}episode p01_e01ROUGE-L 0.412 vs silver_v1`);
  });
});

const dots = (node: Element | null, mark = "rc-episode-dots") => node!.querySelectorAll(`g.${mark} circle`).length;

describe("TokenDistribution (A)", () => {
  const runIds = ["runs/a_v1", "runs/a_v2"];
  const colors = runPalette(runIds);
  const rows = [row("runs/a_v1", "e1"), row("runs/a_v1", "e2", {output_tokens: 300}), row("runs/a_v1", "e3", {output_tokens: null}), row("runs/a_v2", "e1", {output_tokens: 50})];

  it("draws one dot per episode with a value and labels every row with its run", () => {
    const chart = TokenDistribution(rows, {width: 640, runIds, colors});
    expect(dots(chart)).toBe(3);
    const labels = [...chart!.querySelectorAll("text")].map((t) => t.firstChild?.textContent);
    expect(labels).toContain("a_v1");
    expect(labels).toContain("a_v2");
    expect([...chart!.querySelectorAll("text title")].map((t) => t.textContent)).toEqual(runIds);
  });

  it("is as tall as its rows, not a fixed card", () => {
    const height = (n: number) => Number(TokenDistribution(rows, {width: 640, runIds: runIds.slice(0, n), colors})!.querySelector("svg")!.getAttribute("height"));
    expect(height(2) - height(1)).toBe(30);
    expect(height(1)).toBeLessThan(110);
  });

  it("shows an even sample above the point limit and says so", () => {
    const many = Array.from({length: POINT_LIMIT + 500}, (_, i) => row("runs/a_v1", `e${i}`, {output_tokens: i}));
    const chart = TokenDistribution(many, {width: 640, runIds, colors});
    expect(dots(chart)).toBe(POINT_LIMIT);
    expect(chart!.textContent).toMatch(/even sample of 4000 of 4500/);
  });

  it("is null when no selected run has a text output", () => {
    expect(TokenDistribution([row("runs/a_v1", "e1", {output_tokens: null})], {width: 640, runIds, colors})).toBeNull();
  });
});

describe("LatencyScatter (B)", () => {
  it("has a legend entry per run with data and a dot per episode with both values", () => {
    const runIds = ["runs/a", "runs/b", "runs/c"];
    const rows = [row("runs/a", "e1"), row("runs/a", "e2", {latency_s: null}), row("runs/b", "e1", {latency_s: 3})];
    const chart = LatencyScatter(rows, {width: 640, runIds, colors: runPalette(runIds)});
    expect(dots(chart)).toBe(2);
    expect([...chart!.querySelectorAll("[data-legend-run]")].map((n) => n.getAttribute("data-legend-run"))).toEqual(["runs/a", "runs/b"]);
  });
});

describe("MapReduceChart (C)", () => {
  const runIds = ["runs/mr_v1", "runs/plain"];
  const colors = runPalette(runIds);
  const mr = (episode: string) => row("runs/mr_v1", episode, {map_tokens: 60, reduce_input_tokens: 180, output_tokens: 120});

  it("is null when no selected run has map/reduce data", () => {
    expect(MapReduceChart([row("runs/plain", "e1")], {width: 640, runIds, colors})).toBeNull();
  });

  it("draws three gray bars per episode for runs with data only, and says when values are derived", () => {
    const chart = MapReduceChart([mr("e1"), mr("e2"), row("runs/plain", "e1")], {width: 640, runIds, colors, derived: true})!;
    const bars = [...chart.querySelectorAll("g.rc-measure-bars rect")];
    expect(bars).toHaveLength(6);
    expect(new Set(bars.map((bar) => bar.getAttribute("fill")))).toEqual(new Set(MEASURE_COLORS));
    expect([...chart.querySelectorAll("[data-map-reduce-run]")].map((n) => n.getAttribute("data-map-reduce-run"))).toEqual(["runs/mr_v1"]);
    expect(chart.textContent).toMatch(/derived from intermediate map summaries/i);
  });

  it("switches to one dot per episode and measure above 30 episodes", () => {
    const chart = MapReduceChart(Array.from({length: 31}, (_, i) => mr(`e${i}`)), {width: 640, runIds, colors})!;
    expect(chart.querySelectorAll("g.rc-measure-bars rect")).toHaveLength(0);
    expect(dots(chart, "rc-measure-dots")).toBe(93);
  });
});

describe("QualityChart (D)", () => {
  const other = "references/silver/_archive/silver_gpt4o_smoke_v1";
  const gold = "references/gold/ner_smoke_gold_v1";
  const runs = [summary("runs/a", {reference: REF}), summary("runs/b", {reference: other}), summary("runs/c", {reference: REF}), summary("runs/ner", {gold}), summary("runs/none")];
  const runIds = runs.map((r) => r.id);
  const rows = [
    row("runs/a", "e1", {rougeL: 0.4}), row("runs/a", "e2", {rougeL: 0.6}), row("runs/b", "e1", {rougeL: 0.9}),
    row("runs/c", "e1", {rougeL: 0.2}), row("runs/ner", "e1", {ner_f1_entity_set: 0.8}), row("runs/none", "e1")
  ];

  it("puts runs scored against different references in separate panels, titled with the reference", () => {
    const chart = QualityChart(rows, {width: 640, runIds, colors: runPalette(runIds), runs})!;
    const panels = [...chart.querySelectorAll("[data-quality-reference]")];
    expect(panels.map((p) => p.getAttribute("data-quality-reference"))).toEqual([REF, other, gold]);
    expect(panels.map((p) => p.querySelector(".rc-facet-title")!.textContent)).toEqual([
      `ROUGE-L per episode vs ${REF}`,
      `ROUGE-L per episode vs ${other}`,
      `Entity-set F1 per episode vs ${gold}`
    ]);
    expect(panels.map((p) => dots(p))).toEqual([3, 1, 1]);
    expect(panels[0].textContent).toContain("mean 0.5");
    expect(chart.textContent).toContain("No reference named: runs/none");
  });

  it("is null when no selected run names a reference", () => {
    expect(QualityChart(rows, {width: 640, runIds: ["runs/none"], colors: runPalette(["runs/none"]), runs})).toBeNull();
  });
});

describe("versions and the Pareto front", () => {
  it("reads a stem and an order from version suffixes", () => {
    expect(versionOf("runs/model_a_v3")).toEqual({stem: "runs/model_a", order: 3});
    expect(versionOf("runs/foo_pre")).toEqual({stem: "runs/foo", order: 0});
    expect(versionOf("runs/foo_post")).toEqual({stem: "runs/foo", order: 1});
    expect(versionOf("runs/cheap-api-12")).toEqual({stem: "runs/cheap-api", order: 12});
    expect(versionOf("runs/mr_starved_v3_rerun")).toBeNull();
    expect(versionOf("runs/plain")).toBeNull();
  });

  it("connects runs that share a stem, in version order", () => {
    expect(versionTrends(["runs/m_v3", "runs/x_v1", "runs/m_v1", "runs/foo_post", "runs/foo_pre", "runs/m_v2"])).toEqual([
      ["runs/m_v1", "runs/m_v2", "runs/m_v3"],
      ["runs/foo_pre", "runs/foo_post"]
    ]);
  });

  it("keeps exactly the runs no other run beats on both latency and quality", () => {
    const points = [
      {id: "a", latency: 1, quality: 0.3},
      {id: "b", latency: 2, quality: 0.5},
      {id: "c", latency: 3, quality: 0.4},
      {id: "d", latency: 4, quality: 0.7},
      {id: "e", latency: 5, quality: 0.7},
      {id: "f", latency: 2, quality: 0.45}
    ];
    expect(paretoFront(points, (p) => p.latency, (p) => p.quality).map((p) => p.id)).toEqual(["a", "b", "d"]);
  });
});

describe("RunOverview", () => {
  const base = "runs/base_v1";
  const runs = [
    summary(base, {latency: 20, reference: REF}),
    summary("runs/m_v1", {latency: 10, reference: REF}),
    summary("runs/m_v2", {latency: 15, reference: REF}),
    summary("runs/slow", {latency: 30, reference: REF}),
    summary("runs/other", {latency: 5, reference: "references/other_v1", success: 0.9}),
    summary("runs/none", {latency: 5}),
    summary("runs/elsewhere", {latency: 5, reference: REF})
  ];
  const comparisons = [
    comparison(base, "runs/m_v1", [rougeL(0.6, 0.5)]),
    comparison(base, "runs/m_v2", [rougeL(0.61, 0.7, 8)]),
    comparison(base, "runs/slow", [rougeL(0.6, 0.55)]),
    comparison(base, "runs/other", [delta("avg_latency_s", {kind: "tradeoff", unit: "seconds"})]),
    comparison(base, "runs/none", []),
    comparison(base, "runs/elsewhere", [], false)
  ];
  const colors = runPalette(runs.map((r) => r.id));

  it("places only runs on the baseline's reference, at their values over the common episodes", () => {
    const model = overviewModel(runs, comparisons, base);
    expect(model.reference).toBe(REF);
    expect(model.points.map((p) => [p.id, p.quality])).toEqual([[base, 0.6], ["runs/m_v1", 0.5], ["runs/m_v2", 0.7], ["runs/slow", 0.55]]);
    expect(model.baselineRange).toEqual([0.6, 0.61]);
    expect(model.unplaced.map((r) => [r.id, r.reason])).toEqual([
      ["runs/other", "other reference: references/other_v1"],
      ["runs/none", "no reference"],
      ["runs/elsewhere", "not comparable with the baseline"]
    ]);
  });

  it("marks the Pareto front and lists the runs off the quality axis with their success rate", () => {
    const node = RunOverview(runs, {width: 1000, colors, baselineId: base, comparisons});
    expect(node.dataset.testid).toBe("run-overview");
    const panel = node.querySelector('[data-overview-axis="latency"]')!;
    const placed = [...panel.querySelectorAll("[data-overview-run]")];
    expect(placed.map((n) => n.getAttribute("data-overview-run"))).toEqual([base, "runs/m_v1", "runs/m_v2", "runs/slow"]);
    // By hand: m_v1 (10 s, 0.5) and m_v2 (15 s, 0.7) beat the baseline (20 s, 0.6) and slow (30 s, 0.55).
    expect(placed.filter((n) => n.getAttribute("data-pareto") === "true").map((n) => n.getAttribute("data-overview-run"))).toEqual(["runs/m_v1", "runs/m_v2"]);
    expect(panel.querySelectorAll("g.rc-overview-pareto path")).toHaveLength(1);
    expect(panel.querySelectorAll("g.rc-overview-trend path")).toHaveLength(1);
    expect(panel.querySelector("[aria-label=legend]")!.textContent).toContain("Pareto");
    expect(node.querySelector('[data-overview-unplaced="runs/other"]')!.textContent).toContain("other reference: references/other_v1 · success 90%");
    expect(node.querySelector('[data-overview-axis="cost"]')).toBeNull();
  });

  it("adds a cost panel when runs record a cost", () => {
    const costly = runs.map((r) => (r.id === "runs/m_v1" ? {...r, total_cost_usd: 0.5} : r));
    const panel = RunOverview(costly, {width: 700, colors, baselineId: base, comparisons}).querySelector('[data-overview-axis="cost"]')!;
    expect(panel.querySelectorAll("[data-overview-run]")).toHaveLength(1);
  });
});

describe("DeltaMatrix", () => {
  const base = "runs/base";
  const comparisons = [
    comparison(base, "runs/exp/long_name_for_the_candidate_smoke_v1", [
      delta("failed", {kind: "health", unit: "count", direction: "lower", baseline: 0, candidate: 2, delta: 2, verdict: "worse", method: "rule", new: ["e1", "e2"]}),
      rougeL(0.6, 0.4),
      delta("avg_output_tokens", {kind: "tradeoff", unit: "tokens", direction: "neutral", delta: -40, clear: true})
    ].map((d) => (d.metric === "rougeL_f1" ? {...d, verdict: "worse" as const} : d))),
    comparison(base, "runs/exp/long_name_for_the_candidate_smoke_v2", [
      {...rougeL(0.6, 0.66), underpowered: true},
      delta("ner_f1_mention_exact", {note: "offsets on other text: shown, not judged", delta: 0.1})
    ]),
    comparison(base, "runs/elsewhere", [], false)
  ];

  it("shows each candidate's signed deltas in METRICS order, grouped, with verdict, markers and a title", () => {
    const node = DeltaMatrix(comparisons, {baselineId: base});
    expect(node.dataset.testid).toBe("delta-matrix");
    expect([...node.querySelectorAll("tr[data-matrix-row]")].map((r) => r.getAttribute("data-matrix-row"))).toEqual(["rougeL_f1", "ner_f1_mention_exact", "failed", "avg_output_tokens"]);
    expect([...node.querySelectorAll("tr.rc-matrix-group th")].map((th) => th.textContent)).toEqual(["Quality", "Health rules", "Trade-offs"]);
    const cell = (metric: string, candidate: string) => node.querySelector(`td[data-matrix-metric="${metric}"][data-matrix-candidate$="${candidate}"]`) as HTMLElement;
    expect(cell("rougeL_f1", "v1").dataset.verdict).toBe("worse");
    expect(cell("rougeL_f1", "v1").textContent).toBe("▼−0.2");
    expect(cell("rougeL_f1", "v1").className).toContain("rc-cell-worse");
    expect(cell("rougeL_f1", "v1").title).toMatch(/95% interval \[−0\.01, \+0\.01\][\s\S]*n = 10 episodes[\s\S]*threshold 0\.05/);
    expect(cell("rougeL_f1", "v2").textContent).toBe("+0.06?");
    expect(cell("ner_f1_mention_exact", "v2").textContent).toBe("+0.1*");
    expect(cell("failed", "v1").textContent).toBe("▼+2");
    expect(cell("avg_output_tokens", "v1").className).toContain("rc-cell-neutral");
    expect(cell("failed", "v2").dataset.verdict).toBe("none");
  });

  it("gives a non-comparable candidate one cell, and names every candidate in full in its header title", () => {
    const node = DeltaMatrix(comparisons, {baselineId: base});
    const blocked = node.querySelectorAll('td[data-matrix-candidate="runs/elsewhere"]');
    expect(blocked).toHaveLength(1);
    expect(blocked[0].textContent).toBe("not comparable");
    const headers = [...node.querySelectorAll("th[data-matrix-candidate]")] as HTMLElement[];
    expect(headers.map((h) => h.title)).toEqual(comparisons.map((c) => c.candidate));
    expect(headers[0].textContent!.endsWith("smoke_v1")).toBe(true);
    expect(headers[0].getAttribute("style")).toContain(runPalette([base, ...comparisons.map((c) => c.candidate)]).get(comparisons[0].candidate));
  });
});
