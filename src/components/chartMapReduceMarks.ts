// Chart C's marks: a bar (or a dot) per episode and measure, the stages' cap ticks and the reduce shares, with tips.
import * as Plot from "@observablehq/plot";
import {amount} from "../compare/words.js";
import {MEASURES, type CapMark, type Measure} from "./chartMapReduceLegend.js";
import {HIDDEN, TIP, tipText, type RunRow} from "./chartParts.js";

export interface Bar {
  run: string;
  episode_id: string;
  measure: Measure;
  value: number;
  rank: number;
  row: RunRow;
}

const finalTokens = (row: RunRow) => row.final_tokens ?? row.output_tokens;

export function barsOf(row: RunRow, rank: number): Bar[] {
  const values: [Measure, number | null][] = [
    [MEASURES[0], row.map_tokens],
    [MEASURES[1], row.reduce_input_tokens],
    [MEASURES[2], finalTokens(row)]
  ];
  return values.flatMap(([measure, value]) =>
    value === null ? [] : [{run: row.run, episode_id: row.episode_id, measure, value, rank, row}]
  );
}

const flag = (value: boolean | null, yes: string) => (value ? yes : null);

function tipOf(bar: Bar): string {
  const {row} = bar;
  const chunks = row.map_chunks === null ? "" : ` (mean of ${amount(row.map_chunks, "count")} chunks)`;
  const atCap = row.map_at_cap === null ? "" : `, ${amount(row.map_at_cap, "share")} of chunks at the cap`;
  const share =
    row.reduce_share === null
      ? row.map_reduce_source === "derived"
        ? " (derived: the map output itself)"
        : ""
      : `, ${amount(row.reduce_share, "share")} of the map output${row.starved ? ": starved" : ""}`;
  return tipText(
    bar.run,
    `episode ${bar.episode_id}`,
    `map summaries ${amount(row.map_tokens, "tokens")} tokens${chunks}${atCap}`,
    `reduce input ${amount(row.reduce_input_tokens, "tokens")} tokens${share}`,
    `final output ${amount(finalTokens(row), "tokens")} tokens`,
    flag(row.reduce_input_cut, "reduce input cut at its cap"),
    flag(row.padded, "padded: the final output is longer than its reduce input"),
    row.map_reduce_source ? `numbers ${row.map_reduce_source}` : null
  );
}

const capTip = (mark: CapMark) =>
  tipText(
    mark.run,
    `${mark.name} cap ${amount(mark.cap.tokens, "tokens")} tokens${mark.cap.estimated ? " (estimated)" : ""}`,
    `from ${mark.cap.from}`,
    mark.cap.estimated ? "this run's values here are characters / 4, the cap is in model tokens" : null
  );

const capStyle = {
  stroke: "currentColor",
  strokeWidth: 1.5,
  strokeDasharray: "4,3",
  className: "rc-stage-cap",
  ...HIDDEN
};

/** The drawn caps of a run: a dashed tick per episode group (grouped bars), else a labelled rule. */
function capMarks(runCaps: CapMark[], rows: RunRow[], grouped: boolean): Plot.Markish[] {
  const caps = runCaps.filter((c) => c.drawn);
  if (!caps.length) return [];
  if (!grouped)
    return [
      Plot.ruleY(caps, {y: (c: CapMark) => c.cap.tokens, ...capStyle, title: capTip}),
      Plot.text(caps, {
        y: (c: CapMark) => c.cap.tokens,
        text: (c: CapMark) => `${c.name} cap${c.cap.estimated ? " (est.)" : ""}`,
        frameAnchor: "right",
        textAnchor: "end",
        dy: -6,
        fontSize: 10,
        className: "rc-stage-cap-label",
        ...HIDDEN
      })
    ];
  const ticks = [...new Set(rows.map((row) => row.episode_id))].flatMap((episode_id) =>
    caps.map((c) => ({...c, episode_id}))
  );
  return [
    Plot.tickY(ticks, {fx: "episode_id", x: "measure", y: (c: CapMark) => c.cap.tokens, ...capStyle, title: capTip})
  ];
}

/** The recorded reduce shares written over their bars (grouped bars only), bold where starved. */
function shareMarks(bars: Bar[], grouped: boolean): Plot.Markish[] {
  if (!grouped) return [];
  const shares = bars.filter((bar) => bar.measure === MEASURES[1] && bar.row.reduce_share !== null);
  const mark = (starved: boolean) =>
    Plot.text(
      shares.filter((bar) => bar.row.starved === starved),
      {
        fx: "episode_id",
        x: "measure",
        y: "value",
        text: (bar: Bar) => `${Math.round(bar.row.reduce_share! * 100)}%`,
        dy: -7,
        fontSize: 10,
        fontWeight: starved ? "bold" : "normal",
        className: starved ? "rc-reduce-share rc-starved" : "rc-reduce-share",
        ...HIDDEN
      }
    );
  return shares.length ? [mark(false), mark(true)] : [];
}

/** One run's plot marks: grouped bars per episode with caps and shares, or one dot per episode and measure. */
export function panelMarks(bars: Bar[], caps: CapMark[], rows: RunRow[], grouped: boolean): Plot.Markish[] {
  return grouped
    ? [
        Plot.barY(bars, {
          fx: "episode_id",
          x: "measure",
          y: "value",
          fill: "measure",
          stroke: "currentColor",
          strokeOpacity: 0.35,
          className: "rc-measure-bars",
          title: tipOf,
          tip: TIP,
          ...HIDDEN
        }),
        ...capMarks(caps, rows, grouped),
        ...shareMarks(bars, grouped),
        Plot.ruleY([0], HIDDEN)
      ]
    : [
        Plot.dot(bars, {
          x: "rank",
          y: "value",
          fill: "measure",
          stroke: "currentColor",
          strokeOpacity: 0.3,
          strokeWidth: 0.5,
          r: 2.6,
          className: "rc-measure-dots",
          title: tipOf,
          tip: TIP,
          ...HIDDEN
        }),
        ...capMarks(caps, rows, grouped)
      ];
}
