// Bad input in the browser: a tree of broken and hostile runs builds, renders, shows each problem next to
// its run with file and line, loses nothing else, and runs no payload.
import {mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {
  HOSTILE_BASELINE,
  HOSTILE_CASES,
  PAYLOAD_DIR,
  PAYLOAD_FLAG,
  TREE_CASES,
  writeHostileTree
} from "../support/hostileTree.js";
import {errorCells, guardedPage, launch, openReady, type GuardedPage} from "./browser.js";
import {serveStatic, type Served} from "./serve.js";
import {buildSite} from "./sites.js";

const css = (value: string) => JSON.stringify(value);

describe("hostile and broken inputs in the built page", () => {
  let evalDir: string;
  let served: Served;
  let browser: Browser;
  let guarded: GuardedPage;
  let page: Page;

  beforeAll(async () => {
    evalDir = mkdtempSync(join(tmpdir(), "run-compare-hostile-"));
    writeHostileTree(evalDir);
    served = await serveStatic(await buildSite("hostile", evalDir));
    browser = await launch();
    guarded = await guardedPage(browser);
    page = guarded.page;
    await openReady(page, `${served.url}index.html`);
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    rmSync(evalDir, {recursive: true, force: true});
  });

  /** The page with one hostile case against the hostile baseline, and an episode open when one is named. */
  const caseUrl = (run: string, episode?: string) =>
    `${served.url}index.html?runs=${HOSTILE_BASELINE},${run}&baseline=${HOSTILE_BASELINE}` +
    (episode ? `&episode=${episode}` : "");

  it(`lists all ${HOSTILE_CASES.length} broken runs, each with its problem (file and line) beside it`, async () => {
    expect(HOSTILE_CASES.length + TREE_CASES.length).toBeGreaterThanOrEqual(30);
    // One read of the catalog: per-locator round trips are slow on a page holding 100,000 episodes.
    const catalog = await page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll<HTMLElement>("[data-catalog-run]")].map((row) => [
          row.dataset.catalogRun,
          {
            problems: row.querySelector(".run-problems")?.textContent ?? "",
            episodes: row.querySelector("td.num")?.textContent ?? "",
            // A selected run's KPIs are on its tile, the others' in their row: exactly one per run either way.
            failed:
              document.querySelector<HTMLElement>(
                `[data-kpi="failed"][data-run="${CSS.escape(row.dataset.catalogRun!)}"]`
              )?.dataset.value ?? null
          }
        ])
      )
    );
    for (const c of HOSTILE_CASES) {
      const row = catalog[c.id];
      expect(row, c.id).toBeDefined();
      if (c.problem) {
        const where = c.problem.line === null ? c.problem.file : `${c.problem.file}:${c.problem.line}`;
        expect(row.problems, c.id).toContain(where);
        expect(row.problems, c.id).toMatch(c.problem.message);
      } else {
        expect(row.problems, c.id).not.toMatch(/[1-9]\d* problems?/);
      }
      if (c.episodes !== undefined) expect(row.episodes, c.id).toBe(c.episodes.toLocaleString("en-US"));
      if (c.failed !== undefined) expect(row.failed, c.id).toBe(String(c.failed));
    }
  });

  it("lists folders it could not use at the top, with the reason", async () => {
    const skipped = (await page.locator("[data-testid='tree-problems']").textContent()) ?? "";
    for (const c of TREE_CASES) {
      expect(skipped).toContain(c.id);
      expect(skipped).toMatch(c.message);
    }
  });

  it("shows ids and outputs carrying HTML as text, and no payload runs", async () => {
    const catalogText = (await page.locator(`[data-catalog-run=${css(PAYLOAD_DIR)}] .run-id code`).textContent()) ?? "";
    expect(catalogText).toBe(PAYLOAD_DIR);
    await openReady(page, caseUrl("runs/c23_html_output", "p01_e01"));
    expect(await page.locator("[data-testid='episode-diff']").textContent()).toContain("<script>");
    await openReady(page, caseUrl("runs/c23_html_output", "p02_e01"));
    expect(await page.locator("[data-testid='episode-diff']").textContent()).toContain("<img src=x onerror=");
    await openReady(page, caseUrl("runs/c25_html_episode_id"));
    expect(await page.locator("[data-episode] b").count()).toBe(0);
    expect(await page.locator("body").textContent()).toContain("<b onmouseover=");
    await page.locator("[data-episode] button").first().hover();
    expect(
      await page.evaluate((flag) => (window as unknown as Record<string, unknown>)[flag], PAYLOAD_FLAG)
    ).toBeUndefined();
    expect(await page.locator("img[src='x'], script:not([type]):not([src])").count()).toBe(0);
  });

  it("a 5 MB output and a 100,000-line run still compare, with the long output clipped for display", async () => {
    await openReady(page, caseUrl("runs/c21_huge_output", "p01_e01"));
    expect(await page.locator("[data-testid='episode-diff']").textContent()).toMatch(/diff skipped/i);
    expect(await page.locator("[data-drilldown]").textContent()).toMatch(/first 200,000 of 5,242,880 characters/i);
    await openReady(page, caseUrl("runs/c22_many_lines"));
    expect(
      await page
        .locator("[data-verdict-label][data-candidate='runs/c22_many_lines']")
        .getAttribute("data-verdict-label")
    ).toMatch(/^(better|worse|mixed|no_clear_change|not_comparable)$/);
  });

  it("had no console error, outside request, failed response or error cell along the way", async () => {
    expect(await errorCells(page)).toBe(0);
    expect(guarded.failures).toEqual([]);
  });
});
