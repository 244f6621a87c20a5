// One row of the episode table: the episode button, its change tag, numeric deltas, gate badges and reasons.
import {html} from "htl";
import {metricChange} from "../compare/episodes.js";
import {reasonWords} from "../compare/explain.js";
import {amount, signed} from "../compare/words.js";
import {CHANGE_TAGS, type DeltaColumn, type EpisodeFacts, type GateBadge} from "./episodeColumns.js";
import {leaf} from "./leaf.js";

/** Trade-offs past this many are folded into "+N more" (the full list is in its title). */
const TRADEOFFS_SHOWN = 1;

export function changeTag(facts: EpisodeFacts): HTMLElement {
  const tag = CHANGE_TAGS[facts.kind];
  return leaf("span", `tag tag-${facts.kind}`, tag.label, tag.title);
}

// The header names the unit, so a seconds cell drops its " s".
const deltaText = (value: number, column: DeltaColumn) => signed(value, column.metric.unit).replace(/ s$/, "");

function deltaCell(facts: EpisodeFacts, column: DeltaColumn): HTMLElement {
  const value = facts.deltas[column.key];
  const change = metricChange(facts.episode, column.metric.name);
  if (value === null || !change) return leaf("td", "num delta-none", "—");
  const judged = column.metric.kind !== "tradeoff";
  const tone =
    judged && change.crossed < 0
      ? "delta-worse"
      : judged && change.crossed > 0
        ? "delta-better"
        : change.changed
          ? "delta-changed"
          : "";
  const unit = column.metric.unit;
  const title = `${column.metric.label}: ${amount(change.baseline, unit)} → ${amount(change.candidate, unit)}${change.changed ? " (past its threshold)" : ""}`;
  const cell = leaf("td", `num ${tone}`, deltaText(value, column), title);
  cell.dataset.value = String(value);
  return cell;
}

function gateBadges(facts: EpisodeFacts): HTMLElement[] {
  const badge = (gate: GateBadge, tone: string) => leaf("span", `gate-badge ${tone}`, gate.text, gate.title);
  const badges = [
    ...facts.newGates.map((g) => badge(g, "gate-new")),
    ...facts.fixedGates.map((g) => badge(g, "gate-fixed")),
    ...facts.heldGates.map((g) => badge(g, "gate-held"))
  ];
  return badges.length ? badges : [leaf("span", "muted", "—")];
}

/** Trade-offs a delta column already shows are left out. */
function reasonItems(facts: EpisodeFacts, columns: DeltaColumn[]): HTMLElement[] {
  const {reasons, improvements, tradeoffs} = facts.episode;
  if (facts.episode.status !== "common") return [];
  const others = tradeoffs.filter((reason) => !columns.some((c) => c.metric.name === reason.metric)).map(reasonWords);
  const folded = others.slice(TRADEOFFS_SHOWN);
  const items = [
    ...reasons.map((reason) => leaf("li", "reason-worse", reasonWords(reason))),
    ...improvements.map((reason) => leaf("li", "reason-better", reasonWords(reason))),
    ...others.slice(0, TRADEOFFS_SHOWN).map((text) => leaf("li", "reason-tradeoff", text))
  ];
  if (folded.length)
    items.push(
      leaf("li", "reason-more", `+${folded.length} more trade-off${folded.length === 1 ? "" : "s"}`, folded.join("\n"))
    );
  return items.length ? items : [leaf("li", "muted", "—")];
}

/** `onOpen` gets the episode id and the button that was clicked. */
export function episodeRow(
  facts: EpisodeFacts,
  columns: DeltaColumn[],
  selected: boolean,
  onOpen: (id: string, button: HTMLElement) => void
): HTMLElement {
  const id = facts.episode.episode_id;
  const classes = [
    "episode-row",
    selected ? "selected" : "",
    facts.failed ? "failed" : "",
    facts.episode.regressed ? "regressed" : ""
  ]
    .filter(Boolean)
    .join(" ");
  const row = html`<tr data-episode=${id} data-regressed=${String(facts.episode.regressed)} class=${classes}>
    <td class="episode-cell"><button type="button" class="episode-open" data-focus-key=${`episode:${id}`} aria-current=${selected ? "true" : null}>${id}</button><div class="dataset">${facts.episode.dataset_id}</div></td>
    <td class="change">${changeTag(facts)}</td>
    ${columns.map((column) => deltaCell(facts, column))}
    <td class="gates">${gateBadges(facts)}</td>
    <td class="reasons"><ul>${reasonItems(facts, columns)}</ul>${facts.error ? leaf("div", "episode-error", `Failed: ${facts.error}`) : ""}</td>
  </tr>`;
  const button = row.querySelector("button")!;
  // The whole row opens the episode, as in other compare views; its own controls keep their clicks.
  row.addEventListener("click", (event) => {
    if ((event.target as Element).closest("a, input, select, textarea") || getSelection()?.toString()) return;
    onOpen(id, button);
  });
  return row;
}
