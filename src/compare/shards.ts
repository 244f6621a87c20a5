// Output texts are split into a fixed number of files so the page fetches only the ones it shows.
// The count is fixed because Framework needs every FileAttachment name written out literally.
import {pairKey} from "./align.js";

export const TEXT_SHARDS = 32;

/**
 * FNV-1a over (dataset, episode), not the run: every run's output for one episode sits in one shard,
 * so opening a drill-down fetches one file for baseline and candidate. The loader and the page must agree.
 */
export function textShard(datasetId: string, episodeId: string): number {
  let hash = 0x811c9dc5;
  const key = pairKey(datasetId, episodeId);
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % TEXT_SHARDS;
}

export function textKey(run: string, datasetId: string, episodeId: string): string {
  return `${run}\u0000${pairKey(datasetId, episodeId)}`;
}
