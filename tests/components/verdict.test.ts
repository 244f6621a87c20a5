// @vitest-environment jsdom
// The verdict v3 facts as the page and the Markdown show them: the deciding interval at its level with clamped
// bounds marked, each estimate's state (data-state), the row that decides the label, the defects signal, the runs'
// micro NER F1 beside the mean per episode, the pairing note, the findings (ranked, folded, each linked to its
// episodes), and KPI cards (gates and output checks apart; over other episodes than the deltas).
import {describe, expect, it} from "vitest";
import type {Comparison} from "../../src/compare/compare.js";
import {findingWords} from "../../src/compare/findingWords.js";
import type {Finding} from "../../src/compare/findings.js";
import {reportMarkdown} from "../../src/compare/markdown.js";
import {reportComparison, type Report, type ReportComparison, type ReportRun} from "../../src/compare/report.js";
import {findingQuery} from "../../src/compare/selection.js";
import {CHECK_NAMES, GATE_NAMES, KPI_NAMES, type RunSummary} from "../../src/compare/types.js";
import {DeltaTable} from "../../src/components/deltaTable.js";
import {KpiTiles} from "../../src/components/kpiTiles.js";
import {FINDINGS_SHOWN, VerdictPanel} from "../../src/components/verdictPanel.js";
import {VerdictRules} from "../../src/components/verdictRules.js";
import {comparison, delta, REF, summary} from "./fixtures.js";

const BASE = "baselines/b_v1";
const CAND = "runs/c_v2";
const GOLD = "references/gold/g_v1";

/** ROUGE-L as the fixtures' default pair has it: too few episodes, the lower bound clamped at −baseline. */
const decisive = delta("rougeL_f1", {
  label: "ROUGE-L F1",
  short: "ROUGE-L F1",
  reference: REF,
  baseline: 0.71,
  candidate: 0.274,
  delta: -0.436,
  ci95: [-0.78, -0.092],
  ci: [-0.887, 0.015],
  ci_level: 0.975,
  shown: [-0.71, 0.015],
  clamped: true,
  state: "underpowered",
  underpowered: true,
  mde: 0.557,
  n: 4,
  decisive: true,
  improved: 0,
  regressed: 4
});
const supporting = delta("rouge1_f1", {label: "ROUGE-1 F1", reference: REF, decisive: false, state: "equivalent"});
const rule = delta("gate_truncation", {
  label: "Truncation (gate)",
  kind: "health",
  unit: "count",
  direction: "lower",
  method: "rule",
  baseline: 0,
  candidate: 1,
  delta: 1,
  ci95: null,
  ci: null,
  ci_level: null,
  shown: null,
  state: null,
  threshold: 0,
  decisive: false,
  new: ["p04_e01"],
  improved: 0,
  regressed: 1
});
const tradeoff = delta("map_tokens", {
  label: "Map summary tokens (mean)",
  kind: "tradeoff",
  unit: "tokens",
  direction: "neutral",
  baseline: 183,
  candidate: 61,
  delta: -122,
  ci95: [-130.7, -113.3],
  ci: [-130.7, -113.3],
  shown: [-130.7, -113.3],
  state: "clear",
  clear: true,
  threshold: 18.3,
  decisive: false,
  improved: null,
  regressed: null
});

function defaultPair(values: Partial<Comparison> = {}): Comparison {
  const c = comparison(BASE, CAND, [decisive, supporting, rule, tradeoff]);
  return {
    ...c,
    defects: {regressed: ["p02_e01", "p03_e01", "p04_e01", "p05_e01"], improved: [], p: 0.125, verdict: "same"},
    new_failures: true,
    new_defects: true,
    verdict: {...c.verdict, qualifiers: ["new_failures", "new_defects"]},
    ...values
  };
}

function finding(stage: Finding["stage"], code: string, episodes: string[], values: Partial<Finding> = {}): Finding {
  const base = {candidate: episodes.length, baseline: 0, of: 5, settings: [], measured: true, delta: null};
  return {stage, code, episodes, ...base, from: null, to: null, ...values};
}

