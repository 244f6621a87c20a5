// The runs table and the page layout at 1024 and 1400 px, light and dark, on the real corpus and on a
// generated tree of 14 runs: nothing cut off, sticky header and run column, every column sorts in the
// order the report's numbers give, the baseline choice above the table, roles apart from kinds, and the
// selected runs pinned on top of a search.
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {expectClean, poll, screenshot, selectionOf} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report, type ReportRun} from "./sites.js";
import {synthSite, type SynthTree} from "./trees.js";

const WIDTHS = [1024, 1400] as const;
const SCHEMES = ["light", "dark"] as const;
type TreeName = "corpus" | "synth";

interface Site {
  served: Served;
  evalDir: string;
  /** The view the layout checks open: the corpus default, the generated tree with 12 runs selected. */
  query: string;
}

/** The table's rows, run ids per group (the pinned selected runs first, then the others). */
function groups(page: Page): Promise<string[][]> {
  return page.evaluate(() =>
    [...document.querySelectorAll(".runs-table tbody.runs-group")].map((body) =>
      [...body.querySelectorAll("tr[data-catalog-run]")].map((row) => row.getAttribute("data-catalog-run") ?? "")
    )
  );
}

const ROLE_RANK = {baseline: 0, candidate: 1} as const;
const KIND_RANK: Record<string, number> = {baseline: 2, reference: 3, run: 4};
const ARTIFACT_RANK: Record<string, number> = {malformed: 0, missing: 1, present: 2};

/** A sort key: the quality column's is the reference (or gold) and the value, sorted within the reference. */
type Key = number | string | [reference: string, value: number] | null;

/** The quality column's key: the reference or gold the run is scored against, and its score; null without one. */
function qualityKey(run: ReportRun): [reference: string, value: number] | null {
  const [reference, value] = run.ner
    ? [run.ner.reference, run.ner.entity_set?.f1]
    : [run.reference?.id, run.reference?.rougeL_f1];
  return reference && typeof value === "number" ? [reference, value] : null;
}

/** What a column holds for a run, from the report's JSON (not from the page). */
function reportValue(key: string, run: ReportRun, selected: string[], baseline: string | null): Key {
  if (key === "role")
    return selected.includes(run.id) ? ROLE_RANK[run.id === baseline ? "baseline" : "candidate"] : KIND_RANK[run.kind];
  if (key === "id") return run.id;
  if (key === "episodes") return run.episodes;
  if (key === "quality") return qualityKey(run);
  if (key === "dataset") return `${run.task ?? ""} ${run.dataset_id ?? ""}`;
  if (key === "problems") return run.problems.length * 1e6 + run.warnings.length;
  if (key.startsWith("artifact:")) {
    const state = run.artifacts[key.slice("artifact:".length) as keyof ReportRun["artifacts"]];
    return state ? ARTIFACT_RANK[state] : null;
  }
  if (key in run.kpis) return run.kpis[key as keyof ReportRun["kpis"]];
  throw new Error(`no report value for column ${key}`);
}

/**
 * Ordered in the direction asked, missing values (null) after every present one; (reference, value) keys by
 * reference ascending in both directions, by value in the direction asked within a reference.
 */
function expectOrdered(values: Key[], desc: boolean, what: string) {
  const present = values.filter((v) => v !== null);
  expect(values.slice(0, present.length), `${what}: missing values last`).toEqual(present);
  const inDirection = (order: number) => (desc ? -order : order);
  for (let i = 1; i < present.length; i++) {
    const [a, b] = [present[i - 1]!, present[i]!];
    const order =
      Array.isArray(a) && Array.isArray(b)
        ? a[0].localeCompare(b[0]) || inDirection(a[1] - b[1])
        : inDirection(typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b)));
    expect(order <= 0, `${what}: ${JSON.stringify(a)} before ${JSON.stringify(b)}`).toBe(true);
  }
}

