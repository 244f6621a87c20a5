// The report as Markdown for a pull request or a CI job summary: it leads with each verdict sentence.
import {deltaVerdictWords} from "./explain.js";
import {changeValue, GROUP_LABELS} from "./fingerprint.js";
import type {Report, ReportComparison, ReportDelta} from "./report.js";
import {KPI_NAMES} from "./types.js";
import {amount, deltaMark, difference, plain, signed} from "./words.js";

const MAX_EPISODES = 20;
const MAX_CHANGES = 12;

/** Untrusted text in a table cell or line: no pipes, no newlines, no raw HTML. */
export function cell(text: unknown): string {
  return String(text ?? "—")
    .replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, " ");
}

function deltaRow(d: ReportDelta): string {
  const ci = d.ci95 ? `[${signed(d.ci95[0], d.unit)}, ${signed(d.ci95[1], d.unit)}]` : "—";
  const counts =
    d.method === "rule"
      ? `${d.new.length} new / ${d.fixed.length} fixed`
      : d.improved === null
        ? "—"
        : `${d.improved} / ${d.regressed}`;
  const tradeoff = d.kind === "tradeoff" && d.direction !== "neutral" && !d.note ? " (trade-off)" : "";
  let threshold = "—";
  if (d.threshold !== null) threshold = d.method === "rule" ? "any net new" : difference(d.threshold, d.unit);
  const mde = d.mde === null ? "—" : difference(d.mde, d.unit);
  const metric = `${cell(d.label)}${d.reference ? ` vs ${cell(d.reference)}` : ""}`;
  const verdict = `${deltaMark(d)} ${deltaVerdictWords(d, d.note === null)}${tradeoff}`;
  const values = [amount(d.baseline, d.unit), amount(d.candidate, d.unit), signed(d.delta, d.unit), ci];
  return `| ${[metric, ...values, String(d.n), d.method, mde, threshold, verdict, counts].join(" | ")} |`;
}

function comparisonSection(c: ReportComparison, baseline: string): string[] {
  const lines = [`### ${cell(c.candidate)} vs ${cell(baseline)}`, "", `**${cell(c.verdict.sentence)}**`, ""];
  const qualifiers = c.verdict.qualifiers.map((q) => `\`${q}\``).join(", ");
  lines.push(`Verdict \`${c.verdict.label}\`${qualifiers ? `, qualifiers: ${qualifiers}` : ""}.`, "");
  if (!c.comparable) return lines;
  const cov = c.coverage;
  const missing = cov.missing_from_candidate.length
    ? `; not run by the candidate: ${cell(cov.missing_from_candidate.join(", "))}`
    : "";
  const sizes = `baseline ${cov.baseline_episodes}, candidate ${cov.candidate_episodes}`;
  lines.push(`Coverage: ${cov.common} common episodes; ${sizes}${missing}.`, "");
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
    lines.push(
      "| Metric | Baseline | Candidate | Δ | 95% CI | n | Method | MDE | Threshold | Verdict | Improved / regressed |"
    );
    lines.push("|---|---:|---:|---:|---|---:|---|---:|---:|---|---|", ...c.deltas.map(deltaRow), "");
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

export function reportMarkdown(report: Report): string {
  const comparisons = report.comparisons ?? [];
  const lead = comparisons.map((c) => `**${cell(c.candidate)}**: ${cell(c.verdict.sentence)}`);
  const lines: string[] = lead.length ? [...lead, ""] : [];
  lines.push("## Run Compare", "");
  if (report.baseline) lines.push(`Baseline: **${cell(report.baseline)}**`, "");
  for (const c of comparisons) lines.push(...comparisonSection(c, report.baseline ?? ""));
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
