// What the episode table knows about one episode, flat: its change tag, its deltas per numeric column,
// its gate badges and its reasons. The table, its Arquero query and the exports all read these facts.
import type {Comparison} from "../compare/compare.js";
import {gateStates, metricChange, type RankedEpisode} from "../compare/episodes.js";
import type {EpisodeSide} from "../compare/changes.js";
import {eventOf, reasonWords} from "../compare/explain.js";
import {findingWords} from "../compare/findingWords.js";
import {goldEpisodeValues} from "../compare/goldScoring.js";
import {lazy} from "../compare/lazy.js";
import {METRIC_BY_NAME, shortLabel, type MetricDefinition} from "../compare/metrics.js";

export type ChangeKind = "regressed" | "improved" | "tradeoff" | "unchanged" | "scored" | "missing" | "only_candidate";

/** Rank orders the "change" sort: regressed first when descending. */
export const CHANGE_TAGS: Record<ChangeKind, {label: string; title: string; rank: number}> = {
  regressed: {label: "▼ regressed", title: "A quality signal or health rule got worse past its threshold", rank: 5},
  improved: {
    label: "▲ improved",
    title: "A quality signal or health rule got better past its threshold, none got worse",
    rank: 4
  },
  tradeoff: {
    label: "↔ trade-off changed",
    title: "Latency, length or map/reduce changed past its threshold (named, not judged)",
    rank: 3
  },
  unchanged: {label: "= unchanged", title: "No metric crossed its threshold", rank: 2},
  scored: {label: "◎ scored", title: "Scored against its gold, the baseline: nothing to compare with", rank: 2},
  missing: {
    label: "not run by the candidate",
    title: "The baseline ran this episode, the candidate did not (coverage, not a failure)",
    rank: 1
  },
  only_candidate: {
    label: "only in candidate",
    title: "The candidate ran this episode, the baseline did not: not compared",
    rank: 0
  }
};

/** `scoring`: the comparison is a run scored against its gold (pairing "gold"). */
export function changeKind(episode: RankedEpisode, scoring = false): ChangeKind {
  if (episode.status === "missing") return "missing";
  if (scoring && episode.status === "common") return "scored";
  if (episode.status === "only_candidate") return "only_candidate";
  if (episode.regressed) return "regressed";
  if (episode.improved) return "improved";
  return episode.traded ? "tradeoff" : "unchanged";
}

export interface DeltaColumn {
  /** The sort key and the export field. */
  key: string;
  metric: MetricDefinition;
  header: string;
  title: string;
  /** A value on the episode, not a change (a run scored against its gold): what the cell shows and sorts by. */
  value?: (episode: RankedEpisode) => number | null;
}

/** A run scored against its gold: its F1 per episode and the predictions dropped before matching, not deltas. */
function goldColumns(gold: string): DeltaColumn[] {
  const scoreColumn = (name: "ner_f1_entity_set" | "ner_f1_mention_overlap", header: string): DeltaColumn => ({
    key: name,
    metric: METRIC_BY_NAME.get(name)!,
    header,
    title: `The run's ${header} on this episode against ${gold} (none where the gold has no entity)`,
    value: (e) => goldEpisodeValues(e).f1[name === "ner_f1_entity_set" ? "entity_set" : "mention_overlap"]
  });
  return [
    scoreColumn("ner_f1_entity_set", "Entity-set F1"),
    scoreColumn("ner_f1_mention_overlap", "Mention F1 (overlap)"),
    {
      key: "ner_out_of_scope",
      metric: METRIC_BY_NAME.get("ner_predicted")!,
      header: "Out of scope",
      title: "Predictions outside the gold's scope, dropped before matching as the scorer does",
      value: (e) => goldEpisodeValues(e).out_of_scope
    }
  ];
}

const hasDelta = (comparison: Comparison, name: string) =>
  comparison.episodes.some((e) => metricChange(e, name)?.delta != null);

/**
 * Δ tokens and Δ latency when any episode has them; a quality column only when the comparison has that
 * delta, which the engine computes only for runs scored against the same reference (named in the title).
 */
export function deltaColumns(comparison: Comparison): DeltaColumn[] {
  if (comparison.gold) return goldColumns(comparison.gold.gold);
  const columns: DeltaColumn[] = [];
  const add = (name: string, header: string, title: string) =>
    columns.push({key: `delta_${name.replace(/^avg_/, "")}`, metric: METRIC_BY_NAME.get(name)!, header, title});
  if (hasDelta(comparison, "avg_output_tokens"))
    add("avg_output_tokens", "Δ output tokens", "Output tokens (estimated), candidate minus baseline");
  if (hasDelta(comparison, "avg_latency_s"))
    add("avg_latency_s", "Δ latency (s)", "Latency in seconds, candidate minus baseline");
  const {rouge, ner: gold} = comparison.references;
  if (rouge) add("rougeL_f1", "Δ ROUGE-L", `ROUGE-L F1 against ${rouge}, candidate minus baseline`);
  if (gold) add("ner_f1_entity_set", "Δ entity-set F1", `Entity-set F1 against ${gold}, candidate minus baseline`);
  return columns;
}

/** A defect type of the comparison: failure, each gate, each output check (its rule rows but the success rate). */
export interface DefectType {
  /** The metric's name: "failed", "gate_truncation", "check_junk". */
  name: string;
  /** In words: "failure", "truncation", "speaker label leak". */
  label: string;
  title: string;
}

