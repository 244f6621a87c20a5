// @vitest-environment jsdom
// The per-episode charts as a user sees them: distinct run colors, labelled rows sized to their content,
// one dot per episode with a value, measures in grays, references never mixed on one axis.
import {describe, expect, it} from "vitest";
import {
  LatencyScatter,
  MapReduceChart,
  POINT_LIMIT,
  QualityChart,
  TokenDistribution
} from "../../src/components/charts.js";
import type {StageCaps} from "../../src/compare/stageCaps.js";
import {tipText, type RunRow} from "../../src/components/chartParts.js";
import {MEASURE_COLORS, RUN_PALETTE, runPalette} from "../../src/components/colors.js";
import {RunOverview} from "../../src/components/runOverview.js";
import {elideMiddle, shortRunNames, wrapId} from "../../src/components/runNames.js";
import {comparison, REF, row, rougeL, summary} from "./fixtures.js";

/** sRGB hex → CIE L*a*b* (D65), written out here so the test does not trust the code it checks. */
function lab(hex: string): [number, number, number] {
  const [r, g, b] = [0, 1, 2]
    .map((i) => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116);
  const [x, y, z] = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
  ];
  return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
}
const deltaE76 = (p: string, q: string) => Math.hypot(...lab(p).map((v, i) => v - lab(q)[i]));
const minPairwise = (colors: string[]) =>
  Math.min(...colors.flatMap((p, i) => colors.slice(i + 1).map((q) => deltaE76(p, q))));

const ids = (n: number) => Array.from({length: n}, (_, i) => `runs/model_${i}`);

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
    expect(tipText(v1, "episode p01_e01", "ROUGE-L 0.412 vs silver_v1").replace(/\n/g, "")).toBe(
      `${v1}episode p01_e01ROUGE-L 0.412 vs silver_v1`
    );
  });
});

const dots = (node: Element | null, mark = "rc-episode-dots") => node!.querySelectorAll(`g.${mark} circle`).length;

describe("TokenDistribution (A)", () => {
  const runIds = ["runs/a_v1", "runs/a_v2"];
  const colors = runPalette(runIds);
  const rows = [
    row("runs/a_v1", "e1"),
    row("runs/a_v1", "e2", {output_tokens: 300}),
    row("runs/a_v1", "e3", {output_tokens: null}),
    row("runs/a_v2", "e1", {output_tokens: 50})
  ];

  it("draws one dot per episode with a value and labels every row with its run", () => {
    const chart = TokenDistribution(rows, {width: 640, runIds, colors});
    expect(dots(chart)).toBe(3);
    const labels = [...chart!.querySelectorAll("text")].map((t) => t.firstChild?.textContent);
    expect(labels).toContain("a_v1");
    expect(labels).toContain("a_v2");
    expect([...chart!.querySelectorAll("text title")].map((t) => t.textContent)).toEqual(runIds);
  });

  it("is as tall as its rows, not a fixed card", () => {
    const height = (n: number) =>
      Number(
        TokenDistribution(rows, {width: 640, runIds: runIds.slice(0, n), colors})!
          .querySelector("svg")!
          .getAttribute("height")
      );
    expect(height(2) - height(1)).toBe(30);
    expect(height(1)).toBeLessThan(110);
  });

  it("shows an even sample above the point limit and says so", () => {
    const many = Array.from({length: POINT_LIMIT + 500}, (_, i) => row("runs/a_v1", `e${i}`, {output_tokens: i}));
    const chart = TokenDistribution(many, {width: 640, runIds, colors});
    expect(dots(chart)).toBe(POINT_LIMIT);
    expect(chart!.textContent).toContain(`even sample of ${POINT_LIMIT} of ${POINT_LIMIT + 500}`);
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
    expect([...chart!.querySelectorAll("[data-legend-run]")].map((n) => n.getAttribute("data-legend-run"))).toEqual([
      "runs/a",
      "runs/b"
    ]);
  });
});

