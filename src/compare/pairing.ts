// How a candidate's episodes meet the baseline's. Normally on (dataset_id, episode_id). Runs on different
// datasets meet only on episodes that provably ran on the same text: the same episode_id and the same
// input_hash on both sides; such an episode is moved onto the baseline's dataset before the two are aligned.
import {table, type ColumnTable} from "arquero";

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
