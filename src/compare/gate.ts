// `report --fail-on NAMES`: a CI gate on verdict labels and qualifiers (README, "The report command, and a
// CI gate").
import type {ReportComparison} from "./report.js";
import {QUALIFIERS, VERDICT_LABELS} from "./verdict.js";

const NAMES: readonly string[] = [...VERDICT_LABELS, ...QUALIFIERS];

/** The names asked for, or the reason they cannot be used (an unknown name). */
export function parseFailOn(text: string): {names: Set<string>} | {error: string} {
  const names = text
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !NAMES.includes(name));
  if (!names.length) return {error: `--fail-on needs one or more of: ${NAMES.join(", ")}`};
  const plural = unknown.length > 1 ? "s" : "";
  if (unknown.length)
    return {error: `--fail-on: unknown name${plural} ${unknown.join(", ")} (known: ${NAMES.join(", ")})`};
  return {names: new Set(names)};
}

/** One line per matching candidate, saying why it fails the gate; none when it passes. */
export function matchesFailOn(comparison: ReportComparison, names: Set<string>): string[] {
  const {label, qualifiers, sentence} = comparison.verdict;
  // A scoring against its gold has no label (null): it matches no label name.
  const matched = [label, ...qualifiers].filter((name) => name !== null && names.has(name));
  return matched.length ? [`fail-on ${matched.join(",")}: ${comparison.candidate}: ${sentence}`] : [];
}
