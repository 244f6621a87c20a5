// Which runs the page opens on and how its state reads from and writes to the URL: the URL first, then
// BASELINE, then the default pair (the report's default uses the same rule).
import {comparable} from "./comparable.js";
import type {RunKind, RunSummary} from "./types.js";

export const EPISODE_FILTERS = ["all", "regressed", "failed", "gates"] as const;
export type EpisodeFilter = (typeof EPISODE_FILTERS)[number];

/** The runs table's filters and sort. */
export interface RunsListState {
  kind: RunKind | "all";
  search: string;
  showArchived: boolean;
  /** A column key and its direction; null: the catalog's order. */
  sort: {key: string; desc: boolean} | null;
}

const RUN_KINDS: RunsListState["kind"][] = ["all", "run", "baseline", "reference"];

export const DEFAULT_RUNS_LIST: RunsListState = {kind: "all", search: "", showArchived: true, sort: null};

export interface PageState {
  /** Selected runs in the order they were picked (the baseline among them). */
  runs: string[];
  baseline: string | null;
  /** The candidate whose episodes the list shows. */
  focus: string | null;
  episode: string | null;
  show: EpisodeFilter;
  /** A defect type (its metric name: "failed", "gate_truncation", "check_junk"): episodes either run has it on. */
  defect: string | null;
  /** A finding's code: the episodes it names. A value the focused comparison lacks lists every episode. */
  finding: string | null;
  search: string;
  /** Episode table sort: a column key, and its direction. */
  sort: string | null;
  desc: boolean;
  /** The episode list's page, 0-based (1-based in the URL). */
  page: number;
  runsList: RunsListState;
}

const timeOf = (run: RunSummary) => {
  const time = run.time ? Date.parse(run.time) : Number.NaN;
  return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
};
// Undated (or equally dated) runs: the greater id counts as the more recent ("_v10" after "_v9").
const newestFirst = (a: RunSummary, b: RunSummary) =>
  timeOf(b) - timeOf(a) || b.id.localeCompare(a.id, "en", {numeric: true});
const isBaseline = (run: RunSummary) => run.kind === "baseline";

/** The most recent comparable run other than the baseline, never archived: runs and baselines before references. */
export function defaultCandidate(runs: RunSummary[], baseline: RunSummary): RunSummary | undefined {
  const others = runs.filter((r) => r.id !== baseline.id && !r.archived && comparable(r, baseline)).sort(newestFirst);
  return others.find((r) => r.kind !== "reference") ?? others[0];
}

/** The most recent non-archived baseline (else the most recent run): the report's baseline for given candidates. */
export function newestBaseline(runs: RunSummary[]): RunSummary | undefined {
  const live = runs.filter((r) => !r.archived).sort(newestFirst);
  return live.find(isBaseline) ?? live[0] ?? runs[0];
}

/**
 * The baseline a candidate reads against, forward in time: the most recent non-archived comparable baseline
 * older than it; else the most recent other comparable baseline (non-archived first); else, with no comparable
 * baseline at all, the most recent comparable non-archived run. Never the candidate itself.
 */
function baselineBefore(runs: RunSummary[], candidate: RunSummary): RunSummary | undefined {
  const others = runs.filter((r) => r.id !== candidate.id && comparable(r, candidate)).sort(newestFirst);
  const baselines = others.filter(isBaseline);
  const older = (r: RunSummary) => newestFirst(candidate, r) < 0;
  return (
    baselines.find((r) => !r.archived && older(r)) ??
    baselines.find((r) => !r.archived) ??
    baselines[0] ??
    others.find((r) => !r.archived && r.kind === "run")
  );
}

/**
 * The pair the page opens on. With BASELINE naming a run, that run against its default candidate. Else the
 * most recent non-archived run or baseline (never a reference) is the candidate, read against the baseline
 * before it. "Most recent": baseline.json's promoted_at or created_at, else the fingerprint's run time;
 * undated runs come last, ordered by id.
 */
export function defaultPair(
  runs: RunSummary[],
  baselineId: string | null
): {baseline: RunSummary | null; candidate: RunSummary | null} {
  const named = runs.find((r) => r.id === baselineId);
  if (named) return {baseline: named, candidate: defaultCandidate(runs, named) ?? null};
  const candidate = runs.filter((r) => !r.archived && (r.kind === "run" || r.kind === "baseline")).sort(newestFirst)[0];
  if (!candidate) return {baseline: null, candidate: null};
  return {baseline: baselineBefore(runs, candidate) ?? null, candidate};
}