/** Layout facts measured in the page: overflow, the scroll box, header labels, the baseline choice. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = document.querySelector(".runs-scroll") as HTMLElement;
    const container = box.parentElement!.getBoundingClientRect();
    const rect = box.getBoundingClientRect();
    const clipped = [...document.querySelectorAll(".runs-table th[data-sort-key]")].flatMap((th) => {
      const label = th.querySelector(".runs-sort") as HTMLElement;
      const [l, t] = [label.getBoundingClientRect(), th.getBoundingClientRect()];
      const fits =
        label.scrollWidth <= label.clientWidth &&
        label.scrollHeight <= label.clientHeight &&
        l.left >= t.left - 1 &&
        l.right <= t.right + 1;
      return fits ? [] : [`${th.getAttribute("data-sort-key")} (${label.scrollWidth} > ${label.clientWidth})`];
    });
    const select = document.querySelector('[data-testid="baseline-select"]') as HTMLElement;
    const selectRect = select.getBoundingClientRect();
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth,
      box: {width: rect.width, right: rect.right, container: container.width},
      clipped,
      selectBeforeTable: Boolean(select.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING),
      selectOnFirstScreen:
        scrollY === 0 && selectRect.top >= 0 && selectRect.bottom <= innerHeight && selectRect.width > 0
    };
  });
}

/** Scrolls the runs box down then right; returns where the header and the run id cell were and are. */
function scrollBox(page: Page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
    const box = document.querySelector(".runs-scroll") as HTMLElement;
    const header = box.querySelector('thead th[data-sort-key="id"]') as HTMLElement;
    const idCell = box.querySelector("tbody tr[data-catalog-run] td.run-id") as HTMLElement;
    box.scrollTo(0, 0);
    await frame();
    const boxTop = box.getBoundingClientRect().top + box.clientTop;
    const before = {header: header.getBoundingClientRect().top, id: idCell.getBoundingClientRect().left};
    box.scrollTo(0, 120);
    await frame();
    const down = {scrolled: box.scrollTop, header: header.getBoundingClientRect().top};
    box.scrollTo(0, 0);
    box.scrollLeft = 400;
    await frame();
    const right = {
      scrolled: box.scrollLeft,
      id: idCell.getBoundingClientRect().left,
      headerLeft: header.getBoundingClientRect().left
    };
    box.scrollTo(0, 0);
    return {boxTop, before, down, right, headerLeft: header.getBoundingClientRect().left};
  });
}

