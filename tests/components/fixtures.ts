// Fixtures for the component tests: episode rows, run summaries, deltas and comparisons with only what matters set.
import type {Comparison} from "../../src/compare/compare.js";
import type {Delta} from "../../src/compare/deltas.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {RunSummary} from "../../src/compare/types.js";
import type {RunRow} from "../../src/components/charts.js";

export function row(run: string, episode: string, values: Partial<EpisodeRow> = {}): RunRow {
  return {
    run,
    dataset_id: "d",
    episode_id: episode,
    failed: false,
    error: null,
    output_tokens: 100,
    reported_output_tokens: null,
    latency_s: 1,
    cost_usd: null,
    input_chars: 10_000,
    output_chars: 400,
    output_hash: null,
    input_hash: null,
    input_path: null,
    gate_truncation: false,
    gate_speaker_label: false,
    gate_boilerplate: false,
    warn_invalid_json: false,
    warn_sponsor_like: false,
    check_speaker_turns: false,
    check_junk: false,
    check_cut_off: false,
    check_repetition: false,
    at_cap: false,
    at_cap_estimated: false,
    output_format: "prose",
    repetition: 0,
    longest_repeat: 0,
    map_chunks: null,
    map_tokens: null,
    reduce_input_tokens: null,
    map_reduce_source: null,
    map_at_cap: null,
    map_at_cap_any: null,
    map_output_chars: null,
    reduce_input_chars: null,
    reduce_share: null,
    starved: null,
    reduce_input_cut: null,
    final_tokens: null,
    padded: null,
    rouge1: null,
    rouge2: null,
    rougeL: null,
    ner_predicted: null,
    ner_in_scope: null,
    ner_gold: null,
    ner_f1_mention_exact: null,
    ner_f1_mention_overlap: null,
    ner_f1_entity_set: null,
    ner_offsets_match: null,
    ...values
  };
}

export function summary(
  id: string,
  values: {latency?: number | null; reference?: string; gold?: string; cost?: number; success?: number} = {}
): RunSummary {
  return {
    id,
    kind: "run",
    task: values.gold ? "ner_entities" : "summarization",
    dataset_id: "d",
    datasets: ["d"],
    archived: false,
    time: null,
    time_source: null,
    artifacts: {},
    problems: [],
    problem_count: 0,
    warnings: [],
    warning_count: 0,
    episodes: 10,
    kpis: {
      success_rate: values.success ?? 1,
      failed: 0,
      avg_output_tokens: 100,
      avg_latency_s: values.latency === undefined ? 10 : values.latency,
      gate_truncation: 0,
      gate_speaker_label: 0,
      gate_boilerplate: 0,
      check_speaker_turns: 0,
      check_junk: 0,
      check_cut_off: 0,
      check_repetition: 0,
      at_cap: 0
    },
    kpi_sources: {} as RunSummary["kpi_sources"],
    stored: {},
    recomputed: {},
    total_cost_usd: values.cost ?? null,
    reference: values.reference
      ? {id: values.reference, rouge1_f1: null, rouge2_f1: null, rougeL_f1: null, episodes: 10, source: "recomputed"}
      : null,
    ner: values.gold ? ({reference: values.gold} as RunSummary["ner"]) : null,
    map_reduce: null,
    stage_caps: null,
    description: null,
    files: {table: "", details: "", texts: "", shards: 1}
  };
}

export function delta(metric: string, values: Partial<Delta>): Delta {
  return {
    metric,
    label: metric,
    kind: "quality",
    unit: "score",
    direction: "higher",
    reference: null,
    baseline: 0.5,
    candidate: 0.5,
    delta: 0,
    ci95: [-0.01, 0.01],
    ci: [-0.01, 0.01],
    ci_level: 0.95,
    shown: [-0.01, 0.01],
    clamped: false,
    state: "equivalent",
    method: "t",
    n: 10,
    mde: null,
    threshold: 0.05,
    underpowered: false,
    clear: false,
    decisive: true,
    verdict: "same",
    improved: 0,
    regressed: 0,
    new: [],
    fixed: [],
    short: metric,
    not_judged: null,
    ...values
  };
}

export function comparison(baseline: string, candidate: string, deltas: Delta[], comparable = true): Comparison {
  return {
    baseline,
    candidate,
    comparable,
    incomparable: comparable ? [] : [{code: "no_common_episodes"}],
    pairing: "dataset",
    references: {rouge: null, ner: null},
    outputs_identical: 0,
    defects: {regressed: [], improved: [], p: 1, verdict: "same"},
    new_failures: false,
    new_defects: false,
    findings: [],
    gold: null,
    common_episodes: comparable ? 10 : 0,
    warnings: [],
    coverage: {
      baseline_episodes: 10,
      candidate_episodes: 10,
      common: 10,
      missing_from_candidate: [],
      only_in_candidate: []
    },
    inputs: {compared: 0, differing: 0, unknown: 0, episodes: []},
    changes: [],
    verdict: {
      label: comparable ? "no_clear_change" : "not_comparable",
      qualifiers: [],
      decided: [],
      sentence: comparable ? "No clear change." : "Not comparable: different datasets.",
      causes: []
    },
    deltas: comparable ? deltas : [],
    episodes: []
  } as Comparison;
}

export const REF = "references/silver/silver_sonnet46_smoke_v1";
export const rougeL = (b: number, c: number, n = 10) =>
  delta("rougeL_f1", {baseline: b, candidate: c, delta: c - b, n, reference: REF});
