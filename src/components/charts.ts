// The four charts. Each takes the selected runs' episode rows and the run color scale; all return Plot figures.
import * as Plot from "@observablehq/plot";
import {html} from "htl";
import {rowsByRun} from "../compare/align.js";
import type {EpisodeRow} from "../compare/types.js";
import {runColors} from "./colors.js";

export interface ChartOptions {
  width: number;
  runIds: string[];
  document?: Document;
}

/** Above this many points a chart shows aggregates or a sample instead of every episode, and says so. */
export const POINT_LIMIT = 4000;

function color(runIds: string[]) {
  return {...runColors(runIds), legend: true, label: "run"};
}

function evenSample<T>(rows: T[], limit: number): T[] {
  if (rows.length <= limit) return rows;
  const step = rows.length / limit;
  return Array.from({length: limit}, (_, i) => rows[Math.floor(i * step)]);
}

function note(text: string) {
  return html`<p class="chart-note muted">${text}</p>`;
}

function figure(plot: Element, caveat: string | null) {
  return html`<div class="chart">${plot}${caveat ? note(caveat) : ""}</div>`;
}

/** A: output-token distribution per run (estimate: characters / 4). */
export function TokenDistribution(rows: EpisodeRow[], {width, runIds, document}: ChartOptions) {
  const data = rows.filter((r) => r.output_tokens !== null);
  if (!data.length) return note("No run selected has text outputs.");
  const showDots = data.length <= POINT_LIMIT;
  const plot = Plot.plot({
    width,
    height: 60 + 36 * runIds.length,
    marginLeft: 12,
    document,
    x: {label: "output tokens (estimate: chars / 4)", grid: true},
    y: {domain: runIds, axis: null},
    color: color(runIds),
    marks: [
      Plot.boxX(data, {x: "output_tokens", y: "run", fill: "run", fillOpacity: 0.3, stroke: "run"}),
      showDots
        ? Plot.dot(data, {x: "output_tokens", y: "run", fill: "run", r: 3, tip: true, channels: {episode: "episode_id", dataset: "dataset_id"}})
        : null
    ]
  });
  return figure(plot, showDots ? null : `${data.length} episodes: box plots only (dots hidden above ${POINT_LIMIT}).`);
}

/** B: latency vs output tokens, one dot per episode: "am I paying 2x time for no gain?" */
export function LatencyScatter(rows: EpisodeRow[], {width, runIds, document}: ChartOptions) {
  const all = rows.filter((r) => r.latency_s !== null && r.output_tokens !== null);
  if (!all.length) return note("No episode has both a latency and a text output.");
  const data = evenSample(all, POINT_LIMIT);
  const plot = Plot.plot({
    width,
    height: 320,
    document,
    grid: true,
    x: {label: "latency (s)"},
    y: {label: "output tokens (est.)"},
    color: color(runIds),
    marks: [
      Plot.dot(data, {x: "latency_s", y: "output_tokens", stroke: "run", r: 3.5, tip: true, channels: {episode: "episode_id", dataset: "dataset_id"}})
    ]
  });
  return figure(plot, data.length < all.length ? `Showing an even sample of ${data.length} of ${all.length} episodes.` : null);
}

const MR_MEASURES = [
  ["map_tokens", "mean map summary tokens"],
  ["reduce_input_tokens", "reduce input tokens"],
  ["final_tokens", "final tokens"]
] as const;

/** C: map/reduce starvation per episode; null when no selected run has map/reduce data. */
export function MapReduceChart(rows: EpisodeRow[], {width, runIds, document, derived}: ChartOptions & {derived: boolean}) {
  const rank = new Map<EpisodeRow, number>();
  for (const runRows of rowsByRun(rows).values()) {
    runRows.sort((a, b) => (a.final_tokens ?? 0) - (b.final_tokens ?? 0)).forEach((r, i) => rank.set(r, i + 1));
  }
  const data = rows.flatMap((r) =>
    MR_MEASURES.flatMap(([key, measure]) =>
      r[key] === null ? [] : [{run: r.run, episode_id: r.episode_id, rank: rank.get(r)!, measure, value: r[key] as number}]
    )
  );
  if (!data.length) return null;
  const episodes = new Set(data.map((d) => d.episode_id)).size;
  const measureColor = {domain: MR_MEASURES.map(([, m]) => m), range: ["#97bbf5", "#4269d0", "#1b2a5c"], legend: true};
  const runsWithData = runIds.filter((id) => data.some((d) => d.run === id));
  const grouped = episodes <= 30;
  const firstEpisode = [...new Set(data.map((d) => d.episode_id))].sort()[0];
  const plot = Plot.plot({
    width,
    height: 80 + 180 * runsWithData.length,
    marginTop: 30,
    marginBottom: 50,
    facet: {marginTop: 24},
    document,
    fy: {domain: runsWithData, axis: null},
    fx: grouped ? {label: "episode", tickRotate: -30} : undefined,
    x: grouped ? {axis: null, domain: measureColor.domain} : {label: "episode (ordered by final tokens)"},
    y: {label: "tokens (est.)", grid: true},
    color: measureColor,
    marks: [
      // Run ids are long: each facet is titled inside its frame rather than on a clipped side axis.
      // With episode columns (fx), the title goes in the first column only, or it would repeat and overflow.
      Plot.text(runsWithData, {
        fy: (id: string) => id,
        fx: grouped ? () => firstEpisode : undefined,
        text: (id: string) => id,
        frameAnchor: "top-left",
        dy: -14,
        fontWeight: "bold"
      }),
      ...(grouped
        ? [Plot.barY(data, {fx: "episode_id", fy: "run", x: "measure", y: "value", fill: "measure", tip: true}), Plot.ruleY([0])]
        : [Plot.dot(data, {fy: "run", x: "rank", y: "value", fill: "measure", r: 1.5, tip: true, channels: {episode: "episode_id"}})])
    ]
  });
  const caveats = [
    derived ? "Derived from intermediate map summaries (no diagnostics.jsonl); tokens are chars / 4." : null,
    grouped ? null : `${episodes} episodes: one dot per episode and measure instead of grouped bars.`
  ].filter(Boolean);
  return figure(plot, caveats.join(" ") || null);
}

/** Per-episode ROUGE-L vs each run's reference; null when no selected run has a reference. */
export function RougeChart(rows: EpisodeRow[], {width, runIds, document}: ChartOptions) {
  const all = rows.filter((r) => r.rougeL !== null);
  if (!all.length) return null;
  const data = evenSample(all, POINT_LIMIT);
  const plot = Plot.plot({
    width,
    height: 60 + 36 * runIds.length,
    marginLeft: 12,
    document,
    x: {label: "ROUGE-L F1 vs reference (per episode)", domain: [0, 1], grid: true},
    y: {domain: runIds, axis: null},
    color: color(runIds),
    marks: [
      Plot.dot(data, {x: "rougeL", y: "run", stroke: "run", r: 3.5, tip: true, channels: {episode: "episode_id", "ROUGE-1": "rouge1", "ROUGE-2": "rouge2"}}),
      Plot.tickX(all, Plot.groupY({x: "mean"}, {x: "rougeL", y: "run", stroke: "run", strokeWidth: 3}))
    ]
  });
  return figure(plot, data.length < all.length ? `Showing an even sample of ${data.length} of ${all.length} episodes; ticks are means over all.` : "Ticks mark each run's mean.");
}
