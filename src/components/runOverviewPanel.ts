// One panel of the run overview: quality against latency or cost per run, its Pareto front, trends and legend.
import * as Plot from "@observablehq/plot";
import {amount} from "../compare/words.js";
import {asImage, documentOf, HIDDEN, perRunWords, TIP, tipText} from "./chartParts.js";
import {UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, swatch} from "./dom.js";
import {placeLabels, type TextAnchor} from "./labelLayout.js";
import {lastSegment, shortRunNames} from "./runNames.js";
import {paretoFront, versionTrends, type OverviewModel, type OverviewPoint} from "./runOverviewModel.js";

interface Step {
  from: OverviewPoint;
  to: OverviewPoint;
}

interface Label {
  point: OverviewPoint;
  x: number;
  y: number;
  anchor: TextAnchor;
}
const MARGIN = {top: 22, right: 18, bottom: 42, left: 52};

export interface Axis {
  key: "latency" | "cost";
  value: (point: OverviewPoint) => number | null;
  label: string;
  unit: "seconds" | "usd";
}

export const AXES: Axis[] = [
  {key: "latency", value: (p) => p.latency, label: "average latency per episode (s) →", unit: "seconds"},
  {key: "cost", value: (p) => p.costPerEpisode, label: "cost per episode (USD, total / episodes) →", unit: "usd"}
];

function linear([d0, d1]: [number, number], [r0, r1]: [number, number]) {
  const span = d1 - d0 || 1;
  return {
    apply: (v: number) => r0 + ((v - d0) / span) * (r1 - r0),
    invert: (p: number) => d0 + ((p - r0) / (r1 - r0)) * span
  };
}

function qualityDomain(points: OverviewPoint[]): [number, number] {
  const values = points.map((p) => p.quality);
  const [low, high] = [Math.min(...values), Math.max(...values)];
  const pad = Math.max(0.03, (high - low) * 0.12);
  return [Math.max(0, low - pad), Math.min(1, high + pad)];
}

function tipOf(point: OverviewPoint, model: OverviewModel): string {
  return tipText(
    point.id,
    point.isBaseline ? "baseline" : "candidate",
    `${model.metric!.label} ${amount(point.quality, "score")} vs ${lastSegment(model.reference ?? "")} ` +
      `over ${point.n} common episodes`,
    `average latency ${amount(point.latency, "seconds")}`,
    point.costPerEpisode === null ? null : `cost ${amount(point.costPerEpisode, "usd")} per episode`,
    `success rate ${amount(point.successRate, "rate")}`
  );
}