export function defectTypes(comparison: Comparison): DefectType[] {
  return comparison.deltas
    .filter((d) => d.method === "rule" && d.metric !== "success_rate")
    .map((d) => ({
      name: d.metric,
      label: eventOf(d.metric),
      title: `${d.label}: episodes either run has it on (new in the candidate, fixed by it, or in both)`
    }));
}

/** A finding that names episodes (those newly affected), worded as the verdict panel and the report word it. */
export interface FindingChoice {
  code: string;
  label: string;
  episodes: Set<string>;
}

export function findingChoices(comparison: Comparison): FindingChoice[] {
  const choices: FindingChoice[] = [];
  for (const f of comparison.findings)
    if (f.episodes.length && !choices.some((c) => c.code === f.code))
      choices.push({
        code: f.code,
        label: findingWords(f, comparison.changes, comparison.inputs),
        episodes: new Set(f.episodes)
      });
  return choices;
}

/** A defect on one episode: new in the candidate, fixed by it, or held by both runs. */
export type DefectState = "new" | "fixed" | "held";

function defectState(episode: RankedEpisode, name: string): DefectState | null {
  const change = metricChange(episode, name);
  if (!change) return null;
  if (change.crossed < 0) return "new";
  if (change.crossed > 0) return "fixed";
  return change.baseline === 1 && change.candidate === 1 ? "held" : null;
}

export interface GateBadge {
  /** The gate without its prefix: "truncation", "speaker_label", "boilerplate". */
  name: string;
  text: string;
  title: string;
}

export interface EpisodeFacts {
  /** Position in the ranked list (most regressed first). */
  order: number;
  episode: RankedEpisode;
  kind: ChangeKind;
  /** The candidate has no output for this episode. */
  failed: boolean;
  error: string | null;
  deltas: Record<string, number | null>;
  newGates: GateBadge[];
  fixedGates: GateBadge[];
  /** Hit in both runs: shown, not a change. */
  heldGates: GateBadge[];
  /** The defect types either run has on this episode (common episodes only), by metric name. */
  defects: Record<string, DefectState>;
  /** Regressions, then improvements, then trade-offs, in words; empty for episodes outside the comparison. */
  reasons: string[];
}

function gateBadges(episode: RankedEpisode) {
  const badges = {newGates: [] as GateBadge[], fixedGates: [] as GateBadge[], heldGates: [] as GateBadge[]};
  for (const {gate, state} of gateStates(episode)) {
    const metric = METRIC_BY_NAME.get(gate)!;
    const [name, words] = [gate.replace(/^gate_/, ""), shortLabel(metric).toLowerCase()];
    if (state === "new")
      badges.newGates.push({name, text: `new ${words}`, title: `${metric.label}: ${GATE_TITLES.new}`});
    else if (state === "fixed")
      badges.fixedGates.push({name, text: `${words} fixed`, title: `${metric.label}: ${GATE_TITLES.fixed}`});
    else badges.heldGates.push({name, text: words, title: `${metric.label}: ${GATE_TITLES.held}`});
  }
  return badges;
}

const GATE_TITLES = {
  new: "hit by the candidate, not by the baseline",
  fixed: "hit by the baseline, not by the candidate",
  held: "hit by both runs"
} as const;

const FACTS = new WeakMap<Comparison, {shape: string; facts: EpisodeFacts[]}>();

/**
 * The facts of a comparison's episodes, built once per comparison (and columns and defect types): the episode
 * table's query keeps its Arquero table per list of facts, so a re-render (a filter, a sort, a page) builds none.
 */
export function episodeFacts(
  comparison: Comparison,
  columns: DeltaColumn[],
  defects: DefectType[] = defectTypes(comparison)
): EpisodeFacts[] {
  const shape = JSON.stringify([columns.map((c) => c.key), defects.map((d) => d.name)]);
  const known = FACTS.get(comparison);
  if (known?.shape === shape) return known.facts;
  const facts = factsOf(comparison, columns, defects);
  FACTS.set(comparison, {shape, facts});
  return facts;
}

function factsOf(comparison: Comparison, columns: DeltaColumn[], defects: DefectType[]): EpisodeFacts[] {
  return comparison.episodes.map((episode, order) => {
    const deltas: Record<string, number | null> = {};
    for (const column of columns)
      deltas[column.key] = column.value
        ? column.value(episode)
        : (metricChange(episode, column.metric.name)?.delta ?? null);
    const states: Record<string, DefectState> = {};
    for (const {name} of defects) {
      const state = defectState(episode, name);
      if (state) states[name] = state;
    }
    const {newGates, fixedGates, heldGates} = gateBadges(episode);
    const facts = {
      order,
      episode,
      kind: changeKind(episode, comparison.gold !== null),
      failed: episode.candidate.failed,
      error: episode.candidate.failed ? episode.candidate.error : null,
      deltas,
      newGates,
      fixedGates,
      heldGates,
      defects: states
    } as EpisodeFacts;
    // Put in words only for the rows shown or exported (the episode's own reasons are lazy too).
    lazy(facts, "reasons", () =>
      episode.status === "common"
        ? [...episode.reasons, ...episode.improvements, ...episode.tradeoffs].map(reasonWords)
        : []
    );
    return facts;
  });
}

/** What a failed side's failure says: its error, else that it gave no usable output; null when it did not fail. */
export const failureText = (side: EpisodeSide, textError: string | null = null) =>
  side.failed ? (side.error ?? textError ?? "no usable output") : null;
