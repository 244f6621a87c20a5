// Per-run KPIs (docs/rules.md, "Run KPIs"): run_summary.json, else the predictions (metrics.json only when a
// run has no predictions), each cross-checked against the other source.
import type {EpisodeRow} from "../src/compare/table.js";
import {mean} from "d3-array";
import {CHECK_NAMES, KPI_NAMES, type CheckName, type KpiName, type Kpis, type KpiSource} from "../src/compare/types.js";
import {field, type JsonObject} from "./files.js";

interface KpiInput {
  rows: EpisodeRow[];
  metrics: JsonObject | null;
  summary: JsonObject | null;
  task: string | null;
  hasPredictions: boolean;
}

export interface KpiResult {
  kpis: Kpis;
  sources: Record<KpiName, KpiSource | null>;
  stored: Partial<Record<KpiName, number | null>>;
  recomputed: Partial<Record<KpiName, number | null>>;
  warnings: string[];
}

/** Every KPI unknown. */
const nothing = <T>() => Object.fromEntries(KPI_NAMES.map((name) => [name, null])) as Record<KpiName, T | null>;
export const NO_KPIS: Kpis = nothing<number>();
export const KPI_SOURCES_NONE: Record<KpiName, KpiSource | null> = nothing<KpiSource>();

const GATES = {
  gate_truncation: ["truncation", "truncation_rate"],
  gate_speaker_label: ["speaker_label", "speaker_label_leak_rate"],
  gate_boilerplate: ["boilerplate", "boilerplate_leak_rate"]
} as const;
const TOKEN_TOLERANCE = 0.5;
const LATENCY_TOLERANCE = 0.01;

function num(value: unknown): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** The mean of the known values; null when none is known. */
const meanOf = (values: (number | null)[]) => mean(values as number[]) ?? null;

const isTextTask = (task: string | null) => task === null || task.startsWith("summar");

/**
 * Episodes an output check (or at_cap) fires on: this project's own, from the predictions only. Null when it
 * applies to no episode (not a summarization run, every episode failed; at_cap: no cap known).
 */
function checkCount(rows: EpisodeRow[], task: string | null, flag: CheckName | "at_cap"): number | null {
  let known = 0;
  let hits = 0;
  for (const row of rows) {
    if (row[flag] === null) continue;
    known++;
    if (row[flag]) hits++;
  }
  return isTextTask(task) && known > 0 ? hits : null;
}

/** Values metrics.json stores, in KPI units (seconds, counts); null where it stores nothing usable. */
function storedInMetrics(metrics: JsonObject | null, task: string | null) {
  const count = num(metrics?.episode_count);
  const latencyMs = num(field(metrics, "intrinsic", "performance", "avg_latency_ms"));
  const tokens = num(field(metrics, "intrinsic", "length", "avg_tokens"));
  const textTask = isTextTask(task);
  const gate = (rateKey: string) => {
    const rate = num(field(metrics, "intrinsic", "gates", rateKey));
    // A rate outside [0, 1] is not a rate; the count is then recomputed from predictions.
    return rate === null || rate < 0 || rate > 1 || count === null ? null : Math.round(rate * count);
  };
  return {
    count,
    // The scorer writes 0 when it had no value to average: unknown, not zero.
    avg_output_tokens: tokens === 0 || !textTask ? null : tokens,
    avg_latency_s: latencyMs === null || latencyMs === 0 ? null : latencyMs / 1000,
    // Gates apply to summarization text only; the scorer writes 0.0 rates for other tasks too.
    gate_truncation: textTask ? gate(GATES.gate_truncation[1]) : null,
    gate_speaker_label: textTask ? gate(GATES.gate_speaker_label[1]) : null,
    gate_boilerplate: textTask ? gate(GATES.gate_boilerplate[1]) : null
  };
}

function storedInSummary(summary: JsonObject | null): Partial<Record<KpiName, number | null>> {
  if (!summary) return {};
  const gates = field(summary, "gate_failures");
  return {
    success_rate: num(summary.success_rate),
    failed: num(summary.failed_episodes) ?? num(summary.failed),
    avg_output_tokens: num(summary.avg_output_tokens),
    avg_latency_s: num(summary.avg_latency_s),
    gate_truncation: num(field(gates, GATES.gate_truncation[0])),
    gate_speaker_label: num(field(gates, GATES.gate_speaker_label[0])),
    gate_boilerplate: num(field(gates, GATES.gate_boilerplate[0]))
  };
}

function disagrees(name: KpiName, stored: number, computed: number): boolean {
  if (name === "avg_output_tokens") return Math.abs(stored - computed) > TOKEN_TOLERANCE;
  if (name === "avg_latency_s")
    return Math.abs(stored - computed) > LATENCY_TOLERANCE * Math.max(1, Math.abs(computed));
  return Math.abs(stored - computed) > 1e-9;
}

