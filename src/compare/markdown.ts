// The report as Markdown for a pull request or a CI job summary: it leads with each verdict sentence and its
// findings (why, ranked), then per candidate the two signals that decide the label and every delta with its
// interval, state and role.
import {
  defectsSignalWords,
  deltaVerdictWords,
  identicalWords,
  intervalWords,
  levelWords,
  microF1Words,
  pairingWords,
  QUALIFIER_WORDS,
  qualitySignalWords,
  ROLE_WORDS,
  roleOf,
  stateWords
} from "./explain.js";
import {changeValue, GROUP_LABELS} from "./fingerprint.js";
import {MODE_WORDS, outOfScopeWords, score3} from "./goldScoring.js";
import type {Report, ReportComparison, ReportDelta, ReportRun} from "./report.js";
import {DECISIVE_LEVEL, MDE_POWER, MIN_CLEAR_N, SIGN_TEST_ALPHA, SUPPORTING_LEVEL} from "./signals.js";
import {KPI_NAMES} from "./types.js";
import {amount, deltaMark, difference, episodeList, plain, signed} from "./words.js";

const MAX_EPISODES = 20;
const MAX_CHANGES = 12;

/** Untrusted text in a table cell or line: no pipes, no newlines, no raw HTML. */
export function cell(text: unknown): string {
  return String(text ?? "—")
    .replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, " ");
}

const DELTA_HEADER = [
  "Metric",
  "Role",
  "Baseline",
  "Candidate",
  "Δ",
  "Interval",
  "n",
  "Method",
  "MDE",
  "Threshold",
  "State",
  "Verdict",
  "Improved / regressed"
];
const DELTA_ALIGN = ["---", "---", "---:", "---:", "---:", "---", "---:", "---", "---:", "---:", "---", "---", "---"];

function deltaRow(d: ReportDelta): string {
  const counts =
    d.method === "rule"
      ? `${d.new.length} new / ${d.fixed.length} fixed`
      : d.improved === null
        ? "—"
        : `${d.improved} / ${d.regressed}`;
  const tradeoff = d.kind === "tradeoff" && d.direction !== "neutral" && !d.note ? " (trade-off)" : "";
  let threshold = "—";
  if (d.threshold !== null) threshold = d.method === "rule" ? "any new" : difference(d.threshold, d.unit);
  const mde = d.mde === null ? "—" : difference(d.mde, d.unit);
  const metric = `${cell(d.label)}${d.reference ? ` vs ${cell(d.reference)}` : ""}`;
  const verdict = `${deltaMark(d)} ${deltaVerdictWords(d, d.note === null)}${tradeoff}`;
  const values = [amount(d.baseline, d.unit), amount(d.candidate, d.unit), signed(d.delta, d.unit)];
  const state = stateWords(d) ?? (d.method === "rule" ? "counted" : "—");
  const row = [metric, ROLE_WORDS[roleOf(d)], ...values, intervalWords(d) ?? "—", String(d.n), d.method, mde];
  return `| ${[...row, threshold, state, verdict, counts].join(" | ")} |`;
}

/** The runs' micro entity-set F1 beside the delta's mean of per-episode F1, when both runs have one. */
function microLine(c: ReportComparison, baseline: string, runs: ReportRun[]): string | null {
  const d = c.deltas.find((delta) => delta.metric === "ner_f1_entity_set");
  const micro = (id: string) => {
    const ner = runs.find((run) => run.id === id)?.ner;
    return d && ner && ner.reference === d.reference ? ner.entity_set.f1 : null;
  };
  const [b, cand] = [micro(baseline), micro(c.candidate)];
  return b === null || cand === null ? null : `Entity-set F1, ${microF1Words(b, cand)}.`;
}

