// NER episodes: per label, what the scorer matched, missed, counted extra or left out of scope, for the
// baseline and the candidate side by side against the gold, with what the candidate gained and lost. A run scored
// against its gold (the gold as the baseline) has one side: the run against the gold, and the predictions the
// scorer dropped before matching listed first.
import {html} from "htl";
import {compareDiffs, entityDiff, type DiffComparison, type EntityDiff, type LabelDiff} from "../compare/mentions.js";
import {goldScope, inGoldScope, mentionLabel, normalizeEntityText, type Entity} from "../compare/ner.js";
import type {EntityTuple} from "../compare/types.js";
import {EntitySetView} from "./entitySetView.js";

export function toEntities(tuples: EntityTuple[]): Entity[] {
  return tuples.map(([start, end, label, text]) => ({start, end, label, text}));
}

type Side = "baseline" | "candidate";

interface Marks {
  gained: Set<number>;
  lost: Set<number>;
  extrasGained: Set<string>;
  extrasLost: Set<string>;
}

const extraKey = (label: string, entity: Entity) => JSON.stringify([label, normalizeEntityText(entity.text)]);

function marksOf(comparison: DiffComparison | null): Marks {
  return {
    gained: new Set(comparison?.gained.map((g) => g.goldIndex)),
    lost: new Set(comparison?.lost.map((g) => g.goldIndex)),
    extrasGained: new Set(comparison?.extrasGained.map((k) => JSON.stringify([k.label, k.text]))),
    extrasLost: new Set(comparison?.extrasLost.map((k) => JSON.stringify([k.label, k.text])))
  };
}

const OFFSETS_ELSEWHERE =
  "Mention offsets refer to other text than the gold was made on (input_hash ≠ text_fingerprint): " +
  "mentions cannot line up, so the entity set is what counts.";

const span = (entity: Entity) => `${entity.start}–${entity.end}`;

function chip(entity: Entity, mark: {tone: string; sign: string; title: string} | null, note = ""): HTMLElement {
  const title = [`${entity.text} at ${span(entity)}`, note, mark?.title ?? ""].filter(Boolean).join(" · ");
  const sign = mark ? html`<span class="chip-mark" aria-hidden="true">${mark.sign}</span>` : "";
  const tone = `chip ${mark?.tone ?? ""}`;
  return html`<li class=${tone} title=${title}>${sign}${entity.text} <span class="offsets">${span(entity)}</span></li>`;
}

const GAINED = {tone: "chip-better", sign: "+", title: "matched by the candidate, missed by the baseline"};
const LOST = {tone: "chip-worse", sign: "−", title: "matched by the baseline, missed by the candidate"};
const NEW_EXTRA = {tone: "chip-worse", sign: "+", title: "an extra the baseline did not predict"};
const DROPPED_EXTRA = {tone: "chip-better", sign: "−", title: "an extra the candidate no longer predicts"};

function group(name: string, title: string, chips: HTMLElement[]): HTMLElement {
  return html`<div class="entity-group">
    <h5 title=${title}>${name} <span class="count">${chips.length}</span></h5>
    ${chips.length ? html`<ul class="chips">${chips}</ul>` : ""}
  </div>`;
}

