// The bench's output: one row per measure, as a markdown-ish table and as JSON.
import {formatBytes, formatMs} from "./stats.js";

export type Unit = "ms" | "bytes" | "count";

export interface Row {
  dataset: string;
  measure: string;
  value: number | null;
  unit: Unit;
  baseline: number | null;
  baselineLabel: string;
  /** value / baseline. */
  ratio: number | null;
  budget: string;
  /** null: no budget (reported only). */
  met: boolean | null;
  samples?: number[];
  note?: string;
}

export function row(r: Omit<Row, "ratio"> & {ratio?: number | null}): Row {
  const ratio = r.ratio !== undefined ? r.ratio : r.value !== null && r.baseline ? r.value / r.baseline : null;
  return {...r, ratio};
}

export function show(value: number | null, unit: Unit): string {
  if (value === null || !Number.isFinite(value)) return "—";
  return unit === "ms" ? formatMs(value) : unit === "bytes" ? formatBytes(value) : String(value);
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

export function table(rows: Row[]): string {
  const header = ["data set", "measure", "value", "baseline", "ratio", "budget", "met"];
  const lines = rows.map((r) =>
    [
      r.dataset,
      r.measure,
      show(r.value, r.unit),
      r.baseline === null ? "—" : `${show(r.baseline, r.unit === "count" ? "count" : r.unit)} (${r.baselineLabel})`,
      r.ratio === null ? "—" : `${r.ratio.toFixed(2)}x`,
      r.budget || "—",
      r.met === null ? "(report)" : r.met ? "yes" : "**MISSED**"
    ].map(cell)
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [format(header), format(widths.map((w) => "-".repeat(w))), ...lines.map(format)].join("\n");
}

export function missedLines(rows: Row[]): string {
  const misses = rows.filter((r) => r.met === false);
  if (!misses.length) return "\nAll budgets met.";
  const value = (r: Row) =>
    r.value === null
      ? "no value (see notes)"
      : `${show(r.value, r.unit)}${r.ratio !== null ? ` (${r.ratio.toFixed(2)}x ${r.baselineLabel})` : ""}`;
  const lines = misses.map((r) => `  MISSED: ${r.dataset} / ${r.measure}: ${value(r)}; budget ${r.budget}`);
  return `\nMISSED ${misses.length} budget(s):\n${lines.join("\n")}`;
}
