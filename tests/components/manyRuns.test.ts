// @vitest-environment jsdom
// Many runs at once: version trends, the Pareto front a hand count gives, runs placed only on the baseline's
// reference, and the delta matrix's cells, groups and markers.
import {describe, expect, it} from "vitest";
import type {Comparison} from "../../src/compare/compare.js";
import {runPalette} from "../../src/components/colors.js";
import {DeltaMatrix} from "../../src/components/deltaMatrix.js";
import {RunOverview} from "../../src/components/runOverview.js";
import {overviewModel, paretoFront, versionOf, versionTrends} from "../../src/components/runOverviewModel.js";
import {comparison, delta, REF, rougeL, summary} from "./fixtures.js";

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
    expect(
      versionTrends(["runs/m_v3", "runs/x_v1", "runs/m_v1", "runs/foo_post", "runs/foo_pre", "runs/m_v2"])
    ).toEqual([
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
    expect(
      paretoFront(
        points,
        (p) => p.latency,
        (p) => p.quality
      ).map((p) => p.id)
    ).toEqual(["a", "b", "d"]);
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
    expect(model.points.map((p) => [p.id, p.quality])).toEqual([
      [base, 0.6],
      ["runs/m_v1", 0.5],
      ["runs/m_v2", 0.7],
      ["runs/slow", 0.55]
    ]);
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
    expect(placed.map((n) => n.getAttribute("data-overview-run"))).toEqual([
      base,
      "runs/m_v1",
      "runs/m_v2",
      "runs/slow"
    ]);
    // By hand: m_v1 (10 s, 0.5) and m_v2 (15 s, 0.7) beat the baseline (20 s, 0.6) and slow (30 s, 0.55).
    expect(
      placed.filter((n) => n.getAttribute("data-pareto") === "true").map((n) => n.getAttribute("data-overview-run"))
    ).toEqual(["runs/m_v1", "runs/m_v2"]);
    expect(panel.querySelectorAll("g.rc-overview-pareto path")).toHaveLength(1);
    expect(panel.querySelectorAll("g.rc-overview-trend path")).toHaveLength(1);
    expect(panel.querySelector("[aria-label=legend]")!.textContent).toContain("Pareto");
    expect(node.querySelector('[data-overview-unplaced="runs/other"]')!.textContent).toContain(
      "other reference: references/other_v1 · success 90%"
    );
    expect(node.querySelector('[data-overview-axis="cost"]')).toBeNull();
  });

  it("places NER runs by entity-set F1 vs the gold", () => {
    const gold = "references/gold/ner_v1";
    const model = overviewModel(
      [summary(base, {gold}), summary("runs/n", {gold})],
      [comparison(base, "runs/n", [delta("ner_f1_entity_set", {baseline: 0.8, candidate: 0.9, reference: gold})])],
      base
    );
    expect([model.metric?.label, model.reference, model.points.map((p) => p.quality)]).toEqual([
      "entity-set F1",
      gold,
      [0.8, 0.9]
    ]);
  });

  it("adds a cost panel when runs record a cost", () => {
    const costly = runs.map((r) => (r.id === "runs/m_v1" ? {...r, total_cost_usd: 0.5} : r));
    const panel = RunOverview(costly, {width: 700, colors, baselineId: base, comparisons}).querySelector(
      '[data-overview-axis="cost"]'
    )!;
    expect(panel.querySelectorAll("[data-overview-run]")).toHaveLength(1);
  });
});