/** The fixtures' default pair's findings, as the engine ranks them (findings.ts), with one change to name. */
const FINDINGS: Finding[] = [
  finding("chunking", "chunking_changed", ["p04_e01"], {settings: ["chunking.chunk_size"]}),
  finding("map", "map_at_cap", ["p01_e01", "p02_e01", "p04_e01", "p05_e01"], {candidate: 4}),
  finding("final", "padded", ["p02_e01", "p03_e01"]),
  finding("final", "cut_off", ["p04_e01"]),
  finding("output", "new_failed", ["p05_e01"]),
  finding("output", "new_gate_truncation", ["p04_e01"]),
  finding("inputs", "preprocessing_changed", [], {
    measured: false,
    settings: ["preprocessing.profile_id"],
    from: "clean_v1",
    to: "clean_v2"
  })
];
const CHANGES = [
  {path: "chunking.chunk_size", group: "preprocessing", baseline: 900, candidate: 600},
  {path: "preprocessing.profile_id", group: "preprocessing", baseline: "clean_v1", candidate: "clean_v2"}
] as unknown as Comparison["changes"];

const cellOf = (node: HTMLElement, metric: string) =>
  node.querySelector(`[data-delta="${metric}"][data-candidate="${CAND}"]`) as HTMLElement;
const text = (node: Element | null) => (node?.textContent ?? "").replace(/\s+/g, " ").trim();

describe("DeltaTable", () => {
  it("names the interval's level per row, marks a clamped bound, and gives estimates their data-state", () => {
    const node = DeltaTable(defaultPair());
    const rougeL = cellOf(node, "rougeL_f1");
    expect(rougeL.dataset).toMatchObject({value: "-0.436", verdict: "same", state: "underpowered"});
    expect(text(rougeL.querySelector(".ci"))).toBe("[−0.71⊢, +0.015] 97.5%");
    const mark = rougeL.querySelector(".clamped") as HTMLElement;
    expect(mark.textContent).toBe("⊢");
    expect(mark.title).toBe("clamped to what the baseline allows; raw bounds in the report");
    expect(rougeL.title).toContain("97.5% interval −0.887 to +0.015 (Student t)");
    expect(rougeL.title).toContain("95% interval −0.78 to −0.092");

    const rouge1 = cellOf(node, "rouge1_f1");
    expect(rouge1.dataset.state).toBe("equivalent");
    expect(text(rouge1.querySelector(".ci"))).toBe("[−0.01, +0.01] 95%");
    expect(rouge1.querySelector(".clamped")).toBeNull();

    // Rule rows have no state and no interval.
    const truncation = cellOf(node, "gate_truncation");
    expect(truncation.hasAttribute("data-state")).toBe(false);
    expect(truncation.dataset.verdict).toBe("same");
    expect(text(truncation.querySelector(".ci"))).toBe("rule");
    expect(cellOf(node, "map_tokens").dataset.state).toBe("clear");
    expect(node.querySelector("th[title*='97.5%']")!.textContent).toBe("Δ [interval]");
  });

  it("groups rows by what they do for the label; each row says its state; the defects signal under its group", () => {
    const node = DeltaTable(defaultPair());
    const groups = [...node.querySelectorAll("tbody[data-group]")].map((tbody) => ({
      group: tbody.getAttribute("data-group"),
      label: text(tbody.querySelector("tr.group")),
      rows: [...tbody.querySelectorAll("[data-delta]")].map((cell) => cell.getAttribute("data-delta"))
    }));
    expect(groups).toEqual([
      {group: "decisive", label: "Decides the label", rows: ["rougeL_f1"]},
      {
        group: "defect",
        label: "Defects (each type shown; together they decide by a sign test)",
        rows: ["gate_truncation"]
      },
      {group: "supporting", label: "Supporting", rows: ["rouge1_f1"]},
      {group: "tradeoff", label: "Trade-offs", rows: ["map_tokens"]}
    ]);
    const state = (metric: string) => text(cellOf(node, metric).parentElement!.querySelector(".state"));
    expect(state("rougeL_f1")).toBe("too few episodes to tell");
    expect(state("rouge1_f1")).toBe("no change as large as 0.05");
    expect(state("map_tokens")).toBe("clear");
    expect(state("gate_truncation")).toBe("counted");
    expect(text(cellOf(node, "rougeL_f1").parentElement!.querySelector(".verdict-cell"))).toBe("no clear change");
    expect(text(node.querySelector('[data-testid="defects-signal"]'))).toBe(
      "Defects signal: 4 episodes gained a defect type, 0 lost one (exact sign test p = 0.125); decides only at " +
        "p ≤ 0.025."
    );
  });

  it("without a shared reference says quality is not measured; pairing across datasets is in the caption", () => {
    const node = DeltaTable(
      defaultPair({deltas: [supporting, rule].map((d) => ({...d, decisive: false})), pairing: "input_hash"})
    );
    expect(text(node.querySelector('[data-testid="no-quality-signal"]'))).toMatch(/not measured/);
    expect(text(node.querySelector("caption"))).toBe(
      `${CAND} − baseline, over 10 common episodes (paired across datasets on identical inputs (10 episodes))`
    );
  });

  it("shows the runs' micro entity-set F1 beside the entity-set delta, a mean of per-episode F1", () => {
    const entitySet = delta("ner_f1_entity_set", {reference: GOLD, baseline: 0.9, candidate: 0.85, delta: -0.05});
    const withF1 = (id: string, f1: number): RunSummary => {
      const run = summary(id, {gold: GOLD});
      return {...run, ner: {...run.ner!, entity_set: {f1} as NonNullable<RunSummary["ner"]>["entity_set"]}};
    };
    const runs = [withF1(BASE, 0.9285714285714286), withF1(CAND, 0.9)];
    const node = DeltaTable(comparison(BASE, CAND, [entitySet]), {runs});
    const micro = cellOf(node, "ner_f1_entity_set").querySelector(".micro") as HTMLElement;
    const words = "micro over all entities: 0.929 → 0.9 (−0.029); the Δ is a mean of per-episode F1";
    expect(micro.textContent).toBe(words);
    expect(Number(micro.dataset.microDelta)).toBeCloseTo(0.9 - 0.9285714285714286, 12);
    // Without the summaries, or against another gold, no micro line.
    expect(DeltaTable(comparison(BASE, CAND, [entitySet])).querySelector(".micro")).toBeNull();
    const otherGold = [withF1(BASE, 0.9), {...withF1(CAND, 0.8), ner: {...withF1(CAND, 0.8).ner!, reference: "g2"}}];
    expect(DeltaTable(comparison(BASE, CAND, [entitySet]), {runs: otherGold}).querySelector(".micro")).toBeNull();
  });

  it("keeps untrusted ids as text", () => {
    const hostile = "runs/<img src=x onerror=alert(1)>";
    const node = DeltaTable({...defaultPair(), candidate: hostile});
    expect(node.querySelector("img")).toBeNull();
    expect(text(node.querySelector("caption code"))).toBe(hostile);
  });
});