/** A run scored against its gold: precision, recall and F1 per mode, then its F1 and counts per episode. */
function goldLines(c: ReportComparison): string[] {
  const gold = c.gold!;
  const lines = [
    `Precision counts the predictions in the gold's scope only: ${outOfScopeWords(gold)}.`,
    "",
    "| Score vs gold | Precision | Recall | F1 | tp | fp | fn |",
    "|---|---:|---:|---:|---:|---:|---:|"
  ];
  for (const [mode, words] of Object.entries(MODE_WORDS) as [keyof typeof MODE_WORDS, string][]) {
    const s = gold.scores[mode];
    const judged = mode === "entity_set" || !gold.offsets_other_text ? "" : " (not judged)";
    const precision = `${score3(s.precision)} · ${gold.out_of_scope} out of scope`;
    lines.push(
      `| ${words}${judged} | ${precision} | ${score3(s.recall)} | ${score3(s.f1)} | ${s.tp} | ${s.fp} | ${s.fn} |`
    );
  }
  const scored = c.episodes.filter((e) => e.ner);
  lines.push("", "| Episode | Entity-set F1 | Mention F1, overlap | Predicted | Out of scope | Gold mentions |");
  lines.push("|---|---:|---:|---:|---:|---:|");
  const value = (v: number | null) => (v === null ? "—" : score3(v));
  for (const e of scored.slice(0, MAX_EPISODES)) {
    const {f1, predicted, out_of_scope, gold: mentions} = e.ner!;
    const counts = [predicted, out_of_scope, mentions].map((n) => (n === null ? "—" : String(n)));
    lines.push(
      `| ${cell(e.episode_id)} | ${value(f1.entity_set)} | ${value(f1.mention_overlap)} | ${counts.join(" | ")} |`
    );
  }
  if (scored.length > MAX_EPISODES) lines.push(`| … ${scored.length - MAX_EPISODES} more | | | | | |`);
  return [...lines, ""];
}

function comparisonSection(c: ReportComparison, baseline: string, runs: ReportRun[]): string[] {
  const lines = [`### ${cell(c.candidate)} vs ${cell(baseline)}`, "", `**${cell(c.verdict.sentence)}**`, ""];
  const qualifiers = c.verdict.qualifiers.map((q) => `\`${q}\``).join(", ");
  const label = c.verdict.label === null ? "no label (scored against its gold)" : `\`${c.verdict.label}\``;
  lines.push(`Verdict ${label}${qualifiers ? `, qualifiers: ${qualifiers}` : ""}.`, "");
  if (!c.comparable) return lines;
  const quality = c.deltas.find((d) => d.decisive);
  if (c.gold) lines.push(...goldLines(c));
  else
    lines.push(
      `- Quality (decides the label): ${cell(qualitySignalWords(quality))}`,
      `- Defects (decide the label): ${cell(defectsSignalWords(c.defects))}`
    );
  for (const q of c.verdict.qualifiers) lines.push(`- \`${q}\`: ${cell(QUALIFIER_WORDS[q].title)}`);
  if (c.verdict.qualifiers.some((q) => q === "new_failures" || q === "new_defects"))
    lines.push("- Blocks promotion under the upstream rule: `--fail-on new_failures,new_defects`.");
  lines.push("");
  const cov = c.coverage;
  const missing = cov.missing_from_candidate.length
    ? `; not run by the candidate: ${cell(cov.missing_from_candidate.join(", "))}`
    : "";
  const sizes = `baseline ${cov.baseline_episodes}, candidate ${cov.candidate_episodes}`;
  const notes = [pairingWords(c), identicalWords(c)].filter((note) => note !== null).map((note) => `; ${note}`);
  lines.push(`Coverage: ${cov.common} common episodes (${sizes})${notes.join("")}${missing}.`, "");
  if (c.inputs.differing) {
    const example = c.inputs.episodes[0];
    const input = (side: typeof example.baseline) => `${cell(side.path ?? "?")}, ${side.chars ?? "?"} chars`;
    lines.push(
      `Inputs differ on ${c.inputs.differing} of ${c.inputs.compared} common episodes ` +
        `(e.g. ${cell(example.episode_id)}: ${input(example.baseline)} → ${input(example.candidate)}).`,
      ""
    );
  }
  for (const w of c.warnings) lines.push(`> ⚠ ${cell(w)}`);
  if (c.warnings.length) lines.push("");
  if (c.deltas.length) {
    lines.push(`| ${DELTA_HEADER.join(" | ")} |`, `|${DELTA_ALIGN.join("|")}|`, ...c.deltas.map(deltaRow), "");
    const micro = microLine(c, baseline, runs);
    if (micro) lines.push(micro, "");
  }
  if (c.changes.length) {
    lines.push(
      `<details><summary>${c.changes.length} changed setting(s)</summary>`,
      "",
      "| Group | Setting | Baseline | Candidate |",
      "|---|---|---|---|"
    );
    for (const change of c.changes.slice(0, MAX_CHANGES)) {
      const [before, after] = [changeValue(change, "baseline"), changeValue(change, "candidate")];
      lines.push(`| ${GROUP_LABELS[change.group]} | ${cell(change.path)} | ${cell(before)} | ${cell(after)} |`);
    }
    if (c.changes.length > MAX_CHANGES) lines.push(`| … | ${c.changes.length - MAX_CHANGES} more | | |`);
    lines.push("", "</details>", "");
  }
  const regressed = c.episodes.filter((e) => e.regressed);
  if (regressed.length) {
    lines.push(
      `<details><summary>${regressed.length} regressed episode(s)</summary>`,
      "",
      "| Episode | Dataset | Reasons |",
      "|---|---|---|"
    );
    for (const e of regressed.slice(0, MAX_EPISODES))
      lines.push(`| ${cell(e.episode_id)} | ${cell(e.dataset_id)} | ${cell(e.reasons.join("; "))} |`);
    if (regressed.length > MAX_EPISODES) lines.push(`| … | | ${regressed.length - MAX_EPISODES} more |`);
    lines.push("", "</details>", "");
  }
  return lines;
}

