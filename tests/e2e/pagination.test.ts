// The episode table on a generated tree of 2 runs x 120 episodes (pages of 50): paging, sorting by a delta
// column, the show filters and search kept in the URL (reload, Back and Forward), and a copied episode link.
// Expected values come from the report command and from the artifacts read back with JSON.parse.
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {episodeIds, expectClean, expectDeltasMatch, poll, screenshot, selectionOf} from "./dom.js";
import {artifactDeltas, GEN, generatedSite, idOf, sortedBy} from "./generated.js";
import {serveStatic, type Served} from "./serve.js";
import {report, type ReportComparison} from "./sites.js";

const VIEW = `?runs=${GEN.baseline},${GEN.candidate}&baseline=${GEN.baseline}`;
const TABLE = '[data-testid="episode-table"]';
const LATENCY = "delta_latency_s";

const pagerText = (page: Page) =>
  page
    .locator("nav.pager-top")
    .innerText()
    .then((t) => t.replace(/\s+/g, " "));
const tableAttr = (page: Page, name: string) => page.locator(TABLE).getAttribute(name);
const ariaSort = (page: Page, key: string) =>
  page.locator(`${TABLE} th[data-sort-key="${key}"]`).getAttribute("aria-sort");

/** The data-value of each listed row's cell under the column header `key`. */
function columnValues(page: Page, key: string): Promise<(number | null)[]> {
  return page.locator(TABLE).evaluate((table, key) => {
    const headers = [...table.querySelectorAll("thead th")];
    const index = headers.findIndex((th) => th.getAttribute("data-sort-key") === key);
    return [...table.querySelectorAll("tr[data-episode]")].map((row) => {
      const value = (row as HTMLTableRowElement).cells[index]?.getAttribute("data-value");
      return value == null || value === "" ? null : Number(value);
    });
  }, key);
}

