// Pairs a baseline's episodes with a candidate's on (dataset_id, episode_id), never on the id alone:
// one Arquero full join of keys and row numbers, then columns read out per side by row ("latency_s" -> baseline
// and candidate arrays), lazily: a comparison reads a few of the forty columns.
import {table, type ColumnTable} from "arquero";
import type {EpisodeRow} from "./table.js";

export const pairKey = (datasetId: string, episodeId: string) => `${datasetId}\u0000${episodeId}`;

const KEYS = ["dataset_id", "episode_id"];

type Value = EpisodeRow[keyof EpisodeRow] | undefined;

/**
 * One row per episode key, in the order Arquero's full join gives: the common episodes (in the baseline's
 * order), then those only the baseline ran, then those only the candidate ran.
 */
export interface Paired {
  rows: number;
  dataset_id: string[];
  episode_id: string[];
  /** Each joined row's row number in the baseline's and the candidate's table: null where the side has none. */
  baselineRow: (number | null)[];
  candidateRow: (number | null)[];
  inBaseline: boolean[];
  inCandidate: boolean[];
  /** A column's values for each joined row: null (or undefined) where the side has no value. */
  baseline: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
  candidate: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
}

/** A table's keys and row numbers (the join carries only these, so no value column is compiled as an expression). */
const rowNumbers = (t: ColumnTable, name: string) =>
  t.select(KEYS).assign(table({[name]: Array.from({length: t.numRows()}, (_, i) => i)}));

/** A column's values at the given row numbers: undefined where the side has no row. */
function gather(t: ColumnTable, column: string, rows: (number | null)[]): Value[] {
  const values = t.array(column) as ArrayLike<Value>;
  return rows.map((row) => (row === null ? undefined : values[row]));
}

/** The first (dataset_id, episode_id) a table holds twice, or null when every key is unique. */
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
  const joined = rowNumbers(baseline, "row_b").join_full(
    rowNumbers(candidate, "row_c"),
    [KEYS, KEYS],
    [["row_b"], ["row_c"]]
  );
  const rows = (name: string) =>
    Array.from(joined.array(name) as ArrayLike<number | null | undefined>, (row) => row ?? null);
  const rowB = rows("row_b");
  const rowC = rows("row_c");
  const key = (column: string) => {
    const b = gather(baseline, column, rowB);
    const c = gather(candidate, column, rowC);
    return b.map((value, i) => String(value ?? c[i]));
  };
  const columns = new Map<string, Value[]>();
  const side = (t: ColumnTable, rowsOfSide: (number | null)[], suffix: string) => (column: string) => {
    const id = `${column}${suffix}`;
    if (!columns.has(id)) columns.set(id, gather(t, column, rowsOfSide));
    return columns.get(id)!;
  };
  return {
    rows: joined.numRows(),
    dataset_id: key("dataset_id"),
    episode_id: key("episode_id"),
    baselineRow: rowB,
    candidateRow: rowC,
    inBaseline: rowB.map((row) => row !== null),
    inCandidate: rowC.map((row) => row !== null),
    baseline: side(baseline, rowB, "_b") as never,
    candidate: side(candidate, rowC, "_c") as never
  };
}

/** The dataset ids a run's episodes carry (a run may span several). */
export function datasetsOf(table: ColumnTable): Set<string> {
  return new Set(Array.from(table.array("dataset_id") as ArrayLike<string>));
}