/** How to read the verdict and the delta tables, once, from the engine's constants. */
function readingNotes(): string[] {
  const [decisive, supporting, each] = [DECISIVE_LEVEL, SUPPORTING_LEVEL, 1 - DECISIVE_LEVEL].map(levelWords);
  return [
    "### How to read the verdict",
    "",
    `- The label rests on two signals, each at ${each}: the task's one quality metric (ROUGE-L F1 vs a reference ` +
      `both runs share, or entity-set F1 vs a shared gold) on its ${decisive} interval, and the defects: per ` +
      "common episode, failure and gate types gained minus lost, judged by an exact two-sided sign test at " +
      `p ≤ ${SIGN_TEST_ALPHA}. Worse: one worse, none better; better: the reverse; mixed: both; else no clear ` +
      "change.",
    `- State: clear (the interval excludes 0, the change reaches the threshold, n ≥ ${MIN_CLEAR_N}); no change as ` +
      "large as the threshold (no value in the interval reaches it); else too few episodes to tell. MDE: the " +
      `smallest true change the clear rule catches ${levelWords(MDE_POWER)} of the time with these episodes.`,
    `- Interval: the one that decides the state, at its level (${decisive} for the metric that decides the label, ` +
      `${supporting} otherwise), shown clamped to what a bounded metric's baseline allows; ⊢ or ⊣ marks a ` +
      "clamped bound. The JSON keeps the raw bounds: `ci` at that level, `ci95` at 95%.",
    "- Supporting metrics and trade-offs never set the label; trade-offs are named in the sentence when clear.",
    "- Qualifiers: `new_failures` and `new_defects` name a single new failure or gate hit on a common episode, too " +
      "few for the sign test; `--fail-on new_failures,new_defects` is the upstream promotion rule: any new failure " +
      "or gate hit blocks. `outputs_identical`: every common output is byte-identical to the baseline's.",
    ""
  ];
}

/** A candidate's findings in rank order, numbered: the sentence (its stage first), then the episodes it names. */
export function findingLines(c: ReportComparison): string[] {
  return c.findings.map((f, i) => {
    const episodes = f.episodes.length ? ` — episodes ${cell(episodeList(f.episodes))}` : "";
    return `${i + 1}. ${cell(f.sentence)}${episodes}`;
  });
}

export function reportMarkdown(report: Report): string {
  const comparisons = report.comparisons ?? [];
  const lines: string[] = [];
  for (const c of comparisons) {
    const findings = findingLines(c);
    lines.push(
      `**${cell(c.candidate)}**: ${cell(c.verdict.sentence)}`,
      "",
      ...findings,
      ...(findings.length ? [""] : [])
    );
  }
  lines.push("## Run Compare", "");
  if (report.baseline) lines.push(`Baseline: **${cell(report.baseline)}**`, "");
  for (const c of comparisons) lines.push(...comparisonSection(c, report.baseline ?? "", report.runs));
  if (comparisons.length) lines.push(...readingNotes());
  lines.push(
    "### Runs",
    "",
    `| Run | Kind | Episodes | ${KPI_NAMES.join(" | ")} | Problems |`,
    `|---|---|---:|${KPI_NAMES.map(() => "---:").join("|")}|---:|`
  );
  for (const run of report.runs) {
    const kpis = KPI_NAMES.map((k) => (run.kpis[k] === null ? "—" : plain(run.kpis[k]!)));
    lines.push(`| ${cell(run.id)} | ${run.kind} | ${run.episodes} | ${kpis.join(" | ")} | ${run.problems.length} |`);
  }
  return lines.join("\n") + "\n";
}
