// Baseline vs one candidate, metric by metric, grouped by what each row does for the label: the one quality
// metric that decides it, the defect types (together they decide by a sign test), supporting metrics and
// trade-offs. Each row: values, the delta with the interval that decides its state (at its level, clamped where
// marked), n, smallest detectable change, threshold, state, verdict, and how many episodes crossed each way.
import {html} from "htl";
import type {Comparison} from "../compare/compare.js";
import type {Delta} from "../compare/deltas.js";
import {
  CLAMPED_TITLE,
  defectsSignalWords,
  deltaVerdictWords,
  intervalParts,
  levelWords,
  microF1Words,
  notJudgedWords,
  pairingWords,
  roleOf,
  stateWords,
  type DeltaRole
} from "../compare/explain.js";
import {DECISIVE_LEVEL, MIN_CLEAR_N, SIGN_TEST_ALPHA, SUPPORTING_LEVEL} from "../compare/signals.js";
import type {RunSummary} from "../compare/types.js";
import {amount, deltaMark, difference, signed} from "../compare/words.js";
import {lastSegment} from "./runNames.js";

export interface DeltaTableOptions {
  /** The selected runs' summaries: the entity-set F1 row shows their micro F1 beside its mean per episode. */
  runs?: RunSummary[];
}

const [DECISIVE, SUPPORTING] = [levelWords(DECISIVE_LEVEL), levelWords(SUPPORTING_LEVEL)];
const COLUMNS = 10;

const GROUPS: {role: DeltaRole; label: string; title: string}[] = [
  {
    role: "decisive",
    label: "Decides the label",
    title:
      `The task's one quality metric against a reference or gold both runs share, on its ${DECISIVE} interval: ` +
      "better or worse only when clear"
  },
  {
    role: "defect",
    label: "Defects (each type shown; together they decide by a sign test)",
    title:
      "Failures and gate hits per episode: each episode's defect types gained minus lost, judged together by an " +
      `exact two-sided sign test at p ≤ ${SIGN_TEST_ALPHA}`
  },
  {
    role: "supporting",
    label: "Supporting",
    title: `Other quality measures, on a ${SUPPORTING} interval: shown with their state, they never set the label`
  },
  {
    role: "tradeoff",
    label: "Trade-offs",
    title: `Cost, speed and sizes, on a ${SUPPORTING} interval: named in the sentence when clear, never set the label`
  }
];

const STATE_TITLE = {
  clear: `the interval excludes 0 and the change reaches the threshold (n ≥ ${MIN_CLEAR_N})`,
  equivalent: "no value in the interval reaches the threshold",
  underpowered: `the interval reaches the threshold but the change is not clear (or n < ${MIN_CLEAR_N})`
} as const;

function deltaTitle(d: Delta): string {
  const [lo, hi] = d.ci ?? [null, null];
  const raw =
    d.clamped && d.ci
      ? `; shown clamped to what the baseline allows (raw ${signed(lo, d.unit)} to ${signed(hi, d.unit)})`
      : "";
  const interval =
    d.method === "rule"
      ? "rule: counted per episode"
      : d.ci && d.ci_level !== null
        ? `${levelWords(d.ci_level)} interval ${signed(lo, d.unit)} to ${signed(hi, d.unit)} (Student t)${raw}`
        : "no interval (n < 2)";
  const parts = [
    interval,
    d.ci95 && d.ci_level !== 0.95 ? `95% interval ${signed(d.ci95[0], d.unit)} to ${signed(d.ci95[1], d.unit)}` : "",
    `n = ${d.n}`,
    d.mde !== null ? `smallest detectable change ${difference(d.mde, d.unit)}` : "",
    d.threshold !== null && d.method !== "rule" ? `threshold ${difference(d.threshold, d.unit)}` : "",
    d.not_judged ? notJudgedWords(d.not_judged) : ""
  ];
  return parts.filter(Boolean).join(" · ");
}

/** "[−0.710⊢, +0.015] 97.5%", each clamp mark with its title; "rule" or "no interval" without one. */
function intervalLine(d: Delta) {
  const parts = intervalParts(d);
  if (!parts) return html`<div class="ci">${d.method === "rule" ? "rule" : "no interval"}</div>`;
  const bound = ({text, mark}: {text: string; mark: string}) =>
    mark ? [text, html`<span class="clamped" title=${CLAMPED_TITLE}>${mark}</span>`] : text;
  return html`<div class="ci">[${bound(parts.low)}, ${bound(parts.high)}] ${parts.level}</div>`;
}

const MICRO_TITLE = "entity-set F1 of each run over all its entities (micro), as the KPI tiles show it";

/** The runs' micro entity-set F1 (over all their entities) on the entity-set row, whose delta is a mean per episode. */
function microLine(d: Delta, comparison: Comparison, runs: RunSummary[] | undefined) {
  if (d.metric !== "ner_f1_entity_set" || !runs) return "";
  const micro = (id: string) => {
    const ner = runs.find((run) => run.id === id)?.ner;
    return ner && ner.reference === d.reference ? ner.entity_set.f1 : null;
  };
  const [b, c] = [micro(comparison.baseline), micro(comparison.candidate)];
  if (b === null || c === null) return "";
  return html`<div class="micro" data-micro-delta=${String(c - b)} title=${MICRO_TITLE}>${microF1Words(b, c)}</div>`;
}

