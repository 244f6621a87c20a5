// @vitest-environment jsdom
// The runs section as a user meets it: the table (sort, filters, pinned selection, KPI contract), the selection
// bar above it, the skipped folders, and the KPI tiles.
import {describe, expect, it, vi} from "vitest";
import {KPI_NAMES, type Kpis, type RunSummary} from "../../src/compare/types.js";
import {RunsTable, type RunsTableElement, type RunsTableOptions} from "../../src/components/runsTable.js";
import {SelectionBar, type SelectionBarOptions} from "../../src/components/selectionBar.js";
import {KpiTiles} from "../../src/components/kpiTiles.js";
import {TreeProblems} from "../../src/components/treeProblems.js";

function summary(id: string, values: Partial<RunSummary> = {}, kpis: Partial<Kpis> = {}): RunSummary {
  return {
    id,
    kind: "run",
    task: "summarization",
    dataset_id: "d5",
    datasets: values.dataset_id === undefined ? ["d5"] : values.dataset_id ? [values.dataset_id] : [],
    archived: false,
    time: null,
    time_source: null,
    artifacts: {
      "metrics.json": "present",
      "predictions.jsonl": "present",
      "fingerprint.json": "present",
      "run_summary.json": "missing",
      "diagnostics.jsonl": "missing"
    },
    problems: [],
    problem_count: 0,
    warnings: [],
    warning_count: 0,
    episodes: 5,
    kpis: {
      success_rate: 1,
      failed: 0,
      avg_output_tokens: 100,
      avg_latency_s: 2,
      gate_truncation: 0,
      gate_speaker_label: 0,
      gate_boilerplate: 0,
      check_speaker_turns: 0,
      check_junk: 0,
      check_cut_off: 0,
      check_repetition: 0,
      at_cap: 0,
      ...kpis
    },
    kpi_sources: Object.fromEntries(KPI_NAMES.map((k) => [k, "predictions"])) as RunSummary["kpi_sources"],
    stored: {},
    recomputed: {},
    total_cost_usd: null,
    reference: null,
    ner: null,
    map_reduce: null,
    stage_caps: null,
    description: null,
    files: {table: "t.arrow", details: "d.json", texts: "x", shards: 1},
    ...values
  };
}

const silver = (id: string, rougeL: number, source: "recomputed" | "stored" = "recomputed") => ({
  reference: {id, rouge1_f1: 0.5, rouge2_f1: 0.3, rougeL_f1: rougeL, episodes: source === "stored" ? null : 5, source}
});

const RUNS = [
  summary("baselines/prod_v1", {kind: "baseline", ...silver("references/silver/silver_v1", 0.4)}, {avg_latency_s: 3}),
  summary(
    "runs/mr_starved_v3",
    {description: "map_reduce: bart → led"},
    {avg_latency_s: 35.6, success_rate: 0.8, failed: 1}
  ),
  summary("runs/fast_v2", silver("references/silver/silver_bullets_v1", 0.31), {avg_latency_s: 1.5}),
  summary("runs/no_latency_v1", {}, {avg_latency_s: null}),
  summary("references/silver/_archive/old_v1", {kind: "reference", archived: true}, {avg_latency_s: 9}),
  summary("runs/slow_v1", silver("references/silver/silver_v1", 0.2, "stored"), {avg_latency_s: 12})
];

function table(options: Partial<RunsTableOptions> = {}, runs = RUNS) {
  const onChange = vi.fn();
  const node = RunsTable(runs, {
    selected: ["baselines/prod_v1", "runs/mr_starved_v3"],
    baseline: "baselines/prod_v1",
    colorOf: () => "#4269d0",
    onChange,
    ...options
  });
  document.body.replaceChildren(node); // jsdom fires "change" on connected inputs only
  return {node, onChange};
}

const ids = (node: HTMLElement, group?: number) => {
  const bodies = [...node.querySelectorAll("tbody")];
  const scope = group === undefined ? node : bodies.at(group)!;
  return [...scope.querySelectorAll<HTMLElement>("tr[data-catalog-run]")].map((row) => row.dataset.catalogRun);
};
const header = (node: HTMLElement, key: string) => node.querySelector<HTMLElement>(`th[data-sort-key="${key}"]`)!;
const sortBy = (node: HTMLElement, key: string) => header(node, key).querySelector("button")!.click();
const countLine = (node: HTMLElement) => node.querySelector(".runs-count")!.textContent;
const type = (node: HTMLElement, text: string) => {
  const input = node.querySelector<HTMLInputElement>('input[type="search"]')!;
  input.value = text;
  input.dispatchEvent(new Event("input"));
};

