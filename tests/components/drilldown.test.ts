// @vitest-environment jsdom
// The drill-down as a user reads it: a word diff that is exactly the two outputs, episodes one run did not
// run shown plainly, inert outputs, the reference on request, errors, the NER entity diff against gold, where
// each output check and gate fires marked in the texts, and both runs' map summaries on request.
import {execFileSync} from "node:child_process";
import {readFileSync} from "node:fs";
import {from} from "arquero";
import {beforeAll, describe, expect, it, vi} from "vitest";
import {pairKey} from "../../src/compare/align.js";
import {checkOutput, type Range} from "../../src/compare/checks/index.js";
import {compareRuns, type Comparison} from "../../src/compare/compare.js";
import type {RankedEpisode} from "../../src/compare/episodes.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {EntityTuple, EpisodeText, RunDetails, RunSummary} from "../../src/compare/types.js";
import {Drilldown, type DrilldownOptions} from "../../src/components/drilldown.js";
import {MARK_KINDS, type MarkKind} from "../../src/components/outputMarks.js";
import {DIFF_LIMIT} from "../../src/components/wordDiff.js";
import {gateHits} from "../../loaders/text.js";
import {projectRoot} from "../support/paths.js";

const DATASET = "curated_5feeds_smoke_v1";
const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const PARTIAL = "runs/mr_fast_partial_v1";
const HTML_PAYLOAD = "runs/html_payload_v1";
const SILVER = "references/silver/silver_sonnet46_smoke_v1";
const ML_PROD = "baselines/baseline_ml_prod_authority_smoke_v1";
const ML_UPGRADE = "runs/ml_prod_transformers5_v1";
const NER_BASELINE = "baselines/baseline_ner_prod_authority_v1";
const NER_CANDIDATE = "runs/ner_spacy_pruned_v1";
const NER_GOLD = "references/gold/ner_entities/ner_entities_smoke_gold_v1";
const BART = "baselines/baseline_ml_bart_authority_smoke_v1";

interface FixtureRun {
  summary: RunSummary;
  details: RunDetails;
  rows: EpisodeRow[];
  texts: Record<string, EpisodeText>;
}

/** Published runs with their texts, from a child process (under jsdom, Vite breaks the loaders' file URLs). */
function publishedRuns(ids: string[]): Record<string, FixtureRun> {
  const script = `
    const {snapshotOf, cleanupStores} = await import("./tests/support/snapshot.ts");
    const {fixturesDir} = await import("./tests/support/paths.ts");
    const snap = await snapshotOf(fixturesDir);
    const published = (id) =>
      ({summary: snap.run(id), details: snap.details(id), rows: snap.rows(id), texts: snap.texts(id)});
    process.stdout.write(JSON.stringify(Object.fromEntries(${JSON.stringify(ids)}.map((id) => [id, published(id)]))));
    cleanupStores();`;
  const output = execFileSync(process.execPath, ["--import", "tsx/esm", "--input-type=module", "-e", script], {
    cwd: projectRoot,
    encoding: "utf8",
    maxBuffer: 256 << 20
  });
  return JSON.parse(output);
}

let runs: Record<string, FixtureRun>;
beforeAll(() => {
  runs = publishedRuns([
    FATTER,
    STARVED,
    PARTIAL,
    HTML_PAYLOAD,
    SILVER,
    ML_PROD,
    ML_UPGRADE,
    NER_BASELINE,
    NER_CANDIDATE,
    NER_GOLD,
    BART
  ]);
});

const runData = (id: string) => ({summary: runs[id].summary, details: runs[id].details, table: from(runs[id].rows)});
const compare = (baseline: string, candidate: string): Comparison => compareRuns(runData(baseline), runData(candidate));

const episodeOf = (comparison: Comparison, id: string): RankedEpisode =>
  comparison.episodes.find((e) => e.episode_id === id)!;

