// KPI tiles, one card per selected run in its run color: entity F1s and counts for NER runs, text KPIs otherwise,
// with the scorer's gates and this project's output checks (and at_cap) in two labelled groups apart.
// The tiles are over each run's own episodes; a card says so when the deltas cover another set (the common ones).
import type {Comparison} from "../compare/compare.js";
import {CHECK_NAMES, GATE_NAMES, KPI_NAMES, NER_MODES, type KpiName, type RunSummary} from "../compare/types.js";
import {amount, count} from "../compare/words.js";
import {breakableId, builder, type Build} from "./dom.js";
import {KPI_LABELS, kpiDisagreementNote, kpiValue, NER_LABELS, nerValue} from "./kpiCell.js";
import {lastSegment} from "./runNames.js";

const TEXT_ONLY: KpiName[] = [
  "avg_output_tokens",
  "gate_truncation",
  "gate_speaker_label",
  "gate_boilerplate",
  ...CHECK_NAMES,
  "at_cap"
];

function tile(
  h: Build,
  label: string,
  value: HTMLElement,
  alert = false,
  title = "",
  ...notes: (HTMLElement | null)[]
) {
  return h("div", {class: `kpi${alert ? " kpi-alert" : ""}`, title}, h("dt", {}, label), h("dd", {}, value, ...notes));
}

const CHECKS: KpiName[] = [...CHECK_NAMES, "at_cap"];
const GROUPED = new Set<KpiName>([...GATE_NAMES, ...CHECKS]);

/** The tiles in groups: the run's own measures (every other KPI), the scorer's gates, this project's output checks. */
export const KPI_GROUPS: {group: string; label: string; title: string; names: readonly KpiName[]}[] = [
  {group: "run", label: "", title: "", names: KPI_NAMES.filter((name) => !GROUPED.has(name))},
  {
    group: "gates",
    label: "scorer gates",
    title: "the upstream scorer's three gates: episodes each fires on",
    names: GATE_NAMES
  },
  {
    group: "checks",
    label: "output checks",
    title:
      "this project's own checks of each output that did not fail: episodes each fires on; at cap: outputs " +
      "reaching 90% of the final stage's token cap, not a defect",
    names: CHECKS
  }
];

/**
 * Whether a run's at_cap count rests on estimated sizes: its final stage's cap (RunSummary.stage_caps.final) is
 * marked estimated when some episode without a recorded final token count was measured as characters / 4.
 */
function atCapNote(h: Build, run: RunSummary): HTMLElement | null {
  const cap = run.stage_caps?.final ?? null;
  if (!cap?.estimated || run.kpis.at_cap === null) return null;
  return h(
    "small",
    {
      class: "kpi-estimated",
      "data-kpi-estimated": "at_cap",
      title:
        `against the final stage's cap of ${count(cap.tokens)} tokens (${cap.from}); episodes without a recorded ` +
        "token count are measured as characters / 4, so this count is an estimate"
    },
    "estimated"
  );
}

function nerCounts(h: Build, run: RunSummary): HTMLElement {
  const ner = run.ner;
  if (!ner && run.kind === "reference")
    return h("p", {class: "muted"}, `A gold reference: ${run.episodes} episodes runs are scored against.`);
  if (!ner) return h("p", {class: "muted"}, "No gold reference named in metrics.json.");
  return h(
    "p",
    {class: "muted"},
    `Entities: ${ner.entities_predicted} predicted, ${ner.entities_in_scope} in gold scope ` +
      `(${ner.out_of_scope} out of scope, dropped before matching as the scorer does), ` +
      `${ner.entities_gold} in gold (${ner.episodes_scored} episodes; F1s are micro over them) vs `,
    h("code", {title: ner.reference}, lastSegment(ner.reference))
  );
}

function referenceLine(h: Build, run: RunSummary) {
  const ref = run.reference;
  if (!ref) return null;
  const how =
    ref.source === "stored"
      ? "stored in metrics.json (reference not in this tree)"
      : `recomputed over ${ref.episodes} episodes`;
  return h(
    "p",
    {class: "muted"},
    "ROUGE-L vs ",
    h("code", {title: ref.id}, lastSegment(ref.id)),
    `: ${amount(ref.rougeL_f1, "score")} `,
    h("span", {title: how}, `(${ref.source})`)
  );
}

