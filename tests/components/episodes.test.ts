// @vitest-environment jsdom
// The episode table as a user meets it: counts that do not move with filters, show, defect and finding filters,
// search, sorting by a delta with nulls last, pages, exports of exactly what is listed (both runs' values), and
// ↑/↓ between episodes.
import {execFileSync} from "node:child_process";
import {from} from "arquero";
import {beforeAll, describe, expect, it, vi} from "vitest";
import {compareRuns, type Comparison, type RunData} from "../../src/compare/compare.js";
import {metricChange} from "../../src/compare/episodes.js";
import {METRIC_BY_NAME} from "../../src/compare/metrics.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {RunDetails, RunSummary} from "../../src/compare/types.js";
import {EpisodeTable, markOpenEpisode, type EpisodeTableOptions} from "../../src/components/episodeTable.js";
import {episodeRecords, toCsv} from "../../src/components/exports.js";
import {projectRoot} from "../support/paths.js";

const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const OTHER_REFERENCE = "baselines/baseline_ml_prod_authority_smoke_v1";

interface FixtureRun {
  summary: RunSummary;
  details: RunDetails;
  rows: EpisodeRow[];
}

/**
 * The fixtures' runs as the loaders publish them, built in a child process: under jsdom, Vite rewrites
 * the loaders' `new URL(…, import.meta.url)` against http://localhost, so they cannot run in this file.
 */
function fixtureRuns(ids: string[]): Record<string, FixtureRun> {
  const script = `
    const {snapshotOf, cleanupStores} = await import("./tests/support/snapshot.ts");
    const {fixturesDir} = await import("./tests/support/paths.ts");
    const snap = await snapshotOf(fixturesDir);
    const published = (id) => ({summary: snap.run(id), details: snap.details(id), rows: snap.rows(id)});
    const runs = Object.fromEntries(${JSON.stringify(ids)}.map((id) => [id, published(id)]));
    cleanupStores();
    process.stdout.write(JSON.stringify(runs));`;
  const args = ["--import", "tsx/esm", "--input-type=module", "-e", script];
  return JSON.parse(execFileSync(process.execPath, args, {cwd: projectRoot, encoding: "utf8", maxBuffer: 256 << 20}));
}

const runData = (run: FixtureRun, id = run.summary.id): RunData => ({
  summary: {...run.summary, id},
  details: run.details,
  table: from(run.rows)
});

let runs: Record<string, FixtureRun>;
let starved: Comparison;
let otherReference: Comparison;
beforeAll(() => {
  runs = fixtureRuns([FATTER, STARVED, OTHER_REFERENCE]);
  starved = compareRuns(runData(runs[FATTER]), runData(runs[STARVED]));
  otherReference = compareRuns(runData(runs[FATTER]), runData(runs[OTHER_REFERENCE]));
});

/**
 * 120 copies of a real episode, e1..e120; by i = index: i % 10 = 0 fails ("boom i"), 1 hits truncation,
 * 2 is 3 s slower (a trade-off); the rest change latency by at most 0.06 s. So 24 regressed, 12 failed,
 * 12 gate hits, 12 trade-offs and 84 unchanged.
 */
function synthetic(): Comparison {
  const template = runs[FATTER].rows[0];
  const episode = (i: number, changes: Partial<EpisodeRow> = {}): EpisodeRow => ({
    ...template,
    episode_id: `e${i + 1}`,
    latency_s: 1,
    ...changes
  });
  const baseline = Array.from({length: 120}, (_, i) => episode(i));
  // Other outputs than the baseline's: byte-identical outputs would make no finding.
  const candidate = Array.from({length: 120}, (_, i) =>
    episode(
      i,
      i % 10 === 0
        ? {
            failed: true,
            error: `boom ${i}`,
            output_tokens: null,
            latency_s: null,
            rougeL: null,
            rouge1: null,
            rouge2: null
          }
        : i % 10 === 1
          ? {gate_truncation: true}
          : i % 10 === 2
            ? {latency_s: 4 + i / 1000}
            : {latency_s: 1 + (i % 7) / 100}
    )
  ).map((row) => ({...row, output_hash: `candidate ${row.episode_id}`}));
  const run = (id: string, rows: EpisodeRow[]) => runData({...runs[FATTER], rows}, id);
  return compareRuns(run("baselines/base", baseline), run('runs/cand, "v2"', candidate));
}

