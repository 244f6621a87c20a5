// The NER view on the fixtures: the real NER baseline against runs/ner_spacy_pruned_v1 (every "Liam" dropped
// from p01_e01), both scored against the gold references/gold/ner_entities/ner_entities_smoke_gold_v1.
// Expected values: the report command's JSON, metrics.json and the gold and prediction files read with JSON.parse.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {expectClean, expectDeltasMatch, expectVerdictsMatch, poll, screenshot} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report, SCREENSHOTS, type Report} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.fixtures;
const BASELINE = "baselines/baseline_ner_prod_authority_v1";
const CANDIDATE = "runs/ner_spacy_pruned_v1";
const GOLD = "references/gold/ner_entities/ner_entities_smoke_gold_v1";
const VIEW = `?runs=${BASELINE},${CANDIDATE}&baseline=${BASELINE}`;
const MODES = ["entity_set", "mention_overlap", "mention_exact"] as const;

interface Mention {
  start: number;
  end: number;
  text: string;
  label: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(join(EVAL_DIR, path), "utf8"));
const goldOf = (episode: string): Mention[] => readJson(`${GOLD}/${episode}.json`).entities;

function predictionsOf(runId: string, episode: string): Mention[] {
  const lines = readFileSync(join(EVAL_DIR, runId, "predictions.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean);
  return lines.map((line) => JSON.parse(line)).find((row) => row.episode_id === episode).output.entities;
}

/**
 * One label's mention counts as the scorer defines them: predictions whose text (trimmed, lower-cased) the gold
 * names under that label are in scope; an in-scope prediction matches a gold mention whose span it overlaps.
 * Here no prediction and no gold mention takes part in two overlapping pairs (asserted), so every one-to-one
 * rule, the scorer's greedy one included, matches exactly the overlapping pairs.
 */
function labelCounts(preds: Mention[], golds: Mention[], label: string) {
  const gold = golds.filter((g) => g.label === label);
  const names = new Set(gold.map((g) => g.text.trim().toLowerCase()));
  const scoped = preds.filter((p) => p.label === label && names.has(p.text.trim().toLowerCase()));
  const pairs = scoped.flatMap((p, i) => gold.flatMap((g, j) => (p.start < g.end && g.start < p.end ? [[i, j]] : [])));
  expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
  expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
  return {matched: pairs.length, missed: gold.length - pairs.length, extra: scoped.length - pairs.length};
}

describe("NER runs against their gold (fixtures)", () => {
  let served: Served;
  let browser: Browser;
  let expected: Report;

  beforeAll(async () => {
    const answer = report(EVAL_DIR, BASELINE, [CANDIDATE]);
    served = await serveStatic(await builtSite("fixtures"));
    expected = await answer;
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const open = async (query = "") => {
    const guarded = await guardedPage(browser);
    await openReady(guarded.page, `${served.url}${VIEW}${query}`);
    return guarded;
  };

  it("KPI tiles carry the report's entity-set and mention F1s; the NER baseline's is its metrics.json's", async () => {
    const guarded = await open();
    const {page} = guarded;
    const stored = readJson(`${BASELINE}/metrics.json`).vs_reference.ner_entities_smoke_gold_v1.entity_set.f1;
    expect(stored).toBe(0.9285714285714286);
    for (const id of [BASELINE, CANDIDATE]) {
      const run = expected.runs.find((r) => r.id === id)!;
      expect(run.ner?.reference, id).toBe(GOLD);
      for (const mode of MODES) {
        const tile = page.locator(`[data-kpi-card="${id}"] [data-kpi="ner_f1_${mode}"][data-run="${id}"]`);
        expect(await tile.count(), `${id} ${mode}`).toBe(1);
        expect(await tile.isVisible(), `${id} ${mode}`).toBe(true);
        expect(Number(await tile.getAttribute("data-value")), `${id} ${mode}`).toBe(run.ner![mode].f1);
      }
    }
    const baselineTile = page.locator(`[data-kpi-card="${BASELINE}"] [data-kpi="ner_f1_entity_set"]`);
    expect(Number(await baselineTile.getAttribute("data-value"))).toBe(stored);
    await screenshot(page, "ner-view");
    await expectClean(guarded);
  });

  it("shows no output-token tile for the NER runs", async () => {
    const guarded = await open();
    const {page} = guarded;
    for (const id of [BASELINE, CANDIDATE]) {
      const card = page.locator(`[data-kpi-card="${id}"]`);
      expect(await card.count()).toBe(1);
      const tokens = card.locator('[data-kpi="avg_output_tokens"]');
      for (let i = 0; i < (await tokens.count()); i++) expect(await tokens.nth(i).isVisible(), id).toBe(false);
      expect((await card.innerText()).toLowerCase(), id).not.toContain("output tokens");
    }
    await expectClean(guarded);
  });

  it("delta cells and the verdict equal the report's", async () => {
    const guarded = await open();
    const {page} = guarded;
    const comparisons = expected.comparisons!;
    expect(comparisons[0].deltas.map((d) => d.metric)).toEqual(expect.arrayContaining(MODES.map((m) => `ner_f1_${m}`)));
    await expectDeltasMatch(page, comparisons);
    await expectVerdictsMatch(page, comparisons);
    // Beside the entity-set delta (a mean of per-episode F1): the runs' micro F1 over all entities, as the tiles.
    const micro = (id: string) => expected.runs.find((r) => r.id === id)!.ner!.entity_set.f1;
    const line = page.locator(`[data-delta="ner_f1_entity_set"][data-candidate="${CANDIDATE}"] .micro`);
    expect(Number(await line.getAttribute("data-micro-delta"))).toBeCloseTo(micro(CANDIDATE) - micro(BASELINE), 12);
    expect(await line.innerText()).toMatch(
      /^micro over all entities: .* → .* \([+−]?[\d.]+\); the Δ is a mean of per-episode F1$/
    );
    expect(comparisons[0].deltas.find((d) => d.metric === "ner_f1_entity_set")).toMatchObject({decisive: true});
    await expectClean(guarded);
  });

  it("the quality chart plots each run's per-episode entity-set F1 against the named gold", async () => {
    const guarded = await open();
    const {page} = guarded;
    const episodes = readJson(`${GOLD}/index.json`).episodes as string[];
    const panel = page.locator(`[data-chart="quality"] [data-quality-score="ner_f1_entity_set"]`);
    await poll(() => panel.count()).toBe(1);
    expect(await panel.getAttribute("data-quality-reference")).toBe(GOLD);
    expect(await panel.innerText()).toContain(GOLD);
    expect(await panel.innerText()).toMatch(/entity-set F1/i);
    // One dot per run and gold episode: both runs predict all five.
    expect(await panel.locator(".rc-episode-dots circle").count()).toBe(2 * episodes.length);
    await page.locator('[data-chart="quality"]').screenshot({path: join(SCREENSHOTS, "ner-quality-chart.png")});
    await expectClean(guarded);
  });

  it("p01_e01's entity diff: PERSON matched, missed and extra per side, as counted from gold and output", async () => {
    const episode = "p01_e01";
    const gold = goldOf(episode);
    const baselinePreds = predictionsOf(BASELINE, episode);
    const candidatePreds = predictionsOf(CANDIDATE, episode);
    expect(baselinePreds.some((p) => p.text === "Liam")).toBe(true);
    expect(candidatePreds.some((p) => p.text === "Liam")).toBe(false);
    expect(expected.comparisons![0].episodes.find((e) => e.episode_id === episode)!.regressed).toBe(true);

    const guarded = await open(`&episode=${episode}`);
    const {page} = guarded;
    const diff = page.locator(`[data-drilldown="${episode}"] [data-testid="entity-diff"]`);
    await diff.waitFor();
    for (const [side, preds] of [
      ["baseline", baselinePreds],
      ["candidate", candidatePreds]
    ] as const) {
      // The mention view (by offset) sits behind the entity set here: these runs ran on other text than the gold's.
      const view = diff.locator(`.entity-mentions [data-side="${side}"][data-label="PERSON"]`);
      const shown = {
        matched: Number(await view.getAttribute("data-matched")),
        missed: Number(await view.getAttribute("data-missed")),
        extra: Number(await view.getAttribute("data-extra"))
      };
      expect(shown, side).toEqual(labelCounts(preds, gold, "PERSON"));
    }
    await diff.screenshot({path: join(SCREENSHOTS, "ner-entity-diff-p01.png")});
    await expectClean(guarded);
  });

  it("p01_e01's entity diff names Liam, which the candidate no longer finds, as what the candidate lost", async () => {
    const guarded = await open("&episode=p01_e01");
    const {page} = guarded;
    const diff = page.locator('[data-drilldown="p01_e01"] [data-testid="entity-diff"]');
    await diff.waitFor();
    // The episode regressed on entity-set F1 because "liam" left the
    // candidate's PERSON set: the diff should mark it as lost (worse).
    const losses = await diff.locator('[class*="worse"]').allInnerTexts();
    expect(
      losses.some((text) => text.includes("Liam")),
      `marked as lost: ${JSON.stringify(losses)}`
    ).toBe(true);
    await expectClean(guarded);
  });
});
