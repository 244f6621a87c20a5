// Exports of exactly what the episode table lists (every filtered row across pages, in the current sort),
// as records, CSV and JSON, downloaded client-side.
import type {Comparison} from "../compare/compare.js";
import {episodeReasonWords} from "../compare/explain.js";
import {deltaColumns, episodeFacts, type EpisodeFacts} from "./episodeColumns.js";
import {queryEpisodes, type EpisodeQuery} from "./episodeQuery.js";

export type ExportOptions = EpisodeQuery;

export function recordsOf(rows: EpisodeFacts[], deltaKeys: string[]): Record<string, unknown>[] {
  return rows.map((row) => ({
    episode_id: row.episode.episode_id,
    dataset_id: row.episode.dataset_id,
    status: row.episode.status,
    regressed: row.episode.regressed,
    ...Object.fromEntries(deltaKeys.map((key) => [key, row.deltas[key]])),
    new_gates: row.newGates.map((g) => g.name),
    fixed_gates: row.fixedGates.map((g) => g.name),
    reasons: row.episode.status === "common" ? row.reasons : episodeReasonWords(row.episode)
  }));
}

/** The listed episodes as records: deltas raw (candidate minus baseline), gates and reasons as lists. */
export function episodeRecords(comparison: Comparison, options: ExportOptions): Record<string, unknown>[] {
  const columns = deltaColumns(comparison);
  const {rows} = queryEpisodes(episodeFacts(comparison, columns), columns, options);
  return recordsOf(
    rows,
    columns.map((c) => c.key)
  );
}

// A spreadsheet would run a cell starting with one of these as a formula; a leading ' keeps it text.
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return csvField(value.join("; "));
  if (typeof value !== "string") return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV: a header row from the first record's keys, fields quoted when they need it. */
export function toCsv(records: Record<string, unknown>[]): string {
  if (!records.length) return "";
  const keys = Object.keys(records[0]);
  return (
    [keys.join(","), ...records.map((record) => keys.map((key) => csvField(record[key])).join(","))].join("\r\n") +
    "\r\n"
  );
}

/** A run id as a file name: "runs/mr_starved_v3" -> "runs_mr_starved_v3". */
export function safeFileName(runId: string): string {
  return runId.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._-]+|[._-]+$/g, "") || "run";
}

export function download(content: string, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], {type}));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers read the object URL after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
