// The map stage's summaries of one episode, chunk by chunk, baseline beside candidate: each with its estimated
// tokens and a mark when it reaches NEAR_CAP of its run's map cap (docs/rules.md, "Map/reduce, per stage"). Rows
// are built with the element builder: an episode may have dozens of chunks, and summaries are untrusted text.
import {NEAR_CAP} from "../compare/mapReduce.js";
import type {StageCap} from "../compare/stageCaps.js";
import type {MapSummary} from "../compare/types.js";
import {amount, count} from "../compare/words.js";
import {builder, type Build} from "./dom.js";
import {lastSegment} from "./runNames.js";
import type {TextSide} from "./textColumns.js";

export interface MapSide extends Pick<TextSide, "role" | "title" | "runId" | "text"> {
  /** The run's map stage cap, when known. */
  mapCap: StageCap | null;
}

const percent = Math.round(NEAR_CAP * 100);

function capWords(side: MapSide): string {
  const cap = side.mapCap;
  return cap
    ? `${side.title.toLowerCase()} ${amount(cap.tokens, "tokens")} tokens`
    : `${side.title.toLowerCase()} unknown`;
}

function cell(h: Build, side: MapSide, summary: MapSummary | undefined, chunk: number): HTMLElement {
  if (!summary)
    return h("td", {class: "map-cell map-empty", "data-side": side.role, title: `No chunk ${chunk} in this run`});
  const cap = side.mapCap;
  const atCap = cap !== null && summary.tokens >= NEAR_CAP * cap.tokens;
  const clipped = summary.chars > summary.text.length;
  return h(
    "td",
    {
      class: "map-cell",
      "data-side": side.role,
      "data-tokens": summary.tokens,
      "data-at-cap": cap ? String(atCap) : null
    },
    h(
      "div",
      {class: "map-meta"},
      h("span", {class: "num"}, `${amount(summary.tokens, "tokens")} tokens (est.)`),
      atCap &&
        h(
          "span",
          {
            class: "map-at-cap",
            title:
              `At least ${percent}% of the map stage's cap of ${amount(cap.tokens, "tokens")} tokens (${cap.from}); ` +
              "tokens estimated as characters / 4"
          },
          `▲ ${Math.round((100 * summary.tokens) / cap.tokens)}% of the cap`
        ),
      clipped &&
        h("span", {class: "muted"}, `first ${count(summary.text.length)} of ${count(summary.chars)} characters`)
    ),
    h("div", {class: "map-text"}, summary.text)
  );
}

/** One row per chunk; a run with fewer chunks leaves its cells empty. */
export function MapSummaries(sides: MapSide[]): HTMLElement {
  const h = builder();
  const chunks = Math.max(0, ...sides.map((side) => side.text?.map_summaries?.length ?? 0));
  const head = h(
    "tr",
    {},
    h("th", {scope: "col", class: "map-cell map-chunk num"}, "Chunk"),
    sides.map((side) =>
      h(
        "th",
        {scope: "col", class: "map-cell", "data-side": side.role},
        `${side.title} `,
        h("code", {title: side.runId}, lastSegment(side.runId)),
        side.text?.map_summaries ? null : h("span", {class: "muted"}, " (no map summaries)")
      )
    )
  );
  const rows = Array.from({length: chunks}, (_, i) =>
    h(
      "tr",
      {"data-chunk": i + 1},
      h("th", {scope: "row", class: "map-cell num"}, i + 1),
      sides.map((side) => cell(h, side, side.text?.map_summaries?.[i], i + 1))
    )
  );
  const note =
    `Tokens are estimated as characters / 4; ▲ marks a summary at ${percent}% or more of its run's map cap ` +
    `(${sides.map(capWords).join(", ")}).`;
  return h(
    "div",
    {class: "map-summaries", "data-testid": "map-summaries"},
    h("p", {class: "muted map-note"}, note),
    h("table", {class: "map-table"}, h("thead", {}, head), h("tbody", {}, rows))
  );
}