function render(comparison: Comparison, options: Partial<EpisodeTableOptions> = {}) {
  const onState = vi.fn();
  const onSelect = vi.fn();
  const node = EpisodeTable(comparison, {
    show: "all",
    search: "",
    sort: null,
    desc: true,
    page: 0,
    selected: null,
    onState,
    onSelect,
    ...options
  });
  document.body.replaceChildren(node);
  const ids = () => [...node.querySelectorAll("tr[data-episode]")].map((tr) => tr.getAttribute("data-episode"));
  const header = (key: string) => node.querySelector<HTMLElement>(`th[data-sort-key="${key}"]`);
  return {node, onState, onSelect, ids, header};
}

const buttonText = (node: HTMLElement, show: string) =>
  node.querySelector(`[data-show="${show}"]`)!.textContent!.replace(/\s+/g, " ").trim();

/** A select's options as [value, text, count]. */
const optionsOf = (node: HTMLElement, key: "defect" | "finding") =>
  [...node.querySelectorAll<HTMLOptionElement>(`[data-testid="${key}-filter"] option`)].map((o) => [
    o.value,
    o.textContent!.replace(/\s+/g, " ").trim(),
    Number(o.dataset.count)
  ]);

/** The defect types of a comparison as the engine counts them: its rule rows but the success rate. */
const defectNames = (comparison: Comparison) =>
  comparison.deltas.filter((d) => d.method === "rule" && d.metric !== "success_rate").map((d) => d.metric);

/**
 * Six episodes d1..d6 for the defect states: d1 gains truncation, d2 loses it, d3 has it in both runs; d5
 * fails in both runs, d6 fails in the baseline only; d4 has nothing.
 */
function defectCases(): Comparison {
  const template = runs[FATTER].rows[0];
  const clean = {gate_truncation: false, gate_speaker_label: false, gate_boilerplate: false, latency_s: 1};
  const failed = {failed: true, error: "boom", output_tokens: null, latency_s: null, rougeL: null};
  const episode = (i: number, changes: Partial<EpisodeRow> = {}): EpisodeRow => ({
    ...template,
    ...clean,
    episode_id: `d${i}`,
    ...changes
  });
  const truncated = {gate_truncation: true};
  const baseline = [episode(1), episode(2, truncated), episode(3, truncated), episode(4), episode(5, failed)];
  const candidate = [episode(1, truncated), episode(2), episode(3, truncated), episode(4), episode(5, failed)];
  baseline.push(episode(6, failed));
  candidate.push(episode(6));
  for (const row of candidate) row.output_hash = `candidate ${row.episode_id}`;
  const run = (id: string, rows: EpisodeRow[]) => runData({...runs[FATTER], rows}, id);
  return compareRuns(run("baselines/base", baseline), run("runs/cand", candidate));
}

describe("counts", () => {
  it("data-total and data-regressed count every episode, whatever the filter, search and page", () => {
    const comparison = synthetic();
    for (const options of [
      {},
      {show: "failed" as const},
      {search: "e7"},
      {page: 2},
      {show: "gates" as const, page: 5}
    ]) {
      const {node} = render(comparison, options);
      expect(node.dataset.testid).toBe("episode-table");
      expect([node.dataset.total, node.dataset.regressed]).toEqual(["120", "24"]);
    }
  });

  it("on the starved candidate every one of the 5 episodes regressed, as the engine's flags say", () => {
    const {node} = render(starved);
    expect(
      starved.episodes
        .filter((e) => e.regressed)
        .map((e) => e.episode_id)
        .sort()
    ).toEqual(["p01_e01", "p02_e01", "p03_e01", "p04_e01", "p05_e01"]);
    expect([node.dataset.total, node.dataset.regressed]).toEqual(["5", "5"]);
    expect([...node.querySelectorAll("tr[data-regressed='true']")].length).toBe(5);
  });
});

