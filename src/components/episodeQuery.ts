// The episode table's filters, sorts and counts as Arquero verbs over one table of the episodes' facts.
// Expressions are strings (not arrow functions) so a minifier cannot rename what Arquero parses.
import {desc, table, type ColumnTable} from "arquero";
import {episodeReasonWords} from "../compare/explain.js";
import type {EpisodeFilter} from "../compare/selection.js";
import {CHANGE_TAGS, type ChangeKind, type DeltaColumn, type EpisodeFacts} from "./episodeColumns.js";

export interface EpisodeQuery {
  show: EpisodeFilter;
  search: string;
  /** A column key; null (or a key this comparison has no column for) keeps the ranked order. */
  sort: string | null;
  desc: boolean;
}

export interface QueryResult {
  /** Every listed episode across pages, in the current order. */
  rows: EpisodeFacts[];
  /** Episodes per filter among those the search matches. */
  counts: Record<EpisodeFilter, number>;
  /** Listed episodes per change tag (group headers when sorted by change). */
  groups: Map<ChangeKind, number>;
}

/** Sort keys besides the delta columns: natural first direction when a header is first clicked. */
export const FIXED_SORTS: Record<string, {descending: boolean}> = {
  episode: {descending: false},
  change: {descending: true},
  gates: {descending: true}
};

type OrderKey = Parameters<ColumnTable["orderby"]>[number];

const missingFlag = (key: string) => `${key}__missing`;

const searchText = (f: EpisodeFacts) =>
  [
    f.episode.episode_id,
    f.episode.dataset_id,
    ...(f.episode.status === "common" ? f.reasons : episodeReasonWords(f.episode)),
    f.error ?? ""
  ]
    .join("\n")
    .toLowerCase();

/** The haystack column only when searching: building it is the costliest part of a render. */
function factsTable(facts: EpisodeFacts[], columns: DeltaColumn[], searching: boolean): ColumnTable {
  const data: Record<string, unknown[]> = {
    order: facts.map((f) => f.order),
    episode_id: facts.map((f) => f.episode.episode_id),
    dataset_id: facts.map((f) => f.episode.dataset_id),
    kind: facts.map((f) => f.kind),
    change_rank: facts.map((f) => CHANGE_TAGS[f.kind].rank),
    regressed: facts.map((f) => f.episode.regressed),
    failed: facts.map((f) => f.failed),
    gates: facts.map((f) => f.newGates.length + f.fixedGates.length + f.heldGates.length > 0),
    gates_new: facts.map((f) => f.newGates.length),
    gates_fixed: facts.map((f) => f.fixedGates.length)
  };
  if (searching) data.haystack = facts.map(searchText);
  // Nulls go last in either direction: a 0/1 flag sorts first, the value (0 in place of null) second.
  for (const column of columns) {
    data[column.key] = facts.map((f) => f.deltas[column.key] ?? 0);
    data[missingFlag(column.key)] = facts.map((f) => (f.deltas[column.key] === null ? 1 : 0));
  }
  return table(data);
}

const FILTERS: Record<Exclude<EpisodeFilter, "all">, string> = {
  regressed: "d => d.regressed",
  failed: "d => d.failed",
  gates: "d => d.gates"
};

function orderKeys(query: EpisodeQuery, columns: DeltaColumn[]): OrderKey[] {
  const direction = (name: string): OrderKey => (query.desc ? desc(name) : name);
  if (query.sort === "episode") return [direction("episode_id"), direction("dataset_id")];
  if (query.sort === "change") return [direction("change_rank"), "order"];
  if (query.sort === "gates") return [direction("gates_new"), direction("gates_fixed"), "order"];
  const column = columns.find((c) => c.key === query.sort);
  if (column) return [missingFlag(column.key), direction(column.key), "order"];
  return ["order"];
}

export function queryEpisodes(facts: EpisodeFacts[], columns: DeltaColumn[], query: EpisodeQuery): QueryResult {
  const needle = query.search.trim().toLowerCase();
  const all = factsTable(facts, columns, needle !== "");
  const searched = needle ? all.params({needle}).filter("(d, $) => op.includes(d.haystack, $.needle)") : all;
  const shown = query.show === "all" ? searched : searched.filter(FILTERS[query.show]);
  const ordered = shown.orderby(...orderKeys(query, columns));

  // One group per combination of the three flags (at most eight); each filter's count sums its groups.
  const counts: Record<EpisodeFilter, number> = {all: searched.numRows(), regressed: 0, failed: 0, gates: 0};
  const combinations = searched.groupby("regressed", "failed", "gates").count({as: "n"}).objects() as ({
    n: number;
  } & Record<Exclude<EpisodeFilter, "all">, boolean>)[];
  for (const combination of combinations)
    for (const filter of ["regressed", "failed", "gates"] as const)
      if (combination[filter]) counts[filter] += combination.n;

  const groups = new Map<ChangeKind, number>();
  for (const {kind, n} of shown.groupby("kind").count({as: "n"}).objects() as {kind: ChangeKind; n: number}[])
    groups.set(kind, n);

  return {rows: Array.from(ordered.array("order") as ArrayLike<number>, (i) => facts[i]), counts, groups};
}

/** Which sort keys this comparison's table offers. */
export function sortKeys(columns: DeltaColumn[]): string[] {
  return ["episode", "change", ...columns.map((c) => c.key), "gates"];
}
