// The fixtures build on the special cases: map/reduce chart shown / hidden / derived, untrusted HTML
// in outputs, runs on another dataset, and an identical rerun.
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {episodeIds, expectClean, selectionOf, poll} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.fixtures;
const view = (baseline: string, candidate: string, extra = "") => `?runs=${baseline},${candidate}&baseline=${baseline}${extra}`;

describe("fixtures build: special cases", () => {
  let served: Served;
  let browser: Browser;

  beforeAll(async () => {
    report(EVAL_DIR, "runs/mr_fatter_map_v2", ["runs/other_dataset/ner_style_v1"]).catch(() => {});
    report(EVAL_DIR, "runs/mr_starved_v3", ["runs/mr_starved_v3_rerun"]).catch(() => {});
    served = await serveStatic(await builtSite("fixtures"));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("(d) map/reduce chart: shown from diagnostics, hidden without data, labelled derived from intermediates", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const chart = page.locator('[data-chart="map-reduce"]');

    await openReady(page, served.url + view("runs/mr_fatter_map_v2", "runs/mr_starved_v3"));
    expect(await chart.count()).toBe(1);
    expect(await chart.isVisible()).toBe(true);
    await poll(() => chart.locator("svg").count()).toBeGreaterThan(0);
    expect(await chart.locator(".badge").count()).toBe(0);
    expect(await chart.innerText()).not.toMatch(/derived/i);

    await openReady(page, served.url + view("baselines/baseline_llm_anthropic_smoke_paragraph_v1", "baselines/baseline_llm_ollama_qwen35_9b_smoke_paragraph_v1"));
    expect(await chart.count()).toBe(0);

    await openReady(page, served.url + view("baselines/baseline_ml_prod_authority_smoke_v1", "baselines/baseline_ml_bart_authority_smoke_v1"));
    expect(await chart.count()).toBe(1);
    expect(await chart.locator("h3 .badge").innerText()).toBe("derived");
    await poll(() => chart.locator("svg").count()).toBeGreaterThan(0);
    await expectClean(guarded);
  });

  it("(e) HTML in outputs is shown as text and never runs", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [baseline, candidate] = ["runs/mr_fatter_map_v2", "runs/html_payload_v1"];
    await openReady(page, served.url + view(baseline, candidate));
    expect(await episodeIds(page)).toEqual(expect.arrayContaining(["p01_e01", "p02_e01", "p03_e01"]));

    await page.locator('[data-episode="p01_e01"] button').click();
    const diff1 = page.locator('[data-drilldown="p01_e01"] [data-testid="episode-diff"]');
    await diff1.waitFor();
    expect(await diff1.innerText()).toContain("<script>window.__pwned=1</script>");
    expect(await diff1.locator("script").count()).toBe(0);
    await poll(() => diff1.getByText("<script>", {exact: false}).first().isVisible()).toBe(true);
    expect(selectionOf(page).episode).toBe("p01_e01");

    await page.locator('[data-episode="p02_e01"] button').click();
    const diff2 = page.locator('[data-drilldown="p02_e01"] [data-testid="episode-diff"]');
    await diff2.waitFor();
    expect(await diff2.innerText()).toContain('<img src=x onerror="window.__pwned=1">');

    await page.locator('[data-episode="p03_e01"] button').click();
    const diff3 = page.locator('[data-drilldown="p03_e01"] [data-testid="episode-diff"]');
    await diff3.waitFor();
    expect(await diff3.innerText()).toContain('<a href="javascript:window.__pwned=1">link</a>');
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);

    await page.waitForTimeout(300); // an <img onerror> would fire by now
    expect(await page.evaluate(() => (window as unknown as {__pwned?: unknown}).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.locator("main script, .drilldown script, .episode-list script").count()).toBe(0);
    await expectClean(guarded);
  });

  it("(f) a run on another dataset is not comparable", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [baseline, candidate] = ["runs/mr_fatter_map_v2", "runs/other_dataset/ner_style_v1"];
    await openReady(page, served.url + view(baseline, candidate));
    const expected = (await report(EVAL_DIR, baseline, [candidate])).comparisons![0];
    expect(expected.comparable).toBe(false);
    const line = page.locator(`[data-verdict-for="${candidate}"]`);
    expect(await line.getAttribute("data-overall")).toBe("not comparable");
    expect(await line.innerText()).toMatch(/not comparable/i);
    // The reason is said once, not repeated as a warning under the sentence.
    expect.soft((await line.innerText()).match(/different datasets/gi)?.length, "reason repeated in the verdict line").toBe(1);
    expect(await page.locator(`[data-delta][data-candidate="${candidate}"]`).count()).toBe(0);
    expect(await page.locator("[data-episode]").count()).toBe(0);
    await expectClean(guarded);
  });

  it("(g) an identical rerun: no clear change, and an episode's diff is empty", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [baseline, candidate] = ["runs/mr_starved_v3", "runs/mr_starved_v3_rerun"];
    await openReady(page, served.url + view(baseline, candidate));
    const line = page.locator(`[data-verdict-for="${candidate}"]`);
    expect(await line.getAttribute("data-overall")).toBe("no clear change");
    expect(await line.innerText()).toMatch(/no clear change/i);
    const expected = (await report(EVAL_DIR, baseline, [candidate])).comparisons![0];
    expect(expected.episodes.some((e) => e.regressed)).toBe(false);
    expect(await page.locator('[data-episode][data-regressed="true"]').count()).toBe(0);

    await page.locator('[data-episode="p01_e01"] button').click();
    const diff = page.locator('[data-drilldown="p01_e01"] [data-testid="episode-diff"]');
    await diff.waitFor();
    expect(await diff.locator("ins").count()).toBe(0);
    expect(await diff.locator("del").count()).toBe(0);
    expect((await diff.innerText()).length).toBeGreaterThan(100); // the shared text is still shown
    expect(await page.locator('[data-drilldown="p01_e01"]').innerText()).toMatch(/identical/i);
    await expectClean(guarded);
  });

  it("labels stay inside their box: map/reduce facet names and KPI card contents", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view("runs/mr_fatter_map_v2", "runs/mr_starved_v3"));
    const chart = page.locator('[data-chart="map-reduce"]');
    await chart.locator("svg").first().waitFor();
    // Each facet is named by its run id, in full, inside the plot (its SVG clips what overflows).
    const clipped = await chart.evaluate((card) => {
      const plots = [...card.querySelectorAll("svg")].filter((svg) => svg.querySelector("g"));
      return plots.flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll("text")]
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
          })
          .map((t) => t.textContent ?? "");
      });
    });
    expect.soft(clipped, "map/reduce facet labels cut off").toEqual([]);
    const overflowing = await page.locator(".kpi-card").evaluateAll((cards) =>
      cards.flatMap((card) => {
        const box = card.getBoundingClientRect();
        return [...card.querySelectorAll("code, dd, dt, p")]
          .filter((el) => el.getBoundingClientRect().right > box.right + 1)
          .map((el) => (el.textContent ?? "").trim());
      })
    );
    expect.soft(overflowing, "text overflowing its KPI card").toEqual([]);
    await expectClean(guarded);
  });
});
