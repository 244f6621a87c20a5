// Chart A: output tokens per run, one labelled row each: the
// middle half as a box, the range as a line, every episode a dot.
import * as Plot from "@observablehq/plot";
import {max, median, min} from "d3-array";
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
  runRowLabels,
  TIP,
  tipText,
  type ChartOptions,
  type RunRow
} from "./chartParts.js";

const ROW_PX = 30;

export function TokenDistribution(rows: RunRow[], options: ChartOptions): HTMLElement | null {
  const {width, runIds, colors} = options;
  const doc = documentOf(options);
  const selected = new Set(runIds);
  const data = rows.filter((row) => row.output_tokens !== null && selected.has(row.run));
  if (!data.length) return null;
  const shown = runIds.filter((id) => data.some((row) => row.run === id));
  const dots = evenSample(data);
  const labels = runRowLabels(shown, width);
  const tokens = (row: RunRow) => row.output_tokens;
  const spread = perRunWords(shown, (id) => {
    const values = data.filter((row) => row.run === id).map((row) => row.output_tokens!);
    const [low, high] = [amount(min(values), "tokens"), amount(max(values), "tokens")];
    return `median ${amount(median(values), "tokens")}, ${low} to ${high}`;
  });
  const plot = Plot.plot({
    width,
    height: 16 + ROW_PX * shown.length + 42,
    marginTop: 16,
    marginLeft: labels.marginLeft,
    marginRight: 16,
    marginBottom: 42,
    document: doc,
    ariaLabel: "Chart A: output tokens per run, the spread of each run's episodes",
    ariaDescription:
      `Estimated output tokens per episode: ${spread}. As text: the KPI tiles (average per run), ` +
      "the episode table and the drill-down (per episode).",
    x: {label: "output tokens (estimate: characters / 4)", grid: true, zero: true},
    y: {domain: shown, axis: null, padding: 0.25},
    color: colorScale(runIds, colors),
    marks: [
      Plot.ruleY(
        data,
        Plot.groupY({x1: "min", x2: "max"}, {x: tokens, y: "run", stroke: "run", strokeOpacity: 0.6, ...HIDDEN})
      ),
      Plot.barX(
        data,
        Plot.groupY(
          {x1: "p25", x2: "p75"},
          {x: tokens, y: "run", fill: "run", fillOpacity: 0.22, stroke: "run", ...HIDDEN}
        )
      ),
      Plot.tickX(data, Plot.groupY({x: "median"}, {x: tokens, y: "run", stroke: "run", strokeWidth: 2.5, ...HIDDEN})),
      Plot.dot(dots, {
        ...HIDDEN,
        x: tokens,
        y: "run",
        r: 3.2,
        fill: "run",
        stroke: "var(--rc-halo, white)",
        strokeWidth: 0.7,
        className: "rc-episode-dots",
        title: (row: RunRow) =>
          tipText(row.run, `episode ${row.episode_id}`, `${amount(row.output_tokens, "tokens")} output tokens (est.)`),
        tip: TIP
      }),
      ...labels.marks
    ]
  });
  const withoutTokens = runIds.filter((id) => !shown.includes(id));
  return chartFigure(
    doc,
    "tokens",
    [asImage(plot as Element)],
    [
      "Box: middle half of the episodes; thick tick: median; line: shortest to longest.",
      dots.length < data.length
        ? `Showing an even sample of ${dots.length} of ${data.length} episodes as dots (over ${POINT_LIMIT}); ` +
          "boxes use every episode."
        : null,
      withoutTokens.length ? `No text output to measure: ${withoutTokens.join(", ")}.` : null
    ]
  );
}
