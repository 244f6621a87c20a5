// The NER view on the fixtures: the real NER baseline against runs/ner_spacy_pruned_v1 (every "Liam" dropped
// from p01_e01), both scored against the gold references/gold/ner_entities/ner_entities_smoke_gold_v1.
// Expected values: the report command's JSON, metrics.json and the gold and prediction files read with JSON.parse.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {beforeAll, describe, expect, it} from "vitest";
import {guardedPage, openReady} from "./browser.js";
import {expectClean, expectDeltasMatch, expectVerdictsMatch, poll, screenshot} from "./dom.js";
import {EVAL_DIRS, report, SCREENSHOTS, servedSite, type Report} from "./sites.js";

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
  const site = servedSite("fixtures");
  let expected: Report;

  beforeAll(async () => {
    expected = await report(EVAL_DIR, BASELINE, [CANDIDATE]);
  });

  const open = async (query = "") => {
    const guarded = await guardedPage(site.browser);
    await openReady(guarded.page, `${site.served.url}${VIEW}${query}`);
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

describe("an NER run against its gold, the gold as the baseline (fixtures)", () => {
  const VIEW_GOLD = `?runs=${GOLD},${CANDIDATE}&baseline=${GOLD}`;
  const site = servedSite("fixtures");
  let expected: Report;

  beforeAll(async () => {
    expected = await report(EVAL_DIR, GOLD, [CANDIDATE]);
  });

  const open = async (query = "") => {
    const guarded = await guardedPage(site.browser);
    await openReady(guarded.page, `${site.served.url}${VIEW_GOLD}${query}`);
    return guarded;
  };

  /** Predictions the scorer drops before matching, counted from the files: a PERSON or ORG the gold does not name. */
  function outOfScope(episode: string): Mention[] {
    const named = new Set(
      goldOf(episode)
        .filter((g) => g.label === "PERSON" || g.label === "ORG")
        .map((g) => `${g.label} ${g.text.trim().toLowerCase()}`)
    );
    return predictionsOf(CANDIDATE, episode).filter((p) => !named.has(`${p.label} ${p.text.trim().toLowerCase()}`));
  }

  it("the verdict has no label and gives the run's precision, recall and F1, with the out-of-scope count", async () => {
    const guarded = await open();
    const {page} = guarded;
    const [c] = expected.comparisons!;
    expect([c.pairing, c.verdict.label]).toEqual(["gold", null]);
    await expectVerdictsMatch(page, expected.comparisons!);
    const verdict = page.locator(`[data-verdict-label][data-candidate="${CANDIDATE}"]`);
    expect(await verdict.getAttribute("data-verdict-label")).toBe("");
    expect(await verdict.getAttribute("data-pairing")).toBe("gold");
    expect(await verdict.locator(".verdict-word").innerText()).toMatch(/scored against its gold/i);
    const episodes = readJson(`${GOLD}/index.json`).episodes as string[];
    const dropped = episodes.reduce((n, e) => n + outOfScope(e).length, 0);
    expect(dropped).toBe(1);
    const run = expected.runs.find((r) => r.id === CANDIDATE)!;
    expect(run.ner!.out_of_scope).toBe(dropped);
    const scores = verdict.locator('[data-testid="gold-scores"]');
    expect(Number(await scores.getAttribute("data-out-of-scope"))).toBe(dropped);
    expect(await scores.locator('[data-testid="out-of-scope"]').innerText()).toContain(
      `${dropped} of ${run.ner!.entities_predicted} predictions out of the gold's scope, dropped as the scorer does`
    );
    for (const mode of MODES) {
      const row = scores.locator(`[data-gold-score="${mode}"]`);
      const score = run.ner![mode];
      expect(Number(await row.getAttribute("data-precision")), mode).toBe(score.precision);
      expect(Number(await row.getAttribute("data-recall")), mode).toBe(score.recall);
      expect(Number(await row.getAttribute("data-f1")), mode).toBe(score.f1);
      const text = await row.innerText();
      for (const value of [score.precision, score.recall, score.f1]) expect(text, mode).toContain(value.toFixed(3));
      expect(text, mode).toContain(`${dropped} out of scope`);
    }
    // The KPI tile's precision carries the count too.
    const tile = page.locator(`[data-kpi="ner_f1_entity_set"][data-run="${CANDIDATE}"]`);
    expect(await tile.getAttribute("title")).toContain(`${dropped} of ${run.ner!.entities_predicted} predictions out`);
    await verdict.screenshot({path: join(SCREENSHOTS, "ner-gold-verdict.png")});
    await expectClean(guarded);
  });

  it("the episode table lists each episode's F1 against the gold and its out-of-scope count", async () => {
    const guarded = await open();
    const {page} = guarded;
    const listed = expected.comparisons![0].episodes;
    const table = page.locator('[data-testid="episode-table"]');
    await poll(() => table.locator("tr[data-episode]").count()).toBe(listed.length);
    for (const e of listed) {
      const cells = table.locator(`tr[data-episode="${e.episode_id}"] td[data-value]`);
      const values = (await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute("data-value")))).map(Number);
      expect(values, e.episode_id).toEqual([e.ner!.f1.entity_set, e.ner!.f1.mention_overlap, e.ner!.out_of_scope]);
      expect(await table.locator(`tr[data-episode="${e.episode_id}"]`).innerText()).toContain("scored");
    }
    // Lowest entity-set F1 first: p01_e01 lost Liam and Singletrack Sessions.
    expect(listed[0].episode_id).toBe("p01_e01");
    await expectClean(guarded);
  });

  it("p03_e01's drill-down: the run alone against the gold, matched, missed, extra, the dropped one", async () => {
    const episode = "p03_e01";
    const dropped = outOfScope(episode);
    expect(dropped.map((p) => `${p.label} ${p.text}`)).toEqual(["GPE Below the Surface"]);
    const guarded = await open(`&episode=${episode}`);
    const {page} = guarded;
    const diff = page.locator(`[data-drilldown="${episode}"] [data-testid="entity-diff"]`);
    await diff.waitFor();
    expect(await diff.locator('[data-side="baseline"]').count()).toBe(0);
    const list = diff.locator('[data-testid="out-of-scope-list"]');
    expect(Number(await list.getAttribute("data-out-of-scope"))).toBe(1);
    expect(await list.innerText()).toContain("Below the Surface");
    expect(await list.innerText()).toContain("1 of 57 predictions out of the gold's scope");
    // Entity set (what decides here: the run's offsets refer to other text): per label found, missed, extra.
    const gold = goldOf(episode);
    const names = (label: string) => new Set(gold.filter((g) => g.label === label).map((g) => g.text.toLowerCase()));
    const predicted = (label: string) =>
      new Set(
        predictionsOf(CANDIDATE, episode)
          .filter((p) => p.label === label && names(label).has(p.text.toLowerCase()))
          .map((p) => p.text.toLowerCase())
      );
    for (const label of ["PERSON", "ORG"]) {
      const side = diff.locator(`.entity-set [data-side="candidate"][data-label="${label}"]`);
      const [g, p] = [names(label), predicted(label)];
      const shown = ["matched", "missed", "extra"].map(async (k) => Number(await side.getAttribute(`data-${k}`)));
      expect(await Promise.all(shown), label).toEqual([
        [...g].filter((t) => p.has(t)).length,
        [...g].filter((t) => !p.has(t)).length,
        [...p].filter((t) => !g.has(t)).length
      ]);
    }
    const org = diff.locator('.entity-set [data-side="candidate"][data-label="ORG"]');
    expect(await org.locator('[data-entity="below the surface"]').count()).toBe(1);
    // The mentions view (behind a toggle here) counts matched, missed and extra per label as the scorer does.
    const mentions = diff.locator('.entity-mentions [data-side="candidate"][data-label="PERSON"]');
    expect({
      matched: Number(await mentions.getAttribute("data-matched")),
      missed: Number(await mentions.getAttribute("data-missed")),
      extra: Number(await mentions.getAttribute("data-extra"))
    }).toEqual(labelCounts(predictionsOf(CANDIDATE, episode), gold, "PERSON"));
    await diff.screenshot({path: join(SCREENSHOTS, "ner-gold-drilldown-p03.png")});
    await screenshot(page, "ner-gold-view");
    await expectClean(guarded);
  });

  it("the quality chart says why its mean differs from the KPI tile's micro F1", async () => {
    const guarded = await open();
    const {page} = guarded;
    const run = expected.runs.find((r) => r.id === CANDIDATE)!;
    const perEpisode = expected.comparisons![0].episodes.map((e) => e.ner!.f1.entity_set!);
    const mean = perEpisode.reduce((a, b) => a + b, 0) / perEpisode.length;
    const chart = page.locator('[data-chart="quality"]');
    await poll(() => chart.locator("[data-quality-score]").count()).toBe(1);
    const text = (await chart.innerText()).replace(/\s+/g, " ");
    const three = (v: number) => String(Number(v.toFixed(3)));
    expect(text).toContain(`mean of per-episode Entity-set F1 ${three(mean)} over ${perEpisode.length} episodes here`);
    expect(text).toContain(
      `run-level micro F1 (every entity of every episode pooled): ${three(run.ner!.entity_set.f1)}`
    );
    const tile = page.locator(`[data-kpi-card="${CANDIDATE}"] .kpi`).filter({hasText: "Entity-set F1"});
    expect(await tile.innerText()).toContain("micro");
    expect(await tile.innerText()).toContain(three(run.ner!.entity_set.f1));
    await expectClean(guarded);
  });
});