/** The candidate whose episodes are listed: kept only when it is a selected run other than the baseline. */
export const listedCandidate = (runs: string[], baseline: string | null, focus: string | null): string | null =>
  focus && runs.includes(focus) && focus !== baseline ? focus : null;

// Slashes and commas stay readable in a copied link.
const queryOf = (params: URLSearchParams) => `?${params.toString().replace(/%2F/g, "/").replace(/%2C/g, ",")}`;

/** The page state a query string asks for, and the run ids it names that are not in the catalog. */
export function stateFromQuery(
  search: string,
  runs: RunSummary[],
  defaultBaseline: string | null
): {state: PageState; unknown: string[]} {
  const params = new URLSearchParams(search);
  const known = new Set(runs.map((r) => r.id));
  const asked = (params.get("runs") ?? "").split(",").filter(Boolean);
  const baselineParam = params.get("baseline");
  const unknown = [...new Set([...asked, ...(baselineParam ? [baselineParam] : [])])].filter((id) => !known.has(id));
  let ids = asked.filter((id) => known.has(id));
  let baseline = baselineParam && known.has(baselineParam) ? baselineParam : null;
  if (baseline && !ids.includes(baseline)) ids = [baseline, ...ids];
  if (!ids.length) {
    const pair = defaultPair(runs, defaultBaseline);
    ids = [pair.baseline, pair.candidate].filter((r): r is RunSummary => r !== null).map((r) => r.id);
    baseline = pair.baseline?.id ?? null;
  }
  baseline ??= ids[0] ?? null;
  const show = params.get("show") as EpisodeFilter;
  const focus = params.get("focus");
  const page = Number.parseInt(params.get("page") ?? "", 10);
  return {
    state: {
      runs: ids,
      baseline,
      focus: listedCandidate(ids, baseline, focus),
      episode: params.get("episode"),
      show: EPISODE_FILTERS.includes(show) ? show : "all",
      defect: params.get("defect") || null,
      finding: params.get("finding") || null,
      search: params.get("q") ?? "",
      sort: params.get("sort"),
      desc: params.get("dir") !== "asc",
      page: page > 1 ? page - 1 : 0,
      runsList: runsListFrom(params)
    },
    unknown
  };
}

function runsListFrom(params: URLSearchParams): RunsListState {
  const kind = params.get("rkind") as RunsListState["kind"];
  const sort = params.get("rsort");
  return {
    kind: RUN_KINDS.includes(kind) ? kind : "all",
    search: params.get("rq") ?? "",
    showArchived: params.get("archived") !== "hidden",
    sort: sort ? {key: sort, desc: params.get("rdir") === "desc"} : null
  };
}

export function stateToQuery(state: PageState): string {
  const params = new URLSearchParams();
  if (state.runs.length) params.set("runs", state.runs.join(","));
  if (state.baseline) params.set("baseline", state.baseline);
  if (state.focus) params.set("focus", state.focus);
  if (state.episode) params.set("episode", state.episode);
  if (state.show !== "all") params.set("show", state.show);
  if (state.defect) params.set("defect", state.defect);
  if (state.finding) params.set("finding", state.finding);
  if (state.search) params.set("q", state.search);
  if (state.sort) params.set("sort", state.sort);
  if (state.sort && !state.desc) params.set("dir", "asc");
  if (state.page > 0) params.set("page", String(state.page + 1));
  const {kind, search, showArchived, sort} = state.runsList;
  if (kind !== "all") params.set("rkind", kind);
  if (search) params.set("rq", search);
  if (!showArchived) params.set("archived", "hidden");
  if (sort) params.set("rsort", sort.key);
  if (sort?.desc) params.set("rdir", "desc");
  return queryOf(params);
}

/**
 * The query of a link to a finding's episodes: the current one (`search`, e.g. location.search) with the
 * candidate focused and the episode list narrowed to the finding alone (other filters, search and the open
 * episode cleared). The page reads `finding=<code>` from any link: `?runs=B,C&baseline=B&focus=C&finding=<code>`.
 */
export function findingQuery(search: string, candidate: string, code: string): string {
  const params = new URLSearchParams(search);
  for (const name of ["episode", "show", "defect", "q", "page"]) params.delete(name);
  params.set("focus", candidate);
  params.set("finding", code);
  return queryOf(params);
}