describe("RunsTable sorting", () => {
  it("sorts numbers both ways with missing values last, and says so in aria-sort", () => {
    const {node} = table();
    expect(ids(node, -1)).toEqual([
      "runs/fast_v2",
      "runs/no_latency_v1",
      "references/silver/_archive/old_v1",
      "runs/slow_v1"
    ]);
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("none");

    sortBy(node, "avg_latency_s");
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("ascending");
    expect(ids(node, -1)).toEqual([
      "runs/fast_v2",
      "references/silver/_archive/old_v1",
      "runs/slow_v1",
      "runs/no_latency_v1"
    ]);

    sortBy(node, "avg_latency_s");
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("descending");
    expect(ids(node, -1)).toEqual([
      "runs/slow_v1",
      "references/silver/_archive/old_v1",
      "runs/fast_v2",
      "runs/no_latency_v1"
    ]);
    // the selected runs stay pinned on top, sorted among themselves
    expect(ids(node, 0)).toEqual(["runs/mr_starved_v3", "baselines/prod_v1"]);

    sortBy(node, "id");
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("none");
    expect(header(node, "id").getAttribute("aria-sort")).toBe("ascending");
    expect(ids(node, -1)).toEqual([
      "references/silver/_archive/old_v1",
      "runs/fast_v2",
      "runs/no_latency_v1",
      "runs/slow_v1"
    ]);
  });

  it("gives every column header a sort button and a data-sort-key", () => {
    const {node} = table();
    const heads = [...node.querySelectorAll("thead th")];
    expect(heads.length).toBeGreaterThan(15);
    for (const th of heads) {
      expect(th.getAttribute("data-sort-key")).toBeTruthy();
      expect(th.querySelector("button")).not.toBeNull();
      expect(th.getAttribute("title")).toBeTruthy();
    }
  });

  it("opens on the view it is given", () => {
    const {node} = table({view: {sort: {key: "quality", desc: false}}});
    expect(header(node, "quality").getAttribute("aria-sort")).toBe("ascending");
    // within each reference: silver_bullets_v1 before silver_v1, whatever the values
    expect(ids(node, -1)).toEqual([
      "runs/fast_v2",
      "runs/slow_v1",
      "runs/no_latency_v1",
      "references/silver/_archive/old_v1"
    ]);
  });

  it("sorts quality within each reference or gold, those by id both ways, runs without a value last", () => {
    const [bullets, silverV1, gold] = [
      "references/silver/silver_bullets_v1",
      "references/silver/silver_v1",
      "references/gold/ner/gold_v1"
    ];
    const score = (f1: number) => ({tp: 1, fp: 0, fn: 0, precision: f1, recall: f1, f1, per_label_f1: {}});
    const ner = (f1: number) => ({
      task: "ner_entities",
      ner: {
        reference: gold,
        mention_exact: score(f1),
        mention_overlap: score(f1),
        entity_set: score(f1),
        episodes_scored: 5,
        entities_predicted: 10,
        entities_in_scope: 10,
        out_of_scope: 0,
        entities_gold: 10,
        stored: null
      }
    });
    // The values interleave across the groups: one order by value alone would mix them.
    const runs = [
      summary("runs/bullets_a", silver(bullets, 0.5)),
      summary("runs/silver_a", silver(silverV1, 0.9)),
      summary("runs/ner_a", ner(0.1)),
      summary("runs/unscored"),
      summary("runs/bullets_b", silver(bullets, 0.2)),
      summary("runs/silver_b", silver(silverV1, 0.3)),
      summary("runs/ner_b", ner(0.95)),
      summary("runs/silver_unknown", {reference: {...silver(silverV1, 0).reference, rougeL_f1: null}})
    ];
    const {node} = table({selected: ["runs/silver_a", "runs/ner_a"], baseline: "runs/silver_a"}, runs);
    const references = (group: number) => {
      const body = [...node.querySelectorAll("tbody")].at(group)!;
      const cells = body.querySelectorAll<HTMLElement>("tr[data-catalog-run] .runs-quality");
      return [...cells].map((cell) => cell.dataset.qualityReference ?? null);
    };
    const startsOfGroups = () =>
      [...node.querySelectorAll<HTMLElement>("tr.runs-sort-group-start")].map((row) => row.dataset.catalogRun);

    sortBy(node, "quality");
    expect(ids(node, 0), "the selected runs stay pinned, sorted among themselves").toEqual([
      "runs/ner_a",
      "runs/silver_a"
    ]);
    expect(ids(node, -1)).toEqual([
      "runs/ner_b",
      "runs/bullets_b",
      "runs/bullets_a",
      "runs/silver_b",
      "runs/unscored",
      "runs/silver_unknown"
    ]);
    expect(references(-1)).toEqual([gold, bullets, bullets, silverV1, null, silverV1]);
    expect(startsOfGroups(), "a line above each group's first row and above the runs without a value").toEqual([
      "runs/silver_a",
      "runs/bullets_b",
      "runs/silver_b",
      "runs/unscored"
    ]);

    sortBy(node, "quality");
    expect(header(node, "quality").getAttribute("aria-sort")).toBe("descending");
    expect(ids(node, 0)).toEqual(["runs/ner_a", "runs/silver_a"]);
    expect(ids(node, -1), "the groups keep their order, the values within them turn").toEqual([
      "runs/ner_b",
      "runs/bullets_a",
      "runs/bullets_b",
      "runs/silver_b",
      "runs/unscored",
      "runs/silver_unknown"
    ]);
    expect(startsOfGroups()).toEqual(["runs/silver_a", "runs/bullets_a", "runs/silver_b", "runs/unscored"]);

    sortBy(node, "id");
    expect(startsOfGroups(), "no lines once another column sorts").toEqual([]);
  });

  it("takes a new selection in place: sort and search stay, only rows whose role changed are built again", () => {
    const {node} = table();
    sortBy(node, "quality");
    type(node, "v");
    const untouched = node.querySelector('tr[data-catalog-run="runs/slow_v1"]');
    const leaving = node.querySelector('tr[data-catalog-run="runs/mr_starved_v3"]');
    (node as RunsTableElement).update({
      selected: ["baselines/prod_v1", "runs/fast_v2"],
      baseline: "runs/fast_v2",
      colorOf: () => "#efb118"
    });
    expect(header(node, "quality").getAttribute("aria-sort")).toBe("ascending");
    expect(node.querySelector<HTMLInputElement>(".runs-filters input[type=search]")!.value).toBe("v");
    expect(node.querySelector('tr[data-catalog-run="runs/slow_v1"]')).toBe(untouched);
    expect(node.querySelector('tr[data-catalog-run="runs/mr_starved_v3"]')).not.toBe(leaving);
    expect(new Set(ids(node, 0))).toEqual(new Set(["runs/fast_v2", "baselines/prod_v1"]));
    expect(node.querySelector('tr[data-catalog-run="runs/fast_v2"] .role-badge')!.textContent).toBe("baseline");
    expect(node.querySelector('tr[data-catalog-run="baselines/prod_v1"] .role-badge')!.textContent).toBe("candidate");
  });
});

