// What the per-episode charts share: options, the point limit, run color scale, row labels, legend and tooltips.
import * as Plot from "@observablehq/plot";
import type {EpisodeRow} from "../compare/table.js";
import {UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, swatch} from "./dom.js";
import {shortRunNames, wrapId} from "./runNames.js";

/** An episode row tagged with the run it belongs to. */
export type RunRow = {run: string} & EpisodeRow;

export interface ChartOptions {
  width: number;
  /** Selected runs in selection order: the order of rows, legends and colors. */
  runIds: string[];
  colors: Map<string, string>;
  document?: Document;
}

/** Above this many points a chart shows an even sample (or aggregates) instead of every episode, and says so: more
 * dots than this add no reading of a distribution, only seconds of layout and paint at every selection change. */
export const POINT_LIMIT = 1500;

export const documentOf = (options: {document?: Document}): Document => options.document ?? globalThis.document;

export function evenSample<T>(items: T[], limit = POINT_LIMIT): T[] {
  if (items.length <= limit) return items;
  const step = items.length / limit;
  return Array.from({length: limit}, (_, i) => items[Math.floor(i * step)]);
}

export function colorScale(runIds: string[], colors: Map<string, string>): Plot.ScaleOptions {
  return {type: "ordinal", domain: runIds, range: runIds.map((id) => colors.get(id) ?? UNKNOWN_RUN_COLOR)};
}

/**
 * Marks are drawn for the eye only: each chart is one image named by what it shows (Plot's ariaLabel and
 * ariaDescription, see `asImage`), and the numbers behind it are text elsewhere on the page (README, Accessibility).
 */
export const HIDDEN = {ariaHidden: "true"} as const;

/** Tip options: wide enough for a wrapped run id, which is never cut (the title is pre-wrapped by wrapId). */
export const TIP = {lineWidth: 30, lineHeight: 1.2, textPadding: 6, ...HIDDEN} as const;

/**
 * A Plot chart as one image for assistive technology: its name and description are the plot's ariaLabel and
 * ariaDescription; role img keeps a screen reader from walking its axes and marks one by one.
 */
export function asImage<T extends Element>(plot: T): T {
  plot.setAttribute("role", "img");
  return plot;
}

/** The chart's runs in words: each one's short name (as the legends give it) and what `say` makes of it. */
export function perRunWords(runIds: string[], say: (id: string) => string): string {
  const names = shortRunNames(runIds, 36);
  return runIds.map((id) => `${names.get(id) ?? id}: ${say(id)}`).join("; ");
}

/** A tooltip: the whole run id (wrapped), then one line per fact. */
export function tipText(run: string, ...lines: (string | null)[]): string {
  return [wrapId(run), ...lines.filter((line): line is string => line !== null)].join("\n");
}

/** The last path segment of a reference id, as the verdict words name it. */

const LABEL_CHAR_PX = 6.6;
const LABEL_GAP_PX = 22;

/**
 * Run labels left of a band-y chart: a color dot and the short run name (full id in its title).
 * The margin is sized to the labels, up to a third of the width; longer names are elided in the middle.
 */
export function runRowLabels(runIds: string[], width: number): {marginLeft: number; marks: Plot.Markish[]} {
  const maxChars = Math.max(10, Math.floor((Math.min(width / 3, 280) - LABEL_GAP_PX) / LABEL_CHAR_PX));
  const names = shortRunNames(runIds, maxChars);
  const longest = Math.max(...[...names.values()].map((name) => name.length));
  return {
    marginLeft: Math.ceil(longest * LABEL_CHAR_PX + LABEL_GAP_PX),
    marks: [
      Plot.dot(runIds, {y: (id: string) => id, frameAnchor: "left", dx: -8, r: 4, fill: (id: string) => id, ...HIDDEN}),
      Plot.text(runIds, {
        ...HIDDEN,
        y: (id: string) => id,
        frameAnchor: "left",
        dx: -16,
        textAnchor: "end",
        fontSize: 11,
        text: (id: string) => names.get(id) ?? id,
        title: (id: string) => id
      })
    ]
  };
}

/** An HTML legend of runs: swatch and short name, the whole id in the title. */
export function runLegend(doc: Document, runIds: string[], colors: Map<string, string>): HTMLElement {
  const h = builder(doc);
  const names = shortRunNames(runIds, 36);
  return h(
    "div",
    {class: "rc-legend", role: "group", "aria-label": "runs"},
    runIds.map((id) =>
      h(
        "span",
        {class: "rc-legend-item", title: id, "data-legend-run": id},
        swatch(doc, "dot", colors.get(id) ?? UNKNOWN_RUN_COLOR),
        names.get(id) ?? id
      )
    )
  );
}

/** The chart's box: optional heading parts, the plots, and notes that say what is sampled or left out. */
export function chartFigure(
  doc: Document,
  chart: string,
  parts: (Node | null)[],
  notes: (string | null)[]
): HTMLElement {
  const h = builder(doc);
  const said = notes.filter((note): note is string => Boolean(note));
  return h(
    "div",
    {class: "rc-chart", "data-chart-kind": chart},
    parts,
    said.map((note) => h("p", {class: "rc-chart-note"}, note))
  );
}