/** One axis's panel: every placed run's dot, the Pareto front, version trends, labels and the legend. */
export function overviewPanel(
  axis: Axis,
  model: OverviewModel,
  options: {colors: Map<string, string>; document?: Document},
  width: number
): Element {
  const doc = documentOf(options);
  const points = model.points.filter((p) => axis.value(p) !== null);
  const x = (p: OverviewPoint) => axis.value(p)!;
  const height = Math.round(Math.min(440, Math.max(300, width * 0.5)));
  const xDomain: [number, number] = [0, Math.max(...points.map(x)) * 1.08 || 1];
  const yDomain = qualityDomain(model.points);
  const xScale = linear(xDomain, [MARGIN.left, width - MARGIN.right]);
  const yScale = linear(yDomain, [height - MARGIN.bottom, MARGIN.top]);
  const front = new Set(paretoFront(points, x, (p) => p.quality));
  const byId = new Map(points.map((p) => [p.id, p]));
  const steps = versionTrends(points.map((p) => p.id)).flatMap((ids) =>
    ids.slice(1).map((id, i) => ({from: byId.get(ids[i])!, to: byId.get(id)!}))
  );
  const names = shortRunNames(
    points.map((p) => p.id),
    22
  );
  const priority = [...points].sort(
    (a, b) => Number(b.isBaseline) - Number(a.isBaseline) || Number(front.has(b)) - Number(front.has(a))
  );
  const text = (p: OverviewPoint) => `${names.get(p.id)}${p.isBaseline ? " (baseline)" : ""}`;
  const placed = placeLabels(
    priority.map((p) => ({x: xScale.apply(x(p)), y: yScale.apply(p.quality), text: text(p)})),
    {left: MARGIN.left, right: width - 2, top: 2, bottom: height - MARGIN.bottom}
  );
  const labels: Label[] = placed.map((spot) => ({
    point: priority[spot.index],
    x: xScale.invert(spot.x),
    y: yScale.invert(spot.y),
    anchor: spot.anchor
  }));
  const labelMarks = (["start", "middle", "end"] as TextAnchor[]).map((anchor) =>
    Plot.text(
      labels.filter((label) => label.anchor === anchor),
      {
        ...HIDDEN,
        x: "x",
        y: "y",
        textAnchor: anchor,
        fontSize: 10,
        text: (label: Label) => text(label.point),
        title: (label: Label) => label.point.id,
        // A halo in the background color keeps a label readable where it crosses a line.
        fill: "currentColor",
        stroke: "var(--rc-halo, white)",
        strokeWidth: 3,
        paintOrder: "stroke"
      }
    )
  );
  const color = (p: OverviewPoint) => options.colors.get(p.id) ?? UNKNOWN_RUN_COLOR;
  const placedWords = perRunWords(
    points.map((p) => p.id),
    (id) => {
      const p = byId.get(id)!;
      const role = p.isBaseline ? "baseline, " : "";
      const onFront = front.has(p) ? ", on the front" : "";
      return `${role}${amount(p.quality, "score")} at ${amount(x(p), axis.unit)}${onFront}`;
    }
  );
  const plot = Plot.plot({
    width,
    height,
    marginTop: MARGIN.top,
    marginRight: MARGIN.right,
    marginBottom: MARGIN.bottom,
    marginLeft: MARGIN.left,
    document: doc,
    ariaLabel:
      `Overview: ${model.metric!.label} against ${axis.key === "cost" ? "cost per episode" : "average latency"} ` +
      "per selected run, with the Pareto front and version trends",
    ariaDescription: `${placedWords}. As text: the delta matrix and the KPI tiles.`,
    grid: true,
    x: {
      domain: xDomain,
      range: [MARGIN.left, width - MARGIN.right],
      label: axis.label,
      tickFormat: (v: number) => amount(v, axis.unit)
    },
    y: {
      domain: yDomain,
      range: [height - MARGIN.bottom, MARGIN.top],
      label: `↑ ${model.metric!.label} vs ${lastSegment(model.reference ?? "")}`
    },
    marks: [
      Plot.arrow(steps, {
        x1: (step: Step) => x(step.from),
        y1: (step: Step) => step.from.quality,
        x2: (step: Step) => x(step.to),
        y2: (step: Step) => step.to.quality,
        inset: 8,
        headLength: 7,
        stroke: "currentColor",
        strokeOpacity: 0.5,
        strokeWidth: 1,
        className: "rc-overview-trend",
        ...HIDDEN
      }),
      Plot.line([...front], {
        x,
        y: "quality",
        stroke: "currentColor",
        strokeWidth: 1.5,
        strokeDasharray: "5 3",
        className: "rc-overview-pareto",
        ...HIDDEN
      }),
      // A ring as well as the line, so a front of one run still shows.
      Plot.dot([...front], {
        ...HIDDEN,
        x,
        y: "quality",
        r: 10,
        stroke: "currentColor",
        strokeOpacity: 0.55,
        strokeWidth: 1.2
      }),
      Plot.dot(points, {
        ...HIDDEN,
        x,
        y: "quality",
        r: 6,
        symbol: (p: OverviewPoint) => (p.isBaseline ? "diamond" : "circle"),
        fill: color,
        stroke: (p: OverviewPoint) => (p.isBaseline ? "currentColor" : "var(--rc-halo, white)"),
        strokeWidth: 1.2,
        className: "rc-overview-dots",
        title: (p: OverviewPoint) => tipOf(p, model),
        tip: TIP
      }),
      ...labelMarks
    ]
  }) as Element;
  const dots = plot.querySelectorAll("g.rc-overview-dots > *");
  points.forEach((p, i) => {
    dots[i]?.setAttribute("data-overview-run", p.id);
    dots[i]?.setAttribute("data-pareto", String(front.has(p)));
  });
  const h = builder(doc);
  const trendItem = steps.length
    ? h("span", {class: "rc-legend-item"}, swatch(doc, "arrow", "currentColor"), "version trend (oldest → newest)")
    : null;
  const legend = h(
    "div",
    {class: "rc-legend", role: "group", "aria-label": "legend"},
    h("span", {class: "rc-legend-item"}, swatch(doc, "diamond", "var(--theme-foreground-muted, gray)"), "baseline"),
    h(
      "span",
      {class: "rc-legend-item"},
      swatch(doc, "dashed", "currentColor"),
      `Pareto front (ringed): higher quality, lower ${axis.key === "cost" ? "cost" : "latency"}`
    ),
    trendItem
  );
  const skipped = model.points.length - points.length;
  return h(
    "section",
    {class: "rc-overview-panel", "data-overview-axis": axis.key},
    legend,
    asImage(plot),
    skipped
      ? h("p", {class: "rc-chart-note"}, `${skipped} placed run(s) record no cost and are left out of this panel.`)
      : null
  );
}