function side(runId: string, episodeId: string): DrilldownOptions["baseline"] {
  const run = runs[runId];
  return {
    id: runId,
    row: run.rows.find((r) => r.episode_id === episodeId) ?? null,
    text: run.texts[pairKey(DATASET, episodeId)] ?? null
  };
}

function open(baseline: string, candidate: string, episodeId: string, options: Partial<DrilldownOptions> = {}) {
  const episode = episodeOf(compare(baseline, candidate), episodeId);
  const onToggleReference = vi.fn();
  const node = Drilldown(episode, {
    baseline: side(baseline, episodeId),
    candidate: episode.status === "missing" ? {id: candidate, row: null, text: null} : side(candidate, episodeId),
    reference: null,
    showReference: false,
    onToggleReference,
    ...options
  });
  document.body.replaceChildren(node);
  return {node, onToggleReference};
}

const squash = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * The diff's text with one kind of change left out: without <ins>
 * it reads as the baseline, without <del> as the candidate.
 */
function readWithout(diff: Element, tag: "ins" | "del"): string {
  const copy = diff.cloneNode(true) as Element;
  for (const node of copy.querySelectorAll(tag)) node.remove();
  return squash(copy.textContent!);
}

describe("word diff", () => {
  it("<del> and <ins> rebuild both outputs exactly (whitespace aside)", () => {
    for (const episodeId of ["p01_e01", "p02_e01", "p03_e01"]) {
      const {node} = open(FATTER, STARVED, episodeId);
      const diff = node.querySelector("[data-testid='episode-diff']")!;
      expect(diff.querySelectorAll("ins").length + diff.querySelectorAll("del").length).toBeGreaterThan(0);
      expect(readWithout(diff, "ins")).toBe(squash(runs[FATTER].texts[pairKey(DATASET, episodeId)].text!));
      expect(readWithout(diff, "del")).toBe(squash(runs[STARVED].texts[pairKey(DATASET, episodeId)].text!));
    }
  });

  it("has a legend whose items stand apart, and says when outputs are identical", () => {
    const {node} = open(FATTER, STARVED, "p02_e01");
    const items = [...node.querySelectorAll(".diff-legend li")].map(
      (li) => `${li.firstElementChild!.className} | ${squash(li.textContent!)}`
    );
    expect(items[0]).toMatch(/^swatch swatch-del \| removed \d+ words?$/);
    expect(items[1]).toMatch(/^swatch swatch-ins \| added \d+ words?$/);
    expect(items[2]).toMatch(/^swatch swatch-changed \| changed \d+ passages?$/);
    const same = open(ML_PROD, ML_UPGRADE, "p01_e01").node;
    expect(same.querySelector("[data-testid='episode-diff']")!.textContent).toContain("Outputs are identical.");
    expect(same.querySelectorAll("ins, del").length).toBe(0);
  });

  it("skips the diff above 60,000 characters a side and says so", () => {
    const long = `${"word ".repeat(DIFF_LIMIT / 5)}end`;
    const text: EpisodeText = {text: long, pretty: null, error: null, chars: long.length, entities: null};
    const {node} = open(FATTER, STARVED, "p01_e01", {candidate: {...side(STARVED, "p01_e01"), text}});
    expect(node.querySelector("[data-testid='episode-diff']")!.textContent).toMatch(
      /Diff skipped: an output has 60,003 characters/
    );
    expect(node.querySelector(".text-column[data-side='candidate'] pre")!.textContent).toBe(long);
  });
});

