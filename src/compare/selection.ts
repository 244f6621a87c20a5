// Which runs the page opens on: the URL first, then BASELINE, then a sensible default.
import type {RunRecord} from "./types.js";

export interface Selection {
  runs: string[];
  baseline: string | null;
  episode: string | null;
}

/** Runs the engine will compare: same dataset, and same task when both say. */
function comparable(a: RunRecord, b: RunRecord): boolean {
  return a.dataset_id !== null && a.dataset_id === b.dataset_id && (!a.task || !b.task || a.task === b.task);
}

/** Without URL state: the baseline from BASELINE (or the first baseline run), and the last-named run comparable with it (runs before baselines before references). */
export function defaultSelection(runs: RunRecord[], defaultBaseline: string | null): Selection {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const baseline = byId.get(defaultBaseline ?? "") ?? runs.find((r) => r.kind === "baseline") ?? runs[0];
  if (!baseline) return {runs: [], baseline: null, episode: null};
  const others = runs.filter((r) => r.id !== baseline.id && comparable(r, baseline));
  const ofKind = (kind: RunRecord["kind"]) => others.filter((r) => r.kind === kind).at(-1);
  const candidate = ofKind("run") ?? ofKind("baseline") ?? ofKind("reference");
  return {runs: candidate ? [baseline.id, candidate.id] : [baseline.id], baseline: baseline.id, episode: null};
}

/** Reads `runs`, `baseline` and `episode` from a query string, keeping only ids that exist. */
export function selectionFromQuery(search: string, runs: RunRecord[], defaultBaseline: string | null): Selection {
  const params = new URLSearchParams(search);
  const known = new Set(runs.map((r) => r.id));
  const listed = (params.get("runs") ?? "").split(",").filter((id) => known.has(id));
  const baselineParam = params.get("baseline");
  const fallback = defaultSelection(runs, defaultBaseline);
  const ids = listed.length ? listed : baselineParam && known.has(baselineParam) ? [baselineParam] : fallback.runs;
  const baseline = baselineParam && ids.includes(baselineParam) ? baselineParam : listed.length ? ids[0] : fallback.baseline;
  return {runs: ids, baseline: baseline ?? null, episode: params.get("episode")};
}

export function selectionToQuery({runs, baseline, episode}: Selection): string {
  const params = new URLSearchParams();
  if (runs.length) params.set("runs", runs.join(","));
  if (baseline) params.set("baseline", baseline);
  if (episode) params.set("episode", episode);
  return `?${params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",")}`;
}
