// Exports of exactly what the episode table lists (every filtered row across pages, in the current sort),
// as records, CSV and JSON, downloaded client-side.
import type {Comparison} from "../compare/compare.js";
import {metricChange} from "../compare/episodes.js";
import {episodeReasonWords} from "../compare/explain.js";
import {
  defectTypes,
  deltaColumns,
  episodeFacts,
  findingChoices,
  type DefectType,
  type DeltaColumn,
  type EpisodeFacts
} from "./episodeColumns.js";
import {queryEpisodes, type EpisodeQuery} from "./episodeQuery.js";

export type ExportOptions = EpisodeQuery;

const flag = (value: number | null | undefined) => (value == null ? null : value === 1);

/**
 * One record per listed episode: per numeric column both runs' values and the delta ("latency_s_baseline",
 * "latency_s_candidate", "delta_latency_s"), per defect type both runs' flags ("failed_baseline",
 * "failed_candidate"), all read through metricChange (null where the episode has no such value, e.g. not run
 * by both), then the gates new and fixed and the reasons.
 */
export function recordsOf(
  rows: EpisodeFacts[],
  columns: DeltaColumn[],
  defects: DefectType[]
): Record<string, unknown>[] {
  return rows.map((row) => {
    const record: Record<string, unknown> = {
      episode_id: row.episode.episode_id,
      dataset_id: row.episode.dataset_id,
      status: row.episode.status,
      regressed: row.episode.regressed
    };
    for (const column of columns) {
      // A column of values rather than changes (a run scored against its gold) has no two sides.
      if (column.key.startsWith("delta_")) {
        const name = column.key.slice("delta_".length);
        const change = metricChange(row.episode, column.metric.name);
        record[`${name}_baseline`] = change?.baseline ?? null;
        record[`${name}_candidate`] = change?.candidate ?? null;
      }
      record[column.key] = row.deltas[column.key];
    }
    for (const {name} of defects) {
      const change = metricChange(row.episode, name);
      record[`${name}_baseline`] = flag(change?.baseline);
      record[`${name}_candidate`] = flag(change?.candidate);
    }
    record.new_gates = row.newGates.map((g) => g.name);
    record.fixed_gates = row.fixedGates.map((g) => g.name);
    record.reasons = row.episode.status === "common" ? row.reasons : episodeReasonWords(row.episode);
    return record;
  });
}

/** The listed episodes as records: both runs' values and the deltas (candidate minus baseline), gates, reasons. */
export function episodeRecords(comparison: Comparison, options: ExportOptions): Record<string, unknown>[] {
  const columns = deltaColumns(comparison);
  const defects = defectTypes(comparison);
  const facets = {defects, findings: findingChoices(comparison)};
  const {rows} = queryEpisodes(episodeFacts(comparison, columns, defects), columns, options, facets);
  return recordsOf(rows, columns, defects);
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
