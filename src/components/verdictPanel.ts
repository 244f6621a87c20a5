// The answer first: per candidate the verdict label, its qualifiers and sentence, then what it rests on: the two
// signals that decide the label (quality, defects), coverage, changed inputs and the configuration changes.
import {html} from "htl";
import type {Comparison, InputDrift} from "../compare/compare.js";
import {CHANGE_GROUPS, changeValue, GROUP_LABELS, type FingerprintChange} from "../compare/fingerprint.js";
import type {Qualifier, VerdictLabel} from "../compare/verdict.js";
import {
  defectsSignalWords,
  identicalWords,
  LABEL_WORDS,
  levelWords,
  pairingWords,
  QUALIFIER_WORDS,
  qualitySignalWords,
  warningWords
} from "../compare/explain.js";
import {DECISIVE_LEVEL, SIGN_TEST_ALPHA} from "../compare/signals.js";
import {GoldScores} from "./goldScores.js";
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
  const side = (input: InputDrift["episodes"][number]["baseline"]) =>
    html`<td class="path">${input.path ?? input.hash ?? "—"}</td><td class="num">${chars(input.chars)}</td>`;
  const head = html`<tr><th>Episode</th><th>Baseline input</th><th class="num">chars</th>
    <th>Candidate input</th><th class="num">chars</th></tr>`;
  return html`<details class="verdict-detail" data-testid="inputs-differ">
    <summary>Inputs differ on ${inputs.differing} of ${inputs.compared} common episodes</summary>
    <table class="compact"><thead>${head}</thead>
    <tbody>${inputs.episodes.map(
      (e) => html`<tr><td><code>${e.episode_id}</code></td>${side(e.baseline)}${side(e.candidate)}</tr>`
    )}</tbody></table>
  </details>`;
}

const NO_CHANGE = "Configuration: no setting differs in the fingerprints (ids and timestamps aside).";

function changesDetails(changes: FingerprintChange[]) {
  if (!changes.length) return html`<p class="muted verdict-detail">${NO_CHANGE}</p>`;
  const groups = CHANGE_GROUPS.map((group) => ({group, items: changes.filter((c) => c.group === group)})).filter(
    (g) => g.items.length
  );
  const settings = `${changes.length} configuration setting${changes.length === 1 ? "" : "s"} changed`;
  const change = (c: FingerprintChange) =>
    html`<tr><td><code>${c.path}</code></td><td>${changeValue(c, "baseline")}</td><td aria-hidden="true">→</td>
      <td>${changeValue(c, "candidate")}</td></tr>`;
  return html`<details class="verdict-detail" data-testid="config-changes">
    <summary>${settings} (${groups.map((g) => GROUP_LABELS[g.group]).join(", ")})</summary>
    ${groups.map(
      ({group, items}) =>
        html`<h4>${GROUP_LABELS[group]}</h4><table class="compact"><tbody>${items.map(change)}</tbody></table>`
    )}
  </details>`;
}

function coverageLine(c: Comparison) {
  const {coverage} = c;
  const missing = coverage.missing_from_candidate;
  const plural = c.common_episodes === 1 ? "" : "s";
  const sizes = `baseline ${count(coverage.baseline_episodes)}, candidate ${count(coverage.candidate_episodes)}`;
  const notes = [pairingWords(c), identicalWords(c)].filter((note) => note !== null);
  const notRun = missing.length
    ? html` <span data-testid="coverage">Not run by the candidate: ${missing.slice(0, 8).join(", ")}${
        missing.length > 8 ? ` and ${missing.length - 8} more` : ""
      }.</span>`
    : "";
  return html`<p class="muted verdict-detail">Over ${count(c.common_episodes)} common episode${plural} (${sizes})${
    notes.length ? html`; <span data-testid="pairing">${notes.join("; ")}</span>` : ""
  }.${notRun}</p>`;
}

const QUALITY_TITLE =
  "The task's one quality metric (ROUGE-L F1 vs a shared reference, entity-set F1 vs a shared gold), " +
  `on its ${levelWords(DECISIVE_LEVEL)} interval: better or worse only when clear`;
const DEFECTS_TITLE =
  "Per common episode, defect types (failure, the gates) gained minus lost; an exact two-sided sign test over " +
  `the episodes that differ decides at p ≤ ${SIGN_TEST_ALPHA}`;

/** The two signals the label rests on, each in a line. */
function signalsList(c: Comparison) {
  const quality = c.deltas.find((d) => d.decisive);
  return html`<ul class="signals" data-testid="signals">
    <li data-signal="quality" data-verdict=${quality?.verdict ?? "none"} title=${QUALITY_TITLE}>
      <strong>Quality:</strong> ${qualitySignalWords(quality)}</li>
    <li data-signal="defects" data-verdict=${c.defects.verdict} title=${DEFECTS_TITLE}>
      <strong>Defects:</strong> ${defectsSignalWords(c.defects)}</li>
  </ul>`;
}

export function VerdictPanel(
  comparisons: Comparison[],
  {baselineId, colorOf}: {baselineId: string; colorOf: (id: string) => string}
): HTMLElement {
  const badge = (q: Qualifier) =>
    html`<span class="badge qualifier" data-qualifier=${q} title=${QUALIFIER_WORDS[q].title}>${
      QUALIFIER_WORDS[q].text
    }</span>`;
  return html`<div class="verdicts">${comparisons.map((c) => {
    const {label, qualifiers, sentence} = c.verdict;
    const extra = c.warnings.filter((w) => w.code !== "incomplete").map(warningWords);
    // A run scored against its gold has no label: data-verdict-label is empty (the report's null).
    return html`<article class=${`verdict verdict-${label ?? "scored"}`} data-verdict-label=${label ?? ""}
        data-pairing=${c.pairing} data-candidate=${c.candidate}
        data-qualifiers=${qualifiers.join(" ")} style=${`--run-color: ${colorOf(c.candidate)}`}>
      <header>
        <span class="verdict-icon" aria-hidden="true">${label ? ICON[label] : "◎"}</span>
        <strong class="verdict-word">${label ? LABEL_WORDS[label] : "scored against its gold"}</strong>
        ${qualifiers.map(badge)}
        <span class="verdict-runs"><code class="run-swatch">${c.candidate}</code> vs <code>${baselineId}</code></span>
      </header>
      <p class="verdict-sentence">${sentence}</p>
      ${
        c.gold
          ? [GoldScores(c), coverageLine(c), inputsDetails(c.inputs)]
          : c.comparable
            ? [signalsList(c), coverageLine(c), inputsDetails(c.inputs), changesDetails(c.changes)]
            : ""
      }
      ${extra.length ? html`<ul class="warnings">${extra.map((w) => html`<li>${w}</li>`)}</ul>` : ""}
    </article>`;
  })}</div>`;
}