function deltaCell(d: Delta, comparison: Comparison, runs: RunSummary[] | undefined) {
  const tone = `delta delta-${d.not_judged ? "same" : d.verdict}${d.direction === "neutral" ? " delta-neutral" : ""}`;
  // data-state only on estimates: rules and unjudged rows have none.
  const state = d.method === "rule" ? null : d.state;
  const value = d.delta === null ? "" : String(d.delta);
  return html`<td class=${tone} data-delta=${d.metric} data-candidate=${comparison.candidate} data-value=${value}
      data-verdict=${d.verdict} data-state=${state} title=${deltaTitle(d)}>
    <span class="mark" aria-hidden="true">${deltaMark(d)}</span> ${signed(d.delta, d.unit)}
    ${intervalLine(d)}${microLine(d, comparison, runs)}</td>`;
}

const RULE_STATE_TITLE = "a rule: episodes counted by name; the defects signal decides";

function stateCell(d: Delta) {
  const words = stateWords(d);
  if (words && d.state) return html`<td class=${`state state-${d.state}`} title=${STATE_TITLE[d.state]}>${words}</td>`;
  if (d.method === "rule") return html`<td class="state muted" title=${RULE_STATE_TITLE}>counted</td>`;
  return html`<td class="state muted" title="shown, not judged">—</td>`;
}

function countsCell(d: Delta) {
  if (d.method === "rule") {
    const named = [
      d.new.length ? `new: ${d.new.join(", ")}` : "",
      d.fixed.length ? `fixed: ${d.fixed.join(", ")}` : ""
    ];
    const title = named.filter(Boolean).join(" · ") || "no episode changed";
    return html`<td class="num" title=${title}>${d.new.length} new / ${d.fixed.length} fixed</td>`;
  }
  const counts = d.improved === null ? "—" : `${d.improved} / ${d.regressed}`;
  return html`<td class="num" title="episodes whose change crossed the threshold">${counts}</td>`;
}

function row(d: Delta, comparison: Comparison, runs: RunSummary[] | undefined) {
  const reference = d.reference
    ? html`<div class="muted ref" title=${d.reference}>vs ${lastSegment(d.reference)}</div>`
    : "";
  const threshold = d.method === "rule" ? "any new" : d.threshold === null ? "—" : difference(d.threshold, d.unit);
  const verdict = `verdict-cell verdict-text-${d.not_judged ? "same" : d.verdict}`;
  return html`<tr data-kind=${d.kind} data-role=${roleOf(d)}>
    <th scope="row">${d.label}${reference}</th>
    <td class="num">${amount(d.baseline, d.unit)}</td>
    <td class="num">${amount(d.candidate, d.unit)}</td>
    ${deltaCell(d, comparison, runs)}
    <td class="num">${d.n}</td>
    <td class="num muted">${d.mde === null ? "—" : difference(d.mde, d.unit)}</td>
    <td class="num muted">${threshold}</td>
    ${stateCell(d)}
    <td class=${verdict}>${deltaVerdictWords(d, d.not_judged === null)}</td>
    ${countsCell(d)}
  </tr>`;
}

/** A line across the table under a group: the defects signal, or why no quality metric decides. */
function noteRow(testid: string, text: string) {
  return html`<tr class="signal-row" data-testid=${testid}><td colspan=${COLUMNS}>${text}</td></tr>`;
}

function group({role, label, title}: (typeof GROUPS)[number], comparison: Comparison, runs?: RunSummary[]) {
  const rows = comparison.deltas.filter((d) => roleOf(d) === role);
  const note =
    role === "defect" && rows.length
      ? noteRow("defects-signal", `Defects signal: ${defectsSignalWords(comparison.defects)}.`)
      : role === "decisive" && !rows.length
        ? noteRow("no-quality-signal", "Quality vs reference not measured: the runs share no reference or gold.")
        : "";
  if (!rows.length && !note) return "";
  return html`<tbody data-group=${role}>
    <tr class="group"><th colspan=${COLUMNS} title=${title}>${label}</th></tr>
    ${rows.map((d) => row(d, comparison, runs))}${note}
  </tbody>`;
}

const DELTA_TITLE =
  `candidate − baseline; below it the interval that decides the state: ${DECISIVE} for the metric that decides ` +
  `the label, ${SUPPORTING} otherwise; ⊢ ⊣ mark a bound ${CLAMPED_TITLE}`;
const MDE_TITLE = "minimum detectable effect: the smallest true change the clear rule catches 80% of the time";
const COUNTS_TITLE = "episodes that crossed the threshold: improved / regressed (rules: new / fixed)";

export function DeltaTable(comparison: Comparison, {runs}: DeltaTableOptions = {}): HTMLElement {
  if (!comparison.comparable) return html`<p class="muted">Not comparable: no deltas.</p>`;
  if (comparison.gold)
    return html`<p class="muted" data-delta-table=${comparison.candidate}>Scored against its gold: no deltas. The
      verdict above gives its precision, recall and F1; the episodes below, its F1 per episode.</p>`;
  const pairing = pairingWords(comparison);
  const over = `over ${comparison.common_episodes} common episodes${pairing ? ` (${pairing})` : ""}`;
  return html`<div class="delta-wrap"><table class="delta-table" data-delta-table=${comparison.candidate}>
    <caption><code>${comparison.candidate}</code> − baseline, ${over}</caption>
    <thead><tr><th>Metric</th><th class="num">Baseline</th><th class="num">Candidate</th>
      <th class="num" title=${DELTA_TITLE}>Δ [interval]</th>
      <th class="num" title="paired episodes">n</th>
      <th class="num" title=${MDE_TITLE}>MDE</th>
      <th class="num" title="practical threshold a change must reach to count">Threshold</th>
      <th title="clear, no change as large as the threshold, or too few episodes to tell">State</th><th>Verdict</th>
      <th class="num" title=${COUNTS_TITLE}>Episodes</th></tr></thead>
    ${GROUPS.map((g) => group(g, comparison, runs))}
  </table></div>`;
}