describe("MapReduceChart (C)", () => {
  const runIds = ["runs/mr_v1", "runs/plain"];
  const colors = runPalette(runIds);
  const mr = (episode: string) =>
    row("runs/mr_v1", episode, {map_tokens: 60, reduce_input_tokens: 180, output_tokens: 120});

  it("is null when no selected run has map/reduce data", () => {
    expect(MapReduceChart([row("runs/plain", "e1")], {width: 640, runIds, colors})).toBeNull();
  });

  it("draws three gray bars per episode for runs with data only, and names each run's source", () => {
    const derived = (episode: string) => ({...mr(episode), map_reduce_source: "derived" as const});
    const chart = MapReduceChart([derived("e1"), derived("e2"), row("runs/plain", "e1")], {
      width: 640,
      runIds,
      colors
    })!;
    const bars = [...chart.querySelectorAll("g.rc-measure-bars rect")];
    expect(bars).toHaveLength(6);
    expect(new Set(bars.map((bar) => bar.getAttribute("fill")))).toEqual(new Set(MEASURE_COLORS));
    const facets = [...chart.querySelectorAll("[data-map-reduce-run]")];
    expect(facets.map((n) => n.getAttribute("data-map-reduce-run"))).toEqual(["runs/mr_v1"]);
    expect(facets.map((n) => n.getAttribute("data-map-reduce-source"))).toEqual(["derived"]);
    expect(facets[0].querySelector(".rc-source")?.textContent).toBe("derived");
    expect(chart.textContent).toMatch(/derived: computed from the map summaries' texts/i);
    expect(chart.querySelectorAll("g.rc-stage-cap")).toHaveLength(0);
  });

  describe("stage caps and the reduce share", () => {
    const cap = (tokens: number, from: string, estimated: boolean) => ({tokens, from, estimated});
    const run = (id: string, caps: StageCaps, source: "recorded" | "derived") => ({
      ...summary(id),
      map_reduce: source,
      stage_caps: caps
    });
    const caps: StageCaps = {
      map: cap(64, "pipeline.stages.map.generation_params.max_new_tokens", true),
      reduce_input: cap(4096, "tokenization.reduce_max_input_tokens", true),
      final: cap(200, "pipeline.stages.reduce.generation_params.max_new_tokens", true)
    };
    const recorded = (episode: string, share: number) =>
      row("runs/mr_v1", episode, {
        map_tokens: 60,
        reduce_input_tokens: 180,
        output_tokens: 120,
        map_reduce_source: "recorded",
        reduce_share: share,
        starved: share < 0.9
      });
    const draw = (rows: RunRow[], width = 640) =>
      MapReduceChart(rows, {
        width,
        runIds,
        colors,
        runs: [run("runs/mr_v1", caps, "recorded"), summary("runs/plain")]
      })!;
    it("draws each in-scale cap as a dashed tick over its own bar, at the cap's height, on every episode", () => {
      const chart = draw([recorded("e1", 0.5), recorded("e2", 0.95)]);
      const ticks = [...chart.querySelectorAll("g.rc-stage-cap line")];
      // Two episodes x two drawn caps (map 64, final 200); the 4,096-token reduce input cap is off the scale.
      expect(ticks).toHaveLength(4);
      for (const tick of ticks) {
        expect(tick.closest("g")!.getAttribute("stroke-dasharray")).toBe("4,3");
        expect(tick.getAttribute("y1")).toBe(tick.getAttribute("y2"));
      }
      const titles = ticks.map((tick) => tick.querySelector("title")?.textContent ?? "");
      expect(titles.filter((t) => /map cap 64 tokens \(estimated\)/.test(t))).toHaveLength(2);
      expect(titles.filter((t) => /final cap 200 tokens \(estimated\)/.test(t))).toHaveLength(2);
      expect(titles.every((t) => /from pipeline\.stages\./.test(t))).toBe(true);
      // Same units as the bars: the map cap (64) sits just above the map bar (60), below the reduce bar (180).
      const svg = chart.querySelector('[data-map-reduce-run] svg[class^="plot"]')!;
      const barTop = (fill: string) =>
        Number(
          [...svg.querySelectorAll("g.rc-measure-bars rect")]
            .find((b) => b.getAttribute("fill") === fill)!
            .getAttribute("y")
        );
      const tickAt = (stage: string) =>
        Number(ticks.find((t) => t.querySelector("title")!.textContent!.includes(`${stage} cap`))!.getAttribute("y1"));
      expect(tickAt("map")).toBeLessThan(barTop(MEASURE_COLORS[0]));
      expect(tickAt("map")).toBeGreaterThan(barTop(MEASURE_COLORS[1]));
      expect(barTop(MEASURE_COLORS[0]) - tickAt("map")).toBeLessThan(tickAt("map") - barTop(MEASURE_COLORS[1]));
      expect(tickAt("final")).toBeLessThan(barTop(MEASURE_COLORS[2]));
    });

    it("names every cap, estimated and off-scale ones included, with where it came from", () => {
      const chart = draw([recorded("e1", 0.5)]);
      const named = [...chart.querySelectorAll("[data-stage-cap]")].map((n) => [
        n.getAttribute("data-stage-cap"),
        n.getAttribute("data-cap-tokens"),
        n.getAttribute("data-cap-estimated"),
        n.textContent
      ]);
      expect(named).toEqual([
        ["map", "64", "true", "map 64 (estimated)"],
        ["reduce_input", "4096", "true", "reduce input 4,096 (estimated, off scale)"],
        ["final", "200", "true", "final 200 (estimated)"]
      ]);
      expect(chart.querySelector('[data-stage-cap="map"]')!.getAttribute("title")).toContain(
        "pipeline.stages.map.generation_params.max_new_tokens"
      );
      expect(chart.textContent).toMatch(/estimated: the values checked against that cap are characters \/ 4/i);
      expect(chart.querySelector(".rc-source")?.textContent).toBe("recorded");
    });

    it("writes the recorded share over the reduce bar, bold when starved; none for derived episodes", () => {
      const derived = {...recorded("e3", 1), map_reduce_source: "derived" as const, reduce_share: null, starved: null};
      const chart = draw([recorded("e1", 0.5), recorded("e2", 0.95), derived]);
      const labels = [...chart.querySelectorAll("g.rc-reduce-share text")];
      expect(labels.map((t) => t.textContent).sort()).toEqual(["50%", "95%"]);
      expect([...chart.querySelectorAll("g.rc-starved text")].map((t) => t.textContent)).toEqual(["50%"]);
    });

    it("draws the caps as labelled rules in the dot view", () => {
      const many = Array.from({length: 31}, (_, i) => recorded(`e${i}`, 1));
      const chart = draw(many);
      expect(chart.querySelectorAll("g.rc-stage-cap line")).toHaveLength(2);
      expect([...chart.querySelectorAll("g.rc-stage-cap-label text")].map((t) => t.textContent)).toEqual([
        "map cap (est.)",
        "final cap (est.)"
      ]);
    });
  });

  it("switches to one dot per episode and measure above 30 episodes", () => {
    const chart = MapReduceChart(
      Array.from({length: 31}, (_, i) => mr(`e${i}`)),
      {width: 640, runIds, colors}
    )!;
    expect(chart.querySelectorAll("g.rc-measure-bars rect")).toHaveLength(0);
    expect(dots(chart, "rc-measure-dots")).toBe(93);
  });
});

describe("QualityChart (D)", () => {
  const other = "references/silver/_archive/silver_gpt4o_smoke_v1";
  const gold = "references/gold/ner_smoke_gold_v1";
  const runs = [
    summary("runs/a", {reference: REF}),
    summary("runs/b", {reference: other}),
    summary("runs/c", {reference: REF}),
    summary("runs/ner", {gold}),
    summary("runs/none")
  ];
  const runIds = runs.map((r) => r.id);
  const rows = [
    row("runs/a", "e1", {rougeL: 0.4}),
    row("runs/a", "e2", {rougeL: 0.6}),
    row("runs/b", "e1", {rougeL: 0.9}),
    row("runs/c", "e1", {rougeL: 0.2}),
    row("runs/ner", "e1", {ner_f1_entity_set: 0.8}),
    row("runs/none", "e1")
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
    // runs/a's e2 has no runs/c counterpart: side by side over e1 only, so a's mean is its e1 score.
    expect(panels.map((p) => dots(p))).toEqual([2, 1, 1]);
    expect(panels[0].textContent).toContain("mean 0.4");
    expect(chart.textContent).toContain(
      `ROUGE-L vs ${REF.split("/").pop()}: over the 1 episode every run in the panel was scored on; ` +
        "1 other score left out."
    );
    expect(chart.textContent).toContain("No reference named: runs/none");
  });

  it("is null when no selected run names a reference", () => {
    expect(QualityChart(rows, {width: 640, runIds: ["runs/none"], colors: runPalette(["runs/none"]), runs})).toBeNull();
  });
});

