// A run's output texts are split into shards so a drill-down fetches only the shard holding the open
// episode, for the selected runs only. The loader and the page must agree on the assignment.
import {pairKey} from "./align.js";
import type {RunFiles} from "./types.js";

/** FNV-1a over (dataset, episode): the same episode lands in the same shard index for a given count. */
export function textShard(datasetId: string, episodeId: string, shards: number): number {
  let hash = 0x811c9dc5;
  const key = pairKey(datasetId, episodeId);
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % shards;
}

/** The file name of a run's text shard number `shard`. */
export const textShardName = (files: RunFiles, shard: number) => `${files.texts}-${shard}.json`;

/** The file holding one episode's texts. */
export const textFileOf = (files: RunFiles, datasetId: string, episodeId: string) =>
  textShardName(files, textShard(datasetId, episodeId, files.shards));

/** Every file a run's files name: its table, its details and its text shards. */
export const fileNames = (files: RunFiles): string[] => [
  files.table,
  files.details,
  ...Array.from({length: files.shards}, (_, i) => textShardName(files, i))
];
