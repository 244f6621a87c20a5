// Numbers and changes in words, the same in the verdict sentence, the episode reasons and the report.
import type {MetricChange} from "./changes.js";
import type {Delta} from "./deltas.js";
import type {MetricDefinition, Unit} from "./metrics.js";

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
export function signed(value: number | null | undefined, unit: Unit): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  const magnitude = difference(value, unit);
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

const GATE_WORDS: Record<string, string> = {
  gate_truncation: "truncation",
  gate_speaker_label: "speaker label leak",
  gate_boilerplate: "boilerplate leak",
  failed: "failure",
  success_rate: "failure"
};

/** A trade-off's size: "2.1x slower", "outputs 62% shorter", "reduce input 5.0x larger". */
export function tradeoffWords(d: Pick<Delta, "metric" | "baseline" | "candidate" | "unit">): string {
  const [b, c] = [d.baseline ?? 0, d.candidate ?? 0];
  switch (d.metric) {
    case "avg_latency_s":
      return ratioWords(b, c, "slower", "faster");
    case "cost_usd":
      return `cost ${ratioWords(b, c, "higher", "lower")}`;
    case "avg_output_tokens":
      return `outputs ${ratioWords(b, c, "longer", "shorter")}`;
    case "map_tokens":
      return `map summaries ${ratioWords(b, c, "longer", "shorter")}`;
    case "reduce_input_tokens":
      return `reduce input ${ratioWords(b, c, "larger", "smaller")}`;
    case "map_chunks":
      return `map chunks ${amount(b, d.unit)} → ${amount(c, d.unit)}`;
    default:
      return `${d.metric.replace(/_/g, " ")} ${amount(b, d.unit)} → ${amount(c, d.unit)}`;
  }
}

/** A health rule's change: "1 new failure: p05_e01", "truncation fixed on 5 episodes: …". */
function ruleWords(d: Delta): string {
  const what = GATE_WORDS[d.metric] ?? d.label;
  if (d.verdict === "worse")
    return `${d.new.length} new ${what}${d.new.length === 1 ? "" : "s"}: ${episodeList(d.new)}${d.fixed.length ? ` (${d.fixed.length} fixed)` : ""}`;
  return `${what}s fixed on ${d.fixed.length} episodes: ${episodeList(d.fixed)}`;
}

/** Gate rules said together: "new gate hits: truncation (p04_e01), speaker label leak (p02_e01)". */
export function gateWords(gates: Delta[]): string {
  const worse = gates.filter((d) => d.verdict === "worse");
  const parts = (list: Delta[], ids: (d: Delta) => string[]) =>
    list.map((d) => `${GATE_WORDS[d.metric]} (${episodeList(ids(d))})`).join(", ");
  if (worse.length) return `new gate hits: ${parts(worse, (d) => d.new)}`;
  return `gate hits fixed: ${parts(gates, (d) => d.fixed)}`;
}

/** A decisive change in the verdict: "1 new failure: p05_e01", "ROUGE-L −0.21 vs silver_v1". */
export function causeWords(d: Delta): string {
  if (d.kind === "health") return ruleWords(d);
  const reference = d.reference ? ` vs ${d.reference.split("/").pop()}` : "";
  const interval = d.ci95 ? ` [${signed(d.ci95[0], d.unit)}, ${signed(d.ci95[1], d.unit)}]` : "";
  return `${d.label.replace(/ \(mean per episode\)$/, "")} ${signed(d.delta, d.unit)}${interval}${reference}`;
}

/** One episode's change of one metric, for its reasons: "ROUGE-L 0.61 → 0.32 (−0.29)". */
export function changeWords(metric: MetricDefinition, change: MetricChange): string {
  if (metric.kind === "health") {
    const what = GATE_WORDS[metric.name] ?? metric.label;
    return change.crossed < 0 ? `new ${what}` : `${what} fixed`;
  }
  return `${metric.label.replace(/ \(mean per episode\)$/, "")} ${amount(change.baseline, metric.unit)} → ${amount(change.candidate, metric.unit)} (${signed(change.delta, metric.unit)})`;
}

const DELTA_MARKS = {better: "▲", worse: "▼", same: "="} as const;

/** The arrow beside a delta: ▲ ▼ = by its verdict, ↔ for a neutral size (never better or worse). */
export const deltaMark = (d: Delta) => (d.direction === "neutral" ? "↔" : DELTA_MARKS[d.verdict]);

/** A delta's verdict as the page and the Markdown report word it. */
export function deltaVerdictWords(d: Delta): string {
  if (d.note) return "not judged";
  if (d.direction === "neutral") return d.clear ? "changed (neutral)" : "no clear change (neutral)";
  if (d.verdict !== "same") return d.verdict;
  return d.underpowered ? "too few episodes to tell" : "no clear change";
}