describe("VerdictPanel", () => {
  it("shows the two signals, the qualifier badges and, across datasets, the pairing", () => {
    const node = VerdictPanel([defaultPair({pairing: "input_hash", outputs_identical: 2})], {
      baselineId: BASE,
      colorOf: () => "#4269d0"
    });
    const verdict = node.querySelector(`[data-verdict-label][data-candidate="${CAND}"]`) as HTMLElement;
    expect(verdict.dataset.qualifiers).toBe("new_failures new_defects");
    expect([...verdict.querySelectorAll("[data-qualifier]")].map((b) => b.textContent)).toEqual([
      "new failures",
      "new defects"
    ]);
    expect(text(verdict.querySelector('[data-signal="quality"]'))).toBe(
      `Quality: ROUGE-L F1 vs silver_sonnet46_smoke_v1 −0.436 [−0.71⊢, +0.015] 97.5%: too few episodes to tell ` +
        "(n = 4; smallest change it could tell: 0.557)"
    );
    expect(text(verdict.querySelector('[data-signal="defects"]'))).toBe(
      "Defects: 4 episodes gained a defect type, 0 lost one (exact sign test p = 0.125); decides only at p ≤ 0.025"
    );
    expect(text(verdict.querySelector('[data-testid="pairing"]'))).toBe(
      "paired across datasets on identical inputs (10 episodes); outputs byte-identical on 2 of 10 common episodes"
    );
  });

  it("words a deciding defects signal and a missing quality signal", () => {
    const c = defaultPair({
      deltas: [rule],
      defects: {regressed: ["a", "b", "c", "d", "e", "f", "g"], improved: [], p: 0.015625, verdict: "worse"}
    });
    const node = VerdictPanel([c], {baselineId: BASE, colorOf: () => "#000"});
    expect(text(node.querySelector('[data-signal="defects"]'))).toBe(
      "Defects: 7 episodes gained a defect type, 0 lost one (exact sign test p = 0.016): worse (decides at p ≤ 0.025)"
    );
    expect(node.querySelector('[data-signal="defects"]')!.getAttribute("data-verdict")).toBe("worse");
    expect(text(node.querySelector('[data-signal="quality"]'))).toBe(
      "Quality: not measured: the runs share no reference or gold"
    );
    expect(node.querySelector('[data-testid="pairing"]')).toBeNull();
  });
});

