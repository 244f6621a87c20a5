// The choice at the top of the page: the baseline, the candidates as chips in their run colors, a copy-link
// button, and what a pasted link named that this snapshot does not have. Built once: update() draws another
// selection in the same element, and a control that held the focus hands it to its counterpart.
import {html} from "htl";
import {incomparability} from "../compare/comparable.js";
import {incomparabilityWords} from "../compare/explain.js";
import type {RunSummary} from "../compare/types.js";
import {byFocusKey, keepingFocus} from "./focusCounterpart.js";
import {RoleBadge, withRun, type Selection} from "./runRole.js";

export interface SelectionBarState {
  selected: string[];
  baseline: string | null;
  colorOf: (id: string) => string;
}

export interface SelectionBarOptions extends SelectionBarState {
  /** Run ids a pasted link named that are not in the catalog. */
  unknown: string[];
  onChange: (next: Selection) => void;
  /** The page copies location.href. */
  onCopyLink: () => Promise<void> | void;
}

const COPIED_FOR_MS = 2000;
const SELECT_A_SECOND = "Select a second run in the table below to compare.";

/**
 * Why a candidate cannot be compared with the baseline (`firm`), or a caution when it may be: a run on another
 * dataset is compared on the episodes that ran on identical inputs, which only its table can tell.
 */
function comparability(baseline: RunSummary, candidate: RunSummary): {firm: boolean; text: string} | null {
  const reasons = incomparability(baseline, candidate);
  if (!reasons.length) return null;
  const firm = reasons.some((reason) => reason.code !== "different_datasets");
  const words = reasons.map(incomparabilityWords).join("; ");
  if (firm) return {firm, text: `not comparable with the baseline: ${words}`};
  return {firm, text: `${words}: compared only on episodes that ran on identical inputs, if any`};
}

function removeButton(id: string, onRemove: () => void) {
  const button = html`<button type="button" class="run-chip-remove" aria-label=${`remove ${id}`}
    title="remove from the comparison">×</button>`;
  button.addEventListener("click", onRemove);
  return button;
}

function baselineChip(options: SelectionBarOptions, remove: (id: string) => void) {
  const select = html`<select data-testid="baseline-select" aria-label="baseline" data-focus-key="baseline"
      disabled=${!options.selected.length}>
    ${
      options.selected.length
        ? options.selected.map((id) => html`<option value=${id} selected=${id === options.baseline}>${id}</option>`)
        : html`<option value="">no run selected</option>`
    }
  </select>` as HTMLSelectElement;
  select.addEventListener("change", () => options.onChange({runs: options.selected, baseline: select.value}));
  const color = options.baseline ? options.colorOf(options.baseline) : "transparent";
  const removal = options.baseline ? removeButton(options.baseline, () => remove(options.baseline!)) : "";
  return html`<span class="run-chip run-chip-baseline" style=${{"--run-color": color}}>
    ${RoleBadge("baseline", color)}${select}${removal}
  </span>`;
}

function candidateChip(
  id: string,
  options: SelectionBarOptions,
  byId: Map<string, RunSummary>,
  remove: (id: string) => void
) {
  const [run, base] = [byId.get(id), options.baseline ? byId.get(options.baseline) : undefined];
  const why = run && base ? comparability(base, run) : null;
  const chipClass = `run-chip run-chip-candidate${why?.firm ? " is-incomparable" : ""}`;
  const warning = why
    ? html`<span class="run-chip-warning" title=${why.text} aria-label=${why.text} role="img">${
        why.firm ? "⊘" : "⚠"
      }</span>`
    : "";
  const swatch = html`<span class="run-chip-swatch" aria-hidden="true"></span>`;
  return html`<span class=${chipClass} style=${{"--run-color": options.colorOf(id)}} data-candidate-chip=${id}
    role="listitem">
    ${swatch}<code>${id}</code>${warning}${removeButton(id, () => remove(id))}
  </span>`;
}

function copyLinkButton(onCopyLink: SelectionBarOptions["onCopyLink"]) {
  const status = html`<span class="copy-status" aria-live="polite"></span>`;
  const button = html`<button type="button" data-testid="copy-link" data-focus-key="copy-link"
    title="copy a link to this view">Copy link</button>`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  button.addEventListener("click", async () => {
    try {
      await onCopyLink();
      status.textContent = "Copied";
    } catch {
      status.textContent = "Could not copy: copy the address bar instead";
    }
    clearTimeout(timer);
    timer = setTimeout(() => (status.textContent = ""), COPIED_FOR_MS);
  });
  return html`<span class="copy-link">${button}${status}</span>`;
}

export type SelectionBarElement = HTMLElement & {update: (next: SelectionBarState) => void};

function selectionLine(byId: Map<string, RunSummary>, options: SelectionBarOptions, copyLink: HTMLElement) {
  const remove = (id: string) =>
    options.onChange(withRun({runs: options.selected, baseline: options.baseline}, id, false));
  const candidates = options.selected.filter((id) => id !== options.baseline);
  const vs = html`<span class="selection-vs" aria-hidden="true">vs</span>`;
  const chips = candidates.map((id) => candidateChip(id, options, byId, remove));
  const candidateList = candidates.length
    ? html`<span class="selection-candidates" role="list" aria-label="candidates">${vs}${chips}</span>`
    : "";
  return html`<div class="selection-line">
    ${baselineChip(options, remove)}
    ${candidateList}
    ${options.selected.length < 2 ? html`<span class="selection-hint">${SELECT_A_SECOND}</span>` : ""}
    ${copyLink}
  </div>`;
}

export function SelectionBar(runs: RunSummary[], options: SelectionBarOptions): SelectionBarElement {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const unknownIds = options.unknown.flatMap((id, i) => [i ? ", " : "", html`<code>${id}</code>`]);
  const unknown = options.unknown.length
    ? html`<p class="selection-unknown" data-testid="unknown-runs"
        role="status">The link names runs that are not in this snapshot: ${unknownIds}</p>`
    : "";
  // Kept across updates: "Copied" stays for its two seconds.
  const copyLink = copyLinkButton(options.onCopyLink);
  const element = html`<div class="selection-bar" data-selection-bar="runs">${unknown}</div>`;
  const removers = () => [...element.querySelectorAll<HTMLElement>(".run-chip-remove")];
  const update = (next: SelectionBarState) => {
    const held = removers().indexOf(element.ownerDocument.activeElement as HTMLElement);
    // A removed run's "×" hands the focus to the chip now in its place (else the one before, else the baseline).
    const counterpart = (control: HTMLElement) =>
      held < 0
        ? byFocusKey(element, control.dataset.focusKey)
        : (removers()[Math.min(held, removers().length - 1)] ?? byFocusKey(element, "baseline"));
    keepingFocus(
      element,
      () => element.firstElementChild?.replaceWith(selectionLine(byId, {...options, ...next}, copyLink)),
      counterpart
    );
  };
  element.prepend(selectionLine(byId, options, copyLink));
  return Object.assign(element, {update});
}
