// The page's only fetching: a run's own files, by the names the catalog gives, next to the catalog.
// Each file is fetched once; selecting another run fetches that run's table and details alone, and a
// drill-down fetches the one text shard of each shown run that holds the episode.
import {pairKey} from "./compare/align.js";
import type {RunData} from "./compare/compare.js";
import {textFileOf} from "./compare/shards.js";
import {episodeTable} from "./compare/table.js";
import type {EpisodeText, RunDetails, RunSummary} from "./compare/types.js";

/** Fetches a run's own files (named in its catalog entry) from beside the catalog. */
export interface RunFetcher {
  run: (summary: RunSummary) => Promise<RunData>;
  details: (summary: RunSummary) => Promise<RunDetails>;
  text: (summary: RunSummary, datasetId: string, episodeId: string) => Promise<EpisodeText | null>;
}

export function runFiles(catalogHref: string): RunFetcher {
  const base = new URL("runs/", catalogHref);
  const cache = new Map<string, Promise<unknown>>();
  const once = <T>(name: string, read: (response: Response) => Promise<T>): Promise<T> => {
    if (!cache.has(name)) {
      const loading = fetch(new URL(name, base)).then((response) => {
        if (!response.ok) throw new Error(`cannot load ${name}: HTTP ${response.status}`);
        return read(response);
      });
      loading.catch(() => cache.delete(name)); // a failed fetch is tried again next time
      cache.set(name, loading);
    }
    return cache.get(name) as Promise<T>;
  };
  const details = (summary: RunSummary) => once(summary.files.details, (r) => r.json() as Promise<RunDetails>);
  return {
    details,
    async run(summary) {
      const [table, runDetails] = await Promise.all([
        once(summary.files.table, async (r) => episodeTable(await r.arrayBuffer())),
        details(summary)
      ]);
      return {summary, details: runDetails, table};
    },
    async text(summary, datasetId, episodeId) {
      const file = textFileOf(summary.files, datasetId, episodeId);
      const texts = await once(file, (r) => r.json() as Promise<Record<string, EpisodeText>>);
      return texts[pairKey(datasetId, episodeId)] ?? null;
    }
  };
}
