// Why it changed, as findings ranked from the pipeline's start to its end. Each names its stage, a fixed code,
// the episodes newly affected (the candidate has it, the baseline's episode does not) and the changed settings of
// its stage that plausibly explain it. Findings are facts; explain.ts words them.
import {desc, type ColumnTable} from "arquero";
import {commonSides, type Paired} from "./align.js";
import type {EpisodeChange} from "./changes.js";
import type {Delta} from "./deltas.js";
import {rankChanges, type FingerprintChange} from "./fingerprint.js";
import {METRIC_BY_NAME} from "./metrics.js";
import type {EpisodeRow} from "./table.js";

export const STAGES = ["outputs", "inputs", "chunking", "map", "reduce", "final", "output", "quality", "cost"] as const;
export type Stage = (typeof STAGES)[number];

export interface Finding {
  stage: Stage;
  code: string;
  /** Episodes newly affected: the candidate's episode has it, the baseline's does not. */
  episodes: string[];
  /** Common episodes that have it in the candidate and in the baseline. */
  candidate: number;
  baseline: number;
  of: number;
  /** Changed settings (dotted fingerprint paths) of its stage, most consequential first. */
  settings: string[];
  /** False for a settings change with no measured effect: ranked last, worded as such. */
  measured: boolean;
  /** The delta behind a finding read from a metric (quality, map length, latency, cost). */
  delta: Delta | null;
  /** Before → after words where a finding is a change of kind (a format, a preprocessing profile). */
  from: string | null;
  to: string | null;
}

/** Which stage a changed setting belongs to. */
export function settingStage(path: string): Stage | null {
  if (/^preprocessing\./.test(path)) return "inputs";
  if (/^chunking\.|^tokenization\.map_/.test(path)) return "chunking";
  if (/^pipeline\.stages\.map\./.test(path)) return "map";
  if (/^tokenization\.reduce_/.test(path)) return "reduce";
  if (/(^|\.)generation_params\.|(^|\.)model\.|(^|\.)model_name$/.test(path)) return "final";
  return null;
}

interface Context {
  paired: Paired;
  /** Common episodes. */
  of: number;
  settings: (stage: Stage) => string[];
  has: (column: string) => boolean;
}

const blank = {delta: null, from: null, to: null, measured: true};

const idsOf = (rows: ColumnTable) => Array.from(rows.array("episode_id") as ArrayLike<string>);

/**
 * A flag (true = has it) on the common episodes: how many have it on each side, and those the candidate newly
 * has. A loop over the joined table's columns, not Arquero: its filters and rollups made findingsOf 4.8 ms slower
 * per comparison at 2,000 episodes (10.4 against 5.6 ms), once per candidate on a baseline switch, which then
 * missed its 200 ms budget at 100 runs (237 against 161 ms).
 */
function flagSides(paired: Paired, column: keyof EpisodeRow) {
  const [b, c] = [paired.baseline(column), paired.candidate(column)];
  const counts = {candidate: 0, baseline: 0, newly: [] as string[]};
  for (let i = 0; i < paired.rows; i++) {
    if (!paired.inBaseline[i] || !paired.inCandidate[i]) continue;
    if (b[i] === true) counts.baseline++;
    if (c[i] !== true) continue;
    counts.candidate++;
    if (b[i] !== true) counts.newly.push(paired.episode_id[i]);
  }
  return counts;
}

/** A per-episode flag (true = has it) that the candidate may newly have: at_cap, starved, cut_off, ... */
function flagFinding(context: Context, stage: Stage, code: string, column: string): Finding | null {
  if (!context.has(column)) return null;
  const {newly: episodes, candidate, baseline} = flagSides(context.paired, column as keyof EpisodeRow);
  if (!episodes.length) return null;
  return {stage, code, episodes, candidate, baseline, of: context.of, settings: context.settings(stage), ...blank};
}

/** A defect type gained or lost on common episodes (failure, a gate, an output check). */
function defectFindings(deltas: Delta[], context: Context): Finding[] {
  const of = context.of;
  const findings: Finding[] = [];
  for (const d of deltas.filter((x) => x.method === "rule" && x.metric !== "success_rate")) {
    if (!d.new.length && !d.fixed.length) continue;
    const name = d.metric.replace(/^check_/, "");
    // A cut-off ending belongs to the final stage (the cap explains it); the others to the output.
    const stage: Stage = name === "cut_off" ? "final" : "output";
    const {candidate, baseline} = flagSides(context.paired, METRIC_BY_NAME.get(d.metric)!.column);
    const settings = stage === "final" ? context.settings("final") : [];
    const base = {stage, candidate, baseline, of, settings, ...blank};
    if (d.new.length) findings.push({...base, code: name === "cut_off" ? "cut_off" : `new_${name}`, episodes: d.new});
    if (d.fixed.length && name !== "cut_off") findings.push({...base, code: `fixed_${name}`, episodes: d.fixed});
  }
  return findings;
}

function deltaFinding(d: Delta | undefined, stage: Stage, code: string, settings: string[], of: number) {
  if (!d) return null;
  return {stage, code, episodes: [], candidate: 0, baseline: 0, of, settings, ...blank, delta: d} as Finding;
}

/** Quality: worse or better when clear, equivalent when no change as large as the threshold. */
function qualityFinding(deltas: Delta[], of: number): Finding | null {
  const d = deltas.find((x) => x.decisive);
  if (!d || d.state === "underpowered" || d.state === null) return null;
  const code =
    d.state === "equivalent" ? "quality_equivalent" : d.verdict === "worse" ? "quality_worse" : "quality_better";
  return deltaFinding(d, "quality", code, [], of);
}

