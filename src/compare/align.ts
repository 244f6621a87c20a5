// Pairs a baseline's episodes with a candidate's on (dataset_id, episode_id), never on the id alone: one Arquero
// full join of keys and row numbers, kept as a table (`table`) whose columns the consumers read; a side's value
// columns are read out by row number lazily, as asked: a comparison reads a few of the forty.
import {table, type ColumnTable} from "arquero";
import type {EpisodeRow} from "./table.js";

export const pairKey = (datasetId: string, episodeId: string) => `${datasetId}\u0000${episodeId}`;

const KEYS = ["dataset_id", "episode_id"];

type Value = EpisodeRow[keyof EpisodeRow] | undefined;

/**
 * One row per episode key, in the order Arquero's full join gives: the common episodes, then those only the
 * baseline ran, then those only the candidate ran. The arrays are the joined table's own columns.
 */
export interface Paired {
  /** dataset_id, episode_id, row_b, row_c, in_baseline, in_candidate: one row per joined episode. */
  table: ColumnTable;
  rows: number;
  dataset_id: readonly string[];
  episode_id: readonly string[];
  /** Each joined row's row number in the baseline's and the candidate's table: null where the side has none. */
  baselineRow: readonly (number | null)[];
  candidateRow: readonly (number | null)[];
  inBaseline: readonly boolean[];
  inCandidate: readonly boolean[];
  /** A column's values for each joined row: null (or undefined) where the side has no value. */
  baseline: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
  candidate: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
}

/** A table's keys and row numbers (the join carries only these, so no value column is compiled as an expression). */
export const rowNumbers = (t: ColumnTable, name: string) =>
  t.select(KEYS).assign(table({[name]: Array.from({length: t.numRows()}, (_, i) => i)}));

/** A column's values at the given row numbers: undefined where the side has no row, or no such column. */
export function gather(t: ColumnTable, column: string, rows: ArrayLike<number | null>): Value[] {
  const values = (t.columnNames().includes(column) ? t.array(column) : []) as ArrayLike<Value>;
  return Array.from(rows, (row) => (row === null ? undefined : values[row]));
}

/** A side's columns at its rows, each read out once. */
function sideColumns(t: ColumnTable, rows: ArrayLike<number | null>) {
  const columns = new Map<string, Value[]>();
  return (column: string) => {
    if (!columns.has(column)) columns.set(column, gather(t, column, rows));
    return columns.get(column)!;
  };
}

/** A joined table (dataset_id, episode_id, row_b, row_c) with the fields consumers read, sides read by row. */
export function pairedOf(joined: ColumnTable, baseline: ColumnTable, candidate: ColumnTable): Paired {
  const t = joined.derive({in_baseline: "d => d.row_b !== null", in_candidate: "d => d.row_c !== null"});
  // Derived columns are plain arrays.
  const column = <T>(name: string) => t.array(name) as readonly T[];
  return {
    table: t,
    rows: t.numRows(),
    dataset_id: column("dataset_id"),
    episode_id: column("episode_id"),
    baselineRow: column("row_b"),
    candidateRow: column("row_c"),
    inBaseline: column("in_baseline"),
    inCandidate: column("in_candidate"),
    baseline: sideColumns(baseline, column("row_b")) as never,
    candidate: sideColumns(candidate, column("row_c")) as never
  };
}

/** The joined table with both sides' values of the given columns, as `${column}_b` and `${column}_c`. */
export function withSides(paired: Paired, columns: (keyof EpisodeRow)[]): ColumnTable {
  const sides = columns.flatMap((column) => [
    [`${column}_b`, paired.baseline(column)],
    [`${column}_c`, paired.candidate(column)]
  ]);
  return paired.table.assign(table(Object.fromEntries(sides)));
}

/** The common episodes, each with one column's value on either side as `b` and `c`. */
export const commonSides = (paired: Paired, column: keyof EpisodeRow): ColumnTable =>
  withSides(paired, [column])
    .rename({[`${column}_b`]: "b", [`${column}_c`]: "c"})
    .filter("d => d.in_baseline && d.in_candidate");

/**
 * The first (dataset_id, episode_id) a table holds twice, or null when every key is unique. A Set, not Arquero:
 * its group-by on the two keys takes 4.0 ms a side at 2,000 episodes against 0.65 ms here, twice per
 * comparison, on the add-a-run and baseline-switch paths that are within 20% of their 200 ms budget.
 */
function firstDuplicate(t: ColumnTable): {dataset_id: string; episode_id: string} | null {
  const datasets = t.array("dataset_id") as ArrayLike<string>;
  const episodes = t.array("episode_id") as ArrayLike<string>;
  const seen = new Set<string>();
  for (let i = 0; i < t.numRows(); i++) {
    const key = pairKey(datasets[i], episodes[i]);
    if (seen.has(key)) return {dataset_id: datasets[i], episode_id: episodes[i]};
    seen.add(key);
  }
  return null;
}

/** A key twice on one side would pair with every match on the other: the join would multiply episodes. */
function refuseDuplicateKeys(side: "baseline" | "candidate", t: ColumnTable): void {
  const duplicate = firstDuplicate(t);
  if (!duplicate) return;
  const {dataset_id, episode_id} = duplicate;
  throw new Error(
    `alignTables: the ${side} table holds (dataset_id, episode_id) = (${JSON.stringify(dataset_id)}, ` +
      `${JSON.stringify(episode_id)}) more than once; each episode key must be unique on a side`
  );
}

/** Throws when either table holds an episode key (dataset_id, episode_id) twice. */
export function alignTables(baseline: ColumnTable, candidate: ColumnTable): Paired {
  refuseDuplicateKeys("baseline", baseline);
  refuseDuplicateKeys("candidate", candidate);
  const joined = rowNumbers(baseline, "row_b")
    .join_full(
      rowNumbers(candidate, "row_c"),
      [KEYS, KEYS],
      [
        [...KEYS, "row_b"],
        [...KEYS, "row_c"]
      ]
    )
    .derive({
      dataset_id: "d => d.row_b == null ? d.dataset_id_2 : d.dataset_id_1",
      episode_id: "d => d.row_b == null ? d.episode_id_2 : d.episode_id_1",
      row_b: "d => d.row_b ?? null",
      row_c: "d => d.row_c ?? null"
    })
    .select("dataset_id", "episode_id", "row_b", "row_c");
  return pairedOf(joined, baseline, candidate);
}

/** The dataset ids a run's episodes carry (a run may span several). */
export function datasetsOf(table: ColumnTable): Set<string> {
  return new Set(Array.from(table.array("dataset_id") as ArrayLike<string>));
}
