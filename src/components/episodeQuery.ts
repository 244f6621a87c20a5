// The episode table's filters, sorts and counts as Arquero verbs over one table of the episodes' facts.
// Expressions are strings (not arrow functions) so a minifier cannot rename what Arquero parses.
import {desc, table, type ColumnTable} from "arquero";
import {episodeReasonWords} from "../compare/explain.js";
import type {EpisodeFilter} from "../compare/selection.js";
import {
  CHANGE_TAGS,
  type ChangeKind,
  type DefectType,
  type DeltaColumn,
  type EpisodeFacts,
  type FindingChoice
} from "./episodeColumns.js";

export interface EpisodeQuery {
  show: EpisodeFilter;
  /** A defect type's name: the episodes either run has it on. Null, or a type this comparison lacks: any. */
  defect?: string | null;
  /** A finding's code: the episodes it names. Null, or a code this comparison lacks: any. */
  finding?: string | null;
  search: string;
  /** A column key; null (or a key this comparison has no column for) keeps the ranked order. */
  sort: string | null;
  desc: boolean;
}

/** What the defect and finding selects offer. */
export interface EpisodeFacets {
  defects: DefectType[];
  findings: FindingChoice[];
}

/** Episodes per option of a select (by name or code), and for "any". */
export interface OptionCounts {
  any: number;
  by: Record<string, number>;
}

