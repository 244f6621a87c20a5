// Chart B: latency against output tokens, one dot per episode: "am I paying twice the time for no gain?"
import * as Plot from "@observablehq/plot";
import {median} from "d3-array";
import {amount} from "../compare/words.js";
import {
  asImage,
  chartFigure,
  colorScale,
  documentOf,
  evenSample,
  HIDDEN,
  perRunWords,
  POINT_LIMIT,
  runLegend,
  TIP,
  tipText,
  type ChartOptions,
  type RunRow
} from "./chartParts.js";

export function LatencyScatter(rows: RunRow[], options: ChartOptions): HTMLElement | null {
  const {width, runIds, colors} = options;
  const doc = documentOf(options);
  const selected = new Set(runIds);
  const all = rows.filter((row) => row.latency_s !== null && row.output_tokens !== null && selected.has(row.run));
  if (!all.length) return null;
  const data = evenSample(all);
  const shown = runIds.filter((id) => all.some((row) => row.run === id));
  const medians = perRunWords(shown, (id) => {
    const rows = all.filter((row) => row.run === id);
    return (
      `median ${amount(
        median(rows, (row) => row.latency_s),
        "seconds"
      )} and ` +
      `${amount(
        median(rows, (row) => row.output_tokens),
        "tokens"
      )} tokens over ${rows.length} episodes`
    );
  });
  const plot = Plot.plot({
    width,
    height: Math.round(Math.min(420, Math.max(280, width * 0.42))),
    marginLeft: 56,
    marginBottom: 40,
    document: doc,
    ariaLabel: "Chart B: latency against output tokens, one dot per episode and run",
    ariaDescription:
      `${medians}. As text: the KPI tiles (averages per run), ` + "the episode table and the drill-down (per episode).",
    grid: true,
    x: {label: "latency per episode (s)", zero: true, nice: true},
    y: {label: "output tokens (est.)", zero: true, nice: true},
    color: colorScale(runIds, colors),
    marks: [
      Plot.dot(data, {
        ...HIDDEN,
        x: "latency_s",
        y: "output_tokens",
        r: 3.6,
        fill: "run",
        fillOpacity: 0.75,
        stroke: "run",
        className: "rc-episode-dots",
        title: (row: RunRow) =>
          tipText(
            row.run,
            `episode ${row.episode_id}`,
            `latency ${amount(row.latency_s, "seconds")}`,
            `${amount(row.output_tokens, "tokens")} output tokens (est.)`
          ),
        tip: TIP
      })
    ]
  });
  const missing = runIds.filter((id) => !shown.includes(id));
  return chartFigure(
    doc,
    "latency",
    [runLegend(doc, shown, colors), asImage(plot as Element)],
    [
      data.length < all.length
        ? `Showing an even sample of ${data.length} of ${all.length} episodes (over ${POINT_LIMIT}).`
        : null,
      missing.length ? `No episode with both a latency and a text output: ${missing.join(", ")}.` : null
    ]
  );
}
