// Pairs a baseline's episodes with a candidate's on (dataset_id, episode_id), never on the id alone:
// one Arquero full join, then columns read out per side ("latency_s" -> baseline and candidate arrays).
import {table, type ColumnTable} from "arquero";
import type {EpisodeRow} from "./table.js";

export const pairKey = (datasetId: string, episodeId: string) => `${datasetId}\u0000${episodeId}`;

const KEYS = ["dataset_id", "episode_id"];

type Value = EpisodeRow[keyof EpisodeRow] | undefined;

/** Baseline episodes first (in their order), then episodes only the candidate ran. */
export interface Paired {
  rows: number;
  dataset_id: string[];
  episode_id: string[];
  inBaseline: boolean[];
  inCandidate: boolean[];
  /** A column's values for each joined row: null (or undefined) where the side has no value. */
  baseline: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
  candidate: <K extends keyof EpisodeRow>(column: K) => ArrayLike<EpisodeRow[K] | undefined>;
}

/** A column of trues beside a table's own (no expression to parse, unlike derive). */
const marked = (t: ColumnTable, name: string) => t.assign(table({[name]: new Array<boolean>(t.numRows()).fill(true)}));

export function alignTables(baseline: ColumnTable, candidate: ColumnTable): Paired {
  const joined = marked(baseline, "in_baseline").join_full(marked(candidate, "in_candidate"), [KEYS, KEYS], undefined, {suffix: ["_b", "_c"]});
  const read = (name: string) => joined.array(name) as ArrayLike<Value>;
  const flags = (name: string) => Array.from(read(name), (value) => value === true);
  return {
    rows: joined.numRows(),
    dataset_id: Array.from(read("dataset_id"), String),
    episode_id: Array.from(read("episode_id"), String),
    inBaseline: flags("in_baseline"),
    inCandidate: flags("in_candidate"),
    baseline: (column) => read(`${column}_b`) as never,
    candidate: (column) => read(`${column}_c`) as never
  };
}

/** The dataset ids a run's episodes carry (a run may span several). */
export function datasetsOf(table: ColumnTable): Set<string> {
  return new Set(Array.from(table.array("dataset_id") as ArrayLike<string>));
}
