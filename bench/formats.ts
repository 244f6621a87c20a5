// Arrow IPC or Arquero's columnar JSON for a run's episode table: bytes, gzipped bytes, and the time to
// read each back into an Arquero table (what the page and the report do), on the largest run of a tree.
import {readdirSync, readFileSync, statSync} from "node:fs";
import {join} from "node:path";
import {gzipSync} from "node:zlib";
import {fromJSON, toJSON} from "arquero";
import {episodeTable} from "../src/compare/table.js";
import {median} from "./stats.js";

export interface FormatResult {
  rows: number;
  arrow: {bytes: number; gzip: number; readMs: number};
  json: {bytes: number; gzip: number; readMs: number};
}

function timeReads(read: () => unknown, repeats = 25): number {
  read(); // warm the code paths
  const samples = Array.from({length: repeats}, () => {
    const start = performance.now();
    read();
    return performance.now() - start;
  });
  return median(samples);
}

export function compareFormats(store: string): FormatResult {
  const tables = readdirSync(store).filter((name) => name.endsWith(".arrow"));
  const largest = tables.sort((a, b) => statSync(join(store, b)).size - statSync(join(store, a)).size)[0];
  const arrowBytes = readFileSync(join(store, largest));
  const table = episodeTable(arrowBytes);
  const json = toJSON(table, {type: "columns"});
  return {
    rows: table.numRows(),
    arrow: {
      bytes: arrowBytes.length,
      gzip: gzipSync(arrowBytes).length,
      readMs: timeReads(() => episodeTable(arrowBytes))
    },
    json: {bytes: Buffer.byteLength(json), gzip: gzipSync(json).length, readMs: timeReads(() => fromJSON(json))}
  };
}