describe("what the runs did not do", () => {
  it("an episode the candidate did not run shows the baseline plainly, never struck through", () => {
    const {node} = open(FATTER, PARTIAL, "p04_e01");
    expect(node.dataset.drilldown).toBe("p04_e01");
    expect(node.textContent).toContain("Not run by the candidate");
    expect(node.querySelectorAll("del, ins, [data-testid='episode-diff']").length).toBe(0);
    expect([...node.querySelectorAll(".text-column")].map((c) => c.getAttribute("data-side"))).toEqual(["baseline"]);
    expect(node.querySelector(".text-column pre")!.textContent).toBe(
      runs[FATTER].texts[pairKey(DATASET, "p04_e01")].text
    );
  });

  it("a failed candidate shows its error and no diff against nothing", () => {
    const {node} = open(FATTER, STARVED, "p05_e01");
    expect(node.querySelector("[data-testid='episode-error']")!.textContent).toBe(
      "Failed: CUDA out of memory during reduce stage"
    );
    expect(node.querySelectorAll("del").length).toBe(0);
    expect(node.textContent).toContain("No diff: the candidate has no output for this episode.");
  });
});

describe("safety and the reference", () => {
  it("an output with <script> and markup stays text", () => {
    for (const episodeId of ["p01_e01", "p03_e01"]) {
      const {node} = open(FATTER, HTML_PAYLOAD, episodeId);
      expect(node.querySelector("script, img, b, a, td")).toBeNull();
      expect(node.querySelector(".text-column[data-side='candidate'] pre")!.textContent).toBe(
        runs[HTML_PAYLOAD].texts[pairKey(DATASET, episodeId)].text
      );
    }
    expect(open(FATTER, HTML_PAYLOAD, "p01_e01").node.textContent).toContain("<script>window.__pwned=1</script>");
  });

  it("shows the reference as a third column when asked, with a toggle otherwise", () => {
    const reference = {id: SILVER, text: runs[SILVER].texts[pairKey(DATASET, "p02_e01")]};
    const hidden = open(FATTER, STARVED, "p02_e01", {reference});
    expect(hidden.node.querySelector(".text-column[data-side='reference']")).toBeNull();
    const toggle = hidden.node.querySelector<HTMLButtonElement>(".reference-toggle")!;
    expect([toggle.textContent, toggle.getAttribute("aria-pressed")]).toEqual(["show reference", "false"]);
    toggle.click();
    expect(hidden.onToggleReference).toHaveBeenCalledWith(true);
    const shown = open(FATTER, STARVED, "p02_e01", {reference, showReference: true});
    expect(shown.node.querySelector(".text-column[data-side='reference'] pre")!.textContent).toBe(reference.text.text);
    expect(shown.node.querySelector(".text-column[data-side='baseline']")!.textContent).toMatch(
      /ROUGE-L vs silver_sonnet46_smoke_v1\s*0\.687/
    );
    expect(
      open(FATTER, STARVED, "p02_e01").node.querySelector(".reference-toggle, .text-column[data-side='reference']")
    ).toBeNull();
  });
});

