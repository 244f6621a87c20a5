// Where the output checks (src/compare/checks/) and the scorer's gates with a position fire in one shown text, as
// <mark> elements for the drill-down's full-text columns. The checks run here, on the text the shard holds; the gate
// hits come with it (loaders/episode.ts). Marks are built from text nodes only, so outputs stay inert.
import {checkOutput, type Range} from "../compare/checks/index.js";
import type {EpisodeRow} from "../compare/table.js";
import type {EpisodeText} from "../compare/types.js";
import {count} from "../compare/words.js";
import type {Build, Child} from "./dom.js";

export const MARK_KINDS = [
  "speaker_turns",
  "junk",
  "cut_off",
  "repetition",
  "gate_speaker_label",
  "gate_boilerplate"
] as const;
export type MarkKind = (typeof MARK_KINDS)[number];

/** Each kind's name (a mark's title, the legend, the facts line) and the episode column that says it fires. */
export const MARKS: Record<MarkKind, {title: string; column: keyof EpisodeRow}> = {
  speaker_turns: {title: "speaker turn", column: "check_speaker_turns"},
  junk: {title: "junk run", column: "check_junk"},
  cut_off: {title: "cut off mid-sentence", column: "check_cut_off"},
  repetition: {title: "repeated phrase", column: "check_repetition"},
  gate_speaker_label: {title: "speaker label (scorer's gate)", column: "gate_speaker_label"},
  gate_boilerplate: {title: "boilerplate phrase (scorer's gate)", column: "gate_boilerplate"}
};

export interface Mark {
  kind: MarkKind;
  start: number;
  end: number;
}

export interface TextMarks {
  /** Every range of every kind, offsets into the shown text. */
  marks: Mark[];
  /** Kinds the episode's row says fire that have no mark in the text shown, with the reason. */
  unmarked: {kind: MarkKind; why: string}[];
  /** The shown text is the start of a longer output: the marks cover it alone. */
  clipped: boolean;
}

const CHECKS: Record<
  "speaker_turns" | "junk" | "cut_off" | "repetition",
  (c: ReturnType<typeof checkOutput>) => Range[]
> = {
  speaker_turns: (c) => c.speaker_turns,
  junk: (c) => c.junk,
  cut_off: (c) => c.cut_off ?? [],
  repetition: (c) => c.repetition.ranges
};

/**
 * The marks of one output as the column shows it (`shown`: the raw output, or its pretty-printed JSON). A kind is
 * marked only where the episode's row says it fires (the row measured the full output); with no row, where the
 * checks find it. A clipped text is marked inside what is shown; the cut-off ending is past it.
 */
export function outputMarks(text: EpisodeText, row: EpisodeRow | null, shown: string): TextMarks | null {
  if (row?.failed) return null;
  const clipped = text.chars !== null && text.text !== null && text.chars > text.text.length;
  const raw = text.pretty === null;
  const fires = (kind: MarkKind) => (row ? row[MARKS[kind].column] === true : null);
  const marks: Mark[] = [];
  const unmarked: TextMarks["unmarked"] = [];
  const notShown = `not in the first ${count(shown.length)} characters shown`;
  const checks = checkOutput(shown, {atCap: row?.at_cap === true});
  for (const kind of ["speaker_turns", "junk", "cut_off", "repetition"] as const) {
    const known = fires(kind);
    if (known === false) continue;
    if (kind === "cut_off" && clipped) {
      if (known) unmarked.push({kind, why: `the ending is past the first ${count(shown.length)} characters shown`});
      continue;
    }
    const ranges = CHECKS[kind](checks);
    for (const [start, end] of ranges) marks.push({kind, start, end});
    if (known && !ranges.length)
      unmarked.push({kind, why: clipped ? notShown : raw ? "no position found" : "not found in the JSON as shown"});
  }
  for (const kind of ["gate_speaker_label", "gate_boilerplate"] as const) {
    if (fires(kind) === false) continue;
    const hits = text.gate_hits?.[kind === "gate_speaker_label" ? "speaker_label" : "boilerplate"] ?? [];
    if (!raw) {
      if (fires(kind)) unmarked.push({kind, why: "its positions are in the raw output, shown as pretty JSON"});
      continue;
    }
    const inside = hits.filter(([start]) => start < shown.length);
    for (const [start, end] of inside) marks.push({kind, start, end: Math.min(end, shown.length)});
    if (fires(kind) && !inside.length) unmarked.push({kind, why: hits.length ? notShown : "no position recorded"});
  }
  return {marks, unmarked, clipped};
}

const className = (kinds: MarkKind[]) => `check-mark ${kinds.map((kind) => `mark-${kind}`).join(" ")}`;

/**
 * The text with its marks: one <mark> per stretch covered by the same kinds (overlapping marks split into
 * stretches), each with a class per kind and a title naming them; the rest as plain text nodes.
 */
export function markedText(h: Build, text: string, marks: Mark[]): Child[] {
  if (!marks.length) return [text];
  // A sweep over the ranges' ends: +1 where a kind starts, -1 where it ends.
  const events: [number, MarkKind, 1 | -1][] = [];
  for (const {kind, start, end} of marks) if (end > start) events.push([start, kind, 1], [end, kind, -1]);
  events.sort((a, b) => a[0] - b[0]);
  const active = new Map<MarkKind, number>();
  const nodes: Child[] = [];
  let at = 0;
  for (let i = 0; i < events.length; ) {
    const position = events[i][0];
    if (position > at) {
      const kinds = MARK_KINDS.filter((kind) => (active.get(kind) ?? 0) > 0);
      const part = text.slice(at, position);
      nodes.push(
        kinds.length
          ? h(
              "mark",
              {
                class: className(kinds),
                title: kinds.map((kind) => MARKS[kind].title).join("; "),
                "data-marks": kinds.join(" ")
              },
              part
            )
          : part
      );
      at = position;
    }
    for (; i < events.length && events[i][0] === position; i++)
      active.set(events[i][1], (active.get(events[i][1]) ?? 0) + events[i][2]);
  }
  if (at < text.length) nodes.push(text.slice(at));
  return nodes;
}

/** What each mark means, for the kinds marked in the drill-down's texts. */
export function MarkLegend(h: Build, kinds: MarkKind[]): HTMLElement {
  return h(
    "ul",
    {class: "mark-legend", "aria-label": "Marks in the full texts", "data-testid": "mark-legend"},
    h("li", {class: "muted"}, "Marked in the texts:"),
    MARK_KINDS.filter((kind) => kinds.includes(kind)).map((kind) =>
      h("li", {"data-mark": kind}, h("span", {class: className([kind])}, MARKS[kind].title))
    )
  );
}
