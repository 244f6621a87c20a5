// The answer first: per candidate the verdict label, its qualifiers and sentence, why (the findings, ranked from
// the pipeline's start to its end, each with a link to the episodes it names), then what the label rests on: the
// two signals that decide it (quality, defects), coverage, changed inputs and the configuration changes.
import {html} from "htl";
import type {Comparison, InputDrift} from "../compare/compare.js";
import {findingBody} from "../compare/findingWords.js";
import type {Finding} from "../compare/findings.js";
import {CHANGE_GROUPS, changeValue, GROUP_LABELS, type FingerprintChange} from "../compare/fingerprint.js";
import {findingQuery} from "../compare/selection.js";
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
import {count, episodeList} from "../compare/words.js";

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

/** Findings shown before the rest fold behind "N more". */
export const FINDINGS_SHOWN = 3;

/** The query a finding's link starts from: the page's own (a function: read when the link is followed). */
type Search = string | (() => string);
const searchOf = (search: Search) => (typeof search === "function" ? search() : search);

/** One finding: its stage, its sentence, and a link to the episodes it names (the episode table, filtered). */
function findingItem(f: Finding, c: Comparison, search: Search) {
  const n = f.episodes.length;
  const link = n
    ? html` <a class="finding-episodes" data-state-link data-finding-link=${f.code}
        href=${findingQuery(searchOf(search), c.candidate, f.code)}
        title=${`the episode table, listing these episodes: ${episodeList(f.episodes)}`}>${count(n)} episode${
          n === 1 ? "" : "s"
        }</a>`
    : "";
  return html`<li data-finding=${f.code} data-candidate=${c.candidate} data-stage=${f.stage}
      data-measured=${String(f.measured)} class=${f.measured ? "finding" : "finding finding-unmeasured"}>
    <span class="finding-sentence"><span class="finding-stage">${f.stage}</span>: ${findingBody(
      f,
      c.changes,
      c.inputs
    )}</span>${link}</li>`;
}

/**
 * Why it changed: every finding in rank order, the first FINDINGS_SHOWN in view and the rest behind "N more" (all of
 * them in the DOM). A link names a finding's episodes; followed in place (data-state-link), or as a plain link.
 */
function findingsList(c: Comparison, search: Search) {
  if (!c.findings.length) return "";
  const items = c.findings.map((f) => findingItem(f, c, search));
  const rest = items.slice(FINDINGS_SHOWN);
  const list = html`<div class="findings" data-testid="findings">
    <ol class="findings-list">${items.slice(0, FINDINGS_SHOWN)}</ol>
    ${
      rest.length
        ? html`<details class="findings-more"><summary>${rest.length} more</summary>
          <ol class="findings-list" start=${FINDINGS_SHOWN + 1}>${rest}</ol></details>`
        : ""
    }
  </div>`;
  // A link built from the page's query when it was drawn would bring back a sort chosen since: read it again just
  // before the link is followed (a press, or focus from the keyboard).
  if (typeof search === "function") {
    const refresh = (event: Event) => {
      const link = (event.target as Element).closest?.("a[data-finding-link]") as HTMLAnchorElement | null;
      const candidate = link?.closest("[data-finding]")?.getAttribute("data-candidate");
      if (link && candidate) link.setAttribute("href", findingQuery(search(), candidate, link.dataset.findingLink!));
    };
    list.addEventListener("pointerdown", refresh);
    list.addEventListener("focusin", refresh);
  }
  return list;
}

export interface VerdictPanelOptions {
  baselineId: string;
  colorOf: (id: string) => string;
  /**
   * The page's query (location.search, or a function reading it) that a finding's link keeps its runs and baseline
   * from; by default the baseline and these candidates.
   */
  search?: Search;
}

export function VerdictPanel(
  comparisons: Comparison[],
  {baselineId, colorOf, search}: VerdictPanelOptions
): HTMLElement {
  const runs = [baselineId, ...comparisons.map((c) => c.candidate).filter((id) => id !== baselineId)];
  const query = search ?? `?${new URLSearchParams({runs: runs.join(","), baseline: baselineId})}`;
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
      ${findingsList(c, query)}
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
