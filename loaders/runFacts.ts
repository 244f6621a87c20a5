// Facts about a run that come from its configuration files: what it is (models) and when it was made.
import type {RunSummary} from "../src/compare/types.js";
import {field, isObject, type JsonObject} from "./files.js";

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const text = (value: unknown) => (typeof value === "string" && value.trim() !== "" ? value : null);
const isoTime = (value: unknown) =>
  typeof value === "string" && ISO_TIME.test(value) && !Number.isNaN(Date.parse(value)) ? value : null;

/**
 * When the run was made, for "most recent": baseline.json's promoted_at, else its created_at, else the
 * fingerprint's run time (run_context.run_id is a timestamp in real fingerprints, or a *_at field).
 */
export function runTime(
  promotion: JsonObject | null,
  fingerprint: JsonObject | null
): {time: string | null; source: RunSummary["time_source"]} {
  const promoted = isoTime(promotion?.promoted_at);
  if (promoted) return {time: promoted, source: "promoted_at"};
  const created = isoTime(promotion?.created_at);
  if (created) return {time: created, source: "created_at"};
  const context = field(fingerprint, "run_context");
  const fromFingerprint = [
    field(context, "run_id"),
    field(context, "created_at"),
    field(context, "started_at"),
    field(context, "timestamp"),
    fingerprint?.created_at
  ]
    .map(isoTime)
    .find((value) => value !== null);
  return fromFingerprint ? {time: fromFingerprint, source: "fingerprint"} : {time: null, source: null};
}

/** "map_reduce: pegasus-cnn_dailymail → led-base-16384" or the provider and model. */
export function describeRun(fingerprint: JsonObject | null, promotion: JsonObject | null = null): string | null {
  const stages = field(fingerprint, "pipeline", "stages");
  if (isObject(stages)) {
    const models = Object.values(stages)
      .map((stage) => text(field(stage, "model", "model_name")))
      .filter((m): m is string => m !== null);
    if (models.length) return `${text(field(fingerprint, "pipeline", "type")) ?? "pipeline"}: ${models.join(" → ")}`;
  }
  const model =
    text(field(fingerprint, "model", "name")) ??
    text(field(fingerprint, "provider", "model")) ??
    text(field(promotion, "backend", "model"));
  const provider =
    text(field(fingerprint, "provider", "provider_type")) ?? text(field(fingerprint, "provider", "name"));
  return [provider, model].filter(Boolean).join(" · ") || null;
}