export interface KpiTilesOptions {
  baselineId: string | null;
  colorOf: (id: string) => string;
  /** The page's comparisons: a card whose run has other episodes than its deltas' common ones says so. */
  comparisons?: Pick<Comparison, "baseline" | "candidate" | "comparable" | "common_episodes">[];
  /** The candidate whose comparison the baseline's card is measured against (the focus); else the first. */
  focus?: string | null;
}

/** The common episodes the deltas of this run cover: its own comparison's, or for the baseline the focus's. */
function deltaEpisodes(run: RunSummary, {baselineId, comparisons = [], focus = null}: KpiTilesOptions) {
  const comparable = comparisons.filter((c) => c.comparable && c.baseline === baselineId);
  const own =
    run.id === baselineId
      ? (comparable.find((c) => c.candidate === focus) ?? comparable[0])
      : comparable.find((c) => c.candidate === run.id);
  return own ? own.common_episodes : null;
}

/** "KPIs over its 5 episodes; the deltas are over the 3 common ones", when those differ. */
function scopeLine(h: Build, run: RunSummary, common: number | null): HTMLElement | null {
  if (common === null || common === run.episodes) return null;
  const own = `${count(run.episodes)} episode${run.episodes === 1 ? "" : "s"}`;
  return h(
    "p",
    {
      class: "kpi-scope",
      "data-kpi-scope": run.id,
      title: "each tile counts every episode of this run; the deltas count the episodes both runs ran"
    },
    `KPIs over its ${own}; the deltas are over the ${count(common)} common one${common === 1 ? "" : "s"}`
  );
}

function card(h: Build, run: RunSummary, options: KpiTilesOptions): HTMLElement {
  const {baselineId} = options;
  const color = options.colorOf(run.id);
  const isNer = run.task === "ner_entities";
  const names = KPI_NAMES.filter((name) => !isNer || !TEXT_ONLY.includes(name));
  const isBaseline = run.id === baselineId;
  const role = h(
    "span",
    {
      class: "badge role",
      title: isBaseline ? "the run every candidate is compared with" : "compared with the baseline"
    },
    isBaseline ? "baseline" : "candidate"
  );
  const scope = scopeLine(h, run, deltaEpisodes(run, options));
  const over = scope ? ` · over its ${count(run.episodes)} episodes, not only the common ones` : "";
  const kpiTile = (name: KpiName) =>
    tile(
      h,
      KPI_LABELS[name].label,
      kpiValue(run, name, {h}),
      (name.startsWith("gate_") || name.startsWith("check_")) && (run.kpis[name] ?? 0) > 0,
      KPI_LABELS[name].hint + over,
      kpiDisagreementNote(run, name, h),
      name === "at_cap" ? atCapNote(h, run) : null
    );
  const groups = KPI_GROUPS.map(({group, label, title, names: members}) => {
    const tiles = members.filter((name) => names.includes(name)).map(kpiTile);
    if (!tiles.length && !(group === "run" && isNer)) return null;
    const ner =
      group === "run" && isNer ? NER_MODES.map((mode) => tile(h, NER_LABELS[mode], nerValue(run, mode, h))) : [];
    return h(
      "div",
      {class: `kpi-group kpi-group-${group}`, "data-kpi-group": group},
      label ? h("h4", {title}, label) : null,
      h("dl", {}, ner, tiles)
    );
  });
  // NER runs keep the text KPIs' contract elements, hidden: every selected run carries every KPI.
  const hiddenTextKpis = isNer
    ? h(
        "p",
        {class: "muted kpi-hidden"},
        TEXT_ONLY.map((name) => h("span", {hidden: true}, kpiValue(run, name, {h})))
      )
    : null;
  return h(
    "section",
    {class: "card kpi-card", style: `border-top: 4px solid ${color}`, "data-kpi-card": run.id},
    h("h3", {}, h("code", {}, breakableId(h, run.id)), " ", role),
    scope,
    groups,
    isNer ? nerCounts(h, run) : referenceLine(h, run),
    hiddenTextKpis
  );
}

export function KpiTiles(runs: RunSummary[], options: KpiTilesOptions): HTMLElement {
  const h = builder();
  return h(
    "div",
    {class: "kpi-grid"},
    runs.map((run) => card(h, run, options))
  );
}
