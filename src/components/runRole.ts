// A selected run's role in the comparison, as a badge in the run's color: distinct from its kind (run/baseline/reference).
import {html} from "htl";

export type RunRole = "baseline" | "candidate";

export function roleOf(id: string, selected: readonly string[], baseline: string | null): RunRole | null {
  if (!selected.includes(id)) return null;
  return id === baseline ? "baseline" : "candidate";
}

const ROLE_TITLE: Record<RunRole, string> = {
  baseline: "baseline: the run every candidate is compared with",
  candidate: "candidate: compared with the baseline"
};

export function RoleBadge(role: RunRole, color: string): HTMLElement {
  return html`<span class=${`role-badge role-${role}`} style=${{"--run-color": color}} title=${ROLE_TITLE[role]}>${role}</span>`;
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