describe("NER", () => {
  const tuples = (runId: string, episodeId: string) => runs[runId].texts[pairKey(DATASET, episodeId)].entities!;

  /**
   * Overlap matching by hand: each gold mention takes the first
   * unused in-scope prediction of its label that overlaps it.
   */
  function handMatched(predictions: EntityTuple[], gold: EntityTuple[], label: string): number {
    const scope = new Set(gold.filter((g) => g[2] === label).map((g) => g[3].trim().toLowerCase()));
    const used = new Set<number>();
    let matched = 0;
    for (const [start, end, goldLabel] of gold) {
      if (goldLabel !== label) continue;
      const hit = predictions.findIndex(
        (p, i) => !used.has(i) && p[2] === label && scope.has(p[3].trim().toLowerCase()) && p[0] < end && start < p[1]
      );
      if (hit >= 0) used.add(hit), matched++;
    }
    return matched;
  }

  it("p01_e01: matched and missed per label equal a hand count against the gold, for both runs", () => {
    const gold = tuples(NER_GOLD, "p01_e01");
    const {node} = open(NER_BASELINE, NER_CANDIDATE, "p01_e01", {
      reference: {id: NER_GOLD, text: runs[NER_GOLD].texts[pairKey(DATASET, "p01_e01")]}
    });
    const view = node.querySelector("[data-testid='entity-diff']")!;
    expect(node.querySelector("[data-testid='episode-diff']")).toBeNull();
    for (const label of ["PERSON", "ORG"]) {
      const goldCount = gold.filter((g) => g[2] === label).length;
      for (const [runId, sideName] of [
        [NER_BASELINE, "baseline"],
        [NER_CANDIDATE, "candidate"]
      ]) {
        const matched = handMatched(tuples(runId, "p01_e01"), gold, label);
        const cell = view.querySelector<HTMLElement>(
          `.entity-mentions .entity-side[data-side='${sideName}'][data-label='${label}']`
        )!;
        expect([label, sideName, Number(cell.dataset.matched), Number(cell.dataset.missed)]).toEqual([
          label,
          sideName,
          matched,
          goldCount - matched
        ]);
      }
    }
    // These runs ran on other text than the gold's: the entity set leads, and says which entity the candidate lost.
    const lost = [...view.querySelectorAll(".entity-set .entity-side[data-side='candidate'] .chip-worse")].map(
      (chip) => chip.textContent
    );
    expect(lost).toEqual(["−Liam"]);
    expect(gold.length).toBe(57);
    expect(view.textContent).toContain(`Against ${NER_GOLD}`);
    expect(view.querySelector(".chip .offsets")!.textContent).toMatch(/^\d+–\d+$/);
  });

  it("a run scored against its gold: the run alone, its dropped prediction, and what it found and missed", () => {
    const gold = {id: NER_GOLD, text: runs[NER_GOLD].texts[pairKey(DATASET, "p03_e01")]};
    const {node} = open(NER_GOLD, NER_CANDIDATE, "p03_e01", {reference: gold, scoring: true});
    const view = node.querySelector("[data-testid='entity-diff']")!;
    expect(node.querySelector(".tag")!.textContent).toBe("◎ scored");
    expect(view.querySelectorAll("[data-side='baseline']")).toHaveLength(0);
    // The run's one GPE prediction is outside the gold's scope (PERSON and ORG texts only).
    const dropped = tuples(NER_CANDIDATE, "p03_e01").filter((t) => t[2] !== "PERSON" && t[2] !== "ORG");
    const list = view.querySelector<HTMLElement>("[data-testid='out-of-scope-list']")!;
    expect(Number(list.dataset.outOfScope)).toBe(dropped.length);
    expect(squash(list.textContent!)).toBe(
      `${dropped.length} of ${tuples(NER_CANDIDATE, "p03_e01").length} predictions out of the gold's scope, ` +
        "dropped as the scorer does: Below the Surface GPE"
    );
    const org = view.querySelector<HTMLElement>(".entity-set .entity-side[data-side='candidate'][data-label='ORG']")!;
    expect([org.dataset.matched, org.dataset.missed, org.dataset.extra]).toEqual(["0", "1", "0"]);
    // Nothing is marked gained or lost: there is no other run.
    expect(view.querySelectorAll(".chip-worse, .chip-better")).toHaveLength(0);
    expect(view.textContent).toContain(`Against its gold ${NER_GOLD}: the run matches`);
  });
});

/** Each kind's ranges as the column's <mark>s cover them: offsets into the <pre>'s text, touching stretches merged. */
function markedRanges(pre: Element): Record<MarkKind, Range[]> {
  const ranges = Object.fromEntries(MARK_KINDS.map((kind) => [kind, [] as Range[]])) as Record<MarkKind, Range[]>;
  let at = 0;
  for (const node of pre.childNodes) {
    const length = node.textContent!.length;
    const kinds = node instanceof HTMLElement ? (node.dataset.marks ?? "").split(" ").filter(Boolean) : [];
    for (const kind of kinds as MarkKind[]) {
      const last = ranges[kind].at(-1);
      if (last && last[1] === at) last[1] = at + length;
      else ranges[kind].push([at, at + length]);
    }
    at += length;
  }
  return ranges;
}

