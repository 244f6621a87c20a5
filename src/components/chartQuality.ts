// Chart D: per-episode quality against a reference. Runs scored against different references are never on one
// axis: one panel per reference (ROUGE-L for text runs, entity-set F1 for NER runs vs their gold). Its means are
// means of per-episode scores over the panel's episodes; where a run's own value (the KPI tile's micro F1, the
// runs table's ROUGE-L over all its episodes) reads otherwise, a note gives both and says why.
import * as Plot from "@observablehq/plot";
import {mean} from "d3-array";
import {runQuality} from "../compare/runQuality.js";
import type {RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {
  asImage,
  chartFigure,
  colorScale,
  documentOf,
  evenSample,
  HIDDEN,
  perRunWords,
  runRowLabels,
  TIP,
  tipText,
  type ChartOptions,
  type RunRow
} from "./chartParts.js";
import {builder} from "./dom.js";
import {lastSegment} from "./runNames.js";

const ROW_PX = 30;

export interface QualityGroup {
  /** The episode column plotted: ROUGE-L F1 or entity-set F1. */
  column: "rougeL" | "ner_f1_entity_set";
  label: string;
  reference: string;
  runIds: string[];
}

/** Selected runs grouped by the score and the reference they are scored against, in selection order. */
export function qualityGroups(runIds: string[], runs: RunSummary[]): QualityGroup[] {
  const byId = new Map(runs.map((run) => [run.id, run]));
  const groups = new Map<string, QualityGroup>();
  for (const id of runIds) {
    const run = byId.get(id);
    const quality = run ? runQuality(run) : null;
    if (!quality) continue;
    const label = quality.metric === "rougeL_f1" ? "ROUGE-L" : "Entity-set F1";
    const score = {column: quality.column, label, reference: quality.reference};
    const key = `${score.column}\u0000${score.reference}`;
    if (!groups.has(key)) groups.set(key, {...score, runIds: []});
    groups.get(key)!.runIds.push(id);
  }
  return [...groups.values()];
}

/** Where the chart's mean and the run's own value read differently (as shown, 3 decimals): both, and why. */
function differsFromRun(run: RunSummary | undefined, shown: {mean: number; n: number}, group: QualityGroup): string[] {
  const own = run ? runQuality(run) : null;
  if (!run || !own || own.value === null || amount(own.value, "score") === amount(shown.mean, "score")) return [];
  const why =
    own.metric === "ner_f1_entity_set"
      ? "its KPI tile gives the run-level micro F1 (every entity of every episode pooled)"
      : `the runs table gives its mean over all ${run.reference?.episodes ?? "its"} scored episodes`;
  return [
    `${lastSegment(run.id)}: mean of per-episode ${group.label} ${amount(shown.mean, "score")} over ` +
      `${shown.n} episode${shown.n === 1 ? "" : "s"} here; ${why}: ${amount(own.value, "score")}.`
  ];
}

export function QualityChart(rows: RunRow[], options: ChartOptions & {runs: RunSummary[]}): HTMLElement | null {
  const {width, runIds, colors} = options;
  const byId = new Map(options.runs.map((run) => [run.id, run]));
  const doc = documentOf(options);
  const h = builder(doc);
  const notes: string[] = [];
  const panels = qualityGroups(runIds, options.runs).flatMap((group) => {
    const value = (row: RunRow) => row[group.column];
    const members = new Set(group.runIds);
    const scored = rows.filter((row) => members.has(row.run) && value(row) !== null);
    const shown = group.runIds.filter((id) => scored.some((row) => row.run === id));
    const unscored = group.runIds.filter((id) => !shown.includes(id));
    const against = `${group.label} vs ${lastSegment(group.reference)}`;
    if (unscored.length) notes.push(`No per-episode ${against} (run-level value only): ${unscored.join(", ")}.`);
    if (!shown.length) return [];
    // Side by side only over the episodes every run of the panel was scored on.
    const episodeKey = (row: RunRow) => `${row.dataset_id}\u0000${row.episode_id}`;
    const keysOf = (id: string) => new Set(scored.filter((row) => row.run === id).map(episodeKey));
    const common = keysOf(shown[0]);
    for (const id of shown.slice(1)) {
      const other = keysOf(id);
      for (const key of common) if (!other.has(key)) common.delete(key);
    }
    const all = scored.filter((row) => common.has(episodeKey(row)));
    const left = scored.length - all.length;
    if (left)
      notes.push(
        `${against}: over the ${common.size} episode${common.size === 1 ? "" : "s"} every run in the panel ` +
          `was scored on; ${left} other score${left === 1 ? "" : "s"} left out.`
      );
    if (!all.length) return [];
    const dots = evenSample(all);
    if (dots.length < all.length)
      notes.push(
        `${against}: an even sample of ${dots.length} of ${all.length} episodes as dots; means use every episode.`
      );
    const means = new Map(
      shown.map((id) => {
        const values = all.filter((row) => row.run === id).map((row) => value(row)!);
        return [id, {mean: mean(values)!, n: values.length}];
      })
    );
    for (const id of shown) notes.push(...differsFromRun(byId.get(id), means.get(id)!, group));
    const labels = runRowLabels(shown, width);
    const plot = Plot.plot({
      width,
      height: 16 + ROW_PX * shown.length + 42,
      marginTop: 16,
      marginLeft: labels.marginLeft,
      marginRight: 76,
      marginBottom: 42,
      document: doc,
      ariaLabel: `Chart D: ${group.label} per episode against ${group.reference}, one row per run`,
      ariaDescription:
        `Means over ${common.size} common episode${common.size === 1 ? "" : "s"}: ` +
        `${perRunWords(shown, (id) => amount(means.get(id)!.mean, "score"))}. As text: the runs table and the ` +
        "KPI tiles (per run), the delta table, the episode table and the drill-down (per episode).",
      x: {label: `${group.column === "rougeL" ? "ROUGE-L F1" : group.label} per episode`, domain: [0, 1], grid: true},
      y: {domain: shown, axis: null, padding: 0.25},
      color: colorScale(runIds, colors),
      marks: [
        Plot.tickX(shown, {
          ...HIDDEN,
          x: (id: string) => means.get(id)!.mean,
          y: (id: string) => id,
          stroke: (id: string) => id,
          strokeWidth: 3
        }),
        Plot.dot(dots, {
          ...HIDDEN,
          x: value,
          y: "run",
          r: 3.4,
          fill: "run",
          fillOpacity: 0.8,
          stroke: "var(--rc-halo, white)",
          strokeWidth: 0.7,
          className: "rc-episode-dots",
          title: (row: RunRow) => {
            const mean = means.get(row.run)!;
            const score = `${group.label} ${amount(value(row), "score")} vs ${lastSegment(group.reference)}`;
            return tipText(
              row.run,
              `episode ${row.episode_id}`,
              score,
              `run mean ${amount(mean.mean, "score")} over ${mean.n} episodes`
            );
          },
          tip: TIP
        }),
        Plot.text(shown, {
          ...HIDDEN,
          y: (id: string) => id,
          frameAnchor: "right",
          dx: 12,
          textAnchor: "start",
          fontSize: 10.5,
          text: (id: string) => `mean ${amount(means.get(id)!.mean, "score")}`
        }),
        ...labels.marks
      ]
    });
    return [
      h(
        "section",
        {class: "rc-facet", "data-quality-reference": group.reference, "data-quality-score": group.column},
        h("div", {class: "rc-facet-title"}, `${group.label} per episode vs `, h("code", {}, group.reference)),
        asImage(plot as Element)
      )
    ];
  });
  const grouped = new Set(qualityGroups(runIds, options.runs).flatMap((group) => group.runIds));
  const withoutReference = runIds.filter((id) => !grouped.has(id));
  if (!panels.length) return null;
  return chartFigure(doc, "quality", panels, [
    "Thick tick: the run's mean. Runs scored against different references are in separate panels: " +
      "their scores are not comparable.",
    ...notes,
    withoutReference.length ? `No reference named: ${withoutReference.join(", ")}.` : null
  ]);
}