describe("VerdictPanel findings", () => {
  const withFindings = (values: Partial<Comparison> = {}) =>
    defaultPair({findings: FINDINGS, changes: CHANGES, ...values});
  const SEARCH = `?runs=${BASE},${CAND},runs/other_v3&baseline=${BASE}&episode=p01_e01&sort=delta_latency&dir=asc`;
  const panel = (comparisons: Comparison[], search?: string | (() => string)) =>
    VerdictPanel(comparisons, {baselineId: BASE, colorOf: () => "#000", search});

  it("lists every finding in rank order with its stage and sentence; the first three shown, the rest folded", () => {
    const node = panel([withFindings()], SEARCH);
    const items = [...node.querySelectorAll<HTMLElement>(`[data-finding][data-candidate="${CAND}"]`)];
    expect(items.map((li) => [li.dataset.finding, li.dataset.stage])).toEqual(FINDINGS.map((f) => [f.code, f.stage]));
    // The sentence is the report's, word for word; the stage is set apart.
    const c = withFindings();
    expect(items.map((li) => text(li.querySelector(".finding-sentence")))).toEqual(
      FINDINGS.map((f) => findingWords(f, c.changes, c.inputs))
    );
    expect(text(items[0].querySelector(".finding-sentence"))).toBe(
      "chunking: chunk counts changed on 1 of 5 episodes (chunk_size 900 → 600)"
    );
    expect(items.map((li) => li.querySelector(".finding-stage")!.textContent)).toEqual(FINDINGS.map((f) => f.stage));
    // Folding: the first FINDINGS_SHOWN outside any <details>, the rest one click away, numbered on.
    expect(FINDINGS_SHOWN).toBe(3);
    const folded = items.map((li) => li.closest("details") !== null);
    expect(folded).toEqual(FINDINGS.map((_, i) => i >= FINDINGS_SHOWN));
    const more = node.querySelector(".findings-more") as HTMLDetailsElement;
    expect(more.open).toBe(false);
    expect(text(more.querySelector("summary"))).toBe(`${FINDINGS.length - FINDINGS_SHOWN} more`);
    expect(more.querySelector("ol")!.getAttribute("start")).toBe(String(FINDINGS_SHOWN + 1));
    // A settings change with no measured effect reads muted.
    expect(items[6].dataset.measured).toBe("false");
    expect(items[6].classList.contains("finding-unmeasured")).toBe(true);
  });

  it("links a finding that names episodes to the episode table filtered to it, followed in place or as a link", () => {
    const node = panel([withFindings()], SEARCH);
    const link = (code: string) => node.querySelector<HTMLAnchorElement>(`[data-finding="${code}"] a`);
    const atCap = link("map_at_cap")!;
    expect(atCap.textContent).toBe("4 episodes");
    expect(atCap.hasAttribute("data-state-link")).toBe(true);
    expect(atCap.getAttribute("href")).toBe(findingQuery(SEARCH, CAND, "map_at_cap"));
    const params = new URLSearchParams(atCap.getAttribute("href")!);
    expect(Object.fromEntries(params)).toEqual({
      runs: `${BASE},${CAND},runs/other_v3`,
      baseline: BASE,
      focus: CAND,
      finding: "map_at_cap",
      sort: "delta_latency",
      dir: "asc"
    });
    expect(atCap.title).toBe("the episode table, listing these episodes: p01_e01, p02_e01, p04_e01 and 1 more");
    expect(link("cut_off")!.textContent).toBe("1 episode");
    // No episodes named, no link.
    expect(link("preprocessing_changed")).toBeNull();
  });

  it("without the page's query, a link names the baseline and the candidates; a function is read when followed", () => {
    const other = {...withFindings(), candidate: "runs/other_v3"};
    const node = panel([withFindings(), other]);
    const href = (root: Element, candidate: string) =>
      root.querySelector(`[data-finding="padded"][data-candidate="${candidate}"] a`)!.getAttribute("href")!;
    expect(Object.fromEntries(new URLSearchParams(href(node, "runs/other_v3")))).toEqual({
      runs: `${BASE},${CAND},runs/other_v3`,
      baseline: BASE,
      focus: "runs/other_v3",
      finding: "padded"
    });
    let search = `?runs=${BASE},${CAND}&baseline=${BASE}`;
    const live = panel([withFindings()], () => search);
    const a = live.querySelector('[data-finding="padded"] a') as HTMLAnchorElement;
    search = `?runs=${BASE},${CAND}&baseline=${BASE}&sort=delta_tokens`;
    a.dispatchEvent(new Event("pointerdown", {bubbles: true}));
    expect(a.getAttribute("href")).toBe(findingQuery(search, CAND, "padded"));
    search = `?runs=${BASE},${CAND}&baseline=${BASE}&sort=episode&dir=asc`;
    a.dispatchEvent(new FocusEvent("focusin", {bubbles: true}));
    expect(a.getAttribute("href")).toBe(findingQuery(search, CAND, "padded"));
  });

  it("shows no list without findings (a gold scoring, unless the engine gives some) and keeps ids as text", () => {
    expect(panel([defaultPair()]).querySelector('[data-testid="findings"]')).toBeNull();
    const gold = {...defaultPair(), pairing: "gold", findings: []} as Comparison;
    expect(panel([gold]).querySelector("[data-finding]")).toBeNull();
    // Two findings: nothing folded.
    const two = panel([withFindings({findings: FINDINGS.slice(0, 2)})]);
    expect(two.querySelectorAll("[data-finding]")).toHaveLength(2);
    expect(two.querySelector("details.findings-more")).toBeNull();
    const hostile = "<img src=x onerror=alert(1)>";
    const node = panel([withFindings({findings: [finding("output", "new_failed", [hostile])]})]);
    expect(node.querySelector("img")).toBeNull();
    expect((node.querySelector("[data-finding] a") as HTMLElement).title).toContain(hostile);
  });
});

