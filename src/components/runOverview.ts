// Many runs at once: every selected run's quality vs the baseline's reference against its average latency
// (and cost per episode when runs record one), the Pareto front, version trends, and the runs left off the axis.
import type {Comparison} from "../compare/compare.js";
import type {RunSummary} from "../compare/types.js";
import {amount} from "../compare/words.js";
import {documentOf} from "./chartParts.js";
import {builder} from "./dom.js";
import {overviewModel, type OverviewModel} from "./runOverviewModel.js";
import {AXES, overviewPanel} from "./runOverviewPanel.js";

export interface RunOverviewOptions {
  width: number;
  colors: Map<string, string>;
  baselineId: string;
  comparisons: Comparison[];
  document?: Document;
}

const ASIDE_PX = 250;

function unplacedList(model: OverviewModel, doc: Document): HTMLElement | null {
  if (!model.unplaced.length) return null;
  const h = builder(doc);
  return h(
    "aside",
    {class: "rc-overview-aside"},
    h("h4", {}, model.metric ? "Not on the quality axis" : "Runs"),
    h(
      "ul",
      {},
      model.unplaced.map((run) =>
        h(
          "li",
          {"data-overview-unplaced": run.id},
          h("code", {}, run.id),
          h("span", {class: "rc-overview-reason"}, `${run.reason} · success ${amount(run.successRate, "rate")}`)
        )
      )
    )
  );
}

export function RunOverview(runs: RunSummary[], options: RunOverviewOptions): HTMLElement {
  const doc = documentOf(options);
  const h = builder(doc);
  const model = overviewModel(runs, options.comparisons, options.baselineId);
  const aside = unplacedList(model, doc);
  const placeable = model.metric !== null && model.points.length > 0;
  const side = placeable && aside !== null && options.width >= 760;
  const plotWidth = side ? options.width - ASIDE_PX - 16 : options.width;
  const baseline = runs.find((run) => run.id === options.baselineId);
  const baselineUnscored = baseline !== undefined && !baseline.reference && !baseline.ner;
  const axes = AXES.filter((axis) => axis.key === "latency" || model.points.some((p) => p.costPerEpisode !== null));
  const widest = model.points.find((p) => p.isBaseline);
  const caption = placeable
    ? h(
        "p",
        {class: "rc-chart-note"},
        `${model.metric!.label} vs `,
        h("code", {}, model.reference ?? ""),
        ", each run over the episodes it has in common with the baseline. " +
          "Runs on another reference are not placed: their scores are not comparable."
      )
    : h(
        "p",
        {class: "rc-chart-note"},
        baselineUnscored
          ? "The baseline is not scored against a reference: no quality can be placed side by side with it."
          : "No candidate is scored against the baseline's reference: quality cannot be placed side by side."
      );
  const spread =
    model.baselineRange && widest
      ? h(
          "p",
          {class: "rc-chart-note"},
          `The baseline's ${model.metric!.label} over the common episodes differs by candidate ` +
            `(${amount(model.baselineRange[0], "score")}–${amount(model.baselineRange[1], "score")}); ` +
            `its diamond is at ${amount(widest.quality, "score")}, over the widest overlap (${widest.n} episodes).`
        )
      : null;
  return h(
    "div",
    {class: `rc-overview${side ? " rc-overview-side" : ""}`, "data-testid": "run-overview"},
    h(
      "div",
      {class: "rc-overview-main"},
      caption,
      spread,
      placeable ? axes.map((axis) => overviewPanel(axis, model, options, plotWidth)) : null
    ),
    aside
  );
}