const pre = (node: Element, sideName: string) => node.querySelector(`.text-column[data-side='${sideName}'] pre`)!;
const factOf = (node: Element, sideName: string, label: string) =>
  [...node.querySelectorAll(`.text-column[data-side='${sideName}'] .text-facts div`)]
    .find((div) => div.querySelector("dt")!.textContent === label)
    ?.querySelector("dd")?.textContent ?? null;

const CHECKS = [
  ["check_speaker_turns", "speaker_turns", "speaker turn"],
  ["check_junk", "junk", "junk run"],
  ["check_cut_off", "cut_off", "cut off mid-sentence"],
  ["check_repetition", "repetition", "repeated phrase"]
] as const;

describe("where the output checks and gates fire, marked in the texts", () => {
  it("bart's summaries: each check's marks are exactly the checks' ranges, named in a title and the facts line", () => {
    let seen = 0;
    for (const episodeId of ["p01_e01", "p02_e01", "p03_e01", "p04_e01", "p05_e01"]) {
      const {node} = open(ML_PROD, BART, episodeId);
      const {text, row} = side(BART, episodeId);
      const checks = checkOutput(text!.text!, {atCap: row!.at_cap === true});
      const marked = markedRanges(pre(node, "candidate"));
      expect(marked.speaker_turns, episodeId).toEqual(checks.speaker_turns);
      expect(marked.junk, episodeId).toEqual(checks.junk);
      expect(marked.cut_off, episodeId).toEqual(checks.cut_off);
      expect(marked.repetition, episodeId).toEqual(checks.repetition.ranges);
      expect(pre(node, "candidate").textContent).toBe(text!.text);
      // The row (the loader, on the full output) says which fire; those and only those are marked and named.
      const fired = CHECKS.filter(([column]) => row![column] === true);
      expect(CHECKS.filter(([, kind]) => marked[kind].length).map(([, kind]) => kind)).toEqual(fired.map(([, k]) => k));
      seen += fired.length;
      const names = fired.map(([, , name]) => name).join(", ");
      expect(factOf(node, "candidate", "output checks"), episodeId).toBe(names || "none");
      // The production summaries beside them: no check fires, nothing is marked.
      expect(pre(node, "baseline").querySelectorAll("mark")).toHaveLength(0);
      expect(factOf(node, "baseline", "output checks")).toBe("none");
    }
    // README: every bart summary opens with a speaker label, two carry junk, p03 is cut off.
    expect(seen).toBe(5 + 2 + 1);
    const {node} = open(ML_PROD, BART, "p03_e01");
    const titles = [...pre(node, "candidate").querySelectorAll("mark")].map((m) => m.getAttribute("title"));
    expect(new Set(titles)).toEqual(new Set(["speaker turn", "junk run", "cut off mid-sentence"]));
    const cutOff = pre(node, "candidate").querySelector("mark.mark-cut_off")!;
    expect([cutOff.previousSibling!.textContent!.slice(-16), cutOff.textContent]).toEqual(["when conditions ", "don."]);
    const legend = [...node.querySelectorAll("[data-testid='mark-legend'] li[data-mark]")].map((li) => li.textContent);
    expect(legend).toEqual(["speaker turn", "junk run", "cut off mid-sentence"]);
  });

  it("the scorer's speaker-label and boilerplate hits are marked where its patterns match; a loop as a repeat", () => {
    const cases: [string, MarkKind, "speaker_label" | "boilerplate"][] = [
      ["p02_e01", "gate_speaker_label", "speaker_label"],
      ["p03_e01", "gate_boilerplate", "boilerplate"]
    ];
    for (const [episodeId, kind, gate] of cases) {
      const {node} = open(FATTER, STARVED, episodeId);
      const text = side(STARVED, episodeId).text!.text!;
      const marked = markedRanges(pre(node, "candidate"));
      expect(marked[kind], episodeId).toEqual(gateHits(text)![gate]);
      expect(marked[kind].length, episodeId).toBeGreaterThan(0);
      expect(factOf(node, "candidate", "gates")).toBe(
        gate === "boilerplate" ? "boilerplate leak" : "speaker label leak"
      );
    }
    const loop = open(FATTER, STARVED, "p01_e01").node;
    const text = side(STARVED, "p01_e01").text!.text!;
    expect(markedRanges(pre(loop, "candidate")).repetition).toEqual(checkOutput(text).repetition.ranges);
    expect(pre(loop, "candidate").querySelector("mark")!.textContent).toMatch(/^the trail the trail the trail/);
    // Truncation has no position: the facts line says so, and nothing marks it.
    const cut = open(FATTER, STARVED, "p04_e01").node;
    expect(factOf(cut, "candidate", "gates")).toBe("truncation (the whole output)");
    expect(markedRanges(pre(cut, "candidate")).cut_off).toEqual([[0, "Ava shares her tips for".length]]);
  });

  it("hostile text in a marked stretch stays text", () => {
    const hostile = 'A: <script>window.__pwned=1</script> ______ <img src=x onerror="window.__pwned=1">. Then the';
    const text: EpisodeText = {text: hostile, pretty: null, error: null, chars: hostile.length, entities: null};
    const base = side(STARVED, "p02_e01");
    const row = {...base.row!, check_speaker_turns: true, check_junk: true, check_cut_off: true};
    const {node} = open(FATTER, STARVED, "p02_e01", {candidate: {...base, row, text}});
    expect(node.querySelector("script, img")).toBeNull();
    expect(pre(node, "candidate").textContent).toBe(hostile);
    const marks = [...pre(node, "candidate").querySelectorAll("mark")];
    expect(marks.map((m) => [m.textContent, m.getAttribute("title")])).toEqual([
      ["A:", "speaker turn"],
      ["______", "junk run"],
      ["Then the", "cut off mid-sentence"]
    ]);
    expect(marks.every((m) => m.children.length === 0)).toBe(true);
  });

  it("a text clipped for display is marked inside what is shown, and says the cut-off ending is past it", () => {
    const full = `A: Welcome back. ${"Plenty to say here. ".repeat(10)}And then we`;
    const shown = full.slice(0, 40);
    const text: EpisodeText = {text: shown, pretty: null, error: null, chars: full.length, entities: null};
    const base = side(STARVED, "p02_e01");
    const row = {...base.row!, check_speaker_turns: true, check_cut_off: true, gate_speaker_label: false};
    const {node} = open(FATTER, STARVED, "p02_e01", {candidate: {...base, row, text}});
    const column = node.querySelector(".text-column[data-side='candidate']")!;
    expect(markedRanges(pre(node, "candidate"))).toMatchObject({speaker_turns: [[0, 2]], cut_off: []});
    expect(column.textContent).toContain(`First 40 of ${full.length} characters. Marks cover these alone.`);
    expect(squash(column.querySelector("[data-testid='unmarked']")!.textContent!)).toBe(
      "Not marked: cut off mid-sentence (the ending is past the first 40 characters shown)."
    );
  });
});