describe("VerdictRules", () => {
  it("states the v3 rules from the engine's constants", () => {
    const words = text(VerdictRules());
    for (const phrase of [
      "two signals",
      "97.5%",
      "p ≤ 0.025",
      "at least 7 episodes",
      "too few episodes to tell",
      "MDE",
      "clamped",
      "new failures",
      "new defects",
      "outputs identical",
      "--fail-on new_failures,new_defects"
    ])
      expect(words, phrase).toContain(phrase);
  });
});

describe("KpiTiles", () => {
  it("says when a card's episodes are not the ones its deltas cover", () => {
    const runs = [summary(BASE), summary(CAND), summary("runs/full_v3")];
    const comparisons = [
      {...comparison(BASE, CAND, []), common_episodes: 3},
      comparison(BASE, "runs/full_v3", [decisive])
    ];
    const cards = (focus: string | null) => {
      const node = KpiTiles(runs, {baselineId: BASE, colorOf: () => "#000", comparisons, focus});
      return Object.fromEntries(
        runs.map((run) => [run.id, text(node.querySelector(`[data-kpi-scope="${run.id}"]`)) || null])
      );
    };
    expect(cards(CAND)).toEqual({
      [BASE]: "KPIs over its 10 episodes; the deltas are over the 3 common ones",
      [CAND]: "KPIs over its 10 episodes; the deltas are over the 3 common ones",
      "runs/full_v3": null
    });
    // The baseline's card follows the focus comparison.
    expect(cards("runs/full_v3")[BASE]).toBeNull();
    const node = KpiTiles(runs, {baselineId: BASE, colorOf: () => "#000", comparisons, focus: CAND});
    const tile = node.querySelector(`[data-kpi-card="${CAND}"] .kpi`) as HTMLElement;
    expect(tile.title).toContain("over its 10 episodes, not only the common ones");
    // Without comparisons, nothing to say.
    expect(KpiTiles(runs, {baselineId: BASE, colorOf: () => "#000"}).querySelector("[data-kpi-scope]")).toBeNull();
  });
});