export interface QueryResult {
  /** Every listed episode across pages, in the current order. */
  rows: EpisodeFacts[];
  /**
   * Episodes per option among those the search and the other filters keep: the show counts under the chosen
   * defect and finding, the defect counts under the chosen show filter and finding, and so on.
   */
  counts: Record<EpisodeFilter, number>;
  defects: OptionCounts;
  findings: OptionCounts;
  /** The defect and finding applied: null where none was asked or this comparison has no such option. */
  defect: string | null;
  finding: string | null;
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
// Facet columns by position: names and codes stay out of the expressions Arquero parses.
const defectColumn = (i: number) => `defect__${i}`;
const findingColumn = (i: number) => `finding__${i}`;

const searchText = (f: EpisodeFacts) =>
  [
    f.episode.episode_id,
    f.episode.dataset_id,
    ...(f.episode.status === "common" ? f.reasons : episodeReasonWords(f.episode)),
    f.error ?? ""
  ]
    .join("\n")
    .toLowerCase();

/** The facts as one table: built once per list of facts (episodeFacts gives one list per comparison). */
function factsTable(facts: EpisodeFacts[], columns: DeltaColumn[], facets: EpisodeFacets): ColumnTable {
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
  // 0/1, so that a sum counts them.
  facets.defects.forEach(({name}, i) => {
    data[defectColumn(i)] = facts.map((f) => (f.defects[name] ? 1 : 0));
  });
  facets.findings.forEach(({episodes}, i) => {
    data[findingColumn(i)] = facts.map((f) =>
      f.episode.status === "common" && episodes.has(f.episode.episode_id) ? 1 : 0
    );
  });
  // Nulls go last in either direction: a 0/1 flag sorts first, the value (0 in place of null) second.
  for (const column of columns) {
    data[column.key] = facts.map((f) => f.deltas[column.key] ?? 0);
    data[missingFlag(column.key)] = facts.map((f) => (f.deltas[column.key] === null ? 1 : 0));
  }
  return table(data);
}

const TABLES = new WeakMap<EpisodeFacts[], Map<string, {table: ColumnTable; searchable?: ColumnTable}>>();

/**
 * The facts table for these columns and facets, remembered per list of facts; with the search haystack once
 * searched. Facts, columns and facets all come from one comparison, so their names tell a table apart.
 */
function rememberedTable(facts: EpisodeFacts[], columns: DeltaColumn[], facets: EpisodeFacets, searching: boolean) {
  const shape = JSON.stringify([
    columns.map((c) => c.key),
    facets.defects.map((d) => d.name),
    facets.findings.map((f) => [f.code, f.episodes.size])
  ]);
  const known = TABLES.get(facts) ?? new Map<string, {table: ColumnTable; searchable?: ColumnTable}>();
  TABLES.set(facts, known);
  if (!known.has(shape)) known.set(shape, {table: factsTable(facts, columns, facets)});
  const entry = known.get(shape)!;
  // The haystack is the costliest column (the reasons in words): built on the first search only.
  if (searching) entry.searchable ??= entry.table.assign(table({haystack: facts.map(searchText)}));
  return searching ? entry.searchable! : entry.table;
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

/** Sums of 0/1 columns over a table: one count per option. */
function optionCounts(rows: ColumnTable, names: string[], column: (i: number) => string): OptionCounts {
  const by: Record<string, number> = {};
  if (names.length) {
    const sums = rows.rollup(Object.fromEntries(names.map((_, i) => [column(i), `d => op.sum(d.${column(i)})`])));
    const values = sums.object() as Record<string, number | undefined>;
    names.forEach((name, i) => {
      by[name] = values[column(i)] ?? 0;
    });
  }
  return {any: rows.numRows(), by};
}

export function queryEpisodes(
  facts: EpisodeFacts[],
  columns: DeltaColumn[],
  query: EpisodeQuery,
  facets: EpisodeFacets = {defects: [], findings: []}
): QueryResult {
  const needle = query.search.trim().toLowerCase();
  const all = rememberedTable(facts, columns, facets, needle !== "");
  const searched = needle ? all.params({needle}).filter("(d, $) => op.includes(d.haystack, $.needle)") : all;
  const defectAt = facets.defects.findIndex((d) => d.name === query.defect);
  const findingAt = facets.findings.findIndex((f) => f.code === query.finding);
  // Each filter, and the table each select counts over (the search and the other two filters).
  const byShow = (t: ColumnTable) => (query.show === "all" ? t : t.filter(FILTERS[query.show]));
  const byDefect = (t: ColumnTable) => (defectAt < 0 ? t : t.filter(`d => d.${defectColumn(defectAt)} === 1`));
  const byFinding = (t: ColumnTable) => (findingAt < 0 ? t : t.filter(`d => d.${findingColumn(findingAt)} === 1`));
  const showBase = byFinding(byDefect(searched));
  const shown = byShow(showBase);
  const ordered = shown.orderby(...orderKeys(query, columns));

  // One group per combination of the three flags (at most eight); each filter's count sums its groups.
  const counts: Record<EpisodeFilter, number> = {all: showBase.numRows(), regressed: 0, failed: 0, gates: 0};
  const combinations = showBase.groupby("regressed", "failed", "gates").count({as: "n"}).objects() as ({
    n: number;
  } & Record<Exclude<EpisodeFilter, "all">, boolean>)[];
  for (const combination of combinations)
    for (const filter of ["regressed", "failed", "gates"] as const)
      if (combination[filter]) counts[filter] += combination.n;
  const defects = optionCounts(
    byFinding(byShow(searched)),
    facets.defects.map((d) => d.name),
    defectColumn
  );
  const findings = optionCounts(
    byDefect(byShow(searched)),
    facets.findings.map((f) => f.code),
    findingColumn
  );

  const groups = new Map<ChangeKind, number>();
  for (const {kind, n} of shown.groupby("kind").count({as: "n"}).objects() as {kind: ChangeKind; n: number}[])
    groups.set(kind, n);

  return {
    rows: Array.from(ordered.array("order") as ArrayLike<number>, (i) => facts[i]),
    counts,
    defects,
    findings,
    defect: defectAt < 0 ? null : facets.defects[defectAt].name,
    finding: findingAt < 0 ? null : facets.findings[findingAt].code,
    groups
  };
}

/** Which sort keys this comparison's table offers. */
export function sortKeys(columns: DeltaColumn[]): string[] {
  return ["episode", "change", ...columns.map((c) => c.key), "gates"];
}
