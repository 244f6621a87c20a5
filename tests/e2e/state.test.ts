// The page's state in the browser: the episode table and the runs table are built once and updated in place
// (the same element, the focus on the control used, the page where it was), and every choice is in the URL:
// the episode list's page and the runs table's filters and sort survive a reload, and Back undoes them.
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {episodeIds, expectClean, poll} from "./dom.js";
import {GEN, generatedSite} from "./generated.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, report} from "./sites.js";

const TABLE = '[data-testid="episode-table"]';
const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);
const focusKey = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.focusKey);
/** Marks the episode table's element, to tell later whether it is still the same one. */
const markTable = (page: Page) =>
  page.locator(TABLE).evaluate((table) => ((window as unknown as {table: Element}).table = table));
const sameTable = (page: Page) =>
  page.locator(TABLE).evaluate((table) => (window as unknown as {table: Element}).table === table);

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe("the episode table on a generated tree (120 episodes, pages of 50)", () => {
  let served: Served;
  let ranked: string[];
  const view = `?runs=${GEN.baseline},${GEN.candidate}&baseline=${GEN.baseline}`;

  beforeAll(async () => {
    const site = await generatedSite();
    served = await serveStatic(site.dist);
    ranked = (await report(site.evalDir, GEN.baseline, [GEN.candidate])).comparisons![0].episodes.map(
      (e) => e.episode_id
    );
  });
  afterAll(async () => {
    await served?.close();
  });

  it("keeps its element, the focus on the control used and the page's scroll across sort, page and search", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view);
    await markTable(page);
    await page.locator(`${TABLE} .episode-filters`).scrollIntoViewIfNeeded();
    const scrolled = await page.evaluate(() => scrollY);
    expect(scrolled).toBeGreaterThan(0);

    await page.locator(`${TABLE} th[data-sort-key="episode"] button`).click();
    await poll(() => episodeIds(page)).toEqual([...ranked].sort().slice(0, 50));
    expect([await focusKey(page), await sameTable(page), await page.evaluate(() => scrollY)]).toEqual([
      "sort:episode",
      true,
      scrolled
    ]);
    await page.keyboard.press("Enter");
    await poll(() => param(page, "dir")).toBe(null);
    expect(await focusKey(page)).toBe("sort:episode");

    await page.locator("nav.pager-top").getByRole("button", {name: /next/}).click();
    await poll(() => param(page, "page")).toBe("2");
    expect([await focusKey(page), await sameTable(page)]).toEqual(["page:top:next", true]);

    // Typing: the list follows after a pause, the box keeps the focus and everything typed since.
    const search = page.getByTestId("episode-search");
    await search.click();
    await page.keyboard.type("g10", {delay: 30});
    await poll(() => param(page, "q")).toBe("g10");
    await page.keyboard.type("5", {delay: 30});
    await poll(() => episodeIds(page)).toEqual(["g105_e01"]);
    expect([await focusKey(page), await search.inputValue(), await sameTable(page)]).toEqual(["search", "g105", true]);
    expect(param(page, "page")).toBe(null);
    await expectClean(guarded);
  });

  it("ArrowDown across a page: one history entry, the next row open, focused and in view", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view);
    const entries = await page.evaluate(() => history.length);
    await page.locator(`${TABLE} tr[data-episode="${ranked[49]}"] .episode-open`).focus();
    await page.keyboard.press("ArrowDown");
    await poll(() => param(page, "episode")).toBe(ranked[50]);
    await poll(() => focusKey(page)).toBe(`episode:${ranked[50]}`);
    expect([param(page, "page"), await page.evaluate(() => history.length)]).toEqual(["2", entries + 1]);
    const box = await page.evaluate(() => document.activeElement!.getBoundingClientRect().toJSON());
    expect(box.top).toBeGreaterThanOrEqual(0);
    expect(box.bottom).toBeLessThanOrEqual(await page.evaluate(() => innerHeight));

    // The bottom pager turns the page and goes on at its top; on the first page its "previous" hands over.
    await page
      .locator("nav.pager-bottom")
      .getByRole("button", {name: /previous/})
      .focus();
    await page.keyboard.press("Enter");
    await poll(() => param(page, "page")).toBe(null);
    await poll(() => focusKey(page)).toBe("page:top:next");
    const top = await page.locator(TABLE).evaluate((table) => table.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(200);
    await expectClean(guarded);
  });

  it("the list's page is in the URL: a reload opens it, Back returns to the page before", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view);
    const next = page.locator("nav.pager-top").getByRole("button", {name: /next/});
    await next.click();
    await poll(() => episodeIds(page)).toEqual(ranked.slice(50, 100));
    await next.click();
    await poll(() => param(page, "page")).toBe("3");
    await openReady(page, page.url());
    expect(await episodeIds(page)).toEqual(ranked.slice(100));
    await page.goBack();
    await poll(() => episodeIds(page)).toEqual(ranked.slice(50, 100));
    expect(param(page, "page")).toBe("2");
    await expectClean(guarded);
  });
});