describe("KpiTiles groups", () => {
  const capped = (estimated: boolean, atCap: number | null = 2): RunSummary => {
    const run = summary(CAND);
    const final = {tokens: 650, from: "pipeline.stages.reduce.generation_params.max_new_tokens", estimated};
    return {...run, kpis: {...run.kpis, at_cap: atCap}, stage_caps: {map: null, reduce_input: null, final}};
  };
  const tiles = (runs: RunSummary[]) => KpiTiles(runs, {baselineId: BASE, colorOf: () => "#000"});

  it("groups the scorer's gates and the output checks (with at_cap) apart, labelled; every KPI in the contract", () => {
    const node = tiles([summary(BASE), capped(false)]);
    const card = node.querySelector(`[data-kpi-card="${CAND}"]`)!;
    const groups = [...card.querySelectorAll<HTMLElement>("[data-kpi-group]")].map((g) => ({
      group: g.dataset.kpiGroup,
      label: text(g.querySelector("h4")) || null,
      kpis: [...g.querySelectorAll("[data-kpi]")].map((k) => k.getAttribute("data-kpi"))
    }));
    expect(groups).toEqual([
      {group: "run", label: null, kpis: ["success_rate", "failed", "avg_output_tokens", "avg_latency_s"]},
      {group: "gates", label: "scorer gates", kpis: [...GATE_NAMES]},
      {group: "checks", label: "output checks", kpis: [...CHECK_NAMES, "at_cap"]}
    ]);
    for (const run of [BASE, CAND])
      for (const name of KPI_NAMES) {
        const found = node.querySelectorAll(`[data-kpi="${name}"][data-run="${run}"]`);
        expect(found, `${run} ${name}`).toHaveLength(1);
        expect(found[0].hasAttribute("data-value"), `${run} ${name}`).toBe(true);
      }
    expect(card.querySelector('[data-kpi="at_cap"]')!.getAttribute("data-value")).toBe("2");
    // Recorded token counts: no "estimated".
    expect(card.querySelector("[data-kpi-estimated]")).toBeNull();
  });

  it("says estimated beside at_cap where the run's final cap is checked against characters / 4", () => {
    const node = tiles([summary(BASE), capped(true)]);
    const note = node.querySelector(`[data-kpi-card="${CAND}"] [data-kpi-estimated="at_cap"]`) as HTMLElement;
    expect(note.textContent).toBe("estimated");
    expect(note.title).toContain("final stage's cap of 650 tokens");
    expect(note.closest(".kpi")!.querySelector("[data-kpi]")!.getAttribute("data-kpi")).toBe("at_cap");
    // Unknown (no cap, or a cap counting another model's tokens): nothing to call estimated.
    expect(tiles([capped(true, null)]).querySelector("[data-kpi-estimated]")).toBeNull();
    // A run without stage caps (the baseline here) never says it.
    expect(node.querySelector(`[data-kpi-card="${BASE}"] [data-kpi-estimated]`)).toBeNull();
  });

  it("an NER card has no gate or check group, yet keeps their contract elements hidden", () => {
    const node = tiles([summary("runs/ner_v1", {gold: GOLD})]);
    expect([...node.querySelectorAll<HTMLElement>("[data-kpi-group]")].map((g) => g.dataset.kpiGroup)).toEqual(["run"]);
    for (const name of KPI_NAMES) expect(node.querySelectorAll(`[data-kpi="${name}"]`), name).toHaveLength(1);
  });
});