describe("filters", () => {
  it("regressed, failed and gate hits list the hand-counted episodes, each button with its count", () => {
    // Which episodes, not their ranked order (the engine's ranking is tested with it).
    expect(render(starved, {show: "regressed"}).ids().sort()).toEqual([
      "p01_e01",
      "p02_e01",
      "p03_e01",
      "p04_e01",
      "p05_e01"
    ]);
    const failed = render(starved, {show: "failed"});
    expect(failed.ids()).toEqual(["p05_e01"]);
    const row = failed.node.querySelector("tr[data-episode='p05_e01']")!;
    expect(row.classList.contains("failed")).toBe(true);
    expect(row.textContent).toContain("Failed: CUDA out of memory during reduce stage");
    const gates = render(starved, {show: "gates"});
    expect(gates.ids()).toEqual(["p04_e01", "p03_e01", "p02_e01"]);
    expect([...gates.node.querySelectorAll(".gate-new")].map((b) => b.textContent)).toEqual([
      "new truncation",
      "new boilerplate leak",
      "new speaker label leak"
    ]);
    expect(gates.node.querySelector(".gate-new")!.getAttribute("title")).toMatch(
      /hit by the candidate, not by the baseline/
    );
    expect(["all", "regressed", "failed", "gates"].map((show) => buttonText(gates.node, show))).toEqual([
      "all 5",
      "regressed 5",
      "failed 1",
      "gate hits 3"
    ]);
    expect(gates.node.querySelector("[data-show='gates']")!.getAttribute("aria-pressed")).toBe("true");
  });

  it("a show button asks the page for the filter and the first page", () => {
    const {node, onState} = render(synthetic(), {page: 1});
    node.querySelector<HTMLElement>("[data-show='failed']")!.click();
    expect(onState).toHaveBeenCalledWith({show: "failed", page: 0});
  });

  it("search matches episode ids, reasons and the candidate's errors", () => {
    const comparison = synthetic();
    expect(render(starved, {search: "speaker"}).ids()).toEqual(["p02_e01"]);
    expect(render(comparison, {search: "E11"}).ids().sort()).toEqual([
      "e11",
      "e110",
      "e111",
      "e112",
      "e113",
      "e114",
      "e115",
      "e116",
      "e117",
      "e118",
      "e119"
    ]);
    expect(render(comparison, {search: "boom 20"}).ids()).toEqual(["e21"]);
    expect(render(comparison, {search: "boom"}).ids()).toHaveLength(12);
    const nothing = render(comparison, {search: "no such episode"});
    expect(nothing.ids()).toEqual([]);
    expect(nothing.node.textContent).toContain("No episode matches");
    expect(nothing.node.querySelector(".episode-status")!.textContent!.replace(/\s+/g, " ")).toContain(
      "Showing 0 of 120 episodes (matching “no such episode”)"
    );
  });
});

