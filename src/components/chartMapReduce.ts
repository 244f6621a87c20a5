// Chart C: map/reduce starvation per run and episode: small map summaries feeding a small reduce input
// show as short light bars before a short final output. Each stage's cap is a dashed tick over its bar (a rule
// in the dot view), in the same tokens; the reduce input's share of the map output is written over its bar
// where the runner recorded it. Each run says whether its numbers are recorded or derived. Measures are grays,
// never a run's color.
import * as Plot from "@observablehq/plot";
import {STARVED_BELOW} from "../compare/mapReduce.js";
import type {RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {
  capLine,
  capsOfRun,
  MEASURES,
  measuresLegend,
  SOURCE_WORDS,
  sourceNotes,
  sourceOf,
  type CapMark
} from "./chartMapReduceLegend.js";
import {barsOf, panelMarks} from "./chartMapReduceMarks.js";
import {asImage, chartFigure, documentOf, POINT_LIMIT, type ChartOptions, type RunRow} from "./chartParts.js";
import {MEASURE_COLORS, UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, swatch} from "./dom.js";

/** Up to this many episodes a run gets grouped bars per episode; beyond, one dot per episode and measure. */
export const GROUPED_BAR_LIMIT = 30;

const hasMapReduce = (row: RunRow) => row.map_tokens !== null || row.reduce_input_tokens !== null;

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

export function MapReduceChart(rows: RunRow[], options: ChartOptions & {runs?: RunSummary[]}): HTMLElement | null {
  const {width, runIds, colors} = options;
  const doc = documentOf(options);
  const h = builder(doc);
  const summaries = new Map((options.runs ?? []).map((run) => [run.id, run]));
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
  const maxBar = Math.max(1, ...[...barsByRun.values()].flat().map((bar) => bar.value));
  const capsOf = (id: string): CapMark[] => capsOfRun(id, summaries.get(id)?.stage_caps, maxBar);
  const maxValue = Math.max(
    maxBar,
    ...runs.flatMap((id) =>
      capsOf(id)
        .filter((c) => c.drawn)
        .map((c) => c.cap.tokens)
    )
  );
  const color = {type: "ordinal", domain: [...MEASURES], range: MEASURE_COLORS} as const;
  // Episode ids are ~8 characters: they fit level while a group is at least ~60 px wide.
  const crowded = episodes.length * 60 > width - 56;
  const sampled = !grouped && runs.some((id) => rowsOf.get(id)!.length > perRunLimit);

  const panel = (id: string) => {
    const bars = barsByRun.get(id)!;
    const source = sourceOf(id, rowsOf.get(id)!, summaries);
    const measured = rowsOf.get(id)!;
    const shared = measured.filter((row) => row.reduce_share !== null);
    const starved = shared.filter((row) => row.starved).length;
    const plot = Plot.plot({
      width,
      height: grouped ? (crowded ? 204 : 182) : 164,
      marginLeft: 56,
      marginTop: 22, // room for the y label above the top tick
      marginBottom: grouped ? (crowded ? 58 : 36) : 36,
      document: doc,
      ariaLabel: `Chart C: map summary, reduce input and final output tokens per episode of ${id}`,
      ariaDescription:
        `${measured.length} episode${measured.length === 1 ? "" : "s"}` +
        (shared.length
          ? `; reduce input under ${amount(STARVED_BELOW, "rate")} of the map output (starved) on ` +
            `${starved} of ${shared.length}`
          : "") +
        ". As text: the caps line above, the delta table's map/reduce rows, the drill-down (per episode).",
      y: {label: "tokens", grid: true, domain: [0, maxValue], nice: true},
      color,
      ...(grouped
        ? {
            fx: {domain: episodes, label: null, tickRotate: crowded ? -35 : 0, padding: 0.15},
            x: {axis: null, domain: [...MEASURES], padding: 0.05}
          }
        : {x: {label: "episodes ordered by final output tokens", grid: true}}),
      marks: panelMarks(bars, capsOf(id), measured, grouped)
    });
    return h(
      "section",
      {class: "rc-facet", "data-map-reduce-run": id, "data-map-reduce-source": source ?? ""},
      h(
        "div",
        {class: "rc-facet-title"},
        swatch(doc, "dot", colors.get(id) ?? UNKNOWN_RUN_COLOR),
        h("code", {}, id),
        source ? h("span", {class: "rc-source", title: SOURCE_WORDS[source]}, source) : null
      ),
      capLine(h, capsOf(id)),
      asImage(plot as Element)
    );
  };

  const sources = new Set(runs.map((id) => sourceOf(id, rowsOf.get(id)!, summaries)));
  const legend = measuresLegend(h, doc, {
    caps: runs.some((id) => capsOf(id).some((c) => c.drawn)),
    shares: grouped && runs.some((id) => rowsOf.get(id)!.some((row) => row.reduce_share !== null))
  });
  const withoutData = runIds.filter((id) => !runs.includes(id));
  const notes = sourceNotes(sources);
  return chartFigure(
    doc,
    "map-reduce",
    [legend, ...runs.map(panel)],
    [
      notes.length ? notes.join(" ") : null,
      runs.some((id) => capsOf(id).some((c) => c.cap.estimated))
        ? "Estimated: the values checked against that cap are characters / 4; the cap is in model tokens."
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