describe("RunsTable filters", () => {
  it("says what the search keeps, and keeps the selected runs pinned above", () => {
    const {node} = table();
    expect(countLine(node)).toBe("Showing all 6 runs · 2 selected shown above");
    type(node, "slow");
    expect(ids(node)).toEqual(["baselines/prod_v1", "runs/mr_starved_v3", "runs/slow_v1"]);
    expect(countLine(node)).toBe(
      "Showing 3 of 6 runs (search “slow”) · 2 selected shown above, 2 of them outside the filter"
    );
  });

  it("searches the description (the model) too", () => {
    const {node} = table({selected: [], baseline: null});
    type(node, "BART");
    expect(ids(node)).toEqual(["runs/mr_starved_v3"]);
    expect(countLine(node)).toBe("Showing 1 of 6 runs (search “BART”) · none selected");
  });

  it("says plainly when no other run matches", () => {
    const {node} = table();
    type(node, "xyz");
    expect(ids(node)).toEqual(["baselines/prod_v1", "runs/mr_starved_v3"]);
    expect(node.querySelector(".runs-empty")!.textContent!.trim()).toBe("No other run matches the search “xyz”");
    expect(countLine(node)).toBe(
      "Showing 2 of 6 runs (search “xyz”) · 2 selected shown above, 2 of them outside the filter"
    );
  });

  it("filters by kind and hides archived runs on request", () => {
    const {node} = table();
    const kind = node.querySelector<HTMLSelectElement>('select[aria-label="kind"]')!;
    kind.value = "reference";
    kind.dispatchEvent(new Event("change"));
    expect(ids(node, -1)).toEqual(["references/silver/_archive/old_v1"]);
    expect(countLine(node)).toBe(
      "Showing 3 of 6 runs (kind references) · 2 selected shown above, 2 of them outside the filter"
    );

    const archived = [...node.querySelectorAll("label")]
      .find((l) => l.textContent!.includes("show archived"))!
      .querySelector("input")!;
    expect(archived.checked).toBe(true);
    archived.checked = false;
    archived.dispatchEvent(new Event("change"));
    expect(ids(node, -1)).toEqual([]);
    expect(countLine(node)).toBe(
      "Showing 2 of 6 runs (kind references, archived hidden) · 2 selected shown above, 2 of them outside the filter"
    );
    expect(node.querySelector(".runs-empty")!.textContent!.trim()).toBe(
      "No other run matches the filters (kind references, archived hidden)"
    );
  });
});