export function computeKpis({rows, metrics, summary, task, hasPredictions}: KpiInput): KpiResult {
  const failed = rows.filter((r) => r.failed).length;
  const gateRows = rows.filter((r) => r.gate_truncation !== null);
  const fromMetrics = storedInMetrics(metrics, task);
  const fromSummary = storedInSummary(summary);
  const count = (flag: "gate_truncation" | "gate_speaker_label" | "gate_boilerplate") =>
    gateRows.length || rows.length === 0 ? rows.filter((r) => r[flag]).length : null;
  const computed: Kpis = hasPredictions
    ? {
        success_rate: rows.length ? (rows.length - failed) / rows.length : null,
        failed,
        avg_output_tokens: meanOf(rows.map((r) => r.output_tokens)),
        avg_latency_s: meanOf(rows.map((r) => r.latency_s)),
        gate_truncation: count("gate_truncation"),
        gate_speaker_label: count("gate_speaker_label"),
        gate_boilerplate: count("gate_boilerplate"),
        ...(Object.fromEntries(CHECK_NAMES.map((name) => [name, checkCount(rows, task, name)])) as Record<
          CheckName,
          number | null
        >),
        at_cap: checkCount(rows, task, "at_cap")
      }
    : NO_KPIS; // metrics.json's failed_episodes lists gate hits, not failures: without predictions they are unknown.
  const kpis = {} as Kpis;
  const sources = {} as Record<KpiName, KpiSource | null>;
  const stored: Partial<Record<KpiName, number | null>> = {};
  const recomputed: Partial<Record<KpiName, number | null>> = {};
  const warnings: string[] = [];
  // run_summary.json first, then the predictions; metrics.json only for a run without predictions (its zeros
  // for "no value" would otherwise pass for measurements). Whichever is shown, the other is the cross-check.
  const choose = (name: KpiName, metricsValue: number | null) => {
    const candidates: [KpiSource, number | null | undefined][] = [
      ["run_summary", fromSummary[name]],
      ["predictions", computed[name]]
    ];
    if (!hasPredictions) candidates.push(["metrics", metricsValue]);
    const [source, value] = candidates.find(([, v]) => v != null) ?? [null, null];
    kpis[name] = value ?? null;
    sources[name] = source;
    const storedValue = fromSummary[name] ?? metricsValue;
    if (storedValue != null) stored[name] = storedValue;
    if (hasPredictions) recomputed[name] = computed[name];
    const check = computed[name];
    if (hasPredictions && check !== null && storedValue != null && disagrees(name, storedValue, check)) {
      const where = fromSummary[name] != null ? "run_summary.json" : "metrics.json";
      warnings.push(`${name}: ${where} stores ${round(storedValue)}, predictions.jsonl gives ${round(check)}`);
    }
  };
  choose("success_rate", null);
  choose("failed", null);
  choose("avg_output_tokens", fromMetrics.avg_output_tokens);
  choose("avg_latency_s", fromMetrics.avg_latency_s);
  for (const gate of Object.keys(GATES) as (keyof typeof GATES)[]) choose(gate, fromMetrics[gate]);
  // No artifact stores these: always the predictions' (null without them).
  for (const name of [...CHECK_NAMES, "at_cap"] as const) choose(name, null);
  if (fromMetrics.count !== null && hasPredictions && fromMetrics.count !== rows.length) {
    warnings.push(`metrics.json episode_count is ${fromMetrics.count}, predictions.jsonl covers ${rows.length}`);
  }
  return {kpis, sources, stored, recomputed, warnings};
}

function round(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(3);
}

const GATE_NAMES = {
  gate_truncation: "truncation",
  gate_speaker_label: "speaker_label_leak",
  gate_boilerplate: "boilerplate_leak"
} as const;

/**
 * metrics.json's failed_episodes is the scorer's union of gate hits (not failures): a cross-check only.
 * Each episode where it and the recomputed gates disagree is a warning.
 */
export function gateCrossCheck(rows: EpisodeRow[], metrics: JsonObject | null): string[] {
  const listed = field(metrics, "intrinsic", "gates", "failed_episodes");
  if (!Array.isArray(listed)) return [];
  const stored = new Set(
    listed.map((item) => (typeof item === "string" ? item : String(field(item, "episode_id") ?? ""))).filter(Boolean)
  );
  const hits = new Map<string, string[]>();
  for (const row of rows) {
    const gates = (Object.keys(GATE_NAMES) as (keyof typeof GATE_NAMES)[])
      .filter((gate) => row[gate])
      .map((gate) => GATE_NAMES[gate]);
    if (gates.length) hits.set(row.episode_id, gates);
  }
  const warnings: string[] = [];
  for (const id of stored) {
    if (!hits.has(id))
      warnings.push(`metrics.json lists ${id} in failed_episodes (a gate hit); the recomputed gates find none`);
  }
  for (const [id, gates] of hits) {
    if (!stored.has(id))
      warnings.push(
        `recomputed gates flag ${id} (${gates.join(", ")}); metrics.json's failed_episodes does not list it`
      );
  }
  return warnings;
}
