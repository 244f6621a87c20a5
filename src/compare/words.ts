// Numbers and changes in words, the same in the verdict sentence, the episode reasons and the report.
import type {Delta} from "./deltas.js";
import type {Unit} from "./metrics.js";

const trim = (text: string) => text.replace(/(\.\d*?)0+$/, "$1").replace(/\.$/, "");
// One formatter for every whole number on the page: toLocaleString builds a new one per call.
const INTEGER = new Intl.NumberFormat("en-US");

/** Grouped thousands ("12,345"); below 1,000 no formatter is needed, and tables call this thousands of times. */
export const count = (value: number) =>
  Number.isInteger(value) && Math.abs(value) < 1000 ? String(value) : INTEGER.format(value);

/** A percentage; a value that is neither 0 nor 1 never rounds to 0% or 100% (99.7% of episodes is not all). */
function percent(value: number, digits: number): string {
  const points = value * 100;
  while (
    digits < 3 &&
    points !== 0 &&
    Math.abs(points) !== 100 &&
    [0, 100].includes(Math.abs(Number(points.toFixed(digits))))
  )
    digits++;
  return `${trim(points.toFixed(digits))}%`;
}

/** A number in a message or a plain table cell: whole numbers as they are, others to 4 decimals. */
export const plain = (value: number) => (Number.isInteger(value) ? String(value) : String(Number(value.toFixed(4))));

/** A value in its unit, short: "0.214", "12%", "13.5%", "3.4 s", "1,204", "$0.012". */
export function amount(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  switch (unit) {
    case "rate":
      return percent(value, Math.abs(value) < 0.1 ? 1 : 0);
    case "share":
      return percent(value, 1);
    case "seconds":
      return `${trim(value.toFixed(Math.abs(value) < 10 ? 2 : 1))} s`;
    case "usd":
      return `$${trim(value.toFixed(4))}`;
    case "score":
      return trim(value.toFixed(3));
    default:
      return Number.isInteger(value) ? count(value) : trim(value.toFixed(1));
  }
}

/** The size of a difference, unsigned: "0.05", "3.1 s", "4 pts" for shares and rates (a threshold, an MDE). */
export function difference(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const size = Math.abs(value);
  if (unit !== "rate" && unit !== "share") return amount(size, unit);
  return `${trim((size * 100).toFixed(size > 0 && size < 0.001 ? 2 : 1))} pts`;
}

/** A difference with its sign ("+0.05", "−3.1 s", "+4 pts" for shares and rates). */
export function signed(value: number | null | undefined, unit: Unit, {bare = false} = {}): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  // Bare: without the unit's suffix, for a cell whose header names the unit ("Δ latency (s)").
  const magnitude = bare && unit === "seconds" ? difference(value, unit).replace(/ s$/, "") : difference(value, unit);
  // A change that rounds to nothing has no sign: "0", never "−0".
  if (!/[1-9]/.test(magnitude)) return magnitude;
  return value > 0 ? `+${magnitude}` : value < 0 ? `−${magnitude}` : magnitude;
}

/** "2.1x" once a value has more than doubled or halved, else "24%". */
export function ratioWords(baseline: number, candidate: number, up: string, down: string): string {
  if (baseline === 0) return candidate > 0 ? `${up} (from 0)` : "unchanged";
  const ratio = candidate / baseline;
  if (ratio >= 2) return `${trim(ratio.toFixed(1))}x ${up}`;
  if (ratio > 0 && ratio <= 0.5) return `${trim((1 / ratio).toFixed(1))}x ${down}`;
  const percent = Math.round(Math.abs(ratio - 1) * 100);
  return `${percent}% ${ratio > 1 ? up : down}`;
}

const LIST_LIMIT = 3;

/** "p01_e01, p02_e01 and 3 more". */
export function episodeList(ids: string[]): string {
  if (ids.length <= LIST_LIMIT) return ids.join(", ");
  return `${ids.slice(0, LIST_LIMIT).join(", ")} and ${ids.length - LIST_LIMIT} more`;
}

const DELTA_MARKS = {better: "▲", worse: "▼", same: "="} as const;

/** The arrow beside a delta: ▲ ▼ = by its verdict, ↔ for a neutral size (never better or worse). */
export const deltaMark = (d: Pick<Delta, "direction" | "verdict">) =>
  d.direction === "neutral" ? "↔" : DELTA_MARKS[d.verdict];

/** A run id's last path segment: "baselines/x_v1" → "x_v1". */
export const lastSegment = (id: string) => id.slice(id.lastIndexOf("/") + 1);