describe("map summaries, chunk by chunk", () => {
  const maps = (runId: string, episodeId: string) => side(runId, episodeId).text!.map_summaries!;
  const capOf = (runId: string) => runs[runId].summary.stage_caps!.map;
  const withCaps = (runId: string, episodeId: string) => ({...side(runId, episodeId), mapCap: capOf(runId)});

  it("a toggle (aria-pressed) shows both runs' summaries side by side, with tokens and the ones at the map cap", () => {
    const episodeId = "p03_e01";
    const onToggleMapSummaries = vi.fn();
    const options = {baseline: withCaps(ML_PROD, episodeId), candidate: withCaps(BART, episodeId)};
    const hidden = open(ML_PROD, BART, episodeId, {...options, onToggleMapSummaries}).node;
    expect(hidden.querySelector("[data-testid='map-summaries']")).toBeNull();
    const toggle = hidden.querySelector<HTMLButtonElement>(".map-summaries-toggle")!;
    expect([toggle.textContent, toggle.getAttribute("aria-pressed")]).toEqual(["show map summaries", "false"]);
    toggle.click();
    expect(onToggleMapSummaries).toHaveBeenCalledWith(true);

    const {node} = open(ML_PROD, BART, episodeId, {...options, showMapSummaries: true, onToggleMapSummaries});
    const toggled = node.querySelector(".map-summaries-toggle")!;
    expect([toggled.textContent, toggled.getAttribute("aria-pressed")]).toEqual(["hide map summaries", "true"]);
    const rows = [...node.querySelectorAll("[data-testid='map-summaries'] tbody tr")];
    expect(rows.map((r) => r.getAttribute("data-chunk"))).toEqual(["1", "2", "3", "4"]);
    for (const [runId, sideName] of [
      [ML_PROD, "baseline"],
      [BART, "candidate"]
    ]) {
      const raw = readFileSync(`${projectRoot}/fixtures/eval/${runId}/predictions.jsonl`, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line))
        .find((r) => r.episode_id === episodeId).intermediate.map_summaries as {text: string}[];
      const cap = capOf(runId)!.tokens;
      expect(cap).toBe(200);
      rows.forEach((r, i) => {
        const td = r.querySelector<HTMLElement>(`td[data-side='${sideName}']`)!;
        const tokens = Math.floor([...raw[i].text].length / 4);
        expect(td.querySelector(".map-text")!.textContent).toBe(raw[i].text);
        expect([Number(td.dataset.tokens), td.dataset.atCap]).toEqual([tokens, String(tokens >= 0.9 * cap)]);
        expect(td.querySelector(".map-meta")!.textContent).toContain(`${tokens} tokens (est.)`);
        expect(Boolean(td.querySelector(".map-at-cap")), `${sideName} ${i}`).toBe(tokens >= 0.9 * cap);
      });
    }
    // bart's map summaries overrun their 200-token cap (estimated), production's stay under it.
    expect(node.querySelectorAll("td[data-side='candidate'] .map-at-cap")).toHaveLength(4);
    expect(node.querySelectorAll("td[data-side='baseline'] .map-at-cap")).toHaveLength(0);
    expect(maps(BART, episodeId)).toHaveLength(4);
  });

  it("a run with fewer chunks shows empty cells; summaries stay text; runs without map summaries get no toggle", () => {
    const episodeId = "p01_e01";
    const payload = {text: "<img src=x onerror=alert(1)>", chars: 28, tokens: 7};
    const short = {...side(BART, episodeId).text!, map_summaries: [payload, ...maps(BART, episodeId).slice(0, 1)]};
    const {node} = open(ML_PROD, BART, episodeId, {
      candidate: {...side(BART, episodeId), text: short, mapCap: null},
      showMapSummaries: true
    });
    const cells = [...node.querySelectorAll("tbody td[data-side='candidate']")];
    expect(cells.map((td) => td.classList.contains("map-empty"))).toEqual([false, false, true, true]);
    expect(cells[2].textContent).toBe("");
    expect(node.querySelector("img")).toBeNull();
    expect(cells[0].querySelector(".map-text")!.textContent).toBe(payload.text);
    // Without a known cap, no summary is called at it.
    expect(cells[1].hasAttribute("data-at-cap")).toBe(false);
    expect(node.querySelector("[data-testid='map-summaries'] .map-note")!.textContent).toContain("candidate unknown");
    expect(node.querySelector(".map-summaries-toggle")!.closest(".text-columns-head")!.textContent).toContain(
      "chunks: baseline 4, candidate 2"
    );
    expect(open(FATTER, STARVED, "p01_e01").node.querySelector(".map-summaries-toggle")).toBeNull();
  });
});
