// A run's problems and warnings, folded: "file:line — message" per problem; the catalog holds the first few,
// the run's details file all of them (the page loads it on demand).
import type {Problem, RunDetails, RunSummary} from "../compare/types.js";
import {count} from "../compare/words.js";
import {builder, type Build} from "./dom.js";

export interface ProblemsOptions {
  /** The run's details once the page has loaded them: the full lists replace the catalog's first few. */
  details?: RunDetails;
  /** Asks the page for the full lists; without it "and N more" is only said. */
  onMoreProblems?: (id: string) => void;
}

const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

export const problemWhere = (p: Problem) => (p.line === null ? p.file : `${p.file}:${p.line}`);

function moreLine(h: Build, run: RunSummary, hidden: number, onMoreProblems?: (id: string) => void) {
  if (hidden <= 0) return null;
  const button = onMoreProblems
    ? h(
        "button",
        {type: "button", class: "runs-more", title: "load the full list from the run's details file"},
        "show all"
      )
    : null;
  button?.addEventListener("click", () => onMoreProblems!(run.id));
  return h("li", {class: "more"}, `and ${count(hidden)} more `, button);
}

export function RunProblems(
  run: RunSummary,
  {details, onMoreProblems}: ProblemsOptions = {},
  h: Build = builder()
): HTMLElement {
  if (!run.problem_count && !run.warning_count) {
    return h("span", {class: "runs-none", title: "no problems or warnings found in this run's files"}, "none");
  }
  const problems = details?.problems ?? run.problems;
  const warnings = details?.warnings ?? run.warnings;
  const hidden = run.problem_count - problems.length + (run.warning_count - warnings.length);
  const counts = [
    run.problem_count ? h("span", {class: "runs-problem-count"}, plural(run.problem_count, "problem")) : null,
    run.warning_count ? h("span", {class: "runs-warning-count"}, plural(run.warning_count, "warning")) : null
  ].filter((c) => c !== null);
  return h(
    "details",
    {class: "run-problems", "data-problems": run.id},
    h(
      "summary",
      {title: "problems: what could not be read; warnings: what disagrees or was ignored"},
      counts.flatMap((c, i) => (i ? [", ", c] : [c]))
    ),
    h(
      "ul",
      {},
      problems.map((p) => h("li", {class: "problem"}, `${problemWhere(p)} — ${p.message}`)),
      warnings.map((w) => h("li", {class: "warning"}, w)),
      moreLine(h, run, hidden, onMoreProblems)
    )
  );
}
