// A snapshot built into a throwaway store, read back the way the report and the page read it: the catalog,
// then each run's published files (episode table, details, text shards).
import {mkdtempSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import type {RunCache} from "../../loaders/cache.js";
import {buildSnapshot} from "../../loaders/snapshot.js";
import {storeSource} from "../../loaders/storeSource.js";
import type {RunData} from "../../src/compare/compare.js";
import {tableRows, type EpisodeRow} from "../../src/compare/table.js";
import {textShardName} from "../../src/compare/shards.js";
import type {Catalog, EpisodeText, RunDetails, RunSummary} from "../../src/compare/types.js";

export interface TestSnapshot {
  catalog: Catalog;
  store: string;
  /** The run's summary with its full problem and warning lists (the catalog caps them). */
  run: (id: string) => RunSummary;
  details: (id: string) => RunDetails;
  data: (id: string) => RunData;
  rows: (id: string) => EpisodeRow[];
  row: (id: string, datasetId: string, episodeId: string) => EpisodeRow | undefined;
  /** Every text shard of the run merged: pairKey -> EpisodeText. */
  texts: (id: string) => Record<string, EpisodeText>;
}

const stores: string[] = [];

export function tempStore(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "run-compare-store-"));
  stores.push(dir);
  return dir;
}

export function cleanupStores(): void {
  for (const dir of stores.splice(0)) rmSync(dir, {recursive: true, force: true});
}

export function readSnapshot(catalog: Catalog, store: string): TestSnapshot {
  const source = storeSource(store);
  const summary = (id: string) => {
    const found = catalog.runs.find((r) => r.id === id);
    if (!found) throw new Error(`run ${id} not in the catalog`);
    return found;
  };
  const details = (id: string) => source.details(summary(id))!;
  const rows = (id: string) => tableRows(source.table(summary(id)));
  return {
    catalog,
    store,
    details,
    rows,
    run: (id) => ({...summary(id), problems: details(id).problems, warnings: details(id).warnings}),
    data: (id) => ({summary: summary(id), details: details(id), table: source.table(summary(id))}),
    row: (id, datasetId, episodeId) => rows(id).find((r) => r.dataset_id === datasetId && r.episode_id === episodeId),
    texts: (id) => {
      const files = summary(id).files;
      const shards = Array.from({length: files.shards}, (_, i) =>
        JSON.parse(readFileSync(path.join(store, textShardName(files, i)), "utf8"))
      );
      return Object.assign({}, ...shards);
    }
  };
}

export async function snapshotOf(
  evalDir: string,
  {
    cache = null,
    store = tempStore(),
    defaultBaseline = null
  }: {cache?: RunCache | null; store?: string; defaultBaseline?: string | null} = {}
): Promise<TestSnapshot> {
  return readSnapshot(await buildSnapshot({evalDir, store, cache, defaultBaseline}), store);
}
