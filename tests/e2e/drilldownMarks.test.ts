// The drill-down in the built page: where the output checks and the scorer's gates fire, marked in the full texts
// (bart's summaries, README "Output checks on the corpus": speaker turns, junk, cut off; the starved run's speaker
// label, boilerplate and loop), and both runs' map summaries on a toggle that keeps the page where it is.
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Locator} from "playwright-core";
import {describe, expect, it} from "vitest";
import {guardedPage, openReady} from "./browser.js";
import {expectClean, poll, selectionOf} from "./dom.js";
import {EVAL_DIRS, servedSite, SCREENSHOTS} from "./sites.js";

const ML_PROD = "baselines/baseline_ml_prod_authority_smoke_v1";
const BART = "baselines/baseline_ml_bart_authority_smoke_v1";
const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const view = (baseline: string, candidate: string, episode: string) =>
  `?runs=${baseline},${candidate}&baseline=${baseline}&episode=${episode}`;

/** The episode's prediction row in a fixture run, read with JSON.parse. */
function prediction(runId: string, episodeId: string) {
  return readFileSync(join(EVAL_DIRS.fixtures, runId, "predictions.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .find((row) => row.episode_id === episodeId);
}

async function shot(locator: Locator, name: string) {
  mkdirSync(SCREENSHOTS, {recursive: true});
  await locator.screenshot({path: join(SCREENSHOTS, `${name}.png`)});
}

/** The marks of one column: [text, title] in text order. */
const marksOf = (column: Locator) =>
  column
    .locator("pre mark")
    .evaluateAll((marks) => marks.map((mark) => [mark.textContent ?? "", mark.getAttribute("title") ?? ""]));

describe("drill-down: checks marked in the texts, map summaries on a toggle", () => {
  const site = servedSite("fixtures");

  it("bart p03_e01: speaker turn, junk, cut-off end marked; map summaries beside production's", async () => {
    const episode = "p03_e01";
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    await openReady(page, `${site.served.url}${view(ML_PROD, BART, episode)}`);
    const drilldown = page.locator(`[data-drilldown="${episode}"]`);
    await drilldown.locator('[data-testid="episode-diff"]').waitFor();
    expect(
      await drilldown.locator('[data-testid="episode-diff"] ins, [data-testid="episode-diff"] del').count()
    ).toBeGreaterThan(0);
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-drilldown") ?? null)).toBe(episode);

    const candidate = drilldown.locator('.text-column[data-side="candidate"]');
    const text: string = prediction(BART, episode).output.summary_final;
    expect(await candidate.locator("pre").textContent()).toBe(text);
    const marks = await marksOf(candidate);
    const titles = new Set(marks.map(([, title]) => title));
    expect(titles).toEqual(new Set(["speaker turn", "junk run", "cut off mid-sentence"]));
    expect(marks[0]).toEqual(["A:", "speaker turn"]);
    expect(marks.at(-1)).toEqual(["don.", "cut off mid-sentence"]);
    expect(text.startsWith("A:") && text.endsWith("when conditions don.")).toBe(true);
    expect(
      marks.filter(([, title]) => title === "junk run").every(([part]) => part === "\uFFFD" || part.length >= 6)
    ).toBe(true);
    expect(await marksOf(drilldown.locator('.text-column[data-side="baseline"]'))).toEqual([]);
    expect(await drilldown.getByTestId("mark-legend").innerText()).toMatch(
      /speaker turn\s+junk run\s+cut off mid-sentence/
    );
    expect(await candidate.locator(".text-facts").innerText()).toMatch(
      /output checks\s+speaker turn, junk run, cut off mid-sentence/
    );
    await shot(drilldown, "drilldown-check-marks");

    // The map summaries: a toggle, the page state (not the URL), the drill-down redrawn in place.
    const url = page.url();
    const toggle = drilldown.getByRole("button", {name: "show map summaries"});
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    await toggle.scrollIntoViewIfNeeded();
    const before = await toggle.evaluate((el) => el.getBoundingClientRect().top);
    await toggle.click();
    const table = drilldown.getByTestId("map-summaries");
    await table.waitFor();
    const pressed = drilldown.getByRole("button", {name: "hide map summaries"});
    expect(await pressed.getAttribute("aria-pressed")).toBe("true");
    await poll(() => page.evaluate(() => document.activeElement?.className ?? "")).toContain("map-summaries-toggle");
    expect(Math.abs((await pressed.evaluate((el) => el.getBoundingClientRect().top)) - before)).toBeLessThan(2);
    expect(page.url()).toBe(url);

    const maps = (runId: string) =>
      (prediction(runId, episode).intermediate.map_summaries as {text: string}[]).map((m) => m.text);
    const rows = table.locator("tbody tr");
    expect(await rows.count()).toBe(4);
    for (const [runId, side] of [
      [ML_PROD, "baseline"],
      [BART, "candidate"]
    ]) {
      const cells = table.locator(`td[data-side="${side}"]`);
      expect(await cells.locator(".map-text").allTextContents()).toEqual(maps(runId));
      const tokens = maps(runId).map((m) => Math.floor([...m].length / 4));
      expect((await cells.evaluateAll((tds) => tds.map((td) => td.getAttribute("data-tokens")))).map(Number)).toEqual(
        tokens
      );
      // Both runs' map stage caps are 200 tokens: bart's summaries overrun theirs (estimated), production's do not.
      expect(await cells.locator(".map-at-cap").count()).toBe(tokens.filter((t) => t >= 180).length);
    }
    expect(await table.locator('td[data-side="candidate"] .map-at-cap').count()).toBe(4);
    await shot(drilldown, "drilldown-map-summaries");

    // The choice stays while stepping to the next episode, and the toggle hides them again.
    await page.keyboard.press("Escape");
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    await poll(() => selectionOf(page).episode).not.toBe(episode);
    const next = page.locator(`[data-drilldown="${selectionOf(page).episode}"]`);
    await next.getByTestId("map-summaries").waitFor();
    await next.getByRole("button", {name: "hide map summaries"}).click();
    await poll(() => next.getByTestId("map-summaries").count()).toBe(0);
    await expectClean(guarded);
  });

  it("mr_starved_v3: the scorer's speaker label and boilerplate, and the loop, marked where they are", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    const cases: [string, string, RegExp][] = [
      ["p02_e01", "speaker label (scorer's gate)", /^Host:$/],
      ["p03_e01", "boilerplate phrase (scorer's gate)", /^Subscribe to our newsletter$/],
      ["p01_e01", "repeated phrase", /^(the trail ){3,}the trail$/]
    ];
    for (const [episode, title, part] of cases) {
      await openReady(page, `${site.served.url}${view(FATTER, STARVED, episode)}`);
      const candidate = page.locator(`[data-drilldown="${episode}"] .text-column[data-side="candidate"]`);
      await candidate.waitFor();
      const marked = (await marksOf(candidate)).filter(([, t]) => t === title);
      expect(marked.length, episode).toBe(1);
      expect(marked[0][0], episode).toMatch(part);
      if (episode === "p02_e01") await shot(page.locator(`[data-drilldown="${episode}"]`), "drilldown-gate-marks");
    }
    // No map summaries in these runs: no toggle.
    expect(await page.getByRole("button", {name: /map summaries/}).count()).toBe(0);
    await expectClean(guarded);
  });
});
