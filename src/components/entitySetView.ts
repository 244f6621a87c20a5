// NER by entity set: per label, each gold entity found or missed by the baseline and the candidate, and
// extras in the gold's scope. Shown first when mention offsets refer to other text (then only this decides).
import {html} from "htl";
import {entitySetDiff, type EntitySetDiff} from "../compare/entitySets.js";
import {normalizeEntityText, type Entity} from "../compare/ner.js";

type Side = "baseline" | "candidate";
const SIDE_TITLES: Record<Side, string> = {baseline: "Baseline", candidate: "Candidate"};
type Mark = {tone: string; sign: string; title: string};

const MARK = {
  gained: {tone: "chip-better", sign: "+", title: "found by the candidate, missed by the baseline"},
  lost: {tone: "chip-worse", sign: "−", title: "found by the baseline, lost by the candidate"},
  newExtra: {tone: "chip-worse", sign: "+", title: "an extra the baseline did not predict"},
  droppedExtra: {tone: "chip-better", sign: "−", title: "an extra the candidate no longer predicts"}
};

/** How each normalized entity is written: the gold's spelling, else the first prediction's. */
function spellings(entities: Entity[]): Map<string, string> {
  const written = new Map<string, string>();
  for (const entity of entities) {
    const key = normalizeEntityText(entity.text);
    if (key && !written.has(key)) written.set(key, entity.text.trim().replace(/[:,.;!?]+$/, ""));
  }
  return written;
}

const HOW_SETS_COUNT =
  "Entity set: each gold entity (normalized text, per label) found or missed, as entity-set F1 counts them.";

function list(name: string, chips: HTMLElement[]): HTMLElement {
  const items = chips.length ? html`<ul class="chips">${chips}</ul>` : "";
  return html`<div class="entity-group"><h5>${name} <span class="count">${chips.length}</span></h5>${items}</div>`;
}

function sideView(
  side: Side,
  label: string,
  diffs: Record<Side, EntitySetDiff | null>,
  written: Map<string, string>
): HTMLElement {
  const mine = diffs[side]?.[label];
  if (!mine) {
    const none = diffs[side] ? "nothing predicted" : "no predictions";
    return html`<div class="entity-side muted" data-side=${side}>${none}</div>`;
  }
  const chip = (text: string, mark: Mark | null) => {
    const sign = mark ? html`<span class="chip-mark" aria-hidden="true">${mark.sign}</span>` : "";
    const tone = `chip ${mark?.tone ?? ""}`;
    const shown = written.get(text) ?? text;
    return html`<li class=${tone} title=${mark?.title ?? text} data-entity=${text}>${sign}${shown}</li>`;
  };
  const other = diffs[side === "candidate" ? "baseline" : "candidate"]?.[label];
  const candidate = side === "candidate";
  const found = mine.matched.map((t) => chip(t, candidate && other && !other.matched.includes(t) ? MARK.gained : null));
  const missed = mine.missed.map((t) => chip(t, candidate && other?.matched.includes(t) ? MARK.lost : null));
  const extra = mine.extra.map((t) =>
    chip(
      t,
      candidate && other && !other.extra.includes(t)
        ? MARK.newExtra
        : !candidate && other && !other.extra.includes(t)
          ? MARK.droppedExtra
          : null
    )
  );
  return html`<div class="entity-side" data-side=${side} data-label=${label}
    data-matched=${mine.matched.length} data-missed=${mine.missed.length} data-extra=${mine.extra.length}>
    ${list("found", found)}${list("missed", missed)}${list("extra", extra)}
  </div>`;
}

/** `shown`: the sides in columns (the candidate alone for a run scored against its gold). */
export function EntitySetView(
  preds: Record<Side, Entity[] | null>,
  golds: Entity[],
  shown: Side[] = ["baseline", "candidate"]
): HTMLElement {
  const written = spellings([...golds, ...(preds.baseline ?? []), ...(preds.candidate ?? [])]);
  const diffs: Record<Side, EntitySetDiff | null> = {
    baseline: preds.baseline && entitySetDiff(preds.baseline, golds),
    candidate: preds.candidate && entitySetDiff(preds.candidate, golds)
  };
  const labels = [...new Set([...Object.keys(diffs.baseline ?? {}), ...Object.keys(diffs.candidate ?? {})])].sort();
  return html`<div class="entity-set" data-testid="entity-set">
    <p class="muted">${HOW_SETS_COUNT}</p>
    <div class="entity-head">${shown.map((side) => html`<span>${SIDE_TITLES[side]}</span>`)}</div>
    ${labels.map((label) => {
      const columns = shown.map((side) => sideView(side, label, diffs, written));
      return html`<section class="entity-label" data-label=${label}><h4>${label || "(no label)"}</h4>
      <div class="entity-sides">${columns}</div></section>`;
    })}
  </div>`;
}