describe("RunsTable selection and KPI contract", () => {
  it("pins the baseline first, then the candidates, with role badges distinct from the kind", () => {
    const {node} = table({selected: ["runs/slow_v1", "baselines/prod_v1"], baseline: "baselines/prod_v1"});
    expect(ids(node, 0)).toEqual(["baselines/prod_v1", "runs/slow_v1"]);
    const baselineRow = node.querySelector('tr[data-catalog-run="baselines/prod_v1"]')!;
    expect(baselineRow.querySelector(".role-badge")!.textContent).toBe("baseline");
    expect(baselineRow.querySelector(".kind-tag")!.textContent).toBe("baseline");
    expect(node.querySelector('tr[data-catalog-run="runs/slow_v1"] .role-badge')!.textContent).toBe("candidate");
    expect(node.querySelector('tr[data-catalog-run="runs/fast_v2"] .role-badge')).toBeNull();
  });

  it("puts data-kpi on unselected runs only, once per run and KPI, with the raw number", () => {
    const {node} = table();
    for (const run of RUNS) {
      const selected = ["baselines/prod_v1", "runs/mr_starved_v3"].includes(run.id);
      for (const name of KPI_NAMES) {
        const cells = [...node.querySelectorAll<HTMLElement>(`[data-kpi="${name}"]`)].filter(
          (n) => n.dataset.run === run.id
        );
        expect(cells.length, `${run.id} ${name}`).toBe(selected ? 0 : 1);
      }
    }
    const latency = [...node.querySelectorAll<HTMLElement>('[data-kpi="avg_latency_s"]')];
    expect(latency.find((n) => n.dataset.run === "runs/slow_v1")!.dataset.value).toBe("12");
    expect(latency.find((n) => n.dataset.run === "runs/no_latency_v1")!.dataset.value).toBe("");
    // selected runs still show their values, without the contract's attributes
    expect(node.querySelector('tr[data-catalog-run="runs/mr_starved_v3"]')!.textContent).toContain("80%");
  });

  it("adds a ticked run, and unticking the baseline makes the first remaining run the baseline", () => {
    const {node, onChange} = table({selected: ["baselines/prod_v1", "runs/mr_starved_v3", "runs/fast_v2"]});
    node.querySelector<HTMLInputElement>('input[aria-label="select runs/slow_v1"]')!.click();
    expect(onChange).toHaveBeenLastCalledWith({
      runs: ["baselines/prod_v1", "runs/mr_starved_v3", "runs/fast_v2", "runs/slow_v1"],
      baseline: "baselines/prod_v1"
    });
    node.querySelector<HTMLInputElement>('input[aria-label="select baselines/prod_v1"]')!.click();
    expect(onChange).toHaveBeenLastCalledWith({
      runs: ["runs/mr_starved_v3", "runs/fast_v2"],
      baseline: "runs/mr_starved_v3"
    });
  });

  it("ticks a run on Enter as on Space (a click)", () => {
    const {node, onChange} = table();
    const box = node.querySelector<HTMLInputElement>('input[aria-label="select runs/slow_v1"]')!;
    box.dispatchEvent(new KeyboardEvent("keydown", {key: "Enter", bubbles: true, cancelable: true}));
    expect(box.checked).toBe(true);
    expect(onChange).toHaveBeenLastCalledWith({
      runs: ["baselines/prod_v1", "runs/mr_starved_v3", "runs/slow_v1"],
      baseline: "baselines/prod_v1"
    });
  });

  it("switches the baseline from a candidate's row", () => {
    const {node, onChange} = table();
    expect(node.querySelector('tr[data-catalog-run="baselines/prod_v1"] .runs-make-baseline')).toBeNull();
    node.querySelector<HTMLButtonElement>('button[aria-label="set as baseline: runs/mr_starved_v3"]')!.click();
    expect(onChange).toHaveBeenCalledWith({
      runs: ["baselines/prod_v1", "runs/mr_starved_v3"],
      baseline: "runs/mr_starved_v3"
    });
  });
});

