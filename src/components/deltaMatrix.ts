// Every candidate's deltas vs the baseline in one table: metrics down (quality, health rules, trade-offs),
// candidates across, each cell the signed change colored by its verdict.
import type {Comparison} from "../compare/compare.js";
import type {Delta} from "../compare/deltas.js";
import {deltaVerdictWords, intervalWords, notJudgedWords, stateWords} from "../compare/explain.js";
import {METRICS, shortLabel, type MetricKind} from "../compare/metrics.js";
import {amount, difference, episodeList, signed} from "../compare/words.js";
import {documentOf} from "./chartParts.js";
import {runPalette, UNKNOWN_RUN_COLOR} from "./colors.js";
import {builder, type Build} from "./dom.js";
import {shortRunNames, wrapId} from "./runNames.js";

/** A header names its run in up to NAME_MAX characters (elided in the middle), over lines of at most LINE_MAX. */
const NAME_MAX = 40;
const LINE_MAX = 22;

export interface DeltaMatrixOptions {
  baselineId: string;
  /** A run's color for its column header; by default the palette over baseline then candidates. */
  colorOf?: (id: string) => string;
  document?: Document;
}

const GROUPS: Record<MetricKind, string> = {quality: "Quality", health: "Defects", tradeoff: "Trade-offs"};
const ARROW = {better: "▲", worse: "▼", same: ""} as const;

function cellClass(d: Delta): string {
  if (d.direction === "neutral") return "rc-cell-neutral";
  return `rc-cell-${d.verdict}`;
}

function cellTitle(d: Delta, candidate: string): string {
  const values = `${amount(d.baseline, d.unit)} → ${amount(d.candidate, d.unit)} (${signed(d.delta, d.unit)})`;
  const parts = [`${d.label}, ${candidate} vs baseline: ${values}`];
  if (d.reference) parts.push(`scored vs ${d.reference}`);
  const interval = intervalWords(d);
  if (interval) parts.push(`interval ${interval}${d.clamped ? " (⊢ ⊣: clamped to what the baseline allows)" : ""}`);
  if (d.method === "rule")
    parts.push(
      `new: ${d.new.length ? episodeList(d.new) : "none"}; fixed: ${d.fixed.length ? episodeList(d.fixed) : "none"}`
    );
  parts.push(`n = ${d.n} episodes`);
  if (d.threshold !== null && d.method !== "rule") parts.push(`threshold ${difference(d.threshold, d.unit)}`);
  parts.push([deltaVerdictWords(d, d.not_judged === null), stateWords(d)].filter(Boolean).join(": "));
  if (d.decisive) parts.push("decides the label");
  if (d.underpowered && d.mde !== null) parts.push(`smallest detectable change ${difference(d.mde, d.unit)}`);
  if (d.not_judged) parts.push(notJudgedWords(d.not_judged));
  return parts.join("\n");
}

function deltaCell(h: Build, d: Delta | undefined, metric: string, candidate: string): HTMLElement {
  if (!d)
    return h(
      "td",
      {
        class: "rc-cell-absent",
        "data-matrix-metric": metric,
        "data-matrix-candidate": candidate,
        "data-verdict": "none",
        title: "not measured for this candidate"
      },
      "—"
    );
  return h(
    "td",
    {
      class: `rc-cell ${cellClass(d)}`,
      "data-matrix-metric": metric,
      "data-matrix-candidate": candidate,
      "data-verdict": d.verdict,
      title: cellTitle(d, candidate)
    },
    d.direction === "neutral" || !ARROW[d.verdict]
      ? null
      : h("span", {class: "rc-arrow", "aria-hidden": "true"}, ARROW[d.verdict]),
    signed(d.delta, d.unit),
    d.underpowered ? h("sup", {class: "rc-mark", "aria-label": "too few episodes to tell"}, "?") : null,
    d.not_judged ? h("sup", {class: "rc-mark", "aria-label": "not judged"}, "*") : null
  );
}

