// How a candidate's episodes meet the baseline's. Normally on (dataset_id, episode_id). Runs on different
// datasets meet only on episodes that provably ran on the same text: the same episode_id and the same
// input_hash on both sides; such an episode is moved onto the baseline's dataset before the two are aligned.
// A run against the gold it names meets it on the episode id alone, whatever the datasets, as the scorer does.
import {table, type ColumnTable} from "arquero";
import {pairedOf, rowNumbers, type Paired} from "./align.js";

export type Pairing = "dataset" | "input_hash" | "gold";

const key = (episodeId: unknown, hash: unknown) => `${episodeId}\u0000${hash}`;

/**
 * The candidate's table with its identical-input episodes on the baseline's dataset, and how many moved. An
 * input seen twice on a side is ambiguous and pairs with nothing; a key already taken is never doubled.
 */
export function pairOnInputs(baseline: ColumnTable, candidate: ColumnTable): {table: ColumnTable; moved: number} {
  // A loop, not a join: each move claims a key the later rows may no longer take, an order no verb expresses.
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
  const joined = rowNumbers(gold, "row_b")
    .join_full(
      rowNumbers(run, "row_c"),
      ["episode_id", "episode_id"],
      [
        ["dataset_id", "episode_id", "row_b"],
        ["dataset_id", "episode_id", "row_c"]
      ]
    )
    .derive({
      dataset_id: "d => d.row_c == null ? d.dataset_id_1 : d.dataset_id_2",
      episode_id: "d => d.row_c == null ? d.episode_id_1 : d.episode_id_2",
      row_b: "d => d.row_b ?? null",
      row_c: "d => d.row_c ?? null",
      part: "d => d.row_c == null ? 1 : d.row_b == null ? 2 : 0"
    })
    .orderby("part", "row_b", "row_c")
    .select("dataset_id", "episode_id", "row_b", "row_c")
    .reify();
  return pairedOf(joined, gold, run);
}