describe("RunsTable view in the URL and focus across updates", () => {
  const SELECTION = {selected: ["baselines/prod_v1", "runs/mr_starved_v3"], baseline: "baselines/prod_v1"};
  const search = (node: HTMLElement) => node.querySelector<HTMLInputElement>('input[type="search"]')!;
  const kind = (node: HTMLElement) => node.querySelector<HTMLSelectElement>('select[aria-label="kind"]')!;
  const archived = (node: HTMLElement) => node.querySelector<HTMLInputElement>(".runs-archived-toggle input")!;

  it("reports each filter and sort the user changes through onView, with the whole view", () => {
    const onView = vi.fn();
    const {node} = table({onView});
    type(node, "slow");
    expect(onView).toHaveBeenLastCalledWith({kind: "all", search: "slow", showArchived: true, sort: null});
    kind(node).value = "baseline";
    kind(node).dispatchEvent(new Event("change"));
    archived(node).checked = false;
    archived(node).dispatchEvent(new Event("change"));
    sortBy(node, "avg_latency_s");
    sortBy(node, "avg_latency_s");
    expect(onView).toHaveBeenCalledTimes(5);
    expect(onView).toHaveBeenLastCalledWith({
      kind: "baseline",
      search: "slow",
      showArchived: false,
      sort: {key: "avg_latency_s", desc: true}
    });
  });

  it("applies a view from update (Back, Forward) to its rows and controls in place, without reporting it", () => {
    const onView = vi.fn();
    const {node} = table({onView});
    const controls = [search(node), kind(node), archived(node), header(node, "avg_latency_s")];
    const view = {kind: "run" as const, search: "v1", showArchived: false, sort: {key: "avg_latency_s", desc: true}};
    (node as RunsTableElement).update({...SELECTION, colorOf: () => "#4269d0", view});
    expect([search(node).value, kind(node).value, archived(node).checked]).toEqual(["v1", "run", false]);
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("descending");
    expect(ids(node, -1)).toEqual(["runs/slow_v1", "runs/no_latency_v1"]);
    expect([search(node), kind(node), archived(node), header(node, "avg_latency_s")]).toEqual(controls);
    // Back to the defaults (a URL without the view's parameters).
    (node as RunsTableElement).update({...SELECTION, colorOf: () => "#4269d0", view: {}});
    expect([search(node).value, kind(node).value, archived(node).checked]).toEqual(["", "all", true]);
    expect(header(node, "avg_latency_s").getAttribute("aria-sort")).toBe("none");
    expect(ids(node, -1).length).toBe(4);
    expect(onView).not.toHaveBeenCalled();
  });

  it("leaves the search someone is typing as it is when the view holds that text already", () => {
    const {node} = table();
    search(node).focus();
    type(node, "slo");
    search(node).setSelectionRange(1, 1);
    const view = {kind: "all" as const, search: "slo", showArchived: true, sort: null};
    (node as RunsTableElement).update({...SELECTION, colorOf: () => "#4269d0", view});
    expect(document.activeElement).toBe(search(node));
    expect([search(node).value, search(node).selectionStart]).toEqual(["slo", 1]);
  });

  it("a row built again while its tick box or baseline button held the focus hands it to the new row's", () => {
    const {node} = table();
    const row = (id: string) => node.querySelector<HTMLElement>(`tr[data-catalog-run="${id}"]`)!;
    const box = (id: string) => row(id).querySelector<HTMLInputElement>('input[type="checkbox"]')!;
    const slow = box("runs/slow_v1");
    slow.focus();
    slow.click();
    // JSDOM lays nothing out: record what the table brings into view.
    const scrolled: Element[] = [];
    Element.prototype.scrollIntoView = function (this: Element) {
      scrolled.push(this);
    };
    const ticked = {selected: [...SELECTION.selected, "runs/slow_v1"], baseline: "baselines/prod_v1"};
    (node as RunsTableElement).update({...ticked, colorOf: () => "#4269d0"});
    expect(box("runs/slow_v1")).not.toBe(slow);
    expect(document.activeElement).toBe(box("runs/slow_v1"));
    expect(box("runs/slow_v1").checked).toBe(true);
    // The row moved to the pinned group comes into view with the focus.
    expect(scrolled).toEqual([row("runs/slow_v1")]);

    // A new color builds the candidate's row again: the focus stays on its "set as baseline" button.
    const makeBaseline = () => row("runs/slow_v1").querySelector<HTMLElement>(".runs-make-baseline");
    const before = makeBaseline()!;
    before.focus();
    (node as RunsTableElement).update({...ticked, colorOf: () => "#efb118"});
    expect(makeBaseline()).not.toBe(before);
    expect(document.activeElement).toBe(makeBaseline());
    // Made the baseline, the run's row has no such button: its tick box takes the focus.
    (node as RunsTableElement).update({...ticked, baseline: "runs/slow_v1", colorOf: () => "#efb118"});
    expect(makeBaseline()).toBeNull();
    expect(document.activeElement).toBe(box("runs/slow_v1"));
  });
});

