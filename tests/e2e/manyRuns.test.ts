// Many runs at once, on a generated tree of 14 comparable runs (one dataset, one task, 100 episodes):
// the overview and the delta matrix against the report, one distinct color per run, what the page fetches
// (the catalog, then only the selected runs' files), Back/Forward, the copied link and an unknown run id.
import {readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {expectClean, expectDeltasMatch, poll, screenshot, selectionOf} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {report, type ReportComparison} from "./sites.js";
import {synthSite, type SynthTree} from "./trees.js";

interface CatalogRun {
  id: string;
  dataset_id: string;
  files: {table: string; details: string; texts: string; shards: number};
}

/** The run files a request list holds (names under _file/data/runs/), sorted. */
function runFilesIn(requests: {path: string}[]): string[] {
  return requests.flatMap(({path}) => path.match(/\/_file\/data\/runs\/([^/]+)$/)?.[1] ?? []).sort();
}

/** A CSS color (hex or rgb()) as [r, g, b]. */
function rgb(color: string): number[] {
  const hex = color.match(/^#([0-9a-f]{6})$/i);
  if (hex) return [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16));
  const parts = color.match(/^rgba?\((\d+),\s*(\d+),\s*(\d+)/);
  if (!parts) throw new Error(`not a color: ${color}`);
  return parts.slice(1, 4).map(Number);
}

/** CIE76 distance between two sRGB colors (D65), computed here from the standard formulas. */
function deltaE(p: number[], q: number[]): number {
  const lab = (c: number[]) => {
    const [r, g, b] = c.map((v) => (v / 255 <= 0.04045 ? v / 255 / 12.92 : ((v / 255 + 0.055) / 1.055) ** 2.4));
    const xyz = [
      (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
      0.2126 * r + 0.7152 * g + 0.0722 * b,
      (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    ];
    const [fx, fy, fz] = xyz.map((t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116));
    return [116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)];
  };
  const [a, b] = [lab(p), lab(q)];
  return Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
}

const view = (runs: string[], baseline: string) => `?runs=${runs.join(",")}&baseline=${baseline}`;

async function pick(page: Page, id: string) {
  const before = selectionOf(page).runs;
  await page.locator(`.runs-table [data-catalog-run="${id}"] input[type=checkbox]`).click();
  await poll(() => selectionOf(page).runs).toEqual([...before, id]);
}

describe("many runs at once", () => {
  let browser: Browser;
  let served: Served;
  let tree: SynthTree & {dist: string};
  let catalog: Map<string, CatalogRun>;
  let A: string, B: string, C: string;

  beforeAll(async () => {
    tree = await synthSite(14, 100);
    expect(tree.comparable).toHaveLength(14);
    [A, B, C] = [tree.comparable[0], tree.comparable[5], tree.comparable[9]];
    for (const candidates of [[B], [B, C], tree.comparable.slice(1)])
      report(tree.evalDir, A, candidates).catch(() => {});
    const dataDir = join(tree.dist, "_file", "data");
    const file = readdirSync(dataDir).find((name) => /^catalog\.[^.]+\.json$/.test(name))!;
    catalog = new Map(
      (JSON.parse(readFileSync(join(dataDir, file), "utf8")).runs as CatalogRun[]).map((run) => [run.id, run])
    );
    served = await serveStatic(tree.dist);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("a third run brings the overview and the delta matrix (report verdicts); per-candidate tables fold", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view([A, B], A));
    expect(await page.locator('[data-testid="delta-matrix"]').count()).toBe(0);
    expect(await page.locator('[data-testid="run-overview"]').count()).toBe(0);
    await pick(page, C);
    await poll(() => page.locator('[data-testid="delta-matrix"]').isVisible(), 15_000).toBe(true);
    expect(await page.locator('[data-testid="run-overview"]').isVisible()).toBe(true);
    const expected = (await report(tree.evalDir, A, [B, C])).comparisons!;
    await expectMatrix(page, expected);

    // One collapsed table per candidate; a click opens it.
    const details = page.locator("details.delta-details");
    expect(await details.count()).toBe(2);
    expect(await details.evaluateAll((nodes) => nodes.map((node) => (node as HTMLDetailsElement).open))).toEqual([
      false,
      false
    ]);
    for (const c of expected)
      expect(await page.locator(`[data-delta][data-candidate="${c.candidate}"]`).first().isVisible()).toBe(false);
    await details.first().locator("summary").click();
    expect(await details.first().evaluate((node) => (node as HTMLDetailsElement).open)).toBe(true);
    expect(await details.first().locator("[data-delta]").first().isVisible()).toBe(true);
    await expectDeltasMatch(page, expected);
    await expectClean(guarded);
  });

  it("14 runs: the matrix matches the report for 13 candidates; each run has its own color, no measure's", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const all = tree.comparable;
    await openReady(page, served.url + view(all, A));
    expect(selectionOf(page).runs).toEqual(all);
    await expectMatrix(page, (await report(tree.evalDir, A, all.slice(1))).comparisons!);
    // The charts draw a frame after the page is ready.
    await poll(() => page.locator('[data-chart="latency"] [data-legend-run]').count()).toBe(all.length);

    const colors = await page.evaluate(() => {
      const fill = (node: Element | null) => (node ? getComputedStyle(node).fill : null);
      const byRun = (selector: string, attribute: string, read: (node: Element) => string | null) =>
        Object.fromEntries(
          [...document.querySelectorAll(selector)].map((node) => [node.getAttribute(attribute), read(node)])
        );
      return {
        cards: byRun("[data-kpi-card]", "data-kpi-card", (node) => getComputedStyle(node).borderTopColor),
        legend: byRun('[data-chart="latency"] [data-legend-run]', "data-legend-run", (node) =>
          fill(node.querySelector("circle"))
        ),
        overview: byRun("[data-overview-run]", "data-overview-run", (node) => getComputedStyle(node).fill),
        measures: [...document.querySelectorAll('.rc-legend[aria-label="measures"] rect')].map(
          (node) => getComputedStyle(node).fill
        )
      };
    });
    expect(Object.keys(colors.cards).sort()).toEqual([...all].sort());
    const cardColors = all.map((id) => colors.cards[id]);
    expect(new Set(cardColors).size, `KPI card colors: ${cardColors.join(" ")}`).toBe(all.length);
    // The same color for a run everywhere: the chart legend and the overview dots.
    expect(colors.legend).toEqual(colors.cards);
    for (const [id, color] of Object.entries(colors.overview)) expect(color, id).toBe(colors.cards[id]);
    expect(Object.keys(colors.overview).length).toBeGreaterThan(0);
    // Map/reduce measures are drawn in colors no run has.
    expect(colors.measures).toHaveLength(3);
    for (const measure of colors.measures) expect(cardColors, `measure color ${measure}`).not.toContain(measure);
    const distances = cardColors.flatMap((p, i) => cardColors.slice(i + 1).map((q) => deltaE(rgb(p), rgb(q))));
    const closest = Math.min(...distances);
    const fromMeasures = Math.min(...cardColors.flatMap((p) => colors.measures.map((q) => deltaE(rgb(p), rgb(q)))));
    console.log(
      `14 run colors: closest pair ΔE ${closest.toFixed(1)}, closest to a measure gray ΔE ${fromMeasures.toFixed(1)}`
    );
    expect(closest, "two runs' colors are hard to tell apart").toBeGreaterThan(10);
    await screenshot(page, "manyRuns-14-1400-light");
    await expectClean(guarded);
  });

  it("fetches the catalog and only the selected runs' files: 2 runs, the third, then an episode's shards", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const [a, b, c] = [A, B, C].map((id) => catalog.get(id)!);
    const mark = served.requests.length;
    await openReady(page, served.url + view([A, B], A));
    const beforeReady = served.requests.slice(mark);
    expect(beforeReady.filter(({path}) => /\/_file\/data\/catalog\.[^/]+\.json$/.test(path))).toHaveLength(1);
    expect(runFilesIn(beforeReady), "run files fetched before ready").toEqual(
      [a.files.table, a.files.details, b.files.table, b.files.details].sort()
    );

    const third = served.requests.length;
    await pick(page, C);
    await poll(() => page.locator(`[data-delta][data-candidate="${C}"]`).count(), 15_000).toBeGreaterThan(0);
    expect(runFilesIn(served.requests.slice(third)), "run files fetched on adding a third run").toEqual(
      [c.files.table, c.files.details].sort()
    );

    // The focus stays on the first candidate (B): its drill-down shows A and B, and the reference B is scored against.
    const comparison = (await report(tree.evalDir, A, [B, C])).comparisons!.find((x) => x.candidate === B)!;
    const referenceId = comparison.deltas.find((d) => d.reference)?.reference;
    expect(referenceId).toBe(tree.reference);
    const episode = comparison.episodes[0].episode_id;
    const opened = served.requests.length;
    await page.locator(`[data-episode="${episode}"] button.episode-open`).click();
    await poll(() => page.locator(`[data-drilldown="${episode}"]`).count(), 15_000).toBe(1);
    await page.waitForTimeout(500); // anything fetched on idle after the drill-down shows too
    const holding = (run: CatalogRun) => {
      // The shard whose file holds the episode, read from the built files (not computed the page's way).
      const key = `${run.dataset_id}\u0000${episode}`;
      const names = Array.from({length: run.files.shards}, (_, i) => `${run.files.texts}-${i}.json`);
      const found = names.filter(
        (name) => key in JSON.parse(readFileSync(join(tree.dist, "_file", "data", "runs", name), "utf8"))
      );
      expect(found, `${run.id}: shards holding ${episode}`).toHaveLength(1);
      return found[0];
    };
    expect(catalog.get(A)!.files.shards, "the runs have several shards, so the choice of shard shows").toBeGreaterThan(
      1
    );
    const shown = [a, b, catalog.get(referenceId!)!].map(holding).sort();
    expect(runFilesIn(served.requests.slice(opened)), `text shards fetched on opening ${episode}`).toEqual(shown);
    await expectClean(guarded);
  });

  it("Back and Forward restore selection and deltas; Copy link copies the URL; an unknown run is named", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view([A, B], A));
    const two = (await report(tree.evalDir, A, [B])).comparisons!;
    const three = (await report(tree.evalDir, A, [B, C])).comparisons!;
    await expectDeltasMatch(page, two);
    const twoUrl = page.url();
    await pick(page, C);
    await expectDeltasMatch(page, three);
    const threeUrl = page.url();

    await page.evaluate(() => history.back());
    await poll(() => page.url()).toBe(twoUrl);
    expect(selectionOf(page)).toMatchObject({runs: [A, B], baseline: A});
    await expectDeltasMatch(page, two);
    expect(await page.locator(`[data-catalog-run="${C}"] input[type=checkbox]`).isChecked()).toBe(false);

    await page.evaluate(() => history.forward());
    await poll(() => page.url()).toBe(threeUrl);
    expect(selectionOf(page)).toMatchObject({runs: [A, B, C], baseline: A});
    await expectDeltasMatch(page, three);

    await page.locator('[data-testid="copy-link"]').click();
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(threeUrl);
    await poll(() => page.locator(".copy-status").innerText()).toBe("Copied");

    const unknown = "runs/synth_no_such_run_v99";
    await openReady(page, served.url + view([A, unknown, B], A));
    const note = page.locator('[data-testid="unknown-runs"]');
    expect(await note.isVisible()).toBe(true);
    expect(await note.innerText()).toContain(unknown);
    for (const known of [A, B]) expect(await note.innerText()).not.toContain(known);
    expect(selectionOf(page)).toMatchObject({runs: [A, B], baseline: A});
    await expectDeltasMatch(page, two);
    await expectClean(guarded);
  });
});

/** Every matrix cell is a report delta with the report's verdict, for every candidate, and nothing else. */
async function expectMatrix(page: Page, comparisons: ReportComparison[]) {
  const key = (candidate: string, metric: string) => `${candidate} | ${metric}`;
  const expected = comparisons
    .filter((c) => c.comparable)
    .flatMap((c) => c.deltas.map((d) => [key(c.candidate, d.metric), d.verdict]));
  expect(comparisons.every((c) => c.comparable)).toBe(true);
  const read = () =>
    page
      .locator("[data-testid='delta-matrix'] td[data-matrix-metric]")
      .evaluateAll((cells) =>
        cells.map((cell) => [
          `${cell.getAttribute("data-matrix-candidate")} | ${cell.getAttribute("data-matrix-metric")}`,
          cell.getAttribute("data-verdict")
        ])
      );
  await poll(async () => (await read()).map(([k]) => k).sort(), 15_000).toEqual(expected.map(([k]) => k).sort());
  expect(Object.fromEntries(await read())).toEqual(Object.fromEntries(expected));
  const heads = await page
    .locator("[data-testid='delta-matrix'] th[data-matrix-candidate]")
    .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-matrix-candidate")));
  expect(heads).toEqual(comparisons.map((c) => c.candidate));
}