describe("defect and finding filters", () => {
  it("defect lists the episodes either run has it on: new, fixed or in both (hand-built states)", () => {
    const comparison = defectCases();
    expect(render(comparison, {defect: "gate_truncation"}).ids().sort()).toEqual(["d1", "d2", "d3"]);
    expect(render(comparison, {defect: "failed"}).ids().sort()).toEqual(["d5", "d6"]);
    const {node} = render(comparison, {defect: "gate_truncation"});
    expect(optionsOf(node, "defect").slice(0, 5)).toEqual([
      ["", "any (6)", 6],
      ["failed", "failure (2)", 2],
      ["gate_truncation", "truncation (3)", 3],
      ["gate_speaker_label", "speaker label leak (0)", 0],
      ["gate_boilerplate", "boilerplate leak (0)", 0]
    ]);
    expect(node.querySelector<HTMLSelectElement>("[data-testid='defect-filter']")!.value).toBe("gate_truncation");
    // The findings name the newly affected episodes only: d1 gained truncation, d2 and d6 lost theirs.
    const findings = Object.fromEntries(optionsOf(node, "finding").map(([code, , n]) => [code, n]));
    expect(findings).toMatchObject({"": 3, new_gate_truncation: 1, fixed_gate_truncation: 1, fixed_failed: 0});
    expect(render(comparison, {finding: "fixed_failed"}).ids()).toEqual(["d6"]);
    expect(render(comparison, {finding: "fixed_gate_truncation", defect: "gate_truncation"}).ids()).toEqual(["d2"]);
  });

  it("on fatter vs starved, each defect lists the hand-counted episodes, and the rows' flags agree", () => {
    const {node} = render(starved);
    expect(optionsOf(node, "defect").slice(0, 5)).toEqual([
      ["", "any (5)", 5],
      ["failed", "failure (1)", 1],
      ["gate_truncation", "truncation (1)", 1],
      ["gate_speaker_label", "speaker label leak (1)", 1],
      ["gate_boilerplate", "boilerplate leak (1)", 1]
    ]);
    expect(render(starved, {defect: "failed"}).ids()).toEqual(["p05_e01"]);
    expect(render(starved, {defect: "gate_truncation"}).ids()).toEqual(["p04_e01"]);
    expect(render(starved, {defect: "gate_speaker_label"}).ids()).toEqual(["p02_e01"]);
    expect(render(starved, {defect: "gate_boilerplate"}).ids()).toEqual(["p03_e01"]);
    // Every defect type the comparison has (the output checks too), against the published rows themselves.
    const names = defectNames(starved);
    expect(optionsOf(node, "defect").map(([value]) => value)).toEqual(["", ...names]);
    for (const name of names) {
      const column = METRIC_BY_NAME.get(name)!.column;
      const has = (run: string) => runs[run].rows.filter((r) => r[column] === true).map((r) => r.episode_id);
      const either = [...new Set([...has(FATTER), ...has(STARVED)])].sort();
      expect(render(starved, {defect: name}).ids().sort(), name).toEqual(either);
    }
    const status = render(starved, {defect: "gate_speaker_label"}).node.querySelector(".episode-status")!;
    expect(status.textContent!.replace(/\s+/g, " ")).toContain("Showing 1 of 5 episodes (with speaker label leak)");
  });

  it("finding lists each finding that names episodes, worded as the report words it, and filters to them", () => {
    const {node} = render(starved);
    const named = starved.findings.filter((f) => f.episodes.length);
    expect(optionsOf(node, "finding").map(([code]) => code)).toEqual(["", ...named.map((f) => f.code)]);
    for (const f of named) expect(render(starved, {finding: f.code}).ids().sort(), f.code).toEqual(f.episodes.sort());
    expect(render(starved, {finding: "chunking_changed"}).ids()).toEqual(["p04_e01"]);
    expect(render(starved, {finding: "new_failed"}).ids()).toEqual(["p05_e01"]);
    expect(render(starved, {finding: "new_gate_speaker_label"}).ids()).toEqual(["p02_e01"]);
    const truncation = optionsOf(node, "finding").find(([code]) => code === "new_gate_truncation")!;
    expect(truncation.slice(1)).toEqual(["output: new truncation on 1 of 5 (1)", 1]);
    const status = render(starved, {finding: "new_failed"}).node.querySelector(".episode-status")!;
    expect(status.textContent!.replace(/\s+/g, " ")).toContain("(finding “output: new failure on 1 of 5”)");
  });

  it("counts each option under the other filters, like the show buttons", () => {
    const comparison = synthetic();
    const {node} = render(comparison, {show: "failed"});
    const defects = Object.fromEntries(optionsOf(node, "defect").map(([value, , n]) => [value, n]));
    expect(defects).toMatchObject({"": 12, failed: 12, gate_truncation: 0});
    const truncation = render(comparison, {defect: "gate_truncation"});
    expect(["all", "regressed", "failed", "gates"].map((show) => buttonText(truncation.node, show))).toEqual([
      "all 12",
      "regressed 12",
      "failed 0",
      "gate hits 12"
    ]);
    const findings = Object.fromEntries(optionsOf(truncation.node, "finding").map(([code, , n]) => [code, n]));
    expect(findings).toMatchObject({"": 12, new_failed: 0, new_gate_truncation: 12});
    expect(render(comparison, {defect: "failed", search: "boom 20"}).ids()).toEqual(["e21"]);
    expect(render(comparison, {defect: "failed", finding: "new_gate_truncation"}).node.textContent).toContain(
      "No episode matches"
    );
  });

  it("a defect or finding this comparison lacks lists every episode; the selects ask for the first page", () => {
    const ignored = render(starved, {defect: "check_nothing", finding: "no_such_code"});
    expect(ignored.ids()).toHaveLength(5);
    expect(ignored.node.querySelector<HTMLSelectElement>("[data-testid='finding-filter']")!.value).toBe("");
    const {node, onState} = render(synthetic(), {page: 1});
    const select = (key: string, value: string) => {
      const element = node.querySelector<HTMLSelectElement>(`[data-testid='${key}-filter']`)!;
      element.value = value;
      element.dispatchEvent(new Event("change"));
    };
    select("defect", "gate_truncation");
    expect(onState).toHaveBeenLastCalledWith({defect: "gate_truncation", page: 0});
    select("finding", "new_failed");
    expect(onState).toHaveBeenLastCalledWith({finding: "new_failed", page: 0});
    const chosen = render(synthetic(), {defect: "failed"});
    const defect = chosen.node.querySelector<HTMLSelectElement>("[data-testid='defect-filter']")!;
    defect.value = "";
    defect.dispatchEvent(new Event("change"));
    expect(chosen.onState).toHaveBeenLastCalledWith({defect: null, page: 0});
  });

  it("a comparison with no defect types or findings offers 'any' alone, disabled", () => {
    const template = runs[FATTER].rows[0];
    const apart = compareRuns(
      runData({...runs[FATTER], rows: [{...template, episode_id: "a"}]}, "b"),
      runData({...runs[FATTER], rows: [{...template, episode_id: "z"}]}, "c")
    );
    const {node} = render(apart);
    for (const key of ["defect", "finding"] as const) {
      const select = node.querySelector<HTMLSelectElement>(`[data-testid='${key}-filter']`)!;
      expect(select.disabled, key).toBe(true);
      expect(optionsOf(node, key).map(([value]) => value)).toEqual([""]);
    }
  });
});

