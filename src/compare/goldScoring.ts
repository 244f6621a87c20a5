// A run against the gold it names, the gold as the baseline: a scoring, not a comparison. No delta, no label;
// the run's precision, recall and F1 against that gold (its run-level micro totals, as the scorer computes them),
// how many predictions the scorer dropped before matching (outside the gold's scope), and per episode the run's
// F1 and counts. The words for it are here too, beside the facts they say.
import {table} from "arquero";
import {withSides, type Paired} from "./align.js";
import {episodeSides, type EpisodeChange, type MetricChange} from "./changes.js";
import {rankEpisodes, type RankedEpisode} from "./episodes.js";
import {NER_MODES, type NerMode, type NerQuality, type NerScore} from "./types.js";
import {lastSegment} from "./words.js";

export interface GoldScoring {
  /** The gold's id: the baseline. */
  gold: string;
  episodes_scored: number;
  /** Predictions of the scored episodes; those in the gold's scope; those dropped before matching. */
  predicted: number;
  in_scope: number;
  out_of_scope: number;
  /** Gold mentions over the scored episodes. */
  gold_entities: number;
  /** The run's micro precision, recall and F1 against the gold per mode: what runs[].ner holds. */
  scores: Record<NerMode, NerScore>;
  /** Common episodes that ran on other text than the gold was made on: mention F1 is not judged when any did. */
  offsets_other_text: number;
}

export function goldScoringOf(gold: string, ner: NerQuality, paired: Paired): GoldScoring {
  const other = withSides(paired, ["ner_offsets_match"])
    .filter("d => d.in_baseline && d.ner_offsets_match_c === false")
    .numRows();
  return {
    gold,
    episodes_scored: ner.episodes_scored,
    predicted: ner.entities_predicted,
    in_scope: ner.entities_in_scope,
    out_of_scope: ner.out_of_scope,
    gold_entities: ner.entities_gold,
    scores: Object.fromEntries(NER_MODES.map((mode) => [mode, ner[mode]])) as Record<NerMode, NerScore>,
    offsets_other_text: other
  };
}

const F1_METRICS = NER_MODES.map((mode) => `ner_f1_${mode}` as const);

const valueOnly = (candidate: number | null, baseline: number | null = null): MetricChange => ({
  baseline,
  candidate,
  delta: null,
  crossed: 0,
  changed: false
});

const num = (value: unknown) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/**
 * The episodes as the episode list reads them: each run episode the gold has, with the run's F1 per mode and its
 * predicted and in-scope counts (the gold's mention count as the baseline's predicted); lowest entity-set F1
 * first, failed episodes before all; then the gold episodes the run lacks, then the run's the gold lacks.
 */
export function goldEpisodes(paired: Paired): RankedEpisode[] {
  const side = episodeSides(paired);
  const f1 = Object.fromEntries(F1_METRICS.map((name) => [name, paired.candidate(name)]));
  const [predicted, inScope, goldCount] = [
    paired.candidate("ner_predicted"),
    paired.candidate("ner_in_scope"),
    paired.baseline("ner_predicted")
  ];
  const changes: EpisodeChange[] = [];
  for (let i = 0; i < paired.rows; i++) {
    const [inGold, inRun] = [paired.inBaseline[i], paired.inCandidate[i]];
    const metrics: Record<string, MetricChange> = {};
    if (inGold && inRun) {
      for (const name of F1_METRICS) metrics[name] = valueOnly(num(f1[name][i]));
      metrics.ner_predicted = valueOnly(num(predicted[i]), num(goldCount[i]));
      metrics.ner_in_scope = valueOnly(num(inScope[i]));
    }
    changes.push({
      dataset_id: paired.dataset_id[i],
      episode_id: paired.episode_id[i],
      status: inGold && inRun ? "common" : inGold ? "missing" : "only_candidate",
      baseline: side("baseline", i),
      candidate: side("candidate", i),
      defects: 0,
      regressed: false,
      improved: false,
      metrics
    });
  }
  const rank = (c: EpisodeChange) =>
    c.status !== "common" ? 3 : c.candidate.failed ? -1 : (c.metrics.ner_f1_entity_set?.candidate ?? 2);
  const order = table({rank: changes.map(rank), i: changes.map((_, i) => i)}).orderby("rank", "i");
  return rankEpisodes(
    Array.from(order.array("i") as ArrayLike<number>, (i) => changes[i]),
    new Set()
  );
}

/** One episode's numbers against the gold (null where unknown). */
export interface GoldEpisodeValues {
  f1: Record<NerMode, number | null>;
  predicted: number | null;
  in_scope: number | null;
  out_of_scope: number | null;
  gold: number | null;
}

export function goldEpisodeValues(episode: RankedEpisode): GoldEpisodeValues {
  const metrics = episode.change.metrics;
  const predicted = metrics.ner_predicted?.candidate ?? null;
  const inScope = metrics.ner_in_scope?.candidate ?? null;
  return {
    f1: Object.fromEntries(NER_MODES.map((mode) => [mode, metrics[`ner_f1_${mode}`]?.candidate ?? null])) as Record<
      NerMode,
      number | null
    >,
    predicted,
    in_scope: inScope,
    out_of_scope: predicted !== null && inScope !== null ? predicted - inScope : null,
    gold: metrics.ner_predicted?.baseline ?? null
  };
}

/** A score as the gold's panel and sentence show it: three decimals, always ("1.000"). */
export const score3 = (value: number) => value.toFixed(3);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "0 of 289 predictions out of the gold's scope, dropped as the scorer does": said wherever precision is. */
export const outOfScopeWords = (s: Pick<GoldScoring, "out_of_scope" | "predicted">) =>
  `${s.out_of_scope} of ${plural(s.predicted, "prediction")} out of the gold's scope, dropped as the scorer does`;

export const MODE_WORDS: Record<NerMode, string> = {
  entity_set: "entity set",
  mention_overlap: "mention overlap",
  mention_exact: "mention exact"
};

/** The scoring in one paragraph: what the verdict line says in place of a label. */
export function goldSentence(
  s: GoldScoring,
  coverage: {missing_from_candidate: string[]; baseline_episodes: number; common: number}
): string {
  const set = s.scores.entity_set;
  const golds = set.tp + set.fn;
  const found = `${set.tp} of ${golds} gold entit${golds === 1 ? "y" : "ies"} found`;
  const parts = [
    `Scored against its gold ${lastSegment(s.gold)} over ${plural(s.episodes_scored, "episode")}: ` +
      `entity set precision ${score3(set.precision)} · ${outOfScopeWords(s)}; ` +
      `recall ${score3(set.recall)} (${found}); F1 ${score3(set.f1)} (micro over all entities).`
  ];
  const mentions = `overlap ${score3(s.scores.mention_overlap.f1)}, exact ${score3(s.scores.mention_exact.f1)}`;
  parts.push(
    s.offsets_other_text
      ? `Mention F1 (${mentions}) not judged: ${s.offsets_other_text} of ${plural(coverage.common, "episode")} ` +
          "ran on other text than the gold was made on."
      : `Mention F1: ${mentions}.`
  );
  const missing = coverage.missing_from_candidate;
  if (missing.length)
    parts.push(`The run lacks ${missing.length} of the gold's ${plural(coverage.baseline_episodes, "episode")}.`);
  return parts.join(" ");
}