describe("episode table on a generated tree (2 runs x 120 episodes)", () => {
  let evalDir: string;
  let served: Served;
  let browser: Browser;
  let expected: ReportComparison;
  let ranked: string[];

  beforeAll(async () => {
    const site = await generatedSite();
    evalDir = site.evalDir;
    const answer = report(evalDir, GEN.baseline, [GEN.candidate]);
    served = await serveStatic(site.dist);
    expected = (await answer).comparisons![0];
    ranked = expected.episodes.map((e) => e.episode_id);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  const open = async (query = "") => {
    const guarded = await guardedPage(browser);
    const ms = await openReady(guarded.page, `${served.url}${VIEW}${query}`);
    console.log(`generated (120 episodes) page ready in ${ms} ms`);
    return guarded;
  };
  const deltaOf = (key: "latency" | "tokens") => {
    const deltas = artifactDeltas(evalDir);
    return (id: string) => deltas.get(id)![key];
  };
  const regressedIds = () => expected.episodes.filter((e) => e.regressed).map((e) => e.episode_id);
  const reportList = (metric: string, field: "new" | "fixed") =>
    expected.deltas.find((d) => d.metric === metric)![field];

  it("the report sees what the generator wrote: 120 common episodes, 19 regressed (6 failed, 13 new gate hits)", () => {
    expect(expected.comparable).toBe(true);
    expect(expected.common_episodes).toBe(GEN.episodes);
    expect(new Set(ranked)).toEqual(new Set(Array.from({length: GEN.episodes}, (_, k) => idOf(k + 1))));
    expect(new Set(regressedIds())).toEqual(new Set([...GEN.failed, ...GEN.speaker, ...GEN.boilerplate]));
    expect(reportList("failed", "new")).toEqual([...GEN.failed]);
    expect(reportList("gate_boilerplate", "fixed")).toEqual([GEN.fixedGate]);
  });

  it("pages of 50 in ranked order, next and previous; data-total and data-regressed count every episode", async () => {
    const guarded = await open();
    const {page} = guarded;
    await expectDeltasMatch(page, [expected]);
    const counts = async () => [await tableAttr(page, "data-total"), await tableAttr(page, "data-regressed")];
    expect(await counts()).toEqual(["120", "19"]);
    expect(await pagerText(page)).toContain("page 1 of 3");
    expect(await episodeIds(page)).toEqual(ranked.slice(0, 50));
    const pager = page.locator("nav.pager-top");
    const previous = pager.getByRole("button", {name: /previous/});
    const next = pager.getByRole("button", {name: /next/});
    expect(await previous.isDisabled()).toBe(true);

    await next.click();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    await poll(() => episodeIds(page)).toEqual(ranked.slice(50, 100));
    expect(await counts()).toEqual(["120", "19"]);
    await next.click();
    await poll(() => pagerText(page)).toContain("page 3 of 3");
    await poll(() => episodeIds(page)).toEqual(ranked.slice(100));
    expect(await next.isDisabled()).toBe(true);
    await previous.click();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    await previous.click();
    await poll(() => episodeIds(page)).toEqual(ranked.slice(0, 50));
    expect(await previous.isDisabled()).toBe(true);

    // A filter lists only what matches (no pager for 19 rows); the table's totals stay those of the comparison.
    await page.locator(`${TABLE} [data-show="regressed"]`).click();
    await poll(() => episodeIds(page)).toEqual(regressedIds());
    expect(await page.locator("nav.pager").count()).toBe(0);
    expect(await counts()).toEqual(["120", "19"]);
    await expectClean(guarded);
  });

  it("sorts by Δ latency both ways in the artifacts' order (failed last); aria-sort and the URL follow", async () => {
    const guarded = await open();
    const {page} = guarded;
    const latency = deltaOf("latency");
    const header = page.locator(`${TABLE} th[data-sort-key="${LATENCY}"] button`);
    expect(await ariaSort(page, LATENCY)).toBe("none");

    await header.click();
    const descending = sortedBy(ranked, latency, true);
    await poll(() => episodeIds(page)).toEqual(descending.slice(0, 50));
    expect(await ariaSort(page, LATENCY)).toBe("descending");
    expect(await ariaSort(page, "episode")).toBe("none");
    const shown = await columnValues(page, LATENCY);
    for (const [i, value] of shown.entries()) {
      expect(Math.abs(value! - latency(descending[i])!), descending[i]).toBeLessThanOrEqual(1e-9);
    }
    await page.locator("nav.pager-top").getByRole("button", {name: /next/}).click();
    await page.locator("nav.pager-top").getByRole("button", {name: /next/}).click();
    await poll(() => episodeIds(page)).toEqual(descending.slice(100));
    expect(descending.slice(-GEN.failed.length).sort()).toEqual([...GEN.failed].sort());

    await page.locator(`${TABLE} th[data-sort-key="${LATENCY}"] button`).click();
    const ascending = sortedBy(ranked, latency, false);
    await poll(() => episodeIds(page)).toEqual(ascending.slice(0, 50));
    expect(await ariaSort(page, LATENCY)).toBe("ascending");
    expect(await pagerText(page)).toContain("page 1 of 3");
    const params = new URL(page.url()).searchParams;
    expect([params.get("sort"), params.get("dir")]).toEqual([LATENCY, "asc"]);
    await screenshot(page, "episodes-sorted-latency-asc");

    await page.reload();
    await page.waitForSelector("body[data-ready='true']");
    await poll(() => episodeIds(page)).toEqual(ascending.slice(0, 50));
    expect(await ariaSort(page, LATENCY)).toBe("ascending");
    await expectClean(guarded);
  });

  it("show filters and search live in the URL: a reload restores them, Back and Forward step through", async () => {
    const guarded = await open();
    const {page} = guarded;
    const inRanked = (ids: readonly string[]) => ranked.filter((id) => ids.includes(id));
    const gates = inRanked(
      ["gate_speaker_label", "gate_boilerplate", "gate_truncation"].flatMap((m) => [
        ...reportList(m, "new"),
        ...reportList(m, "fixed")
      ])
    );
    const failed = inRanked(reportList("failed", "new"));
    expect(gates.length).toBe(GEN.speaker.length + GEN.boilerplate.length + 1);
    const show = (filter: string) => page.locator(`${TABLE} [data-show="${filter}"]`).click();

    await show("regressed");
    await poll(() => selectionOf(page).show).toBe("regressed");
    await poll(() => episodeIds(page)).toEqual(regressedIds());
    expect(await page.locator(`${TABLE} [data-show="regressed"]`).getAttribute("aria-pressed")).toBe("true");
    await show("failed");
    await poll(() => episodeIds(page)).toEqual(failed);
    expect(selectionOf(page).show).toBe("failed");
    await show("gates");
    await poll(() => episodeIds(page)).toEqual(gates);
    expect(selectionOf(page).show).toBe("gates");

    await page.goBack();
    await poll(() => selectionOf(page).show).toBe("failed");
    await poll(() => episodeIds(page)).toEqual(failed);
    await page.goBack();
    await poll(() => episodeIds(page)).toEqual(regressedIds());
    expect(selectionOf(page).show).toBe("regressed");
    await page.goForward();
    await poll(() => episodeIds(page)).toEqual(failed);

    // Search: the candidate's error text finds its failed episodes; an id fragment finds g100..g109.
    await show("all");
    await poll(() => selectionOf(page).show).toBe(null);
    const search = page.getByTestId("episode-search");
    await search.fill("out of memory");
    await search.press("Enter");
    await poll(() => episodeIds(page)).toEqual(failed);
    expect(selectionOf(page).q).toBe("out of memory");
    await search.fill("g10");
    await search.press("Enter");
    const g10 = ranked.filter((id) => id.includes("g10"));
    expect(g10.length).toBe(10);
    await poll(() => episodeIds(page)).toEqual(g10);
    await show("regressed");
    await poll(() => episodeIds(page)).toEqual(g10.filter((id) => regressedIds().includes(id)));
    expect([selectionOf(page).show, selectionOf(page).q]).toEqual(["regressed", "g10"]);

    await page.reload();
    await page.waitForSelector("body[data-ready='true']");
    await poll(() => episodeIds(page)).toEqual(g10.filter((id) => regressedIds().includes(id)));
    expect(await page.getByTestId("episode-search").inputValue()).toBe("g10");
    expect(await page.locator(`${TABLE} [data-show="regressed"]`).getAttribute("aria-pressed")).toBe("true");
    await expectClean(guarded);
  });

  it("a copied URL with &episode= of an episode on page 3 opens page 3 with that episode selected", async () => {
    const target = ranked[110];
    const guarded = await open(`&episode=${target}`);
    const {page} = guarded;
    await page.locator(`[data-drilldown="${target}"]`).waitFor();
    await poll(() => pagerText(page)).toContain("page 3 of 3");
    expect(await episodeIds(page)).toEqual(ranked.slice(100));
    const row = page.locator(`${TABLE} tr[data-episode="${target}"]`);
    expect(await row.getAttribute("class")).toContain("selected");
    expect(await row.locator(".episode-open").getAttribute("aria-current")).toBe("true");
    expect(await page.locator(`${TABLE} tr.selected`).count()).toBe(1);
    await expectClean(guarded);
  });
});