describe("columns and sorting", () => {
  it("shows Δ ROUGE-L against the shared reference, and no ROUGE column for a candidate on another reference", () => {
    const same = render(starved);
    expect(same.header("delta_rougeL_f1")!.title).toContain("references/silver/silver_sonnet46_smoke_v1");
    expect(same.node.querySelector("tr[data-episode='p04_e01'] td[data-value]:nth-of-type(5)")!.textContent).toBe(
      "−0.691"
    );
    const other = render(otherReference);
    expect([...other.node.querySelectorAll("th")].map((th) => th.textContent!.replace(/\s+/g, " ").trim())).toEqual([
      "Episode",
      "Change",
      "Δ output tokens",
      "Δ latency (s)",
      "Gates",
      "Reasons"
    ]);
    expect(other.node.textContent).not.toMatch(/ROUGE/);
  });

  it("sorts by Δ latency (p02 +11.96 s, p01 +11.36, p03 +10.38, p04 +9.33, p05 failed: none), nulls last", () => {
    const descending = render(starved, {sort: "delta_latency_s", desc: true});
    expect(descending.ids()).toEqual(["p02_e01", "p01_e01", "p03_e01", "p04_e01", "p05_e01"]);
    expect(descending.header("delta_latency_s")!.getAttribute("aria-sort")).toBe("descending");
    expect(descending.header("episode")!.getAttribute("aria-sort")).toBe("none");
    expect(descending.node.querySelector("tr[data-episode='p04_e01'] td[data-value]:nth-of-type(4)")!.textContent).toBe(
      "+9.33"
    );
    const ascending = render(starved, {sort: "delta_latency_s", desc: false});
    expect(ascending.ids()).toEqual(["p04_e01", "p03_e01", "p01_e01", "p02_e01", "p05_e01"]);
    expect(ascending.header("delta_latency_s")!.getAttribute("aria-sort")).toBe("ascending");
  });

  it("a header click asks for that sort (largest first), a second click for the other direction", () => {
    const first = render(starved);
    first.header("delta_latency_s")!.querySelector("button")!.click();
    expect(first.onState).toHaveBeenCalledWith({sort: "delta_latency_s", desc: true, page: 0});
    const second = render(starved, {sort: "delta_latency_s", desc: true});
    second.header("delta_latency_s")!.querySelector("button")!.click();
    expect(second.onState).toHaveBeenCalledWith({sort: "delta_latency_s", desc: false, page: 0});
  });

  it("sorting by change puts regressed before trade-off changed before unchanged, under group headings", () => {
    const {ids, node} = render(synthetic(), {sort: "change", desc: true, pageSize: 200});
    const listed = ids();
    const kinds = listed
      .map((id) => Number(id!.slice(1)) - 1)
      .map((i) => (i % 10 < 2 ? "regressed" : i % 10 === 2 ? "tradeoff" : "unchanged"));
    expect(kinds.indexOf("tradeoff")).toBe(24);
    expect(kinds.indexOf("unchanged")).toBe(36);
    expect(kinds.lastIndexOf("regressed")).toBe(23);
    expect([...node.querySelectorAll("tr.group-row")].map((r) => r.textContent!.replace(/\s+/g, " ").trim())).toEqual([
      "▼ regressed 24 episodes",
      "↔ trade-off changed 12 episodes",
      "= unchanged 84 episodes"
    ]);
  });
});

