// Chart C's legend and caps: the measures, each run's stage caps (drawn or only named), its caps line and source.
import {runSource, type RunMapReduceSource} from "../compare/mapReduce.js";
import type {StageCap, StageCaps} from "../compare/stageCaps.js";
import type {RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import type {RunRow} from "./chartParts.js";
import {MEASURE_COLORS} from "./colors.js";
import {swatch, type Build} from "./dom.js";

export const MEASURES = ["map summary tokens (mean per chunk)", "reduce input tokens", "final output tokens"] as const;
export type Measure = (typeof MEASURES)[number];
type Stage = keyof StageCaps;
const STAGES: [Stage, Measure, string][] = [
  ["map", MEASURES[0], "map"],
  ["reduce_input", MEASURES[1], "reduce input"],
  ["final", MEASURES[2], "final"]
];

/** A cap above this multiple of the largest bar would flatten every bar: it is named, not drawn. */
export const CAP_SCALE_LIMIT = 2;

export interface CapMark {
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

/** A run's stage caps as cap marks: drawn when within CAP_SCALE_LIMIT of the largest bar, else only named. */
export function capsOfRun(run: string, caps: StageCaps | null | undefined, maxBar: number): CapMark[] {
  return STAGES.flatMap(([stage, measure, name]) => {
    const cap = caps?.[stage];
    return cap ? [{stage, measure, name, cap, run, drawn: cap.tokens <= CAP_SCALE_LIMIT * maxBar}] : [];
  });
}

/** " (estimated, off scale)", or as much of it as applies. */
function capNotes(mark: CapMark): string {
  const notes = [mark.cap.estimated ? "estimated" : null, mark.drawn ? null : "off scale"].filter(Boolean);
  return notes.length ? ` (${notes.join(", ")})` : "";
}

/** The line over a run's plot naming its caps, each with where it was read and whether it is drawn. */
export function capLine(h: Build, caps: CapMark[]): HTMLElement | null {
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
}

/** A run's source: its summary's, else its rows'. */
export function sourceOf(id: string, rows: RunRow[], summaries: Map<string, RunSummary>): RunMapReduceSource | null {
  return summaries.get(id)?.map_reduce ?? runSource(rows.map((row) => row.map_reduce_source));
}

export const SOURCE_WORDS: Record<RunMapReduceSource, string> = {
  recorded: "the runner wrote the reduce input's size",
  derived: "computed from the map summaries' texts (characters / 4): no share",
  mixed: "some episodes recorded, some derived"
};

/** One sentence per source the runs show: what recorded, derived and mixed numbers are. */
export function sourceNotes(sources: Set<RunMapReduceSource | null>): string[] {
  return (["recorded", "derived", "mixed"] as const)
    .filter((source) => sources.has(source))
    .map((source) => `${source[0].toUpperCase()}${source.slice(1)}: ${SOURCE_WORDS[source]}.`);
}

/** The measures' colors, the caps' dashes when some cap is drawn, and the shares' reading when some are written. */
export function measuresLegend(h: Build, doc: Document, shown: {caps: boolean; shares: boolean}): HTMLElement {
  return h(
    "div",
    {class: "rc-legend", role: "group", "aria-label": "measures"},
    MEASURES.map((measure, i) =>
      h("span", {class: "rc-legend-item"}, swatch(doc, "square", MEASURE_COLORS[i]), measure)
    ),
    shown.caps ? h("span", {class: "rc-legend-item"}, swatch(doc, "dashed", "currentColor"), "the stage's cap") : null,
    shown.shares
      ? h("span", {class: "rc-legend-item"}, "% reduce input / map output (recorded; bold below 90%: starved)")
      : null
  );
}
