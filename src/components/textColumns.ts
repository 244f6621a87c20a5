// The full texts side by side (baseline, candidate and optionally the reference), each with its facts; where the
// output checks and the scorer's gates fire, marked in the text (outputMarks.ts).
import {html} from "htl";
import type {EpisodeRow} from "../compare/table.js";
import type {EpisodeText} from "../compare/types.js";
import {amount, count} from "../compare/words.js";
import {builder} from "./dom.js";
import {MARKS, markedText, type MarkKind, type TextMarks} from "./outputMarks.js";
import {lastSegment} from "./runNames.js";
import {comparableText} from "./wordDiff.js";

export interface TextSide {
  role: "baseline" | "candidate" | "reference";
  title: string;
  runId: string;
  row: EpisodeRow | null;
  text: EpisodeText | null;
  /** Why there is no text to show (the run did not run this episode). */
  absent?: string;
  /** Facts without the text (NER predictions have none). */
  factsOnly?: boolean;
  /** Where the checks and gates fire in the text shown; none for the reference. */
  marks?: TextMarks | null;
}

const GATE_NAMES: [keyof EpisodeRow, string][] = [
  // The scorer reads the output's length against the input's (or its end): nothing in the text to mark.
  ["gate_truncation", "truncation (the whole output)"],
  ["gate_speaker_label", "speaker label leak"],
  ["gate_boilerplate", "boilerplate leak"]
];

function gatesOf(row: EpisodeRow): string {
  if (GATE_NAMES.every(([key]) => row[key] === null)) return "not applicable";
  const hits = GATE_NAMES.filter(([key]) => row[key] === true).map(([, name]) => name);
  return hits.length ? hits.join(", ") : "none";
}

const CHECK_KINDS: MarkKind[] = ["speaker_turns", "junk", "cut_off", "repetition"];

/** The output checks that fire on the episode, by name; "not applicable" when none applies (a failed episode). */
function checksOf(row: EpisodeRow): string {
  if (CHECK_KINDS.every((kind) => row[MARKS[kind].column] === null)) return "not applicable";
  const hits = CHECK_KINDS.filter((kind) => row[MARKS[kind].column] === true).map((kind) => MARKS[kind].title);
  return hits.length ? hits.join(", ") : "none";
}

/** The numbers of one run for this episode; quality only against the reference both runs share. */
function facts(row: EpisodeRow, reference: string | null): HTMLElement {
  const items: [string, string, string?][] = [];
  const add = (label: string, value: string, tone?: string) => items.push([label, value, tone]);
  if (row.output_tokens !== null) add("output tokens (est.)", amount(row.output_tokens, "tokens"));
  if (row.reported_output_tokens !== null)
    add("output tokens (reported)", amount(row.reported_output_tokens, "tokens"));
  if (row.latency_s !== null) add("latency", amount(row.latency_s, "seconds"));
  if (row.map_chunks !== null) add("map chunks", amount(row.map_chunks, "count"));
  if (row.map_tokens !== null) add("map summary tokens (mean)", amount(row.map_tokens, "tokens"));
  if (row.reduce_input_tokens !== null) add("reduce input tokens", amount(row.reduce_input_tokens, "tokens"));
  const gates = gatesOf(row);
  if (gates !== "not applicable") add("gates", gates, gates === "none" ? undefined : "fact-worse");
  const checks = checksOf(row);
  if (checks !== "not applicable") add("output checks", checks, checks === "none" ? undefined : "fact-worse");
  if (row.at_cap) add("final output", `at the token cap${row.at_cap_estimated ? " (estimated tokens)" : ""}`);
  if (row.repetition !== null)
    add(
      "repeated 3-grams",
      `${amount(row.repetition, "share")}${row.longest_repeat ? ` (longest run ${row.longest_repeat} words)` : ""}`
    );
  if (reference && row.rougeL !== null) {
    add(
      `ROUGE-L vs ${lastSegment(reference)}`,
      `${amount(row.rougeL, "score")} (R1 ${amount(row.rouge1, "score")}, R2 ${amount(row.rouge2, "score")})`
    );
  }
  if (reference && row.ner_f1_entity_set !== null)
    add(`entity-set F1 vs ${lastSegment(reference)}`, amount(row.ner_f1_entity_set, "score"));
  if (row.ner_predicted !== null) add("entities predicted", amount(row.ner_predicted, "entities"));
  const rows = items.map(
    ([label, value, tone]) => html`<div class=${tone ?? ""}><dt>${label}</dt><dd>${value}</dd></div>`
  );
  return html`<dl class="text-facts">${rows}</dl>`;
}

/** Checks that fire but have no mark in the text shown, and why. */
function unmarkedNote(marks: TextMarks | null | undefined): HTMLElement | string {
  if (!marks?.unmarked.length) return "";
  const items = marks.unmarked.map(({kind, why}) => `${MARKS[kind].title} (${why})`);
  return html`<p class="muted mark-note" data-testid="unmarked">Not marked: ${items.join("; ")}.</p>`;
}

function body(side: TextSide): HTMLElement {
  if (side.absent) return html`<p class="muted">${side.absent}</p>`;
  const shown = comparableText(side.text);
  if (shown === null || shown === "") return html`<p class="muted">(no output)</p>`;
  const full = side.text?.chars ?? null;
  const clipped = full !== null && side.text?.text != null && full > side.text.text.length;
  const h = builder();
  const clipNote = clipped
    ? html`<p class="muted">First ${count(side.text!.text!.length)} of ${count(full!)} characters.${
        side.marks ? " Marks cover these alone." : ""
      }</p>`
    : "";
  const pre = h(
    "pre",
    {class: side.text?.pretty ? "output-text output-json" : "output-text"},
    side.marks ? markedText(h, shown, side.marks.marks) : shown
  );
  return html`<div>
    ${clipNote}
    ${unmarkedNote(side.marks)}
    ${pre}
  </div>`;
}

function column(side: TextSide, reference: string | null): HTMLElement {
  return html`<section class=${`text-column text-${side.role}`} data-side=${side.role}>
    <h4>${side.title} <code title=${side.runId}>${lastSegment(side.runId)}</code></h4>
    ${side.row && !side.absent ? facts(side.row, reference) : ""}
    ${side.factsOnly ? "" : body(side)}
  </section>`;
}

/** `reference` names what both runs are scored against; it gates the quality facts. */
export function TextColumns(sides: TextSide[], reference: string | null): HTMLElement {
  const columns = sides.map((side) => column(side, reference));
  return html`<div class=${`text-columns columns-${sides.length}`}>${columns}</div>`;
}
