// One KPI value as the DOM contract names it: [data-kpi][data-run] with the raw number in data-value.
import type {Unit} from "../compare/metrics.js";
import type {KpiName, NerMode, RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {builder, type Build} from "./dom.js";

export const KPI_LABELS: Record<KpiName, {label: string; unit: Unit; hint: string}> = {
  success_rate: {label: "Success rate", unit: "rate", hint: "episodes with an output for the task / episodes run"},
  failed: {
    label: "Failed episodes",
    unit: "count",
    hint: "an error, an unparseable line, or no output for the task (a gate hit is not a failure)"
  },
  avg_output_tokens: {
    label: "Avg output tokens (est.)",
    unit: "tokens",
    hint: "the scorer's estimate: characters / 4, rounded down"
  },
  avg_latency_s: {label: "Avg latency", unit: "seconds", hint: "mean processing time per episode"},
  gate_truncation: {
    label: "Truncation",
    unit: "count",
    hint: "gate: output shorter than 1% of the input (or an end marker when a length is unknown)"
  },
  gate_speaker_label: {
    label: "Speaker label leak",
    unit: "count",
    hint: "gate: Host:, Guest:, Speaker N:, Interviewer:, Interviewee: anywhere in the output"
  },
  gate_boilerplate: {
    label: "Boilerplate leak",
    unit: "count",
    hint: "gate: one of the scorer's 7 phrases (subscribe to our newsletter, follow us on, rate and review, …)"
  },
  check_speaker_turns: {
    label: "Speaker turns",
    unit: "count",
    hint: "check: a speaker label (A:, SPEAKER_00:, Speaker A:) opening the output, a line or a sentence"
  },
  check_junk: {
    label: "Junk",
    unit: "count",
    hint: "check: a run of 6 or more of one symbol (______, ======, backslashes) or a U+FFFD replacement character"
  },
  check_cut_off: {
    label: "Cut off",
    unit: "count",
    hint:
      "check: prose ending inside a sentence: no final punctuation, a last word such as the, and, when, don, " +
      "or at the cap a final sentence of 3 words or fewer"
  },
  check_repetition: {
    label: "Repetition",
    unit: "count",
    hint: "check: a phrase of 1 to 5 words said 3 or more times in a row"
  },
  at_cap: {
    label: "At cap",
    unit: "count",
    hint: "outputs reaching 90% of the final stage's token cap (fingerprint.json), in recorded tokens, else chars / 4"
  }
};

const SOURCE_TEXT = {
  run_summary: "run_summary.json",
  metrics: "metrics.json (stored)",
  predictions: "recomputed from predictions.jsonl"
} as const;

/**
 * The other source's value where it disagrees with the one shown: the recomputed
 * one beside run_summary.json's, the stored one beside a recomputed one.
 */
export function kpiDisagreement(run: RunSummary, name: KpiName): {label: string; value: number} | null {
  const value = run.kpis[name];
  const source = run.kpi_sources[name];
  const other = source === "run_summary" ? run.recomputed[name] : source === "predictions" ? run.stored[name] : null;
  if (value === null || other == null || Math.abs(other - value) <= 1e-9 * Math.max(1, Math.abs(value))) return null;
  return {label: source === "run_summary" ? "recomputed" : "stored", value: other};
}

/** The other source's value where it disagrees with the one shown, to show beside the KPI; or nothing. */
export function kpiDisagreementNote(run: RunSummary, name: KpiName, h: Build = builder()): HTMLElement | null {
  const other = kpiDisagreement(run, name);
  if (!other) return null;
  const where = other.label === "recomputed" ? "predictions.jsonl gives" : "metrics.json stores";
  return h(
    "small",
    {
      class: "kpi-other",
      "data-kpi-other": name,
      title: `${where} ${amount(other.value, KPI_LABELS[name].unit)}; see the run's warnings`
    },
    `${other.label} ${amount(other.value, KPI_LABELS[name].unit)}`
  );
}

/** The formatted value; with `contract` it carries the DOM contract's attributes (one element per run and KPI). */
export function kpiValue(
  run: RunSummary,
  name: KpiName,
  {contract = true, h = builder()}: {contract?: boolean; h?: Build} = {}
): HTMLElement {
  const value = run.kpis[name];
  const source = run.kpi_sources[name];
  const unit = KPI_LABELS[name].unit;
  const other = kpiDisagreement(run, name);
  const title = `${KPI_LABELS[name].hint} · ${source ? `source: ${SOURCE_TEXT[source]}` : "not available"}${
    other ? ` · ${other.label}: ${amount(other.value, unit)} (disagrees; see the run's warnings)` : ""
  }`;
  const attributes = contract
    ? {
        class: "kpi-value",
        title,
        "data-kpi": name,
        "data-run": run.id,
        "data-value": value === null ? "" : String(value)
      }
    : {class: "kpi-value", title};
  return h("span", attributes, amount(value, unit));
}

/** Run-level micro F1s (every entity of every scored episode pooled), not the per-episode mean the chart plots. */
export const NER_LABELS: Record<NerMode, string> = {
  entity_set: "Entity-set F1 (micro)",
  mention_overlap: "Mention F1, overlap (micro)",
  mention_exact: "Mention F1, exact (micro)"
};

/** A run-level NER micro F1 as the DOM contract names it: data-kpi="ner_f1_<mode>". */
export function nerValue(run: RunSummary, mode: NerMode, h: Build = builder()): HTMLElement {
  const score = run.ner?.[mode] ?? null;
  const stored = run.ner?.stored?.[mode];
  const storedNote =
    score && stored && Math.abs(stored.f1 - score.f1) > 1e-9 ? ` · stored ${amount(stored.f1, "score")}` : "";
  const title = score
    ? `micro over ${run.ner!.episodes_scored} episodes vs ${run.ner!.reference}: ` +
      `tp ${score.tp}, fp ${score.fp}, fn ${score.fn}, ` +
      `precision ${amount(score.precision, "score")} · ${run.ner!.out_of_scope} of ${run.ner!.entities_predicted} ` +
      "predictions out of the gold's scope, dropped as the scorer does, " +
      `recall ${amount(score.recall, "score")}${storedNote} · ` +
      "the quality chart plots per-episode F1 and their mean, which may differ"
    : "no gold reference";
  const attributes = {
    class: "kpi-value",
    title,
    "data-kpi": `ner_f1_${mode}`,
    "data-run": run.id,
    "data-value": score ? String(score.f1) : ""
  };
  return h("span", attributes, amount(score?.f1 ?? null, "score"));
}