describe("the runs table's filters and sort on the fixtures", () => {
  let served: Served;
  beforeAll(async () => {
    served = await serveStatic(await builtSite("fixtures"));
  });
  afterAll(async () => {
    await served?.close();
  });

  /** The runs listed under "Other runs", in order. */
  const others = (page: Page) =>
    page
      .locator(".runs-table tbody.runs-group")
      .last()
      .locator("tr[data-catalog-run]")
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-catalog-run")));
  const controls = async (page: Page) => ({
    kind: await page.getByRole("combobox", {name: "kind"}).inputValue(),
    search: await page.getByRole("searchbox", {name: "search runs"}).inputValue(),
    sort: await page.locator('.runs-table th[data-sort-key="episodes"]').getAttribute("aria-sort")
  });

  it("ticking or removing another run keeps the candidate whose episodes are listed; a chip's × hands on focus", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [base, first, second, other] = [
      "baselines/mr_fatter_map_v2",
      "runs/mr_starved_v3",
      "runs/mr_starved_v3_rerun",
      "runs/mr_fast_partial_v1"
    ];
    await openReady(page, `${served.url}?runs=${base},${first},${second}&baseline=${base}&focus=${second}`);
    expect(await page.locator(TABLE).getAttribute("data-candidate")).toBe(second);
    await page.locator(`.runs-table [data-catalog-run="${other}"] input[type=checkbox]`).check();
    await poll(() => param(page, "runs")).toBe(`${base},${first},${second},${other}`);
    expect(param(page, "focus")).toBe(second);
    await poll(() => page.locator(`[data-verdict-label][data-candidate="${other}"]`).count()).toBe(1);
    expect(await page.locator(TABLE).getAttribute("data-candidate")).toBe(second);
    await page.getByRole("button", {name: `remove ${first}`, exact: true}).focus();
    await page.keyboard.press("Enter");
    await poll(() => param(page, "runs")).toBe(`${base},${second},${other}`);
    await poll(() => page.evaluate(() => document.activeElement?.getAttribute("aria-label"))).toBe(`remove ${second}`);
    expect(param(page, "focus")).toBe(second);
    await expectClean(guarded);
  });

  it("are kept in the URL: a reload restores them, Back undoes them one by one", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    // The table spans the page's width, as the verdict below it does (not a paragraph's measure).
    const width = (selector: string) =>
      page
        .locator(selector)
        .first()
        .evaluate((e) => e.getBoundingClientRect().width);
    expect(await width(".runs-scroll")).toBeGreaterThanOrEqual((await width(".verdicts")) - 40);
    const all = await others(page);
    await page.getByRole("combobox", {name: "kind"}).selectOption("baseline");
    await poll(() => param(page, "rkind")).toBe("baseline");
    const baselines = await others(page);
    expect(baselines.length).toBeGreaterThan(1);
    expect(baselines.every((id) => id!.startsWith("baselines/"))).toBe(true);
    await page.locator('.runs-table th[data-sort-key="episodes"] button').click();
    await poll(() => param(page, "rsort")).toBe("episodes");
    await page.getByRole("searchbox", {name: "search runs"}).fill("v1");
    await poll(() => param(page, "rq")).toBe("v1");
    const filtered = await others(page);
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((id) => id!.startsWith("baselines/") && id!.includes("v1"))).toBe(true);

    await openReady(page, page.url());
    expect(await controls(page)).toEqual({kind: "baseline", search: "v1", sort: "ascending"});
    expect(await others(page)).toEqual(filtered);

    await page.goBack();
    await poll(() => param(page, "rq")).toBe(null);
    await poll(() => controls(page)).toEqual({kind: "baseline", search: "", sort: "ascending"});
    await page.goBack();
    await poll(() => controls(page)).toEqual({kind: "baseline", search: "", sort: "none"});
    expect(await others(page)).toEqual(baselines);
    await page.goBack();
    await poll(() => controls(page)).toEqual({kind: "all", search: "", sort: "none"});
    expect(await others(page)).toEqual(all);
    await expectClean(guarded);
  });
});
