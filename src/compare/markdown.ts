// The report as Markdown tables, for a pull-request comment.
import type {Delta} from "./deltas.js";
import {METRIC_BY_NAME} from "./metrics.js";
import type {Report} from "./report.js";
import {KPI_NAMES} from "./types.js";

const MAX_EPISODES = 20;

/** Untrusted text in a table cell: no pipes, no newlines, no raw HTML. */
export function cell(text: unknown): string {
  return String(text ?? "—")
    .replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`)
    .replace(/\s*\n\s*/g, " ");
}

function num(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined) return "—";
  return String(Number(value.toFixed(Math.abs(value) >= 100 ? 1 : digits)));
}

const ARROW = {better: "▲ better", worse: "▼ worse", same: "= same"} as const;

function deltaRow(d: Delta): string {
  const ci = d.ci95 ? `[${num(d.ci95[0])}, ${num(d.ci95[1])}]` : "—";
  const sign = d.delta !== null && d.delta > 0 ? "+" : "";
  const counts = d.improved === null ? "—" : `${d.improved} / ${d.regressed}`;
  const unit = METRIC_BY_NAME.get(d.metric)?.direction === "neutral" ? " (neutral)" : "";
  return `| ${d.label}${unit} | ${num(d.baseline)} | ${num(d.candidate)} | ${sign}${num(d.delta)} | ${ci} | ${ARROW[d.verdict]} | ${counts} |`;
}

export function reportMarkdown(report: Report): string {
  const lines: string[] = ["## Run Compare", ""];
  if (report.baseline) lines.push(`Baseline: **${cell(report.baseline)}**`, "");
  for (const c of report.comparisons ?? []) {
    lines.push(`### ${cell(c.candidate)}`, "", `**${cell(c.verdict.sentence)}**`, "");
    if (c.comparable) lines.push(`${c.common_episodes} common episodes.`, "");
    for (const w of c.warnings) lines.push(`> ⚠ ${cell(w)}`);
    if (c.warnings.length) lines.push("");
    if (c.deltas.length) {
      lines.push("| Metric | Baseline | Candidate | Δ | 95% CI | Verdict | Improved / regressed |");
      lines.push("|---|---:|---:|---:|---|---|---|");
      lines.push(...c.deltas.map(deltaRow), "");
    }
    const regressed = c.episodes.filter((e) => e.regressed);
    if (regressed.length) {
      lines.push(`<details><summary>${regressed.length} regressed episode(s)</summary>`, "");
      lines.push("| Episode | Dataset | Reasons |", "|---|---|---|");
      for (const e of regressed.slice(0, MAX_EPISODES)) {
        lines.push(`| ${cell(e.episode_id)} | ${cell(e.dataset_id)} | ${cell(e.reasons.join("; "))} |`);
      }
      if (regressed.length > MAX_EPISODES) lines.push(`| … | | ${regressed.length - MAX_EPISODES} more |`);
      lines.push("", "</details>", "");
    }
  }
  lines.push("### Runs", "");
  lines.push(`| Run | Kind | Episodes | ${KPI_NAMES.join(" | ")} | Problems |`);
  lines.push(`|---|---|---:|${KPI_NAMES.map(() => "---:").join("|")}|---:|`);
  for (const run of report.runs) {
    const kpis = KPI_NAMES.map((k) => num(run.kpis[k]));
    lines.push(`| ${cell(run.id)} | ${run.kind} | ${run.episodes} | ${kpis.join(" | ")} | ${run.problems.length} |`);
  }
  return lines.join("\n") + "\n";
}
