// One row of the episode table: the episode button, its change tag, numeric deltas, gate badges and reasons.
// Built with the element builder: the table builds up to a page of these on every list change, and the
// episode ids, reasons and errors go in as text nodes only.
import {metricChange} from "../compare/episodes.js";
import {reasonWords} from "../compare/explain.js";
import {amount, count, signed} from "../compare/words.js";
import {builder, type Build} from "./dom.js";
import {CHANGE_TAGS, type ChangeKind, type DeltaColumn, type EpisodeFacts, type GateBadge} from "./episodeColumns.js";

/** Trade-offs past this many are folded into "+N more" (the full list is in its title). */
const TRADEOFFS_SHOWN = 1;

export function changeTag(facts: EpisodeFacts, h: Build = builder()): HTMLElement {
  const tag = CHANGE_TAGS[facts.kind];
  return h("span", {class: `tag tag-${facts.kind}`, title: tag.title}, tag.label);
}

// The header names the unit, so a seconds cell drops its " s".
const deltaText = (value: number, column: DeltaColumn) => signed(value, column.metric.unit, {bare: true});

function deltaCell(h: Build, facts: EpisodeFacts, column: DeltaColumn): HTMLElement {
  const value = facts.deltas[column.key];
  if (column.value) {
    if (value === null) return h("td", {class: "num delta-none"}, "—");
    return h("td", {class: "num", title: column.title, "data-value": String(value)}, amount(value, column.metric.unit));
  }
  const change = metricChange(facts.episode, column.metric.name);
  if (value === null || !change) return h("td", {class: "num delta-none"}, "—");
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
  const values = `${amount(change.baseline, unit)} → ${amount(change.candidate, unit)}`;
  const title = `${column.metric.label}: ${values}${change.changed ? " (past its threshold)" : ""}`;
  return h("td", {class: `num ${tone}`, title, "data-value": String(value)}, deltaText(value, column));
}

function gateBadges(h: Build, facts: EpisodeFacts): HTMLElement[] {
  const badge = (gate: GateBadge, tone: string) =>
    h("span", {class: `gate-badge ${tone}`, title: gate.title}, gate.text);
  const badges = [
    ...facts.newGates.map((g) => badge(g, "gate-new")),
    ...facts.fixedGates.map((g) => badge(g, "gate-fixed")),
    ...facts.heldGates.map((g) => badge(g, "gate-held"))
  ];
  return badges.length ? badges : [h("span", {class: "muted"}, "—")];
}

/** Trade-offs a delta column already shows are left out. */
function reasonItems(h: Build, facts: EpisodeFacts, columns: DeltaColumn[]): HTMLElement[] {
  const {reasons, improvements, tradeoffs} = facts.episode;
  if (facts.episode.status !== "common") return [];
  const others = tradeoffs.filter((reason) => !columns.some((c) => c.metric.name === reason.metric)).map(reasonWords);
  const folded = others.slice(TRADEOFFS_SHOWN);
  const items = [
    ...reasons.map((reason) => h("li", {class: "reason-worse"}, reasonWords(reason))),
    ...improvements.map((reason) => h("li", {class: "reason-better"}, reasonWords(reason))),
    ...others.slice(0, TRADEOFFS_SHOWN).map((text) => h("li", {class: "reason-tradeoff"}, text))
  ];
  if (folded.length) {
    const more = `+${folded.length} more trade-off${folded.length === 1 ? "" : "s"}`;
    items.push(h("li", {class: "reason-more", title: folded.join("\n")}, more));
  }
  return items.length ? items : [h("li", {class: "muted"}, "—")];
}

/** `onOpen` gets the episode id. */
export function episodeRow(
  facts: EpisodeFacts,
  columns: DeltaColumn[],
  selected: boolean,
  onOpen: (id: string) => void,
  h: Build = builder()
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
  const button = h(
    "button",
    {
      type: "button",
      class: "episode-open",
      "data-focus-key": `episode:${id}`,
      "aria-current": selected ? "true" : null
    },
    id
  );
  const row = h(
    "tr",
    {"data-episode": id, "data-regressed": String(facts.episode.regressed), class: classes},
    h("td", {class: "episode-cell"}, button, h("div", {class: "dataset"}, facts.episode.dataset_id)),
    h("td", {class: "change"}, changeTag(facts, h)),
    columns.map((column) => deltaCell(h, facts, column)),
    h("td", {class: "gates"}, gateBadges(h, facts)),
    h(
      "td",
      {class: "reasons"},
      h("ul", {}, reasonItems(h, facts, columns)),
      facts.error ? h("div", {class: "episode-error"}, `Failed: ${facts.error}`) : null
    )
  );
  // The whole row opens the episode, as in other compare views; its own controls keep their clicks.
  row.addEventListener("click", (event) => {
    if ((event.target as Element).closest("a, input, select, textarea") || getSelection()?.toString()) return;
    onOpen(id);
  });
  return row;
}

function groupRow(h: Build, kind: ChangeKind, episodes: number, span: number): HTMLElement {
  const label = CHANGE_TAGS[kind].label;
  const counted = `${count(episodes)} episode${episodes === 1 ? "" : "s"}`;
  return h(
    "tr",
    {class: "group-row"},
    h("th", {scope: "colgroup", colspan: span}, `${label} `, h("span", {class: "muted"}, counted))
  );
}

/** A page's rows; given the listed episodes per change tag, a heading row opens each tag's group. */
export function episodeRows(
  rows: EpisodeFacts[],
  columns: DeltaColumn[],
  selected: string | null,
  onOpen: (id: string) => void,
  groups: Map<ChangeKind, number> | null
): HTMLElement[] {
  const h = builder();
  const span = columns.length + 4;
  return rows.flatMap((facts, i) => {
    const row = episodeRow(facts, columns, facts.episode.episode_id === selected, onOpen, h);
    return groups && facts.kind !== rows[i - 1]?.kind
      ? [groupRow(h, facts.kind, groups.get(facts.kind) ?? 0, span), row]
      : [row];
  });
}
