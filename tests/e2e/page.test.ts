// The fixtures build in a real browser: default view, changing the selection, the episode list and
// drill-down (mouse, keyboard, copied URL), problems next to a run, and light/dark screenshots.
import {readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {episodeIds, episodeRows, expectClean, expectDeltasMatch, screenshot, selectionOf, poll} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.fixtures;
const FATTER = "runs/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const ML_PAIR = ["baselines/baseline_ml_prod_authority_smoke_v1", "baselines/baseline_ml_bart_authority_smoke_v1"] as const;
const STARVED_VIEW = `?runs=${FATTER},${STARVED}&baseline=${FATTER}`;

/** The output text as the scorer defines it, read straight from predictions.jsonl. */
function outputText(runId: string, episodeId: string): string {
  for (const line of readFileSync(join(EVAL_DIR, runId, "predictions.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    if (row.episode_id === episodeId) return row.output?.summary_final ?? row.output?.summary_long ?? row.output;
  }
  throw new Error(`${episodeId} not in ${runId}`);
}

const words = (text: string) => text.replace(/\s+/g, " ").trim();

function candidatesOf(page: Page) {
  const {runs, baseline} = selectionOf(page);
  return {baseline: baseline!, candidates: runs.filter((id) => id !== baseline)};
}

describe("fixtures build", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    // The report answers that do not depend on the page run beside the build (memoized in sites.ts).
    for (const [baseline, candidates] of [[undefined, []], [FATTER, [STARVED]], [ML_PAIR[0], [ML_PAIR[1]]]] as const) {
      report(EVAL_DIR, baseline, [...candidates]).catch(() => {});
    }
    served = await serveStatic(await builtSite("fixtures"));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("(a) default view: one verdict per candidate, a baseline select, and the report's deltas", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const ms = await openReady(page, served.url);
    console.log(`fixtures page ready in ${ms} ms`);
    const {baseline, candidates} = candidatesOf(page);
    expect(baseline).toBeTruthy();
    expect(candidates.length).toBeGreaterThan(0);
    const expected = await report(EVAL_DIR, baseline, candidates);
    expect(await page.locator("[data-verdict-for]").count()).toBe(candidates.length);
    for (const c of expected.comparisons!) {
      const line = page.locator(`[data-verdict-for="${c.candidate}"]`);
      await poll(() => line.count()).toBe(1);
      expect(await line.getAttribute("data-overall")).toBe(c.verdict.verdict);
    }
    const select = page.locator('[data-testid="baseline-select"]');
    expect(await select.count()).toBe(1);
    expect(await select.inputValue()).toBe(baseline);
    await expectDeltasMatch(page, expected.comparisons!);
    await expectClean(guarded);
  });

  it("(b) picking a run in the catalog and switching the baseline update the URL and the deltas", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    const before = selectionOf(page);
    expect(before.runs).not.toContain(STARVED);

    await page.locator(`[data-catalog-run="${STARVED}"] input[type=checkbox]`).click();
    await poll(() => selectionOf(page).runs).toEqual([...before.runs, STARVED]);
    expect(selectionOf(page).baseline).toBe(before.baseline);
    let now = candidatesOf(page);
    await expectDeltasMatch(page, (await report(EVAL_DIR, now.baseline, now.candidates)).comparisons!);
    expect(await page.locator("[data-verdict-for]").count()).toBe(now.candidates.length);

    await page.locator('[data-testid="baseline-select"]').selectOption(STARVED);
    await poll(() => selectionOf(page).baseline).toBe(STARVED);
    expect(selectionOf(page).runs).toEqual([...before.runs, STARVED]);
    now = candidatesOf(page);
    expect(now.candidates).not.toContain(STARVED);
    await expectDeltasMatch(page, (await report(EVAL_DIR, STARVED, now.candidates)).comparisons!);
    await poll(() => page.locator(`[data-verdict-for="${before.baseline}"]`).count()).toBe(1);
    await expectClean(guarded);
  });

  it("(c) starved map/reduce: worse, regressed and failed episodes, search, diff, keyboard, copied URL", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + STARVED_VIEW);
    const expected = (await report(EVAL_DIR, FATTER, [STARVED])).comparisons![0];
    const verdict = page.locator(`[data-verdict-for="${STARVED}"]`);
    expect(await verdict.getAttribute("data-overall")).toBe("worse");
    expect(await verdict.innerText()).toMatch(/\bworse\b/i);
    await expectDeltasMatch(page, [expected]);

    const rows = await episodeRows(page);
    expect(rows.map((r) => r.id)).toEqual(expected.episodes.map((e) => e.episode_id));
    expect(rows.filter((r) => r.regressed).map((r) => r.id)).toEqual(expected.episodes.filter((e) => e.regressed).map((e) => e.episode_id));
    const failed = rows.find((r) => r.id === "p05_e01")!;
    expect(failed.classes).toContain("failed");
    expect(failed.text).toContain("CUDA out of memory");
    await poll(() => page.locator('[data-episode="p05_e01"]').getByText("CUDA out of memory").first().isVisible()).toBe(true);

    const search = page.getByPlaceholder("search episodes, reasons, errors");
    await search.fill("p03");
    await poll(() => episodeIds(page)).toEqual(["p03_e01"]);
    await search.fill("cuda out of memory");
    await poll(() => episodeIds(page)).toEqual(["p05_e01"]);
    await search.fill("no such episode");
    await poll(() => episodeIds(page)).toEqual([]);
    await search.fill("");
    await poll(() => episodeIds(page)).toEqual(rows.map((r) => r.id));
    await page.getByLabel("regressed only").check();
    await poll(() => episodeIds(page)).toEqual(expected.episodes.filter((e) => e.regressed).map((e) => e.episode_id));
    await page.getByLabel("regressed only").uncheck();
    await poll(() => episodeIds(page)).toEqual(rows.map((r) => r.id));

    // Click an episode: the word diff of the two outputs on disk.
    const order = rows.map((r) => r.id);
    const first = "p01_e01";
    await page.locator(`[data-episode="${first}"] button`).click();
    const diff = page.locator(`[data-drilldown="${first}"] [data-testid="episode-diff"]`);
    await diff.waitFor();
    expect(selectionOf(page).episode).toBe(first);
    // Every text node of the diff, tagged by its <ins>/<del> ancestor (changes may nest both in a wrapper).
    const parts = await diff.evaluate((el) => {
      const out: {tag: string; text: string}[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        out.push({tag: n.parentElement?.closest("ins, del")?.tagName.toLowerCase() ?? "text", text: n.textContent ?? ""});
      }
      return out;
    });
    const before = outputText(FATTER, first);
    const after = outputText(STARVED, first);
    const ins = parts.filter((p) => p.tag === "ins");
    const del = parts.filter((p) => p.tag === "del");
    expect(await diff.locator("ins").count()).toBeGreaterThan(0);
    expect(await diff.locator("del").count()).toBeGreaterThan(0);
    for (const p of ins) expect(after).toContain(p.text.trim());
    for (const p of del) expect(before).toContain(p.text.trim());
    expect(words(parts.filter((p) => p.tag !== "ins").map((p) => p.text).join(""))).toBe(words(before));
    expect(words(parts.filter((p) => p.tag !== "del").map((p) => p.text).join(""))).toBe(words(after));

    // Keyboard: ArrowDown opens the next episode in the ranked list.
    const next = order[order.indexOf(first) + 1];
    await page.keyboard.press("ArrowDown");
    await poll(() => selectionOf(page).episode).toBe(next);
    await page.locator(`[data-drilldown="${next}"] [data-testid="episode-diff"]`).waitFor();
    await page.keyboard.press("ArrowUp");
    await poll(() => selectionOf(page).episode).toBe(first);
    await page.locator(`[data-drilldown="${first}"] [data-testid="episode-diff"]`).waitFor();
    await page.keyboard.press("j");
    await poll(() => selectionOf(page).episode).toBe(next);
    await page.locator(`[data-drilldown="${next}"] [data-testid="episode-diff"]`).waitFor();

    // The copied URL reopens the same drill-down.
    const copied = page.url();
    const reopened = await guardedPage(browser);
    await openReady(reopened.page, copied);
    await reopened.page.locator(`[data-drilldown="${next}"] [data-testid="episode-diff"]`).waitFor();
    expect(await reopened.page.locator(`[data-episode="${next}"]`).getAttribute("class")).toContain("selected");
    expect(selectionOf(reopened.page)).toEqual(selectionOf(page));
    await expectClean(reopened);

    // A failed episode's drill-down shows its error.
    await page.locator('[data-episode="p05_e01"] button').click();
    await poll(() => page.locator('[data-drilldown="p05_e01"] [data-testid="episode-error"]').innerText()).toContain("CUDA out of memory");
    await expectClean(guarded);
  });

  it("(c) each key press moves one episode, even when pressed faster than the page re-renders", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, `${served.url}${STARVED_VIEW}`);
    const order = await episodeIds(page);
    expect(order.length).toBeGreaterThanOrEqual(4);
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    // Three presses from "nothing open": the first opens order[0], then two steps down.
    await poll(() => selectionOf(page).episode).toBe(order[2]);
    await page.locator(`[data-drilldown="${order[2]}"] [data-testid="episode-diff"]`).waitFor();
    await page.waitForTimeout(500);
    expect(selectionOf(page).episode).toBe(order[2]);
    await expectClean(guarded);
  });

  it("(c) 'regressed only' keeps exactly the report's regressed episodes", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [base, cand] = ML_PAIR;
    await openReady(page, `${served.url}?runs=${base},${cand}&baseline=${base}`);
    const expected = (await report(EVAL_DIR, base, [cand])).comparisons![0];
    const regressed = expected.episodes.filter((e) => e.regressed).map((e) => e.episode_id);
    expect(regressed.length).toBeGreaterThan(0);
    expect(regressed.length).toBeLessThan(expected.episodes.length);
    expect(await episodeIds(page)).toEqual(expected.episodes.map((e) => e.episode_id));
    await page.getByLabel("regressed only").check();
    await poll(() => episodeIds(page)).toEqual(regressed);
    await expectClean(guarded);
  });

  it("(j) problems of a broken run are listed with file and line", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    const run = (await report(EVAL_DIR)).runs.find((r) => r.id === "runs/broken_artifacts_v1")!;
    expect(run.problems.filter((p) => p.line !== null).length).toBeGreaterThanOrEqual(4);
    const box = page.locator('[data-problems="runs/broken_artifacts_v1"]');
    await box.locator("summary").click();
    const items = await box.locator("li.problem").allInnerTexts();
    expect(items.length).toBe(run.problems.length);
    for (const problem of run.problems) {
      const where = problem.line === null ? problem.file : `${problem.file}:${problem.line}`;
      expect(items.some((item) => item.startsWith(`${where} `) && item.includes(problem.message)), `${where} ${problem.message}`).toBe(true);
    }
    await poll(() => box.locator("li.problem").first().isVisible()).toBe(true);
    await expectClean(guarded);
  });

  it("(i) screenshots of the default view and an open drill-down, light and dark", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    for (const [name, url] of [["default", served.url], ["drilldown", `${served.url}${STARVED_VIEW}&episode=p01_e01`]]) {
      await openReady(page, url);
      if (name === "drilldown") await page.locator('[data-drilldown="p01_e01"] [data-testid="episode-diff"]').waitFor();
      for (const colorScheme of ["light", "dark"] as const) {
        await page.emulateMedia({colorScheme});
        expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(colorScheme === "dark");
        await screenshot(page, `fixtures-${name}-${colorScheme}`);
      }
    }
    await expectClean(guarded);
  });
});