describe("reportMarkdown", () => {
  const asReport = (c: Comparison, runs: ReportRun[] = []): Report => ({
    runs,
    baseline: BASE,
    comparisons: [
      {
        ...c,
        warnings: [],
        findings: [],
        episodes: [],
        verdict: {label: c.verdict.label, qualifiers: c.verdict.qualifiers, sentence: "No clear change.", causes: []},
        deltas: c.deltas.map(({not_judged: _n, ...d}) => ({...d, note: null}))
      } as unknown as ReportComparison
    ]
  });

  it("prints each delta's role, interval at its level (clamped bounds marked), state; the signals and the rule", () => {
    const md = reportMarkdown(asReport(defaultPair()));
    const rows = md.split("\n").filter((line) => line.startsWith("| "));
    const columns = (metric: string) => rows.find((r) => r.startsWith(`| ${metric}`))!.split(" | ");
    const header = rows[0].split(" | ").map((h) => h.replace(/^\| | \|$/g, ""));
    const at = (name: string) => header.indexOf(name);
    const rougeL = columns("ROUGE-L F1");
    expect(rougeL[at("Role")]).toBe("decides the label");
    expect(rougeL[at("Interval")]).toBe("[−0.71⊢, +0.015] 97.5%");
    expect(rougeL[at("State")]).toBe("too few episodes to tell");
    expect(columns("ROUGE-1 F1")[at("Interval")]).toBe("[−0.01, +0.01] 95%");
    expect(columns("ROUGE-1 F1")[at("State")]).toBe("no change as large as 0.05");
    expect(columns("ROUGE-1 F1")[at("Role")]).toBe("supporting");
    expect(columns("Truncation (gate)")[at("Interval")]).toBe("—");
    expect(columns("Truncation (gate)")[at("Role")]).toBe("defect type");
    expect(md).toContain(
      "- Defects (decide the label): 4 episodes gained a defect type, 0 lost one (exact sign test p = 0.125); " +
        "decides only at p ≤ 0.025"
    );
    expect(md).toContain("- Quality (decides the label): ROUGE-L F1 vs silver\\_sonnet46\\_smoke\\_v1 −0.436");
    expect(md).toContain("- Blocks promotion under the upstream rule: `--fail-on new_failures,new_defects`.");
    expect(md).toMatch(/`--fail-on new_failures,new_defects` is the upstream promotion rule/);
    expect(md).toContain("⊢ or ⊣ marks a clamped bound");
  });

  it("says the runs' micro entity-set F1 under the table; pairing and identical outputs in the coverage", () => {
    const entitySet = delta("ner_f1_entity_set", {reference: GOLD, baseline: 0.9, candidate: 0.85, delta: -0.05});
    const kpis = Object.fromEntries(KPI_NAMES.map((k) => [k, null]));
    const run = (id: string, f1: number) =>
      ({
        id,
        kind: "run",
        episodes: 10,
        kpis,
        problems: [],
        ner: {reference: GOLD, entity_set: {f1}}
      }) as unknown as ReportRun;
    const c = {...comparison(BASE, CAND, [entitySet]), pairing: "input_hash", outputs_identical: 4} as Comparison;
    const md = reportMarkdown(asReport(c, [run(BASE, 0.9285714285714286), run(CAND, 0.9)]));
    expect(md).toContain(
      "Entity-set F1, micro over all entities: 0.929 → 0.9 (−0.029); the Δ is a mean of per-episode F1."
    );
    expect(md).toContain(
      "Coverage: 10 common episodes (baseline 10, candidate 10); paired across datasets on identical inputs " +
        "(10 episodes); outputs byte-identical on 4 of 10 common episodes."
    );
  });

  it("leads with each candidate's sentence, then its findings numbered: stage and sentence, episodes shortened", () => {
    const findings = [
      ...FINDINGS,
      finding("output", "new_junk", ["p01_e01", "p02_e01", "p03_e01", "p04_e01", "p05_e01"])
    ];
    const first = reportComparison(defaultPair({findings, changes: CHANGES}));
    const second = reportComparison({...defaultPair(), candidate: "runs/plain_v3"});
    const md = reportMarkdown({runs: [], baseline: BASE, comparisons: [first, second]});
    const lines = md.split("\n");
    const esc = (s: string) => s.replace(/_/g, "\\_");
    expect(lines.slice(0, 13)).toEqual([
      `**${esc(CAND)}**: No clear change.`,
      "",
      "1. chunking: chunk counts changed on 1 of 5 episodes (chunk\\_size 900 → 600) — episodes p04\\_e01",
      "2. map: map summaries at the cap on 4 of 5 — episodes p01\\_e01, p02\\_e01, p04\\_e01 and 1 more",
      "3. final: output longer than its reduce input on 2 of 5 — episodes p02\\_e01, p03\\_e01",
      "4. final: output ends mid-sentence on 1 of 5 — episodes p04\\_e01",
      "5. output: new failure on 1 of 5 — episodes p05\\_e01",
      "6. output: new truncation on 1 of 5 — episodes p04\\_e01",
      "7. inputs: preprocessing clean\\_v1 → clean\\_v2 changed; inputs identical on 5 of 5: no measured effect",
      "8. output: new junk characters on 5 of 5 — episodes p01\\_e01, p02\\_e01, p03\\_e01 and 2 more",
      "",
      `**${esc("runs/plain_v3")}**: No clear change.`,
      ""
    ]);
    expect(lines[13]).toBe("## Run Compare");
    // The report's sentences, escaped as every untrusted text is.
    const hostile = reportComparison(
      defaultPair({findings: [finding("output", "new_failed", ["<b>x</b>|y"])], changes: CHANGES})
    );
    const raw = reportMarkdown({runs: [], baseline: BASE, comparisons: [hostile]});
    expect(raw).toContain("1. output: new failure on 1 of 5 — episodes \\<b\\>x\\</b\\>\\|y");
  });
});
