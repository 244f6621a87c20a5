// How a candidate's episodes meet the baseline's. Normally on (dataset_id, episode_id). Runs on different
// datasets meet only on episodes that provably ran on the same text: the same episode_id and the same
// input_hash on both sides; such an episode is moved onto the baseline's dataset before the two are aligned.
// A run against the gold it names meets it on the episode id alone, whatever the datasets, as the scorer does.
import {table, type ColumnTable} from "arquero";
import type {Paired} from "./align.js";

export type Pairing = "dataset" | "input_hash" | "gold";

const key = (episodeId: unknown, hash: unknown) => `${episodeId}\u0000${hash}`;

/**
 * The candidate's table with its identical-input episodes on the baseline's dataset, and how many moved. An
 * input seen twice on a side is ambiguous and pairs with nothing; a key already taken is never doubled.
 */
export function pairOnInputs(baseline: ColumnTable, candidate: ColumnTable): {table: ColumnTable; moved: number} {
  const datasetOf = new Map<string, string | null>();
  const [ids, hashes, datasets] = ["episode_id", "input_hash", "dataset_id"].map((c) => baseline.array(c));
  for (let i = 0; i < baseline.numRows(); i++) {
    if (!hashes[i]) continue;
    const input = key(ids[i], hashes[i]);
    datasetOf.set(input, datasetOf.has(input) ? null : datasets[i]);
  }
  const [candidateIds, candidateHashes] = [candidate.array("episode_id"), candidate.array("input_hash")];
  const own = Array.from(candidate.array("dataset_id") as ArrayLike<string>);
  const taken = new Set(own.map((dataset, i) => key(dataset, candidateIds[i])));
  let moved = 0;
  const dataset_id = own.map((dataset, i) => {
    const theirs = candidateHashes[i] ? datasetOf.get(key(candidateIds[i], candidateHashes[i])) : undefined;
    if (!theirs || theirs === dataset || taken.has(key(theirs, candidateIds[i]))) return dataset;
    taken.add(key(theirs, candidateIds[i]));
    moved++;
    return theirs;
  });
  return {table: moved ? candidate.assign(table({dataset_id})) : candidate, moved};
}

/**
 * A run paired with the gold it is scored against, on the episode id alone: each run row whose episode the gold
 * has (in the gold's order, each keeping the run's dataset; two rows of one id both meet that gold episode), then
 * the gold's episodes the run lacks (on the gold's dataset), then the run's episodes the gold lacks.
 */
export function pairOnEpisodeIds(gold: ColumnTable, run: ColumnTable): Paired {
  const [goldIds, goldDatasets] = [gold.array("episode_id"), gold.array("dataset_id")] as ArrayLike<string>[];
  const [runIds, runDatasets] = [run.array("episode_id"), run.array("dataset_id")] as ArrayLike<string>[];
  const runRowsOf = new Map<string, number[]>();
  for (let i = 0; i < run.numRows(); i++) runRowsOf.set(runIds[i], [...(runRowsOf.get(runIds[i]) ?? []), i]);
  const goldIdSet = new Set(Array.from(goldIds));
  const [rowB, rowC, datasetId, episodeId] = [[], [], [], []] as [
    (number | null)[],
    (number | null)[],
    string[],
    string[]
  ];
  const push = (b: number | null, c: number | null) => {
    rowB.push(b);
    rowC.push(c);
    datasetId.push(c === null ? goldDatasets[b!] : runDatasets[c]);
    episodeId.push(c === null ? goldIds[b!] : runIds[c]);
  };
  const lacking: number[] = [];
  for (let g = 0; g < gold.numRows(); g++) {
    const rows = runRowsOf.get(goldIds[g]);
    if (rows) for (const c of rows) push(g, c);
    else lacking.push(g);
  }
  for (const g of lacking) push(g, null);
  for (let c = 0; c < run.numRows(); c++) if (!goldIdSet.has(runIds[c])) push(null, c);
  const side = (t: ColumnTable, rows: (number | null)[]) => {
    const cache = new Map<string, unknown[]>();
    return (column: string) => {
      if (!cache.has(column)) {
        const values = t.columnNames().includes(column) ? (t.array(column) as ArrayLike<unknown>) : [];
        cache.set(
          column,
          rows.map((row) => (row === null ? undefined : values[row]))
        );
      }
      return cache.get(column)!;
    };
  };
  return {
    rows: rowB.length,
    dataset_id: datasetId,
    episode_id: episodeId,
    baselineRow: rowB,
    candidateRow: rowC,
    inBaseline: rowB.map((row) => row !== null),
    inCandidate: rowC.map((row) => row !== null),
    baseline: side(gold, rowB) as never,
    candidate: side(run, rowC) as never
  };
}
