// A selected run's role in the comparison, as a badge in the
// run's color: distinct from its kind (run/baseline/reference).
import {builder, type Build} from "./dom.js";

export type RunRole = "baseline" | "candidate";

export function roleOf(id: string, selected: readonly string[], baseline: string | null): RunRole | null {
  if (!selected.includes(id)) return null;
  return id === baseline ? "baseline" : "candidate";
}

const ROLE_TITLE: Record<RunRole, string> = {
  baseline: "baseline: the run every candidate is compared with",
  candidate: "candidate: compared with the baseline"
};

export function RoleBadge(role: RunRole, color: string, h: Build = builder()): HTMLElement {
  const badge = h("span", {class: `role-badge role-${role}`, title: ROLE_TITLE[role]}, role);
  badge.style.setProperty("--run-color", color);
  return badge;
}

export interface Selection {
  runs: string[];
  baseline: string | null;
}

/** The selection with a run added or removed; removing the baseline makes the first remaining run the baseline. */
export function withRun(current: Selection, id: string, on: boolean): Selection {
  if (on) {
    const runs = current.runs.includes(id) ? current.runs : [...current.runs, id];
    return {runs, baseline: current.baseline ?? id};
  }
  const runs = current.runs.filter((r) => r !== id);
  return {runs, baseline: current.baseline === id || current.baseline === null ? (runs[0] ?? null) : current.baseline};
}