describe("pages", () => {
  it("shows 50 episodes a page with previous/next and 'page 2 of 3'", () => {
    const comparison = synthetic();
    const first = render(comparison);
    expect(first.ids().length).toBe(50);
    expect(first.node.querySelector(".pager-bottom")!.textContent!.replace(/\s+/g, " ")).toContain("page 1 of 3");
    expect(first.node.querySelector<HTMLButtonElement>(".pager-bottom [data-page='-1']")!.disabled).toBe(true);
    first.node.querySelector<HTMLElement>(".pager-bottom [data-page='1']")!.click();
    expect(first.onState).toHaveBeenCalledWith({page: 1});
    const last = render(comparison, {page: 2});
    expect(last.ids().length).toBe(20);
    const pager = last.node.querySelector(".pager-top")!.textContent!.replace(/\s+/g, " ");
    expect(pager).toContain("page 3 of 3 (101–120)");
    expect(render(comparison, {page: 99}).ids()).toEqual(last.ids());
    expect(render(starved).node.querySelector(".pager")).toBeNull();
  });

  it("says how many are listed of all episodes", () => {
    const {node} = render(synthetic(), {show: "regressed", page: 0});
    expect(node.querySelector(".episode-status")!.textContent!.replace(/\s+/g, " ")).toContain(
      "Showing 24 of 120 episodes (regressed)"
    );
  });
});

