// Which episodes got worse, how much, and why, in words; ranked quality first, then gates, length, repetition, latency.
import type {EpisodePair} from "./align.js";
import type {EpisodeRow} from "./types.js";

export interface EpisodeChange {
  dataset_id: string;
  episode_id: string;
  regressed: boolean;
  reasons: string[];
  /** Larger is worse; orders the episode list. Improvements score below zero. */
  severity: number;
  improvements: string[];
}

const QUALITY_DROP = 0.02;
const LENGTH_COLLAPSE = 0.5;
const REPETITION_RISE = 0.1;
const LATENCY_RATIO = 1.5;
// Tiers keep the order SPEC asks for: a reason in a higher tier outranks every combination of lower ones.
// Each reason adds tier x (1 + amount), amount in [0, 1), and a tier holds at most three reasons (the gates),
// so the most a tier can add (3 x 2 x tier) stays below the next tier up (10 x tier).
const TIER = {failure: 1e6, quality: 1e5, gate: 1e4, length: 1e3, repetition: 1e2, latency: 1e1};
const MAX_AMOUNT = 0.999;

const fmt = (value: number, digits = 2) => value.toFixed(digits);
const GATES: [keyof EpisodeRow, string][] = [
  ["gate_truncation", "truncation"],
  ["gate_speaker_label", "speaker label leak"],
  ["gate_boilerplate", "boilerplate leak"]
];

function rougeChange(b: EpisodeRow, c: EpisodeRow): number | null {
  if (b.rougeL === null || c.rougeL === null) return null;
  return c.rougeL - b.rougeL;
}

export function episodeChange({dataset_id, episode_id, baseline: b, candidate: c}: EpisodePair): EpisodeChange {
  const reasons: string[] = [];
  const improvements: string[] = [];
  let severity = 0;
  const worse = (tier: number, amount: number, reason: string) => {
    severity += tier * (1 + Math.min(Math.max(amount, 0), MAX_AMOUNT));
    reasons.push(reason);
  };
  if (!b) return {dataset_id, episode_id, regressed: false, reasons: ["only in candidate"], severity: 0, improvements};
  if (!c) {
    worse(TIER.failure, 0, "missing from candidate");
    return {dataset_id, episode_id, regressed: true, reasons, severity, improvements};
  }
  if (c.failed && !b.failed) worse(TIER.failure, 0, `failed: ${c.error ?? "no usable output"}`);
  if (!c.failed && b.failed) improvements.push("no longer fails");
  const rouge = rougeChange(b, c);
  if (rouge !== null && rouge <= -QUALITY_DROP) {
    worse(TIER.quality, -rouge, `ROUGE-L ${fmt(b.rougeL!)} → ${fmt(c.rougeL!)} (${fmt(rouge)})`);
  } else if (rouge !== null && rouge >= QUALITY_DROP) improvements.push(`ROUGE-L +${fmt(rouge)}`);
  for (const [key, name] of GATES) {
    if (c[key] && !b[key]) worse(TIER.gate, 0, `new ${name}`);
    if (b[key] && !c[key]) improvements.push(`${name} fixed`);
  }
  if (b.output_tokens && c.output_tokens !== null && !c.failed) {
    const ratio = c.output_tokens / b.output_tokens;
    if (ratio <= LENGTH_COLLAPSE) {
      worse(TIER.length, 1 - ratio, `output ${Math.round((1 - ratio) * 100)}% shorter (${b.output_tokens} → ${c.output_tokens} tokens)`);
    }
  }
  if (b.repetition !== null && c.repetition !== null && c.repetition - b.repetition >= REPETITION_RISE) {
    worse(TIER.repetition, c.repetition - b.repetition, `repetition ${fmt(b.repetition)} → ${fmt(c.repetition)} (${c.longest_repeat ?? 0}-word repeated run)`);
  }
  if (b.latency_s && c.latency_s !== null && c.latency_s / b.latency_s >= LATENCY_RATIO) {
    const ratio = c.latency_s / b.latency_s;
    worse(TIER.latency, 1 - 1 / ratio, `latency ${fmt(ratio, 1)}× (${fmt(b.latency_s, 1)} s → ${fmt(c.latency_s, 1)} s)`);
  }
  if (severity === 0) severity = -improvements.length;
  return {dataset_id, episode_id, regressed: reasons.length > 0, reasons, severity, improvements};
}

/** All paired episodes, most regressed first; ties keep the baseline's order. */
export function rankEpisodes(pairs: EpisodePair[]): EpisodeChange[] {
  return pairs
    .map((pair, order) => ({change: episodeChange(pair), order}))
    .sort((a, b) => b.change.severity - a.change.severity || a.order - b.order)
    .map((x) => x.change);
}