/** The episodes cut into another number of chunks. */
function chunkFinding(context: Context): Finding | null {
  const changed = commonSides(context.paired, "map_chunks").filter("d => d.b != null && d.c != null && d.b !== d.c");
  const episodes = idsOf(changed);
  if (!episodes.length) return null;
  const base = {stage: "chunking" as const, code: "chunking_changed", episodes, of: context.of};
  return {...base, candidate: episodes.length, baseline: 0, settings: context.settings("chunking"), ...blank};
}

/** Map summaries clearly shorter or longer. */
function mapFinding(deltas: Delta[], context: Context): Finding | null {
  const d = deltas.find((x) => x.metric === "map_tokens" && x.clear);
  if (!d) return null;
  return deltaFinding(d, "map", d.delta! < 0 ? "map_shorter" : "map_longer", context.settings("map"), context.of);
}

/** The output's form changed (prose → json) on common episodes. */
function formatFinding(context: Context): Finding | null {
  if (!context.has("output_format")) return null;
  const changed = commonSides(context.paired, "output_format").filter("d => d.b && d.c && d.b !== d.c");
  const episodes = idsOf(changed);
  if (!episodes.length) return null;
  // The most frequent change of format; between equally frequent ones, the first met.
  const {b: from, c: to} = changed
    .derive({at: "() => op.row_number()"})
    .groupby("b", "c")
    .rollup({n: "() => op.count()", at: "d => op.min(d.at)"})
    .orderby(desc("n"), "at")
    .object() as {b: string; c: string};
  const base = {stage: "output" as const, code: "format_changed", episodes, of: context.of};
  return {...base, candidate: episodes.length, baseline: 0, settings: [], ...blank, from, to};
}

export interface FindingFacts {
  paired: Paired;
  records: EpisodeChange[];
  deltas: Delta[];
  changes: FingerprintChange[];
  outputsIdentical: number;
  inputsDiffering: string[];
  inputsCompared: number;
  has: (column: string) => boolean;
}

/** Settings changes of a stage with no measured finding of their own: named last, "with no measured effect". */
function settingsOnly(stage: Stage, settings: string[], of: number, from: string | null, to: string | null) {
  const code = stage === "inputs" ? "preprocessing_changed" : stage === "chunking" ? "chunking_changed" : null;
  if (!code || !settings.length) return null;
  return {stage, code, episodes: [], candidate: of, baseline: 0, of, settings, ...blank, measured: false, from, to};
}

const ORDER = (f: Finding) => (f.code === "outputs_identical" ? -1 : f.measured ? STAGES.indexOf(f.stage) : 100);

/** Every finding of a comparison, ranked: identical outputs, then measured ones upstream to downstream, then
 * quality, then trade-offs, and last the settings changes with no measured effect. */
export function findingsOf(facts: FindingFacts): Finding[] {
  const of = facts.records.filter((r) => r.status === "common").length;
  const ranked = rankChanges(facts.changes);
  const settings = (stage: Stage) => ranked.filter((c) => settingStage(c.path) === stage).map((c) => c.path);
  const context: Context = {paired: facts.paired, of, settings, has: facts.has};
  const identical = of > 0 && facts.outputsIdentical === of;
  const profile = (side: "baseline" | "candidate") =>
    facts.changes.find((c) => c.path === "preprocessing.profile_id")?.[side] ?? null;
  const [from, to] = [profile("baseline"), profile("candidate")].map((v) => (v === null ? null : String(v)));
  const inputs: Finding | null = facts.inputsDiffering.length
    ? {
        stage: "inputs",
        code: "inputs_differ",
        episodes: facts.inputsDiffering,
        candidate: facts.inputsDiffering.length,
        baseline: 0,
        of: facts.inputsCompared,
        settings: settings("inputs"),
        ...blank
      }
    : null;
  const findings: (Finding | null)[] = identical
    ? [
        {
          stage: "outputs",
          code: "outputs_identical",
          episodes: [],
          candidate: of,
          baseline: of,
          of,
          settings: [],
          ...blank
        },
        inputs ?? settingsOnly("inputs", settings("inputs"), facts.inputsCompared, from, to)
      ]
    : [
        inputs,
        inputs ? null : settingsOnly("inputs", settings("inputs"), facts.inputsCompared, from, to),
        chunkFinding(context) ?? settingsOnly("chunking", settings("chunking"), of, null, null),
        mapFinding(facts.deltas, context),
        flagFinding(context, "map", "map_at_cap", "map_at_cap_any"),
        flagFinding(context, "reduce", "starved", "starved"),
        flagFinding(context, "reduce", "reduce_input_cut", "reduce_input_cut"),
        flagFinding(context, "final", "at_cap", "at_cap"),
        flagFinding(context, "final", "padded", "padded"),
        ...defectFindings(facts.deltas, context),
        formatFinding(context),
        qualityFinding(facts.deltas, of),
        deltaFinding(
          facts.deltas.find((d) => d.metric === "avg_latency_s" && d.clear),
          "cost",
          "latency",
          [],
          of
        ),
        deltaFinding(
          facts.deltas.find((d) => d.metric === "cost_usd" && d.clear),
          "cost",
          "cost",
          [],
          of
        )
      ];
  return findings
    .filter((f): f is Finding => f !== null)
    .map((f, order) => ({f, order}))
    .sort((a, b) => ORDER(a.f) - ORDER(b.f) || a.order - b.order)
    .map(({f}) => f);
}