function sideView(
  side: Side,
  label: string,
  diff: LabelDiff,
  marks: Marks,
  goldIndex: Map<Entity, number>
): HTMLElement {
  const candidate = side === "candidate";
  const matched = diff.matched.map(({pred, gold, goldIndex}) =>
    chip(
      gold,
      candidate && marks.gained.has(goldIndex) ? GAINED : null,
      pred.start !== gold.start || pred.end !== gold.end ? `predicted “${pred.text}” at ${span(pred)}` : ""
    )
  );
  const missed = diff.missed.map((gold) =>
    chip(gold, candidate && marks.lost.has(goldIndex.get(gold) ?? -1) ? LOST : null)
  );
  const extraMark = (pred: Entity) =>
    candidate && marks.extrasGained.has(extraKey(label, pred))
      ? NEW_EXTRA
      : !candidate && marks.extrasLost.has(extraKey(label, pred))
        ? DROPPED_EXTRA
        : null;
  return html`<div class="entity-side" data-side=${side} data-label=${label}
      data-matched=${diff.matched.length} data-missed=${diff.missed.length} data-extra=${diff.extra.length}
      data-out-of-scope=${diff.outOfScope.length}>
    ${group("matched", "Gold mentions a prediction overlaps (same label)", matched)}
    ${group("missed", "Gold mentions no prediction overlaps", missed)}
    ${group(
      "extra",
      "Predictions in the gold's scope that overlap no gold mention",
      diff.extra.map((pred) => chip(pred, extraMark(pred)))
    )}
    ${group(
      "out of scope",
      "Predictions whose text the gold does not name under this label: not scored",
      diff.outOfScope.map((pred) => chip(pred, null))
    )}
  </div>`;
}

const EMPTY: LabelDiff = {matched: [], missed: [], extra: [], outOfScope: []};

export interface EntitySides {
  baseline: EntityTuple[] | null;
  candidate: EntityTuple[] | null;
  gold: EntityTuple[] | null;
  goldId: string | null;
  /** Why a side has no predictions ("Not run by the candidate."), said where its entities would be. */
  absent: Record<Side, string>;
  /** False when a side ran on other text than the gold was made on: mention offsets mean nothing then. */
  offsetsMatch: boolean | null;
  /** The candidate scored against its gold (the baseline is the gold): one side, no gains or losses. */
  scoring?: boolean;
}

const SIDE_TITLES: Record<Side, string> = {baseline: "Baseline", candidate: "Candidate"};

const DROPPED =
  "Dropped before matching, as the scorer does: a PERSON or ORG whose text (stripped, lowercased) the gold does " +
  "not name under that label, or any other label. Precision counts only the predictions left.";

/** The predictions the scorer dropped before matching, by label and text, with how often each was predicted. */
function outOfScope(preds: Entity[], golds: Entity[]): HTMLElement {
  const scope = goldScope(golds);
  const dropped = preds.filter((pred) => !inGoldScope(pred, scope));
  const byText = new Map<string, {label: string; text: string; n: number}>();
  for (const pred of dropped) {
    const label = mentionLabel(pred);
    const key = JSON.stringify([label, pred.text]);
    const seen = byText.get(key) ?? {label, text: pred.text, n: 0};
    seen.n++;
    byText.set(key, seen);
  }
  const chips = [...byText.values()].map(
    ({label, text, n}) =>
      html`<li class="chip" title=${`${label} “${text}”, predicted ${n}×: ${DROPPED}`}>${text} <span
        class="offsets">${label}${n > 1 ? ` ×${n}` : ""}</span></li>`
  );
  const plural = preds.length === 1 ? "" : "s";
  return html`<div class="entity-out-of-scope" data-testid="out-of-scope-list" data-out-of-scope=${dropped.length}
      data-predicted=${preds.length}>
    <p class="muted" title=${DROPPED}>${dropped.length} of ${preds.length} prediction${plural} out of the gold's
      scope, dropped as the scorer does${dropped.length ? ":" : "."}</p>
    ${chips.length ? html`<ul class="chips">${chips}</ul>` : ""}
  </div>`;
}