describe("RunsTable cells", () => {
  it("names the reference a ROUGE-L value is against, and says when it is the stored value", () => {
    const {node} = table();
    const cell = (id: string) => node.querySelector<HTMLElement>(`tr[data-catalog-run="${id}"] .runs-quality`)!;
    expect(cell("runs/fast_v2").textContent!.replace(/\s+/g, " ").trim()).toBe("0.31 vs silver_bullets_v1");
    expect(cell("runs/fast_v2").title).toContain("references/silver/silver_bullets_v1");
    expect(cell("runs/slow_v1").textContent!.replace(/\s+/g, " ").trim()).toBe("0.2 vs silver_v1 · stored");
    expect(cell("runs/no_latency_v1").textContent!.trim()).toBe("—");
  });

  it("shows entity-set F1 against the gold for NER runs, labelled so", () => {
    const score = {tp: 9, fp: 1, fn: 1, precision: 0.9, recall: 0.9, f1: 0.9, per_label_f1: {}};
    const ner = {
      reference: "references/gold/ner/gold_v1",
      mention_exact: score,
      mention_overlap: score,
      entity_set: {...score, f1: 0.929},
      episodes_scored: 5,
      entities_predicted: 10,
      entities_in_scope: 10,
      out_of_scope: 0,
      entities_gold: 10,
      stored: null
    };
    const {node} = table({selected: []}, [summary("runs/ner_v1", {task: "ner_entities", ner})]);
    expect(node.querySelector(".runs-quality")!.textContent!.replace(/\s+/g, " ").trim()).toBe(
      "entity-set F1 0.929 vs gold_v1"
    );
  });

  it("lists problems as file:line — message, warnings, and loads the rest on demand", async () => {
    const broken = summary("runs/broken_v1", {
      artifacts: {
        "metrics.json": "present",
        "predictions.jsonl": "malformed",
        "fingerprint.json": "missing",
        "run_summary.json": "missing",
        "diagnostics.jsonl": "missing"
      },
      problems: [
        {file: "predictions.jsonl", line: 7, message: "invalid JSON"},
        {file: "fingerprint.json", line: null, message: "required file is missing"}
      ],
      problem_count: 5,
      warnings: ["avg_output_tokens: metrics.json stores 71"],
      warning_count: 1
    });
    const all = [
      ...broken.problems,
      {file: "predictions.jsonl", line: 9, message: "not an object"},
      {file: "predictions.jsonl", line: 11, message: "invalid JSON"},
      {file: "metrics.json", line: null, message: "episode_count is not a number"}
    ];
    const loadDetails = vi.fn(async () => ({
      id: broken.id,
      problems: all,
      warnings: broken.warnings,
      fingerprint: null
    }));
    const {node} = table({selected: [], loadDetails}, [broken]);
    const box = node.querySelector('details[data-problems="runs/broken_v1"]')!;
    expect(box.querySelector("summary")!.textContent).toBe("5 problems, 1 warning");
    expect([...box.querySelectorAll("li.problem")].map((li) => li.textContent)).toEqual([
      "predictions.jsonl:7 — invalid JSON",
      "fingerprint.json — required file is missing"
    ]);
    expect(box.querySelector("li.warning")!.textContent).toBe("avg_output_tokens: metrics.json stores 71");
    expect(box.querySelector("li.more")!.textContent).toContain("and 3 more");
    box.querySelector<HTMLButtonElement>("li.more button")!.click();
    expect(loadDetails).toHaveBeenCalledWith("runs/broken_v1");
    await vi.waitFor(() =>
      expect(node.querySelectorAll('details[data-problems="runs/broken_v1"] li.problem')).toHaveLength(5)
    );
    expect(node.querySelector('details[data-problems="runs/broken_v1"] li.more')).toBeNull();
    const predictions = node.querySelector<HTMLElement>('td[data-artifact="predictions.jsonl"]')!;
    expect([predictions.dataset.state, predictions.textContent]).toEqual(["malformed", "⚠"]);
    expect(predictions.title).toContain("predictions.jsonl:7 — invalid JSON");
    expect(node.querySelector('td[data-artifact="metrics.json"]')!.textContent).toBe("✓");
  });

  it("shows HTML in a run id as text", () => {
    const id = `runs/<img src=x onerror="alert(1)">_v1`;
    const {node} = table({selected: [id, "runs/fast_v2"], baseline: "runs/fast_v2"}, [summary(id), RUNS[2]]);
    expect(node.querySelector("img")).toBeNull();
    expect(node.querySelector(`tr[data-catalog-run='${id.replace(/'/g, "\\'")}'] .run-id code`)!.textContent).toBe(id);
    const bar = SelectionBar([summary(id)], {...barOptions(), selected: [id], baseline: id, unknown: ["<b>x</b>"]});
    expect(bar.querySelector("img, b")).toBeNull();
    expect(bar.textContent).toContain(id);
  });
});

