// One episode, baseline beside candidate: word-level diff, token counts, gates, repetition, ROUGE, errors.
import {diffWords} from "diff";
import {html} from "htl";
import type {EpisodePair} from "../compare/align.js";
import type {EpisodeRow, EpisodeText} from "../compare/types.js";
import {formatValue} from "./format.js";

/** Diffing cost grows with length; past this many characters per side the diff is skipped and said so. */
export const DIFF_LIMIT = 60_000;

/** The text to compare: pretty-printed JSON when the output is JSON, else the raw output. */
export function comparableText(text: EpisodeText | undefined): string | null {
  return text?.pretty ?? text?.text ?? null;
}

/** Word-level diff as <ins>/<del> spans; built with text nodes only, so outputs stay inert. */
export function WordDiff(before: string, after: string): HTMLElement {
  const container = html`<div class="word-diff" data-testid="episode-diff"></div>`;
  if (before.length > DIFF_LIMIT || after.length > DIFF_LIMIT) {
    container.append(html`<p class="muted">Outputs longer than ${DIFF_LIMIT.toLocaleString()} characters: diff skipped; both texts are shown below.</p>`);
    return container;
  }
  const parts = diffWords(before, after);
  const piece = (tag: string, text: string) => {
    const node = document.createElement(tag);
    node.textContent = text;
    return node;
  };
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      // A deletion followed by an insertion is a change: keep both, marked together.
      const changed = piece("span", "");
      changed.className = "changed";
      changed.append(piece("del", part.value), piece("ins", next.value));
      container.append(changed);
      i++;
    } else {
      container.append(piece(part.added ? "ins" : part.removed ? "del" : "span", part.value));
    }
  }
  return container;
}

function facts(row: EpisodeRow | null) {
  if (!row) return html`<p class="muted">Not in this run.</p>`;
  const gates = [
    row.gate_truncation && "truncation",
    row.gate_speaker_label && "speaker label leak",
    row.gate_boilerplate && "boilerplate leak"
  ].filter(Boolean);
  const warnings = [row.warn_letter_speaker && "single-letter speaker labels (A:, B:)", row.warn_invalid_json && "JSON output that does not parse"].filter(Boolean);
  const item = (label: string, value: string) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;
  return html`<dl class="facts">
    ${item("input chars", formatValue(row.input_chars))}
    ${item("map chunks", formatValue(row.map_chunks))}
    ${item("map output tokens (mean)", formatValue(row.map_tokens, "tokens"))}
    ${item("reduce input tokens", formatValue(row.reduce_input_tokens, "tokens"))}
    ${item("final tokens (est.)", formatValue(row.output_tokens, "tokens"))}
    ${row.reported_output_tokens !== null ? item("output tokens (reported)", formatValue(row.reported_output_tokens, "tokens")) : ""}
    ${item("latency", formatValue(row.latency_s, "seconds"))}
    ${item("gates", gates.length ? gates.join(", ") : "none")}
    ${warnings.length ? item("warnings", warnings.join(", ")) : ""}
    ${item("repeated 3-grams", formatValue(row.repetition, "rate"))}
    ${item("longest repeated run", row.longest_repeat ? `${row.longest_repeat} words` : "none")}
    ${item("ROUGE-1/2/L", row.rougeL === null ? "—" : `${formatValue(row.rouge1, "score")} / ${formatValue(row.rouge2, "score")} / ${formatValue(row.rougeL, "score")}`)}
  </dl>`;
}

function side(title: string, runId: string, row: EpisodeRow | null, text: EpisodeText | undefined) {
  const shown = comparableText(text);
  const clipped = text?.chars != null && text.text !== null && text.chars > text.text.length;
  return html`<section class="side">
    <h4>${title}: <code>${runId}</code></h4>
    ${row?.failed ? html`<p class="error-text" data-testid="episode-error">Failed: ${row.error ?? "no usable output"}</p>` : ""}
    ${facts(row)}
    <details><summary>Full output${clipped ? ` (first ${text!.text!.length.toLocaleString()} of ${text!.chars!.toLocaleString()} characters)` : ""}</summary>
      <pre class="output-text">${shown ?? "(no output)"}</pre></details>
  </section>`;
}

export interface DrilldownOptions {
  baselineId: string;
  candidateId: string;
  texts: {baseline?: EpisodeText; candidate?: EpisodeText};
}

export function Drilldown(pair: EpisodePair, {baselineId, candidateId, texts}: DrilldownOptions): HTMLElement {
  const before = comparableText(texts.baseline) ?? "";
  const after = comparableText(texts.candidate) ?? "";
  const identical = before === after;
  return html`<div class="drilldown" data-drilldown=${pair.episode_id}>
    <h3>Episode <code>${pair.episode_id}</code> <span class="muted">${pair.dataset_id}</span></h3>
    <p class="muted">${identical ? "Outputs are identical." : html`Word diff, baseline → candidate: <del>removed</del> <ins>added</ins> <span class="changed"><del>changed</del><ins>to</ins></span>${texts.baseline?.pretty || texts.candidate?.pretty ? " (JSON pretty-printed before diffing)" : ""}.`}</p>
    ${WordDiff(before, after)}
    <div class="sides">
      ${side("Baseline", baselineId, pair.baseline, texts.baseline)}
      ${side("Candidate", candidateId, pair.candidate, texts.candidate)}
    </div>
  </div>`;
}
