// @vitest-environment jsdom
// The drill-down as a user reads it: a word diff that is exactly the two outputs, episodes one run did not
// run shown plainly, inert outputs, the reference on request, errors, and the NER entity diff against gold.
import {execFileSync} from "node:child_process";
import {from} from "arquero";
import {beforeAll, describe, expect, it, vi} from "vitest";
import {pairKey} from "../../src/compare/align.js";
import {compareRuns, type Comparison} from "../../src/compare/compare.js";
import type {RankedEpisode} from "../../src/compare/episodes.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {EntityTuple, EpisodeText, RunDetails, RunSummary} from "../../src/compare/types.js";
import {Drilldown, type DrilldownOptions} from "../../src/components/drilldown.js";
import {DIFF_LIMIT} from "../../src/components/wordDiff.js";
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
    NER_GOLD
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