describe("exports", () => {
  it("CSV quotes commas, quotes and newlines, and keeps formula-like text inert", () => {
    const csv = toCsv([
      {
        episode_id: "e1",
        regressed: true,
        delta_latency_s: -0.5,
        reasons: ["ROUGE-L 0.5 → 0.4, lower", 'said "hi"'],
        new_gates: []
      },
      {
        episode_id: "e,2",
        regressed: false,
        delta_latency_s: null,
        reasons: ["line one\nline two"],
        new_gates: ["truncation", "boilerplate"]
      },
      {episode_id: "=HYPERLINK(1)", regressed: false, delta_latency_s: 3, reasons: [], new_gates: []}
    ]);
    expect(csv).toBe(
      "episode_id,regressed,delta_latency_s,reasons,new_gates\r\n" +
        'e1,true,-0.5,"ROUGE-L 0.5 → 0.4, lower; said ""hi""",\r\n' +
        '"e,2",false,,"line one\nline two",truncation; boilerplate\r\n' +
        "'=HYPERLINK(1),false,3,,\r\n"
    );
  });

  it("CSV and JSON hold exactly the listed episodes across pages, in the current order", () => {
    const comparison = synthetic();
    const options = {show: "all" as const, search: "", sort: "delta_latency_s", desc: false};
    const listed = [0, 1, 2].flatMap((page) => render(comparison, {...options, page}).ids());
    const records = episodeRecords(comparison, options);
    expect(records.map((r) => r.episode_id)).toEqual(listed);
    // The 12 failed episodes have no latency: last, even in ascending order.
    expect(listed.slice(-12).sort()).toEqual([
      "e1",
      "e101",
      "e11",
      "e111",
      "e21",
      "e31",
      "e41",
      "e51",
      "e61",
      "e71",
      "e81",
      "e91"
    ]);
    const lines = toCsv(records).trimEnd().split("\r\n");
    const both = (name: string) => [`${name}_baseline`, `${name}_candidate`];
    expect(lines[0].split(",")).toEqual([
      "episode_id",
      "dataset_id",
      "status",
      "regressed",
      ...["output_tokens", "latency_s", "rougeL_f1"].flatMap((name) => [...both(name), `delta_${name}`]),
      ...defectNames(comparison).flatMap(both),
      "new_gates",
      "fixed_gates",
      "reasons"
    ]);
    expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(listed);
    expect(records.find((r) => r.episode_id === "e2")).toMatchObject({
      status: "common",
      regressed: true,
      latency_s_baseline: 1,
      latency_s_candidate: 1,
      gate_truncation_baseline: false,
      gate_truncation_candidate: true,
      failed_baseline: false,
      failed_candidate: false,
      new_gates: ["truncation"],
      fixed_gates: [],
      reasons: ["new truncation"]
    });
    const regressedOnly = episodeRecords(comparison, {...options, show: "regressed"});
    expect(regressedOnly.length).toBe(24);
  });

  it("records hold both runs' values of each numeric column and defect, equal to the runs' own rows", () => {
    const records = episodeRecords(starved, {show: "all", search: "", sort: null, desc: true});
    expect(records.map((r) => r.episode_id)).toEqual(render(starved).ids());
    const rowOf = (run: string, id: unknown) => runs[run].rows.find((r) => r.episode_id === id)!;
    const numeric = {output_tokens: "output_tokens", latency_s: "latency_s", rougeL_f1: "rougeL"} as const;
    for (const record of records) {
      const id = String(record.episode_id);
      const [b, c] = [rowOf(FATTER, id), rowOf(STARVED, id)];
      for (const [name, column] of Object.entries(numeric)) {
        expect(record[`${name}_baseline`], `${id} ${name}`).toBe(b[column]);
        expect(record[`${name}_candidate`], `${id} ${name}`).toBe(c[column]);
        const delta = b[column] === null || c[column] === null ? null : c[column]! - b[column]!;
        if (delta === null) expect(record[`delta_${name}`], `${id} ${name}`).toBeNull();
        else expect(record[`delta_${name}`] as number, `${id} ${name}`).toBeCloseTo(delta, 12);
      }
      for (const name of defectNames(starved)) {
        const column = METRIC_BY_NAME.get(name)!.column;
        // No flag where a side has no value (a failed episode has no text for a gate to read).
        const flag = (value: unknown) => (value === null || value === undefined ? null : value === true);
        expect([record[`${name}_baseline`], record[`${name}_candidate`]], `${id} ${name}`).toEqual([
          flag(b[column]),
          flag(c[column])
        ]);
      }
      const episode = starved.episodes.find((e) => e.episode_id === id)!;
      expect(record.latency_s_candidate).toBe(metricChange(episode, "avg_latency_s")!.candidate);
    }
    expect(records.find((r) => r.episode_id === "p05_e01")).toMatchObject({
      failed_baseline: false,
      failed_candidate: true,
      latency_s_candidate: null,
      delta_latency_s: null
    });
  });

  it("an episode the candidate did not run has no values on either side in the export", () => {
    const template = runs[FATTER].rows[0];
    const comparison = compareRuns(
      runData({...runs[FATTER], rows: [0, 1].map((i) => ({...template, episode_id: `m${i}`}))}, "b"),
      runData({...runs[FATTER], rows: [{...template, episode_id: "m0"}]}, "c")
    );
    const missing = episodeRecords(comparison, {show: "all", search: "", sort: null, desc: true}).find(
      (r) => r.episode_id === "m1"
    )!;
    expect(missing).toMatchObject({status: "missing", latency_s_baseline: null, failed_candidate: null});
  });

  it("export buttons download a file named after the candidate", () => {
    const created: Blob[] = [];
    const names: string[] = [];
    URL.createObjectURL = vi.fn((blob: Blob | MediaSource) => (created.push(blob as Blob), "blob:x"));
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
      names.push(this.download);
    });
    const {node} = render(synthetic(), {show: "failed"});
    node.querySelector<HTMLElement>("[data-testid='export-csv']")!.click();
    node.querySelector<HTMLElement>("[data-testid='export-json']")!.click();
    expect(names).toEqual(["runs_cand_v2-episodes.csv", "runs_cand_v2-episodes.json"]);
    expect(created.map((b) => b.type)).toEqual(["text/csv;charset=utf-8", "application/json"]);
    click.mockRestore();
  });
});