describe("DeltaMatrix", () => {
  const base = "runs/base";
  const comparisons = [
    comparison(
      base,
      "runs/exp/long_name_for_the_candidate_smoke_v1",
      [
        delta("failed", {
          kind: "health",
          unit: "count",
          direction: "lower",
          baseline: 0,
          candidate: 2,
          delta: 2,
          verdict: "worse",
          method: "rule",
          new: ["e1", "e2"]
        }),
        rougeL(0.6, 0.4),
        delta("avg_output_tokens", {kind: "tradeoff", unit: "tokens", direction: "neutral", delta: -40, clear: true})
      ].map((d) => (d.metric === "rougeL_f1" ? {...d, verdict: "worse" as const} : d))
    ),
    comparison(base, "runs/exp/long_name_for_the_candidate_smoke_v2", [
      {...rougeL(0.6, 0.66), underpowered: true},
      delta("ner_f1_mention_exact", {not_judged: {code: "offsets_other_text", gold: "references/gold/g"}, delta: 0.1})
    ]),
    comparison(base, "runs/elsewhere", [], false)
  ];

  it("shows each candidate's signed deltas in METRICS order, grouped, with verdict, markers and a title", () => {
    const node = DeltaMatrix(comparisons, {baselineId: base});
    expect(node.dataset.testid).toBe("delta-matrix");
    expect([...node.querySelectorAll("tr[data-matrix-row]")].map((r) => r.getAttribute("data-matrix-row"))).toEqual([
      "rougeL_f1",
      "ner_f1_mention_exact",
      "failed",
      "avg_output_tokens"
    ]);
    expect([...node.querySelectorAll("tr.rc-matrix-group th")].map((th) => th.textContent)).toEqual([
      "Quality",
      "Defects",
      "Trade-offs"
    ]);
    // The metric that decides the label says so in its row header.
    expect(node.querySelector('tr[data-matrix-row="rougeL_f1"] .rc-decides')?.textContent).toBe("decides");
    expect(node.querySelector('tr[data-matrix-row="failed"] .rc-decides')).toBeNull();
    const cell = (metric: string, candidate: string) =>
      node.querySelector(`td[data-matrix-metric="${metric}"][data-matrix-candidate$="${candidate}"]`) as HTMLElement;
    expect(cell("rougeL_f1", "v1").dataset.verdict).toBe("worse");
    expect(cell("rougeL_f1", "v1").textContent).toBe("▼−0.2");
    expect(cell("rougeL_f1", "v1").className).toContain("rc-cell-worse");
    expect(cell("rougeL_f1", "v1").title).toMatch(
      /interval \[−0\.01, \+0\.01\] 95%[\s\S]*n = 10 episodes[\s\S]*threshold 0\.05[\s\S]*decides the label/
    );
    expect(cell("rougeL_f1", "v2").textContent).toBe("+0.06?");
    expect(cell("ner_f1_mention_exact", "v2").textContent).toBe("+0.1*");
    expect(cell("failed", "v1").textContent).toBe("▼+2");
    expect(cell("avg_output_tokens", "v1").className).toContain("rc-cell-neutral");
    expect(cell("failed", "v2").dataset.verdict).toBe("none");
  });

  it("explains in its key only the marks some cell carries", () => {
    const key = (cs: Comparison[]) => DeltaMatrix(cs, {baselineId: base}).querySelector(".rc-matrix-key")!.textContent;
    expect(key(comparisons)).toContain("? too few episodes to tell · * shown, not judged");
    const [first] = comparisons;
    expect(key([first])).not.toMatch(/[?*]/);
  });

  it("gives a non-comparable candidate one cell, and names every candidate in full in its header title", () => {
    const node = DeltaMatrix(comparisons, {baselineId: base});
    const blocked = node.querySelectorAll('td[data-matrix-candidate="runs/elsewhere"]');
    expect(blocked).toHaveLength(1);
    expect(blocked[0].textContent).toBe("not comparable");
    const headers = [...node.querySelectorAll("th[data-matrix-candidate]")] as HTMLElement[];
    expect(headers.map((h) => h.title)).toEqual(comparisons.map((c) => c.candidate));
    expect(headers[0].textContent!.endsWith("smoke_v1")).toBe(true);
    expect(headers[0].getAttribute("style")).toContain(
      runPalette([base, ...comparisons.map((c) => c.candidate)]).get(comparisons[0].candidate)
    );
    const given = DeltaMatrix(comparisons, {baselineId: base, colorOf: () => "#123456"}).querySelector(
      "th[data-matrix-candidate]"
    )!;
    expect(given.getAttribute("style")).toContain("#123456");
  });

  it("keeps the end of each run id in its header (ids differing only there stay apart); the full id in title", () => {
    const long = "baselines/baseline_ml_bart_large_cnn_authority_smoke_paragraph";
    const ids = [`${long}_v1`, `${long}_v2`, "runs/team_a/summarizer_smoke_v1", "runs/team_b/summarizer_smoke_v1"];
    const node = DeltaMatrix(
      ids.map((id) => comparison(base, id, [rougeL(0.6, 0.62)])),
      {baselineId: base}
    );
    const headers = [...node.querySelectorAll<HTMLElement>("th[data-matrix-candidate]")];
    const shown = headers.map((th) => th.textContent!);
    expect(headers.map((th) => th.title)).toEqual(ids);
    expect(new Set(shown).size).toBe(ids.length);
    // The last segment, elided in the middle to 40 characters, over lines of at most 22 broken after "_".
    expect(shown[0]).toMatch(/^baseline_ml_bar….*_smoke_paragraph_v1$/);
    expect(shown[1]).toMatch(/^baseline_ml_bar….*_smoke_paragraph_v2$/);
    const lines = (th: HTMLElement) => [...th.querySelector("span")!.childNodes].flatMap((n) => n.textContent || []);
    expect(lines(headers[0])).toEqual(["baseline_ml_bar…ority_", "smoke_paragraph_v1"]);
    for (const th of headers) for (const line of lines(th)) expect(line.length).toBeLessThanOrEqual(22);
    // Same last segment in two folders: the whole id (here short enough to show in full).
    expect(shown.slice(2)).toEqual(ids.slice(2));
  });
});