describe("runs table and page layout", () => {
  let browser: Browser;
  let synth: SynthTree;
  const sites = {} as Record<TreeName, Site>;

  beforeAll(async () => {
    report(EVAL_DIRS.corpus).catch(() => {});
    const [corpusDist, tree] = await Promise.all([builtSite("corpus"), synthSite(14, 100)]);
    synth = tree;
    const twelve = tree.comparable.slice(0, 12);
    sites.corpus = {served: await serveStatic(corpusDist), evalDir: EVAL_DIRS.corpus, query: ""};
    sites.synth = {
      served: await serveStatic(tree.dist),
      evalDir: tree.evalDir,
      query: `?runs=${twelve.join(",")}&baseline=${twelve[0]}`
    };
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    for (const site of Object.values(sites)) await site.served.close();
  });

  for (const tree of ["corpus", "synth"] as const) {
    for (const width of WIDTHS) {
      it(`${tree} at ${width} px, light and dark: nothing cut off, sticky header and ids, baseline first`, async () => {
        const site = sites[tree];
        const guarded = await guardedPage(browser, {width, colorScheme: "light"});
        const {page} = guarded;
        await openReady(page, site.served.url + site.query);
        if (tree === "synth") expect(selectionOf(page).runs).toHaveLength(12);
        for (const colorScheme of SCHEMES) {
          // The same page in the other scheme, as when the system theme changes: only colors may differ.
          await page.emulateMedia({colorScheme});
          await page.waitForTimeout(300); // charts settle (resize observers) before measuring
          expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(
            colorScheme === "dark"
          );
          console.log(`screenshot: ${await screenshot(page, `layout-${tree}-${width}-${colorScheme}`)}`);

          const m = await measure(page);
          const what = `${tree} ${width} ${colorScheme}`;
          expect(m.scrollWidth, `${what}: page wider than the window`).toBeLessThanOrEqual(m.innerWidth);
          expect(m.box.width, `${what}: runs scroll box wider than its container`).toBeLessThanOrEqual(
            m.box.container + 0.5
          );
          expect(m.box.right, what).toBeLessThanOrEqual(m.innerWidth);
          expect(m.clipped, `${what}: header labels clipped`).toEqual([]);
          expect(m.selectBeforeTable, `${what}: baseline select comes before the runs table`).toBe(true);
          expect(m.selectOnFirstScreen, `${what}: baseline select visible on the first screen`).toBe(true);

          const s = await scrollBox(page);
          expect(s.down.scrolled, `${what}: the runs box scrolls vertically`).toBeGreaterThan(0);
          expect(
            Math.abs(s.down.header - s.boxTop),
            `${what}: header row stays at the top of the box`
          ).toBeLessThanOrEqual(1);
          expect(s.right.scrolled, `${what}: the runs box scrolls horizontally`).toBeGreaterThan(0);
          expect(
            Math.abs(s.right.id - s.before.id),
            `${what}: run id cell stays put when scrolled right`
          ).toBeLessThanOrEqual(1);
          expect(
            Math.abs(s.right.headerLeft - s.headerLeft),
            `${what}: run id header stays put when scrolled right`
          ).toBeLessThanOrEqual(1);
        }
        await expectClean(guarded);
      });
    }

    it(`${tree}: every column sorts both ways, values ordered as the report gives them, missing last`, async () => {
      const site = sites[tree];
      const runs = new Map((await report(site.evalDir)).runs.map((run) => [run.id, run]));
      const guarded = await guardedPage(browser, {width: 1400});
      const {page} = guarded;
      await openReady(page, site.served.url);
      const {runs: selected, baseline} = selectionOf(page);
      const keys = await page
        .locator(".runs-table th[data-sort-key]")
        .evaluateAll((ths) => ths.map((th) => th.getAttribute("data-sort-key")!));
      expect(keys).toEqual(
        expect.arrayContaining(["role", "id", "success_rate", "avg_latency_s", "quality", "episodes"])
      );
      for (const key of keys) {
        for (const [click, desc] of [
          [1, false],
          [2, true]
        ] as const) {
          await page.locator(`.runs-table th[data-sort-key="${key}"] button`).click();
          const [sorts, shown] = await Promise.all([
            page
              .locator(".runs-table th[data-sort-key]")
              .evaluateAll((ths) => ths.map((th) => th.getAttribute("aria-sort"))),
            groups(page)
          ]);
          expect(sorts, `${key}, click ${click}`).toEqual(
            keys.map((k) => (k === key ? (desc ? "descending" : "ascending") : "none"))
          );
          expect(shown.flat().sort()).toEqual([...runs.keys()].sort());
          for (const ids of shown)
            expectOrdered(
              ids.map((id) => reportValue(key, runs.get(id)!, selected, baseline)),
              desc,
              `${tree} ${key} ${desc ? "desc" : "asc"}`
            );
        }
      }
      // The latency column has a missing value in the corpus (the gold reference): it sorts last both ways.
      if (tree === "corpus") expect([...runs.values()].some((run) => run.kpis.avg_latency_s === null)).toBe(true);
      // The corpus scores quality against three silver references and a gold: each sorts apart.
      const references = new Set([...runs.values()].flatMap((run) => qualityKey(run)?.[0] ?? []));
      if (tree === "corpus") expect(references.size, [...references].join(", ")).toBeGreaterThanOrEqual(4);
      await expectClean(guarded);
    });
  }

  it("synth at 1024 px: roles apart from kinds; a search keeps selected runs pinned, the count says so", async () => {
    const site = sites.synth;
    const [asBaseline, asCandidate] = [
      synth.comparable.find((id) => id.startsWith("runs/"))!,
      synth.comparable.find((id) => id.startsWith("baselines/"))!
    ];
    const guarded = await guardedPage(browser, {width: 1024});
    const {page} = guarded;
    await openReady(page, `${site.served.url}?runs=${asBaseline},${asCandidate}&baseline=${asBaseline}`);
    const row = (id: string) => page.locator(`.runs-table tr[data-catalog-run="${id}"]`);
    // A run of kind "run" as the baseline, a promoted baseline as
    // the candidate: badge and kind tag disagree, as they should.
    expect(await row(asBaseline).locator(".role-badge").innerText()).toBe("baseline");
    expect(await row(asBaseline).locator(".kind-tag").innerText()).toBe("run");
    expect(await row(asCandidate).locator(".role-badge").innerText()).toBe("candidate");
    expect(await row(asCandidate).locator(".kind-tag").innerText()).toBe("baseline");
    const unselected = synth.runIds.filter((id) => id !== asBaseline && id !== asCandidate);
    for (const id of unselected) expect(await row(id).locator(".role-badge").count(), id).toBe(0);
    // The badge is drawn in the run's color (its KPI card's); the kind tag is not.
    for (const id of [asBaseline, asCandidate]) {
      const runColor = await page
        .locator(`[data-kpi-card="${id}"]`)
        .evaluate((card) => getComputedStyle(card).borderTopColor);
      expect(
        await row(id)
          .locator(".role-badge")
          .evaluate((badge) => getComputedStyle(badge).borderTopColor),
        id
      ).toBe(runColor);
      expect(
        await row(id)
          .locator(".kind-tag")
          .evaluate((tag) => getComputedStyle(tag).borderTopColor),
        id
      ).not.toBe(runColor);
    }

    // A search that matches neither selected run, from the ids on disk.
    const needle = "fatter_map";
    const matching = unselected.filter((id) => id.includes(needle));
    expect(matching.length).toBeGreaterThan(0);
    expect([asBaseline, asCandidate].some((id) => id.includes(needle))).toBe(false);
    await page.getByRole("searchbox", {name: "search runs"}).fill(needle);
    await poll(async () => (await groups(page)).map((ids, i) => (i ? [...ids].sort() : ids))).toEqual([
      [asBaseline, asCandidate],
      [...matching].sort()
    ]);
    for (const id of [asBaseline, asCandidate]) expect(await row(id).isVisible(), `${id} visible`).toBe(true);
    const count = await page.locator(".runs-count").innerText();
    expect(count).toContain(`Showing ${2 + matching.length} of ${synth.runIds.length} runs`);
    expect(count).toContain(`search “${needle}”`);
    expect(count).toContain("2 selected shown above, 2 of them outside the filter");
    await screenshot(page, "layout-synth-1024-light-search");
    await expectClean(guarded);
  });

  it("synth at 1024 px: a search and a sort survive ticking a run the search found", async () => {
    const [first, second] = [synth.comparable[0], synth.comparable[1]];
    const needle = "fatter_map";
    const matching = synth.runIds.filter((id) => id.includes(needle));
    expect(matching).toHaveLength(2);
    const guarded = await guardedPage(browser, {width: 1024});
    const {page} = guarded;
    await openReady(page, `${sites.synth.served.url}?runs=${first},${second}&baseline=${first}`);
    const search = page.getByRole("searchbox", {name: "search runs"});
    const latency = page.locator('.runs-table th[data-sort-key="avg_latency_s"]');
    await latency.locator("button").click();
    await search.fill(needle);
    await poll(async () => (await groups(page))[1]?.slice().sort()).toEqual([...matching].sort());
    // Adding the runs one finds is what the search is for: the table must not forget it after each tick.
    await page.locator(`.runs-table [data-catalog-run="${matching[0]}"] input[type=checkbox]`).click();
    await poll(() => selectionOf(page).runs).toEqual([first, second, matching[0]]);
    await poll(() => page.locator(`.runs-table [data-catalog-run="${matching[0]}"] .role-badge`).count()).toBe(1);
    expect(await search.inputValue(), "the search box keeps its text").toBe(needle);
    expect(await page.locator(".runs-count").innerText()).toContain(`search “${needle}”`);
    expect(await latency.getAttribute("aria-sort"), "the sort is kept").toBe("ascending");
    expect((await groups(page))[1], "other runs still filtered by the search").toEqual([matching[1]]);
    await expectClean(guarded);
  });
});
