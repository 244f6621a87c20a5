// Chart C: map/reduce starvation per run and episode: small map summaries feeding a small reduce input
// show as short light bars before a short final output. Measures are grays, never a run's color.
import * as Plot from "@observablehq/plot";
import {amount} from "../compare/words.js";
import {chartFigure, documentOf, POINT_LIMIT, TIP, tipText, type ChartOptions, type RunRow} from "./chartParts.js";
import {MEASURE_COLORS, UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, swatch} from "./dom.js";

export const MEASURES = ["map summary tokens (mean per chunk)", "reduce input tokens", "final output tokens"] as const;
type Measure = (typeof MEASURES)[number];

/** Up to this many episodes a run gets grouped bars per episode; beyond, one dot per episode and measure. */
export const GROUPED_BAR_LIMIT = 30;

interface Bar {
  run: string;
  episode_id: string;
  measure: Measure;
  value: number;
  rank: number;
  row: RunRow;
}

const hasMapReduce = (row: RunRow) => row.map_tokens !== null || row.reduce_input_tokens !== null;

function barsOf(row: RunRow, rank: number): Bar[] {
  const values: [Measure, number | null][] = [
    [MEASURES[0], row.map_tokens],
    [MEASURES[1], row.reduce_input_tokens],
    [MEASURES[2], row.output_tokens]
  ];
  return values.flatMap(([measure, value]) =>
    value === null ? [] : [{run: row.run, episode_id: row.episode_id, measure, value, rank, row}]
  );
}

function tipOf(bar: Bar): string {
  const {row} = bar;
  const chunks = row.map_chunks === null ? "" : ` (mean of ${amount(row.map_chunks, "count")} chunks)`;
  return tipText(
    bar.run,
    `episode ${bar.episode_id}`,
    `map summaries ${amount(row.map_tokens, "tokens")} tokens${chunks}`,
    `reduce input ${amount(row.reduce_input_tokens, "tokens")} tokens`,
    `final output ${amount(row.output_tokens, "tokens")} tokens`
  );
}

const byEpisode = (a: string, b: string) => a.localeCompare(b, "en", {numeric: true});

/**
 * The episodes a run shows: all, or an even sample ranked by final tokens when the chart would pass the point limit.
 */
function rankedRows(rows: RunRow[], perRunLimit: number): RunRow[] {
  const ranked = [...rows].sort((a, b) => (a.output_tokens ?? 0) - (b.output_tokens ?? 0));
  if (ranked.length <= perRunLimit) return ranked;
  const step = ranked.length / perRunLimit;
  return Array.from({length: perRunLimit}, (_, i) => ranked[Math.floor(i * step)]);
}

export function MapReduceChart(rows: RunRow[], options: ChartOptions & {derived?: boolean}): HTMLElement | null {
  const {width, runIds, colors} = options;
  const doc = documentOf(options);
  const h = builder(doc);
  const runs = runIds.filter((id) => rows.some((row) => row.run === id && hasMapReduce(row)));
  if (!runs.length) return null;
  const rowsOf = new Map(runs.map((id) => [id, rows.filter((row) => row.run === id && hasMapReduce(row))]));
  const episodes = [...new Set([...rowsOf.values()].flat().map((row) => row.episode_id))].sort(byEpisode);
  const grouped = Math.max(...[...rowsOf.values()].map((list) => list.length)) <= GROUPED_BAR_LIMIT;
  const perRunLimit = Math.floor(POINT_LIMIT / MEASURES.length / runs.length);
  const barsByRun = new Map(
    runs.map((id) => [
      id,
      rankedRows(rowsOf.get(id)!, grouped ? Infinity : perRunLimit).flatMap((row, i) => barsOf(row, i + 1))
    ])
  );
  const maxValue = Math.max(1, ...[...barsByRun.values()].flat().map((bar) => bar.value));
  const color = {type: "ordinal", domain: [...MEASURES], range: MEASURE_COLORS} as const;
  // Episode ids are ~8 characters: they fit level while a group is at least ~60 px wide.
  const crowded = episodes.length * 60 > width - 56;
  const sampled = !grouped && runs.some((id) => rowsOf.get(id)!.length > perRunLimit);

  const panel = (id: string) => {
    const bars = barsByRun.get(id)!;
    const plot = Plot.plot({
      width,
      height: grouped ? (crowded ? 204 : 182) : 164,
      marginLeft: 56,
      marginTop: 22, // room for the y label above the top tick
      marginBottom: grouped ? (crowded ? 58 : 36) : 36,
      document: doc,
      y: {label: "tokens (est.)", grid: true, domain: [0, maxValue], nice: true},
      color,
      ...(grouped
        ? {
            fx: {domain: episodes, label: null, tickRotate: crowded ? -35 : 0, padding: 0.15},
            x: {axis: null, domain: [...MEASURES], padding: 0.05}
          }
        : {x: {label: "episodes ordered by final output tokens", grid: true}}),
      marks: grouped
        ? [
            Plot.barY(bars, {
              fx: "episode_id",
              x: "measure",
              y: "value",
              fill: "measure",
              stroke: "currentColor",
              strokeOpacity: 0.35,
              className: "rc-measure-bars",
              title: tipOf,
              tip: TIP
            }),
            Plot.ruleY([0])
          ]
        : [
            Plot.dot(bars, {
              x: "rank",
              y: "value",
              fill: "measure",
              stroke: "currentColor",
              strokeOpacity: 0.3,
              strokeWidth: 0.5,
              r: 2.6,
              className: "rc-measure-dots",
              title: tipOf,
              tip: TIP
            })
          ]
    });
    return h(
      "section",
      {class: "rc-facet", "data-map-reduce-run": id},
      h("div", {class: "rc-facet-title"}, swatch(doc, "dot", colors.get(id) ?? UNKNOWN_RUN_COLOR), h("code", {}, id)),
      plot as Element
    );
  };

  const legend = h(
    "div",
    {class: "rc-legend", "aria-label": "measures"},
    MEASURES.map((measure, i) =>
      h("span", {class: "rc-legend-item"}, swatch(doc, "square", MEASURE_COLORS[i]), measure)
    )
  );
  const withoutData = runIds.filter((id) => !runs.includes(id));
  return chartFigure(
    doc,
    "map-reduce",
    [legend, ...runs.map(panel)],
    [
      options.derived
        ? "Derived from intermediate map summaries (no diagnostics.jsonl); tokens are characters / 4."
        : null,
      grouped
        ? null
        : `Over ${GROUPED_BAR_LIMIT} episodes per run: one dot per episode and measure instead of grouped bars.`,
      sampled
        ? `Showing an even sample of at most ${perRunLimit} episodes per run (over ${POINT_LIMIT} points).`
        : null,
      withoutData.length ? `No map/reduce data: ${withoutData.join(", ")}.` : null
    ]
  );
}
