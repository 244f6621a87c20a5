// The answer first: per candidate the verdict label, its qualifiers and sentence, then what it rests on:
// coverage, changed inputs and the configuration changes, each a click away.
import {html} from "htl";
import type {Comparison, InputDrift} from "../compare/compare.js";
import {CHANGE_GROUPS, changeValue, GROUP_LABELS, type FingerprintChange} from "../compare/fingerprint.js";
import type {VerdictLabel} from "../compare/verdict.js";
import {LABEL_WORDS, QUALIFIER_WORDS, warningWords} from "../compare/explain.js";
import {count} from "../compare/words.js";

const ICON: Record<VerdictLabel, string> = {
  better: "▲",
  worse: "▼",
  mixed: "◆",
  no_clear_change: "=",
  not_comparable: "⊘"
};
const chars = (value: number | null) => (value === null ? "?" : count(value));

function inputsDetails(inputs: InputDrift) {
  if (!inputs.differing) return "";
  return html`<details class="verdict-detail" data-testid="inputs-differ">
    <summary>Inputs differ on ${inputs.differing} of ${inputs.compared} common episodes</summary>
    <table class="compact"><thead><tr><th>Episode</th><th>Baseline input</th><th class="num">chars</th><th>Candidate input</th><th class="num">chars</th></tr></thead>
    <tbody>${inputs.episodes.map(
      (
        e
      ) => html`<tr><td><code>${e.episode_id}</code></td><td class="path">${e.baseline.path ?? e.baseline.hash ?? "—"}</td><td class="num">${chars(e.baseline.chars)}</td>
        <td class="path">${e.candidate.path ?? e.candidate.hash ?? "—"}</td><td class="num">${chars(e.candidate.chars)}</td></tr>`
    )}</tbody></table>
  </details>`;
}

function changesDetails(changes: FingerprintChange[]) {
  if (!changes.length)
    return html`<p class="muted verdict-detail">Configuration: no setting differs in the fingerprints (ids and timestamps aside).</p>`;
  const groups = CHANGE_GROUPS.map((group) => ({group, items: changes.filter((c) => c.group === group)})).filter(
    (g) => g.items.length
  );
  return html`<details class="verdict-detail" data-testid="config-changes">
    <summary>${changes.length} configuration setting${changes.length === 1 ? "" : "s"} changed (${groups.map((g) => GROUP_LABELS[g.group]).join(", ")})</summary>
    ${groups.map(
      ({group, items}) =>
        html`<h4>${GROUP_LABELS[group]}</h4><table class="compact"><tbody>${items.map(
          (c) =>
            html`<tr><td><code>${c.path}</code></td><td>${changeValue(c, "baseline")}</td><td aria-hidden="true">→</td><td>${changeValue(c, "candidate")}</td></tr>`
        )}</tbody></table>`
    )}
  </details>`;
}

function coverageLine(c: Comparison) {
  const {coverage} = c;
  const missing = coverage.missing_from_candidate;
  return html`<p class="muted verdict-detail">Over ${count(c.common_episodes)} common episode${c.common_episodes === 1 ? "" : "s"} (baseline ${count(coverage.baseline_episodes)}, candidate ${count(coverage.candidate_episodes)}).${
    missing.length
      ? html` <span data-testid="coverage">Not run by the candidate: ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ` and ${missing.length - 8} more` : ""}.</span>`
      : ""
  }</p>`;
}

export function VerdictPanel(
  comparisons: Comparison[],
  {baselineId, colorOf}: {baselineId: string; colorOf: (id: string) => string}
): HTMLElement {
  return html`<div class="verdicts">${comparisons.map((c) => {
    const {label, qualifiers, sentence} = c.verdict;
    const extra = c.warnings.filter((w) => w.code !== "incomplete").map(warningWords);
    return html`<article class=${`verdict verdict-${label}`} data-verdict-label=${label} data-candidate=${c.candidate} data-qualifiers=${qualifiers.join(" ")}
        style=${`--run-color: ${colorOf(c.candidate)}`}>
      <header>
        <span class="verdict-icon" aria-hidden="true">${ICON[label]}</span>
        <strong class="verdict-word">${LABEL_WORDS[label]}</strong>
        ${qualifiers.map((q) => html`<span class="badge qualifier" data-qualifier=${q} title=${QUALIFIER_WORDS[q].title}>${QUALIFIER_WORDS[q].text}</span>`)}
        <span class="verdict-runs"><code class="run-swatch">${c.candidate}</code> vs <code>${baselineId}</code></span>
      </header>
      <p class="verdict-sentence">${sentence}</p>
      ${c.comparable ? [coverageLine(c), inputsDetails(c.inputs), changesDetails(c.changes)] : ""}
      ${extra.length ? html`<ul class="warnings">${extra.map((w) => html`<li>${w}</li>`)}</ul>` : ""}
    </article>`;
  })}</div>`;
}