describe("keyboard and selection", () => {
  it("clicking an episode id selects it; the open one is marked", () => {
    const {node, onSelect} = render(starved, {selected: "p02_e01"});
    expect(node.querySelector("tr[data-episode='p02_e01']")!.classList.contains("selected")).toBe(true);
    node.querySelector<HTMLElement>("tr[data-episode='p04_e01'] button")!.click();
    expect(onSelect).toHaveBeenCalledWith("p04_e01", "click");
  });

  it("a click anywhere on a row opens its episode once; markOpenEpisode moves the mark without a new table", () => {
    const {node, onSelect} = render(starved, {selected: "p02_e01"});
    node.querySelector<HTMLElement>("tr[data-episode='p03_e01'] td.reasons")!.click();
    expect(onSelect).toHaveBeenCalledTimes(1);
    expect(onSelect).toHaveBeenCalledWith("p03_e01", "click");
    const row = node.querySelector("tr[data-episode='p03_e01']")!;
    markOpenEpisode(node, "p03_e01");
    expect(node.querySelector("tr[data-episode='p03_e01']")).toBe(row);
    expect([...node.querySelectorAll("tr.selected")].map((tr) => tr.getAttribute("data-episode"))).toEqual(["p03_e01"]);
    expect(row.querySelector(".episode-open")!.getAttribute("aria-current")).toBe("true");
    expect(node.querySelector("tr[data-episode='p02_e01'] .episode-open")!.hasAttribute("aria-current")).toBe(false);
  });

  it("ArrowDown and ArrowUp in the table body select the next and previous listed episode and move focus", () => {
    const {node, onSelect} = render(starved, {show: "gates", selected: "p04_e01"});
    const button = (id: string) => node.querySelector<HTMLElement>(`tr[data-episode='${id}'] .episode-open`)!;
    button("p04_e01").focus();
    button("p04_e01").dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
    expect(onSelect).toHaveBeenLastCalledWith("p03_e01", "keys");
    expect(document.activeElement).toBe(button("p03_e01"));
    button("p03_e01").dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowUp", bubbles: true}));
    expect(onSelect).toHaveBeenLastCalledWith("p04_e01", "keys");
    button("p04_e01").dispatchEvent(new KeyboardEvent("keydown", {key: "j", bubbles: true}));
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it("ArrowDown on a page's last episode opens the next page's first (the page turns to it)", () => {
    const comparison = synthetic();
    const firstOfNextPage = render(comparison, {page: 1}).ids()[0];
    const {node, onSelect, onState, ids} = render(comparison, {page: 0});
    const lastId = ids()[49]!;
    node
      .querySelector<HTMLElement>(`tr[data-episode='${lastId}'] .episode-open`)!
      .dispatchEvent(new KeyboardEvent("keydown", {key: "ArrowDown", bubbles: true}));
    expect(onState).not.toHaveBeenCalled();
    expect(onSelect).toHaveBeenCalledWith(firstOfNextPage, "keys");
  });

  it("outputs, ids and errors render as text", () => {
    const payload = `<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>`;
    const template = runs[FATTER].rows[0];
    const run = (id: string, rows: EpisodeRow[]) => runData({...runs[FATTER], rows}, id);
    const comparison = compareRuns(
      run("b", [{...template, episode_id: payload}]),
      run("c", [{...template, episode_id: payload, failed: true, error: payload}])
    );
    const {node} = render(comparison);
    expect(node.querySelector("img, script")).toBeNull();
    expect(node.textContent).toContain("<script>");
  });
});