function barOptions(values: Partial<SelectionBarOptions> = {}): SelectionBarOptions {
  return {
    selected: ["baselines/prod_v1", "runs/mr_starved_v3", "runs/other_v1"],
    baseline: "baselines/prod_v1",
    colorOf: () => "#efb118",
    unknown: [],
    onChange: vi.fn(),
    onCopyLink: vi.fn(),
    ...values
  };
}

describe("SelectionBar", () => {
  const runs = [...RUNS, summary("runs/other_v1", {dataset_id: "d3"})];

  it("switches the baseline with its select", () => {
    const options = barOptions();
    const select = SelectionBar(runs, options).querySelector<HTMLSelectElement>(
      'select[data-testid="baseline-select"]'
    )!;
    expect(select.getAttribute("aria-label")).toBe("baseline");
    expect(select.value).toBe("baselines/prod_v1");
    select.value = "runs/mr_starved_v3";
    select.dispatchEvent(new Event("change"));
    expect(options.onChange).toHaveBeenCalledWith({runs: options.selected, baseline: "runs/mr_starved_v3"});
  });

  it("shows candidates as chips that can be removed, and cautions about one on another dataset", () => {
    const options = barOptions();
    const bar = SelectionBar(runs, options);
    expect([...bar.querySelectorAll<HTMLElement>("[data-candidate-chip]")].map((c) => c.dataset.candidateChip)).toEqual(
      ["runs/mr_starved_v3", "runs/other_v1"]
    );
    expect(bar.querySelector('[data-candidate-chip="runs/mr_starved_v3"] .run-chip-warning')).toBeNull();
    // Another dataset may still meet the baseline on identical inputs: a caution, not a firm "not comparable".
    expect(bar.querySelector<HTMLElement>('[data-candidate-chip="runs/other_v1"] .run-chip-warning')!.title).toBe(
      "different datasets (baseline d5, candidate d3): compared only on episodes that ran on identical inputs, if any"
    );
    expect(bar.querySelector('[data-candidate-chip="runs/other_v1"]')!.classList.contains("is-incomparable")).toBe(
      false
    );
    const ner = SelectionBar([...runs, {...runs[0], id: "runs/ner_v1", task: "ner_entities"}], {
      ...options,
      selected: ["baselines/prod_v1", "runs/ner_v1"]
    });
    expect(ner.querySelector('[data-candidate-chip="runs/ner_v1"]')!.classList.contains("is-incomparable")).toBe(true);
    bar.querySelector<HTMLButtonElement>('button[aria-label="remove runs/mr_starved_v3"]')!.click();
    expect(options.onChange).toHaveBeenCalledWith({
      runs: ["baselines/prod_v1", "runs/other_v1"],
      baseline: "baselines/prod_v1"
    });
  });

  it("names the runs a link asked for that the snapshot lacks", () => {
    expect(SelectionBar(runs, barOptions()).querySelector('[data-testid="unknown-runs"]')).toBeNull();
    const notice = SelectionBar(runs, barOptions({unknown: ["runs/gone_v1", "runs/old_v2"]})).querySelector(
      '[data-testid="unknown-runs"]'
    )!;
    expect(notice.textContent).toBe("The link names runs that are not in this snapshot: runs/gone_v1, runs/old_v2");
  });

  it("asks for a second run when fewer than two are selected", () => {
    const bar = SelectionBar(runs, barOptions({selected: ["baselines/prod_v1"]}));
    expect(bar.textContent).toContain("Select a second run in the table below to compare.");
    expect(SelectionBar(runs, barOptions()).textContent).not.toContain("Select a second run");
  });

  it("draws another selection in the same element: the baseline select keeps the focus, removal the new runs", () => {
    const options = barOptions();
    const bar = SelectionBar(runs, options);
    document.body.append(bar);
    const baselineSelect = () => bar.querySelector<HTMLSelectElement>('[data-testid="baseline-select"]')!;
    baselineSelect().focus();
    const copy = bar.querySelector('[data-testid="copy-link"]');
    bar.update({
      selected: ["runs/mr_starved_v3", "baselines/prod_v1"],
      baseline: "runs/mr_starved_v3",
      colorOf: () => ""
    });
    expect(document.activeElement).toBe(baselineSelect());
    expect(baselineSelect().value).toBe("runs/mr_starved_v3");
    expect([...bar.querySelectorAll<HTMLElement>("[data-candidate-chip]")].map((c) => c.dataset.candidateChip)).toEqual(
      ["baselines/prod_v1"]
    );
    expect(bar.querySelector('[data-testid="copy-link"]')).toBe(copy);
    // Removing a run from its chip: the focus goes to the chip now in its place, or the baseline's.
    const remove = bar.querySelector<HTMLButtonElement>('button[aria-label="remove baselines/prod_v1"]')!;
    remove.focus();
    bar.update({selected: ["runs/mr_starved_v3"], baseline: "runs/mr_starved_v3", colorOf: () => ""});
    expect(document.activeElement).toBe(bar.querySelector('button[aria-label="remove runs/mr_starved_v3"]'));
    bar.update({
      selected: ["runs/mr_starved_v3", "baselines/prod_v1"],
      baseline: "runs/mr_starved_v3",
      colorOf: () => ""
    });
    bar.querySelector<HTMLButtonElement>('button[aria-label="remove baselines/prod_v1"]')!.click();
    expect(options.onChange).toHaveBeenLastCalledWith({runs: ["runs/mr_starved_v3"], baseline: "runs/mr_starved_v3"});
    bar.remove();
  });

  it("copies the link and says so", async () => {
    const options = barOptions();
    const bar = SelectionBar(runs, options);
    bar.querySelector<HTMLButtonElement>('[data-testid="copy-link"]')!.click();
    await Promise.resolve();
    expect(options.onCopyLink).toHaveBeenCalledOnce();
    expect(bar.querySelector('[aria-live="polite"]')!.textContent).toBe("Copied");
  });
});