function summary(
  diffs: Record<Side, EntityDiff | null>,
  comparison: DiffComparison | null,
  goldCount: number,
  sides: EntitySides
): HTMLElement {
  const matched = (side: Side) => {
    const diff = diffs[side];
    if (!diff) return sides.absent[side].replace(/\.$/, "").toLowerCase();
    const count = Object.values(diff).reduce((n, d) => n + d.matched.length, 0);
    return `the ${sides.scoring ? "run" : side} matches ${count} of ${goldCount} gold mentions`;
  };
  if (sides.scoring)
    return html`<p class="entity-summary">Against its gold <code>${sides.goldId}</code>: ${matched(
      "candidate"
    )}. Overlap matching, one to one, as the scorer does.</p>`;
  let changes: HTMLElement | string = "";
  if (comparison) {
    const {gained, lost, extrasGained, extrasLost} = comparison;
    const gains = html`<span class="better">gains ${gained.length}</span>`;
    const loses = html`<span class="worse">loses ${lost.length}</span>`;
    const dropped = `${extrasLost.length} dropped extra${extrasLost.length === 1 ? "" : "s"}`;
    const extras = `${extrasGained.length} new and ${dropped}`;
    changes = html`; the candidate ${gains} and ${loses}, with ${extras}`;
  }
  return html`<p class="entity-summary">Against <code>${sides.goldId}</code>: ${matched("baseline")}, ${matched(
    "candidate"
  )}${changes}. Overlap matching, one to one, as the scorer does.</p>`;
}

/** Label order: most gold mentions first, then by name. */
function labelsOf(diffs: (EntityDiff | null)[]): string[] {
  const size = (label: string) =>
    Math.max(...diffs.map((d) => (d?.[label] ? d[label].matched.length + d[label].missed.length : 0)));
  const labels = new Set(diffs.flatMap((d) => (d ? Object.keys(d) : [])));
  return [...labels].sort((a, b) => size(b) - size(a) || a.localeCompare(b));
}

export function EntityDiffView(sides: EntitySides): HTMLElement {
  if (!sides.gold || !sides.goldId) {
    const none = html`<p class="muted">No gold entities for this episode: predictions are not scored.</p>`;
    return html`<div class="entity-diff" data-testid="entity-diff">${none}</div>`;
  }
  const golds = toEntities(sides.gold);
  const goldIndex = new Map(golds.map((gold, i) => [gold, i]));
  const shown: Side[] = sides.scoring ? ["candidate"] : ["baseline", "candidate"];
  const diffOf = (tuples: EntityTuple[] | null) => (tuples ? entityDiff(toEntities(tuples), golds) : null);
  const diffs: Record<Side, EntityDiff | null> = {
    baseline: sides.scoring ? null : diffOf(sides.baseline),
    candidate: diffOf(sides.candidate)
  };
  const comparison = diffs.baseline && diffs.candidate ? compareDiffs(diffs.baseline, diffs.candidate) : null;
  const marks = marksOf(comparison);
  const sideOf = (side: Side, label: string) =>
    diffs[side]
      ? sideView(side, label, diffs[side]![label] ?? EMPTY, marks, goldIndex)
      : html`<div class="entity-side muted" data-side=${side}>${sides.absent[side]}</div>`;
  const mentions = html`<div class="entity-mentions">
    ${summary(diffs, comparison, golds.length, sides)}
    <div class="entity-head">${shown.map((side) => html`<span>${SIDE_TITLES[side]}</span>`)}</div>
    ${labelsOf([diffs.baseline, diffs.candidate]).map(
      (label) => html`<section class="entity-label" data-label=${label}>
        <h4>${label}</h4>
        <div class="entity-sides">${shown.map((side) => sideOf(side, label))}</div>
      </section>`
    )}
  </div>`;
  const sets = EntitySetView(
    {
      baseline: sides.scoring ? null : sides.baseline && toEntities(sides.baseline),
      candidate: sides.candidate && toEntities(sides.candidate)
    },
    golds,
    shown
  );
  const dropped = sides.scoring && sides.candidate ? outOfScope(toEntities(sides.candidate), golds) : "";
  const className = `entity-diff${sides.scoring ? " entity-scoring" : ""}`;
  if (sides.offsetsMatch !== false) {
    const more = html`<details class="entity-more"><summary>By entity set</summary>${sets}</details>`;
    return html`<div class=${className} data-testid="entity-diff">${dropped}${mentions}${more}</div>`;
  }
  return html`<div class=${className} data-testid="entity-diff">
    ${dropped}
    <p class="warning-note">${OFFSETS_ELSEWHERE}</p>
    ${sets}
    <details class="entity-more"><summary>Mentions by offset (not judged)</summary>${mentions}</details>
  </div>`;
}
