// The fixtures build on the special cases: the map/reduce chart shown, hidden or derived, untrusted HTML
// in outputs, a run on another dataset, changed inputs, and labels that stay inside their boxes.
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Locator} from "playwright-core";
import {describe, expect, it} from "vitest";
import {guardedPage, openReady} from "./browser.js";
import {expectClean, expectVerdictsMatch, poll, selectionOf} from "./dom.js";
import {EVAL_DIRS, servedSite, report, SCREENSHOTS} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.fixtures;
const FATTER = "baselines/mr_fatter_map_v2";
const view = (baseline: string, candidate: string) => `?runs=${baseline},${candidate}&baseline=${baseline}`;

/** A screenshot of one element, legible where a full-page one is not. */
async function shot(locator: Locator, name: string) {
  mkdirSync(SCREENSHOTS, {recursive: true});
  await locator.screenshot({path: join(SCREENSHOTS, `${name}.png`)});
}

describe("fixtures build: special cases", () => {
  const site = servedSite("fixtures");

  it("map/reduce chart: recorded or derived per run, stage caps drawn, hidden without data", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    const chart = page.locator('[data-chart="map-reduce"]');
    const sources = () =>
      chart
        .locator("[data-map-reduce-run]")
        .evaluateAll((runs) => runs.map((r) => [r.getAttribute("data-map-reduce-run"), r.dataset.mapReduceSource]));
    await openReady(page, site.served.url + view(FATTER, "runs/mr_starved_v3"));
    await poll(() => chart.locator("svg").count()).toBeGreaterThan(0);
    expect(await chart.innerText()).not.toMatch(/derived/i);
    expect(await sources()).toEqual([
      [FATTER, "recorded"],
      ["runs/mr_starved_v3", "recorded"]
    ]);
    // The starved run's 64-token map cap, named and drawn (a tick over each episode's map bar).
    expect(await chart.locator('[data-map-reduce-run="runs/mr_starved_v3"] [data-stage-cap="map"]').innerText()).toBe(
      "map 64"
    );
    expect(await chart.locator('[data-map-reduce-run="runs/mr_starved_v3"] g.rc-stage-cap line').count()).toBe(10);
    await shot(chart, "chart-map-reduce-fixtures");
    await openReady(
      page,
      site.served.url +
        view(
          "baselines/baseline_llm_anthropic_smoke_paragraph_v1",
          "baselines/baseline_llm_ollama_qwen35_9b_smoke_paragraph_v1"
        )
    );
    expect(await chart.count()).toBe(0);
    await openReady(
      page,
      site.served.url +
        view("baselines/baseline_ml_prod_authority_smoke_v1", "baselines/baseline_ml_bart_authority_smoke_v1")
    );
    await poll(() => chart.locator("svg").count()).toBeGreaterThan(0);
    // Both runs' intermediates record reduce_input_chars: recorded, with the share over each reduce bar.
    expect(await sources()).toEqual([
      ["baselines/baseline_ml_prod_authority_smoke_v1", "recorded"],
      ["baselines/baseline_ml_bart_authority_smoke_v1", "recorded"]
    ]);
    expect(await chart.locator("g.rc-reduce-share text").evaluateAll((ts) => ts.map((t) => t.textContent))).toEqual(
      expect.arrayContaining(["99%", "101%"])
    );
    expect(await chart.innerText()).toMatch(/map 200 \(estimated\)/);
    await shot(chart, "chart-map-reduce-corpus");
    await expectClean(guarded);
  });

  it("HTML in outputs is shown as text and never runs", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    await openReady(page, site.served.url + view(FATTER, "runs/html_payload_v1"));
    for (const [episode, payload] of [
      ["p01_e01", "<script>window.__pwned=1</script>"],
      ["p02_e01", '<img src=x onerror="window.__pwned=1">'],
      ["p03_e01", '<a href="javascript:window.__pwned=1">link</a>']
    ]) {
      await page.locator(`[data-episode="${episode}"] button`).first().click();
      const diff = page.locator(`[data-drilldown="${episode}"] [data-testid="episode-diff"]`);
      await diff.waitFor();
      expect(await diff.innerText()).toContain(payload);
      expect(selectionOf(page).episode).toBe(episode);
    }
    await page.waitForTimeout(300); // an <img onerror> would have fired by now
    expect(await page.evaluate(() => (window as unknown as {__pwned?: unknown}).__pwned)).toBeUndefined();
    expect(await page.locator('img[src="x"], a[href^="javascript:"], main script').count()).toBe(0);
    await expectClean(guarded);
  });

  it("a run on another dataset is not comparable: said once, no deltas, no episodes", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    const candidate = "runs/other_dataset/ner_style_v1";
    await openReady(page, site.served.url + view(FATTER, candidate));
    const expected = (await report(EVAL_DIR, FATTER, [candidate])).comparisons!;
    await expectVerdictsMatch(page, expected);
    expect(expected[0].verdict.label).toBe("not_comparable");
    const verdict = page.locator(`[data-verdict-label][data-candidate="${candidate}"]`);
    expect((await verdict.innerText()).match(/different datasets/gi)?.length).toBe(1);
    expect(await page.locator(`[data-delta][data-candidate="${candidate}"]`).count()).toBe(0);
    expect(await page.locator("[data-episode]").count()).toBe(0);
    await expectClean(guarded);
  });

  it("changed inputs: the verdict says so and lists each episode's two inputs with their sizes", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    const candidate = "runs/mr_raw_inputs_v1";
    await openReady(page, site.served.url + view(FATTER, candidate));
    const expected = (await report(EVAL_DIR, FATTER, [candidate])).comparisons!;
    await expectVerdictsMatch(page, expected);
    expect(expected[0].verdict.qualifiers).toContain("inputs_differ");
    const details = page.locator('[data-testid="inputs-differ"]');
    await details.locator("summary").click();
    const raw = readFileSync(join(EVAL_DIR, candidate, "predictions.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const text = await details.innerText();
    for (const row of raw) {
      expect(text).toContain(row.metadata.input_path);
      expect(text).toContain(row.metadata.input_length_chars.toLocaleString("en-US"));
    }
    await expectClean(guarded);
  });

  it("labels stay inside their box: chart texts and KPI card contents", async () => {
    const guarded = await guardedPage(site.browser, {width: 1024});
    const {page} = guarded;
    await openReady(page, site.served.url + view(FATTER, "runs/mr_starved_v3"));
    await page.locator('[data-chart="map-reduce"] svg').first().waitFor();
    const clipped = await page.locator("[data-chart] svg").evaluateAll((svgs) =>
      svgs.flatMap((svg) => {
        const box = svg.getBoundingClientRect();
        return [...svg.querySelectorAll("text")]
          .filter((t) => {
            const r = t.getBoundingClientRect();
            return r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1);
          })
          .map((t) => t.textContent ?? "");
      })
    );
    expect(clipped, "chart labels cut off").toEqual([]);
    const overflowing = await page.locator(".kpi-card").evaluateAll((cards) =>
      cards.flatMap((card) => {
        const box = card.getBoundingClientRect();
        return [...card.querySelectorAll("code, dd, dt, p")]
          .filter((el) => el.getBoundingClientRect().right > box.right + 1)
          .map((el) => (el.textContent ?? "").trim());
      })
    );
    expect(overflowing, "text overflowing its KPI card").toEqual([]);
    await expectClean(guarded);
  });
});