describe("TreeProblems", () => {
  it("lists the folders discovery skipped, with the reason", () => {
    const node = TreeProblems({
      tree_problems: [{file: "runs/<i>empty</i>", line: null, message: "no artifacts"}]
    }) as HTMLElement;
    expect(node.dataset.testid).toBe("tree-problems");
    expect(node.querySelector("summary")!.textContent).toBe("1 folder in the eval tree skipped");
    expect(node.querySelector("li")!.textContent).toBe("runs/<i>empty</i> — no artifacts");
    expect(TreeProblems({tree_problems: []})).toBe("");
  });
});

describe("KpiTiles", () => {
  it("heads each card with the whole run id, breakable only after its separators", () => {
    const id = "baselines/baseline_ner_prod_authority_v1";
    const code = KpiTiles([summary(id)], {baselineId: id, colorOf: () => ""}).querySelector(
      `[data-kpi-card="${id}"] h3 code`
    )!;
    expect(code.textContent).toBe(id);
    const pieces = [...code.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent);
    expect(pieces).toEqual(["baselines/", "baseline_", "ner_", "prod_", "authority_", "v1"]);
    expect(code.querySelectorAll("wbr").length).toBe(5);
  });

  it("shows a disagreeing second source beside the value: recomputed beside stored, stored beside recomputed", () => {
    const fromSummary = summary(
      "baselines/summary_v1",
      {
        kpi_sources: {...summary("x").kpi_sources, avg_output_tokens: "run_summary", avg_latency_s: "run_summary"},
        recomputed: {avg_output_tokens: 380.5, avg_latency_s: 2}
      },
      {avg_output_tokens: 384.2}
    );
    const recomputed = summary(
      "runs/stored_v1",
      {stored: {avg_output_tokens: 120, avg_latency_s: 2}},
      {avg_output_tokens: 100}
    );
    const node = KpiTiles([fromSummary, recomputed], {baselineId: fromSummary.id, colorOf: () => "#4269d0"});
    const card = (id: string) => node.querySelector(`[data-kpi-card="${id}"]`)!;
    expect(card(fromSummary.id).querySelector('[data-kpi-other="avg_output_tokens"]')!.textContent).toBe(
      "recomputed 380.5"
    );
    expect(card(recomputed.id).querySelector('[data-kpi-other="avg_output_tokens"]')!.textContent).toBe("stored 120");
    // Agreeing sources show one value.
    for (const id of [fromSummary.id, recomputed.id])
      expect(card(id).querySelector('[data-kpi-other="avg_latency_s"]')).toBeNull();
    expect(card(fromSummary.id).querySelector('[data-kpi="avg_output_tokens"]')!.getAttribute("data-value")).toBe(
      "384.2"
    );
  });
});
