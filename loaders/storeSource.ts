// A run's files read back from the store, as the report command (and the tests) see them: the same
// episode tables and details the page fetches.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {RunFilesSource} from "../src/compare/report.js";
import {episodeTable} from "../src/compare/table.js";
import type {RunDetails} from "../src/compare/types.js";

export function storeSource(store: string): RunFilesSource {
  return {
    details: (summary) => JSON.parse(readFileSync(join(store, summary.files.details), "utf8")) as RunDetails,
    table: (summary) => episodeTable(readFileSync(join(store, summary.files.table)))
  };
}