export function DeltaMatrix(comparisons: Comparison[], options: DeltaMatrixOptions): HTMLElement {
  const doc = documentOf(options);
  const h = builder(doc);
  const candidates = comparisons.filter((c) => c.baseline === options.baselineId);
  const palette = runPalette([options.baselineId, ...candidates.map((c) => c.candidate)]);
  const colorOf = options.colorOf ?? ((id: string) => palette.get(id) ?? UNKNOWN_RUN_COLOR);
  const present = new Set(candidates.flatMap((c) => c.deltas.map((d) => d.metric)));
  const metrics = METRICS.filter((m) => present.has(m.name));
  const shownDeltas = candidates.flatMap((c) => c.deltas);
  // Each cell's delta by (candidate, metric): a lookup among the selection's few comparisons, for rendering.
  const byCandidate = new Map(candidates.map((c) => [c.candidate, new Map(c.deltas.map((d) => [d.metric, d]))]));
  // The end of an id tells runs apart (…smoke_v1, …smoke_v2): names keep it, and the whole id is in the title.
  const names = shortRunNames(
    candidates.map((c) => c.candidate),
    NAME_MAX
  );
  const headerName = (id: string) =>
    wrapId(names.get(id) ?? id, LINE_MAX)
      .split("\n")
      .map((line, i) => [i ? h("br", {}) : null, line]);
  const references = [
    ...new Set(
      candidates.flatMap((c) => c.deltas.filter((d) => d.kind === "quality" && d.reference).map((d) => d.reference!))
    )
  ];
  const kinds = (Object.keys(GROUPS) as MetricKind[]).filter((kind) => metrics.some((m) => m.kind === kind));
  const rowCount = Math.max(1, kinds.length + metrics.length);
  const notComparable = (c: Comparison) =>
    h(
      "td",
      {
        class: "rc-cell-not-comparable",
        rowspan: rowCount,
        "data-matrix-candidate": c.candidate,
        "data-verdict": "not-comparable",
        title: c.verdict.sentence
      },
      h("span", {}, "not comparable")
    );

  const header = h(
    "tr",
    {},
    h("th", {class: "rc-matrix-corner", scope: "col"}, "metric"),
    candidates.map((c) =>
      h(
        "th",
        {
          class: "rc-matrix-candidate",
          scope: "col",
          title: c.candidate,
          "data-matrix-candidate": c.candidate,
          style: `--run-color: ${colorOf(c.candidate)}`
        },
        h("span", {}, headerName(c.candidate))
      )
    )
  );

  const rows: HTMLElement[] = [];
  for (const kind of kinds) {
    const first = rows.length === 0;
    rows.push(
      h(
        "tr",
        {class: "rc-matrix-group"},
        h("th", {scope: "rowgroup"}, GROUPS[kind]),
        candidates.map((c) => (c.comparable ? h("td", {}) : first ? notComparable(c) : null))
      )
    );
    for (const metric of metrics.filter((m) => m.kind === kind)) {
      const decides =
        metric.decides && candidates.some((c) => byCandidate.get(c.candidate)?.get(metric.name)?.decisive);
      rows.push(
        h(
          "tr",
          {"data-matrix-row": metric.name},
          h(
            "th",
            {
              scope: "row",
              title:
                metric.direction === "neutral" ? `${metric.label}: neutral, neither direction is better` : metric.label
            },
            shortLabel(metric),
            decides
              ? h("span", {class: "rc-decides", title: "the task's quality metric: decides the label"}, "decides")
              : null
          ),
          candidates.map((c) =>
            c.comparable ? deltaCell(h, byCandidate.get(c.candidate)!.get(metric.name), metric.name, c.candidate) : null
          )
        )
      );
    }
  }

  if (!rows.length)
    rows.push(
      h(
        "tr",
        {},
        h("th", {scope: "row"}, "no metric"),
        candidates.map((c) => (c.comparable ? h("td", {}, "—") : notComparable(c)))
      )
    );

  return h(
    "div",
    {class: "rc-matrix", "data-testid": "delta-matrix"},
    h(
      "p",
      {class: "rc-chart-note"},
      "Each cell: candidate − baseline ",
      h("code", {}, options.baselineId),
      ", over the episodes both ran",
      references.length
        ? [". Quality vs ", references.map((reference, i) => [i ? ", " : "", h("code", {}, reference)])]
        : null,
      "."
    ),
    h(
      "div",
      {class: "rc-matrix-scroll"},
      h("table", {class: "rc-matrix-table"}, h("thead", {}, header), h("tbody", {}, rows))
    ),
    h(
      "p",
      {class: "rc-matrix-key rc-chart-note"},
      h("span", {class: "rc-cell-better"}, "▲ better"),
      " · ",
      h("span", {class: "rc-cell-worse"}, "▼ worse"),
      " · no clear change · ",
      h("span", {class: "rc-cell-neutral"}, "gray: neutral metric"),
      // Only the marks some cell carries.
      shownDeltas.some((d) => d.underpowered) ? " · ? too few episodes to tell" : null,
      shownDeltas.some((d) => d.not_judged) ? " · * shown, not judged" : null,
      " · decides: the metric that decides the label"
    )
  );
}