/** A plot as assistive technology gets it: one named image; of its groups, only the axes are left unhidden. */
function asImage(svg: Element) {
  const unhidden = [...svg.querySelectorAll("g[aria-label]")]
    .filter((g) => !g.closest('[aria-hidden="true"]'))
    .map((g) => g.getAttribute("aria-label")!)
    .filter((label) => !/^f?[xy]-(axis|grid)/.test(label));
  return {
    role: svg.getAttribute("role"),
    label: svg.getAttribute("aria-label"),
    description: svg.getAttribute("aria-description"),
    unhidden
  };
}

describe("charts for a screen reader", () => {
  const runIds = ["runs/a_v1", "runs/a_v2"];
  const colors = runPalette(runIds);

  it("A and B: one image each, named by what it shows, its numbers in words, its marks hidden", () => {
    const rows = [
      row("runs/a_v1", "e1"),
      row("runs/a_v1", "e2", {output_tokens: 300, latency_s: 3}),
      row("runs/a_v2", "e1", {output_tokens: 50})
    ];
    const tokens = TokenDistribution(rows, {width: 640, runIds, colors})!.querySelector("svg")!;
    expect(asImage(tokens)).toEqual({
      role: "img",
      label: "Chart A: output tokens per run, the spread of each run's episodes",
      description:
        "Estimated output tokens per episode: a_v1: median 200, 100 to 300; a_v2: median 50, 50 to 50. " +
        "As text: the KPI tiles (average per run), the episode table and the drill-down (per episode).",
      unhidden: []
    });
    const latency = LatencyScatter(rows, {width: 640, runIds, colors})!.querySelector("svg:not(.rc-swatch)")!;
    expect(asImage(latency)).toMatchObject({
      role: "img",
      label: "Chart B: latency against output tokens, one dot per episode and run",
      unhidden: []
    });
    expect(asImage(latency).description).toContain("a_v1: median 2 s and 200 tokens over 2 episodes");
  });

  it("C and D: each panel an image naming its run or reference; the legend a named group", () => {
    const mr = row("runs/a_v1", "e1", {map_tokens: 60, reduce_input_tokens: 180, output_tokens: 120});
    const mapReduce = MapReduceChart([mr], {width: 640, runIds, colors})!;
    const panel = mapReduce.querySelector('[data-map-reduce-run="runs/a_v1"] svg:not(.rc-swatch)')!;
    expect(asImage(panel)).toMatchObject({
      role: "img",
      label: "Chart C: map summary, reduce input and final output tokens per episode of runs/a_v1",
      unhidden: []
    });
    expect(mapReduce.querySelector(".rc-legend")!.getAttribute("role")).toBe("group");
    const runs = [summary("runs/a_v1", {reference: REF}), summary("runs/a_v2", {reference: REF})];
    const quality = QualityChart([row("runs/a_v1", "e1", {rougeL: 0.4}), row("runs/a_v2", "e1", {rougeL: 0.5})], {
      width: 640,
      runIds,
      colors,
      runs
    })!.querySelector("svg")!;
    expect(asImage(quality)).toEqual({
      role: "img",
      label: `Chart D: ROUGE-L per episode against ${REF}, one row per run`,
      description:
        "Means over 1 common episode: a_v1: 0.4; a_v2: 0.5. As text: the runs table and the KPI tiles (per run), " +
        "the delta table, the episode table and the drill-down (per episode).",
      unhidden: []
    });
  });

  it("the overview: each panel an image naming its axes, every placed run's numbers in words", () => {
    const base = "baselines/b_v1";
    const runs = [summary(base, {latency: 20, reference: REF}), summary("runs/m_v1", {latency: 10, reference: REF})];
    const overview = RunOverview(runs, {
      width: 1000,
      colors: runPalette(runs.map((r) => r.id)),
      baselineId: base,
      comparisons: [comparison(base, "runs/m_v1", [rougeL(0.6, 0.7)])]
    });
    const panel = overview.querySelector('[data-overview-axis="latency"] svg:not(.rc-swatch)')!;
    expect(asImage(panel)).toEqual({
      role: "img",
      label: "Overview: ROUGE-L F1 against average latency per selected run, with the Pareto front and version trends",
      description:
        "b_v1: baseline, 0.6 at 20 s; m_v1: 0.7 at 10 s, on the front. As text: the delta matrix and the KPI tiles.",
      unhidden: []
    });
  });
});
