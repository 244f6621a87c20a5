// Chart C: map/reduce starvation per run and episode: small map summaries feeding a small reduce input
// show as short light bars before a short final output. Each stage's cap is a dashed tick over its bar (a rule
// in the dot view), in the same tokens; the reduce input's share of the map output is written over its bar
// where the runner recorded it. Each run says whether its numbers are recorded or derived. Measures are grays,
// never a run's color.
import * as Plot from "@observablehq/plot";
import {
  runSource,
  STARVED_BELOW,
  type RunMapReduceSource,
  type StageCap,
  type StageCaps
} from "../compare/mapReduce.js";
import type {RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {
  asImage,
  chartFigure,
  documentOf,
  HIDDEN,
  POINT_LIMIT,
  TIP,
  tipText,
  type ChartOptions,
  type RunRow
} from "./chartParts.js";
import {MEASURE_COLORS, UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, swatch} from "./dom.js";

export const MEASURES = ["map summary tokens (mean per chunk)", "reduce input tokens", "final output tokens"] as const;
type Measure = (typeof MEASURES)[number];
type Stage = keyof StageCaps;
const STAGES: [Stage, Measure, string][] = [
  ["map", MEASURES[0], "map"],
  ["reduce_input", MEASURES[1], "reduce input"],
  ["final", MEASURES[2], "final"]
];

/** Up to this many episodes a run gets grouped bars per episode; beyond, one dot per episode and measure. */
export const GROUPED_BAR_LIMIT = 30;
/** A cap above this multiple of the largest bar would flatten every bar: it is named, not drawn. */
export const CAP_SCALE_LIMIT = 2;

interface Bar {
  run: string;
  episode_id: string;
  measure: Measure;
  value: number;
  rank: number;
  row: RunRow;
}

interface CapMark {
  run: string;
  stage: Stage;
  name: string;
  measure: Measure;
  cap: StageCap;
  /** Within the scale (CAP_SCALE_LIMIT): drawn; else only named. */
  drawn: boolean;
  /** The episode group a tick stands in (grouped bars). */
  episode_id?: string;
}

const hasMapReduce = (row: RunRow) => row.map_tokens !== null || row.reduce_input_tokens !== null;
const finalTokens = (row: RunRow) => row.final_tokens ?? row.output_tokens;

function barsOf(row: RunRow, rank: number): Bar[] {
  const values: [Measure, number | null][] = [
    [MEASURES[0], row.map_tokens],
    [MEASURES[1], row.reduce_input_tokens],
    [MEASURES[2], finalTokens(row)]
  ];
  return values.flatMap(([measure, value]) =>
    value === null ? [] : [{run: row.run, episode_id: row.episode_id, measure, value, rank, row}]
  );
}

const flag = (value: boolean | null, yes: string) => (value ? yes : null);

function tipOf(bar: Bar): string {
  const {row} = bar;
  const chunks = row.map_chunks === null ? "" : ` (mean of ${amount(row.map_chunks, "count")} chunks)`;
  const atCap = row.map_at_cap === null ? "" : `, ${amount(row.map_at_cap, "share")} of chunks at the cap`;
  const share =
    row.reduce_share === null
      ? row.map_reduce_source === "derived"
        ? " (derived: the map output itself)"
        : ""
      : `, ${amount(row.reduce_share, "share")} of the map output${row.starved ? ": starved" : ""}`;
  return tipText(
    bar.run,
    `episode ${bar.episode_id}`,
    `map summaries ${amount(row.map_tokens, "tokens")} tokens${chunks}${atCap}`,
    `reduce input ${amount(row.reduce_input_tokens, "tokens")} tokens${share}`,
    `final output ${amount(finalTokens(row), "tokens")} tokens`,
    flag(row.reduce_input_cut, "reduce input cut at its cap"),
    flag(row.padded, "padded: the final output is longer than its reduce input"),
    row.map_reduce_source ? `numbers ${row.map_reduce_source}` : null
  );
}

/** " (estimated, off scale)", or as much of it as applies. */
function capNotes(mark: CapMark): string {
  const notes = [mark.cap.estimated ? "estimated" : null, mark.drawn ? null : "off scale"].filter(Boolean);
  return notes.length ? ` (${notes.join(", ")})` : "";
}

const capTip = (mark: CapMark) =>
  tipText(
    mark.run,
    `${mark.name} cap ${amount(mark.cap.tokens, "tokens")} tokens${mark.cap.estimated ? " (estimated)" : ""}`,
    `from ${mark.cap.from}`,
    mark.cap.estimated ? "this run's values here are characters / 4, the cap is in model tokens" : null
  );

/** A run's source: its summary's, else its rows'. */
function sourceOf(id: string, rows: RunRow[], summaries: Map<string, RunSummary>): RunMapReduceSource | null {
  return summaries.get(id)?.map_reduce ?? runSource(rows.map((row) => row.map_reduce_source));
}

const SOURCE_WORDS: Record<RunMapReduceSource, string> = {
  recorded: "the runner wrote the reduce input's size",
  derived: "computed from the map summaries' texts (characters / 4): no share",
  mixed: "some episodes recorded, some derived"
};

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
  const capsOf = (id: string): CapMark[] =>
    STAGES.flatMap(([stage, measure, name]) => {
      const cap = summaries.get(id)?.stage_caps?.[stage];
      return cap ? [{stage, measure, name, cap, run: id, drawn: cap.tokens <= CAP_SCALE_LIMIT * maxBar}] : [];
    });
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
  const capStyle = {
    stroke: "currentColor",
    strokeWidth: 1.5,
    strokeDasharray: "4,3",
    className: "rc-stage-cap",
    ...HIDDEN
  };

  const capMarks = (id: string): Plot.Markish[] => {
    const caps = capsOf(id).filter((c) => c.drawn);
    if (!caps.length) return [];
    if (!grouped)
      return [
        Plot.ruleY(caps, {y: (c: CapMark) => c.cap.tokens, ...capStyle, title: capTip}),
        Plot.text(caps, {
          y: (c: CapMark) => c.cap.tokens,
          text: (c: CapMark) => `${c.name} cap${c.cap.estimated ? " (est.)" : ""}`,
          frameAnchor: "right",
          textAnchor: "end",
          dy: -6,
          fontSize: 10,
          className: "rc-stage-cap-label",
          ...HIDDEN
        })
      ];
    const ticks = [...new Set(rowsOf.get(id)!.map((row) => row.episode_id))].flatMap((episode_id) =>
      caps.map((c) => ({...c, episode_id}))
    );
    return [
      Plot.tickY(ticks, {fx: "episode_id", x: "measure", y: (c: CapMark) => c.cap.tokens, ...capStyle, title: capTip})
    ];
  };

  const shareMarks = (id: string): Plot.Markish[] => {
    if (!grouped) return [];
    const shares = barsByRun.get(id)!.filter((bar) => bar.measure === MEASURES[1] && bar.row.reduce_share !== null);
    const mark = (starved: boolean) =>
      Plot.text(
        shares.filter((bar) => bar.row.starved === starved),
        {
          fx: "episode_id",
          x: "measure",
          y: "value",
          text: (bar: Bar) => `${Math.round(bar.row.reduce_share! * 100)}%`,
          dy: -7,
          fontSize: 10,
          fontWeight: starved ? "bold" : "normal",
          className: starved ? "rc-reduce-share rc-starved" : "rc-reduce-share",
          ...HIDDEN
        }
      );
    return shares.length ? [mark(false), mark(true)] : [];
  };

  const capLine = (id: string) => {
    const caps = capsOf(id);
    if (!caps.length) return null;
    return h(
      "div",
      {class: "rc-facet-caps"},
      "caps: ",
      caps.map((c, i) => [
        i ? " · " : "",
        h(
          "span",
          {
            "data-stage-cap": c.stage,
            "data-cap-tokens": c.cap.tokens,
            "data-cap-estimated": String(c.cap.estimated),
            title: `from fingerprint.json ${c.cap.from}`
          },
          `${c.name} ${amount(c.cap.tokens, "tokens")}`,
          capNotes(c)
        )
      ]),
      " tokens"
    );
  };

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
              tip: TIP,
              ...HIDDEN
            }),
            ...capMarks(id),
            ...shareMarks(id),
            Plot.ruleY([0], HIDDEN)
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
              tip: TIP,
              ...HIDDEN
            }),
            ...capMarks(id)
          ]
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
      capLine(id),
      asImage(plot as Element)
    );
  };

  const sources = new Set(runs.map((id) => sourceOf(id, rowsOf.get(id)!, summaries)));
  const legend = h(
    "div",
    {class: "rc-legend", role: "group", "aria-label": "measures"},
    MEASURES.map((measure, i) =>
      h("span", {class: "rc-legend-item"}, swatch(doc, "square", MEASURE_COLORS[i]), measure)
    ),
    runs.some((id) => capsOf(id).some((c) => c.drawn))
      ? h("span", {class: "rc-legend-item"}, swatch(doc, "dashed", "currentColor"), "the stage's cap")
      : null,
    grouped && runs.some((id) => rowsOf.get(id)!.some((row) => row.reduce_share !== null))
      ? h("span", {class: "rc-legend-item"}, "% reduce input / map output (recorded; bold below 90%: starved)")
      : null
  );
  const withoutData = runIds.filter((id) => !runs.includes(id));
  const sourceNotes = (["recorded", "derived", "mixed"] as const)
    .filter((source) => sources.has(source))
    .map((source) => `${source[0].toUpperCase()}${source.slice(1)}: ${SOURCE_WORDS[source]}.`);
  return chartFigure(
    doc,
    "map-reduce",
    [legend, ...runs.map(panel)],
    [
      sourceNotes.length ? sourceNotes.join(" ") : null,
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
