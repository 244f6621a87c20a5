// WCAG 2.1 A and AA on the fixtures build. axe-core (from node_modules, injected into the page: no CDN) runs the
// wcag2a, wcag2aa, wcag21a and wcag21aa rules in both colour schemes at 1024 and 1400 px, on the default pair, with
// an episode open and with three runs (the overview and the delta matrix); any violation fails, named with its
// impact and targets. Then what axe cannot see: the charts as named images, the page from the keyboard alone (every
// stop with a visible focus ring, a run ticked and an episode opened with Enter), and 200% zoom.
import {readFileSync} from "node:fs";
import {createRequire} from "node:module";
import type {Page} from "playwright-core";
import type {RunOptions} from "axe-core";
import {describe, expect, it} from "vitest";
import {guardedPage, openReady} from "./browser.js";
import {expectClean, poll, screenshot, selectionOf} from "./dom.js";
import type {Served} from "./serve.js";
import {servedSite} from "./sites.js";

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const AXE_OPTIONS: RunOptions = {
  runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
  resultTypes: ["violations"]
};

// Three comparable runs on the same five episodes: the baseline, a starved candidate, a partial one.
const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const PARTIAL = "runs/mr_fast_partial_v1";
const EPISODE = "p01_e01";
const view = (...runs: string[]) => `?runs=${runs.join(",")}&baseline=${runs[0]}`;

interface State {
  name: string;
  query: string;
  /** Drawn last (after the page says it is ready): wait for it before checking. */
  ready: string;
}

const STATES: State[] = [
  {name: "default pair", query: view(FATTER, STARVED), ready: '[data-chart="quality"] svg[role="img"]'},
  {
    name: "an episode open",
    query: `${view(FATTER, STARVED)}&episode=${EPISODE}`,
    ready: `[data-drilldown="${EPISODE}"] [data-testid="episode-diff"]`
  },
  {
    name: "three runs",
    query: view(FATTER, STARVED, PARTIAL),
    ready: '[data-testid="run-overview"] svg[role="img"]'
  }
];
const SCHEMES = ["light", "dark"] as const;
const WIDTHS = [1024, 1400] as const;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** axe-core's WCAG 2.1 A and AA rules on the page as it is; the violations, and how many rules passed. */
async function axe(page: Page): Promise<{violations: Violation[]; passed: number}> {
  await page.addScriptTag({content: AXE_SOURCE});
  return page.evaluate(async (options) => {
    const results = await (window as unknown as {axe: typeof import("axe-core")}).axe.run(document, options);
    return {
      passed: results.passes.length,
      violations: results.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((node) => node.target.join(" "))
      }))
    };
  }, AXE_OPTIONS);
}

/** One line per violated rule: its id, impact and what it asks, then every element it fails on. */
const described = (violations: Violation[]) =>
  violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n${v.targets.map((t) => `      ${t}`).join("\n")}`);

async function open(page: Page, served: Served, state: State) {
  await openReady(page, served.url + state.query);
  await page.locator(state.ready).first().waitFor({timeout: 15_000});
}

/** The focused element and its focus ring: outline style and width, and its contrast against the page. */
function focused(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const canvas = document.createElement("canvas");
    canvas.width = canvas.height = 1;
    const context = canvas.getContext("2d", {willReadFrequently: true})!;
    // Any CSS colour (the dark theme's focus colour is oklch) as sRGB, through a pixel.
    const rgb = (color: string) => {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      return [...context.getImageData(0, 0, 1, 1).data].slice(0, 3).map((v) => v / 255);
    };
    const luminance = (color: string) => {
      const [r, g, b] = rgb(color).map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    // The surface the ring is drawn on, around the element: the first opaque background above it (a card, the page).
    let surface = "white";
    for (let e = element.parentElement; e; e = e.parentElement) {
      const color = getComputedStyle(e).backgroundColor;
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = color;
      context.fillRect(0, 0, 1, 1);
      if (context.getImageData(0, 0, 1, 1).data[3] === 255) {
        surface = color;
        break;
      }
    }
    const style = getComputedStyle(element);
    const [a, b] = [luminance(style.outlineColor), luminance(surface)];
    const box = element.getBoundingClientRect();
    const tag = element.tagName.toLowerCase();
    const label = element.getAttribute("aria-label") ?? element.textContent?.trim().slice(0, 30) ?? "";
    return {
      what: `${tag}${element.className ? `.${String(element.className).split(" ")[0]}` : ""} "${label}"`,
      outline: style.outlineStyle,
      width: Number.parseFloat(style.outlineWidth),
      contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
      shown: box.width > 0 && box.height > 0
    };
  });
}

type Stop = NonNullable<Awaited<ReturnType<typeof focused>>>;

/** Waits until the focus is on `selector` (after any re-render has settled it there); the focused element. */
async function focusOn(page: Page, selector: string): Promise<Stop> {
  let stop: Stop | null = null;
  await poll(async () => {
    const on = await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector);
    stop = on ? await focused(page) : null;
    return stop !== null;
  }).toBe(true);
  return stop!;
}

/** Presses Tab until the focused element matches `selector`; every stop on the way is returned. */
async function tabTo(page: Page, selector: string, limit = 600): Promise<Stop[]> {
  const stops: Stop[] = [];
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const stop = await focused(page);
    if (stop) stops.push(stop);
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return stops;
  }
  throw new Error(`${selector} not reached in ${limit} presses of Tab`);
}

/** A ring a keyboard user can see: an outline at least 2 px wide, at least 3:1 against the page. */
const unseen = (stops: Stop[]) =>
  stops
    .filter((s) => !s.shown || s.outline === "none" || s.width < 2 || s.contrast < 3)
    .map((s) => `${s.what}: ${s.outline} ${s.width}px, ${s.contrast.toFixed(2)}:1${s.shown ? "" : ", not shown"}`);

describe("accessibility (WCAG 2.1 AA)", () => {
  const site = servedSite("fixtures");

  it("follows the system's colour scheme: a light and a dark theme, each with its own colours", async () => {
    const themes = [];
    for (const colorScheme of SCHEMES) {
      const guarded = await guardedPage(site.browser, {colorScheme});
      await open(guarded.page, site.served, STATES[0]);
      themes.push(
        await guarded.page.evaluate(() => {
          const context = document.createElement("canvas").getContext("2d", {willReadFrequently: true})!;
          // The relative luminance of a CSS colour, through a pixel.
          const luminance = (color: string) => {
            context.fillStyle = color;
            context.fillRect(0, 0, 1, 1);
            const [r, g, b] = [...context.getImageData(0, 0, 1, 1).data]
              .slice(0, 3)
              .map((v) => v / 255)
              .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          return {
            scheme: getComputedStyle(document.documentElement).colorScheme,
            background: luminance(getComputedStyle(document.documentElement).backgroundColor),
            text: luminance(getComputedStyle(document.body).color)
          };
        })
      );
      await expectClean(guarded);
    }
    expect(themes.map((t) => t.scheme)).toEqual(["light", "dark"]);
    // Dark text on a light page, light text on a dark one.
    const [light, dark] = themes;
    expect(light.background).toBeGreaterThan(0.8);
    expect(light.text).toBeLessThan(0.05);
    expect(dark.background).toBeLessThan(0.05);
    expect(dark.text).toBeGreaterThan(0.5);
  });

  for (const colorScheme of SCHEMES)
    for (const width of WIDTHS)
      for (const state of STATES)
        it(`axe finds no WCAG 2.1 A or AA violation: ${colorScheme}, ${width} px, ${state.name}`, async () => {
          const guarded = await guardedPage(site.browser, {colorScheme, width});
          const {page} = guarded;
          await open(page, site.served, state);
          if (state.name === "three runs") {
            expect(await page.locator('[data-testid="delta-matrix"]').count()).toBe(1);
            expect(await page.locator('[data-testid="run-overview"]').count()).toBe(1);
          }
          const {violations, passed} = await axe(page);
          expect(described(violations), `${colorScheme}, ${width} px, ${state.name}`).toEqual([]);
          expect(passed).toBeGreaterThan(20);
          await expectClean(guarded);
        });

  it("every chart is an image named by what it shows, with a description; its marks are hidden", async () => {
    const guarded = await guardedPage(site.browser);
    const {page} = guarded;
    await open(page, site.served, STATES[2]);
    await page.locator('[data-chart="quality"] svg[role="img"]').waitFor();
    const charts = await page
      .locator('[data-chart] svg:not(.rc-swatch), [data-testid="run-overview"] svg:not(.rc-swatch)')
      .evaluateAll((svgs) =>
        svgs.map((svg) => ({
          chart: svg.closest("[data-chart]")?.getAttribute("data-chart") ?? "overview",
          role: svg.getAttribute("role"),
          label: svg.getAttribute("aria-label") ?? "",
          description: svg.getAttribute("aria-description") ?? "",
          // Of the plot's groups, only its axes are left to assistive technology (inside an image, unread).
          unhidden: [...svg.querySelectorAll("g[aria-label]")]
            .filter((g) => !g.closest('[aria-hidden="true"]'))
            .map((g) => g.getAttribute("aria-label") ?? "")
            .filter((label) => !/^f?[xy]-(axis|grid)/.test(label))
        }))
      );
    // Tokens, latency, one map/reduce panel per run with map/reduce data, quality, the overview's latency panel.
    expect(charts.map((c) => c.chart).sort()).toEqual(
      ["latency", "map-reduce", "map-reduce", "overview", "quality", "tokens"].sort()
    );
    for (const chart of charts) {
      expect(chart, chart.chart).toMatchObject({role: "img", unhidden: []});
      expect(chart.label.length, chart.chart).toBeGreaterThan(20);
      expect(chart.description, chart.chart).toMatch(/As text: /);
    }
    await expectClean(guarded);
  });

  for (const colorScheme of SCHEMES)
    it(`keyboard only (${colorScheme}): a visible ring at each stop; Enter ticks a run, opens an episode`, async () => {
      const guarded = await guardedPage(site.browser, {colorScheme});
      const {page} = guarded;
      await open(page, site.served, STATES[0]);
      const box = `[data-catalog-run="${PARTIAL}"] input[type="checkbox"]`;
      const toRun = await tabTo(page, box);
      await page.keyboard.press("Enter");
      await poll(() => selectionOf(page).runs).toEqual([FATTER, STARVED, PARTIAL]);
      // The run moves up among the selected ones: the focus follows it to its checkbox, ticked, its ring visible.
      const ticked = await focusOn(page, `tbody.runs-group:first-of-type ${box}:checked`);

      const row = `[data-episode="${EPISODE}"] button.episode-open`;
      const toEpisode = await tabTo(page, row);
      await page.keyboard.press("Enter");
      await poll(() => selectionOf(page).episode).toBe(EPISODE);
      // Opening an episode moves the focus to its drill-down, which shows the ring too.
      const opened = await focusOn(page, `[data-drilldown="${EPISODE}"]`);
      expect(unseen([...toRun, ticked, ...toEpisode, opened])).toEqual([]);
      expect(toRun.length + toEpisode.length).toBeGreaterThan(20);
      await screenshot(page, `a11y-keyboard-${colorScheme}`);
      await expectClean(guarded);
    });

  it("at 200% zoom (a 1280 px window: 640 CSS px at scale 2) nothing is cut off or overlaps", async () => {
    for (const state of STATES) {
      const guarded = await guardedPage(site.browser, {width: 640, height: 400, deviceScaleFactor: 2});
      const {page} = guarded;
      await open(page, site.served, state);
      const measured = await page.evaluate(() => {
        const main = document.querySelector("#observablehq-main")!;
        // Inside a box that scrolls sideways on purpose (the runs table, the episode table): not cut off.
        const scrolls = (element: Element) => {
          for (let e = element.parentElement; e && e !== main; e = e.parentElement)
            if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return true;
          return false;
        };
        const outside = [...main.querySelectorAll("*")].flatMap((element) => {
          const box = element.getBoundingClientRect();
          if (!box.width || !box.height || (box.left >= -0.5 && box.right <= innerWidth + 0.5) || scrolls(element))
            return [];
          const name = `${element.tagName.toLowerCase()}.${element.getAttribute("class") ?? ""}`;
          return [`${name}: ${box.left}–${box.right}`];
        });
        const keys = [
          "h1",
          "h2",
          ".selection-top",
          "[data-runs-table]",
          "[data-verdict-label]",
          "[data-kpi-card]",
          "[data-testid='delta-matrix']",
          "[data-testid='run-overview']",
          "[data-chart]",
          "[data-testid='episode-table']",
          "[data-drilldown]"
        ].flatMap((selector) =>
          [...main.querySelectorAll(selector)].map((element) => {
            const box = element.getBoundingClientRect();
            return {selector, left: box.left, right: box.right, width: box.width};
          })
        );
        // A table squeezed to fit: a cell whose text spills out of it.
        const squeezed = [...main.querySelectorAll("td, th")]
          .filter((cell) => (cell as HTMLElement).innerText.trim() && cell.scrollWidth > cell.clientWidth + 1)
          .map((cell) => `${cell.closest("[class]")?.getAttribute("class")}: ${cell.textContent?.slice(0, 40)}`);
        // The page's blocks, top to bottom: none starts above the end of the one before.
        const blocks = [...main.children]
          .map((element) => ({element, box: element.getBoundingClientRect()}))
          .filter(({element, box}) => box.height > 0 && getComputedStyle(element).position !== "sticky");
        const overlaps = blocks
          .slice(1)
          .filter(({box}, i) => box.top < blocks[i].box.bottom - 1)
          .map(({element}) => element.outerHTML.slice(0, 80));
        return {scrollWidth: document.documentElement.scrollWidth, innerWidth, outside, squeezed, keys, overlaps};
      });
      expect(measured.innerWidth, state.name).toBe(640);
      expect(measured.scrollWidth, `${state.name}: the page scrolls sideways`).toBeLessThanOrEqual(640);
      expect(measured.outside, `${state.name}: outside the window`).toEqual([]);
      expect(measured.squeezed, `${state.name}: squeezed to nothing`).toEqual([]);
      expect(measured.overlaps, `${state.name}: blocks overlapping`).toEqual([]);
      const shown = new Set(measured.keys.map((k) => k.selector));
      for (const selector of ["h1", "h2", ".selection-top", "[data-verdict-label]", "[data-testid='episode-table']"])
        expect(shown.has(selector), `${state.name}: ${selector}`).toBe(true);
      for (const key of measured.keys)
        expect(key.left >= 0 && key.right <= 640 && key.width > 0, `${state.name}: ${key.selector} inside`).toBe(true);
      if (state.name === "three runs") await screenshot(page, "a11y-zoom-200");
      await expectClean(guarded);
    }
  });
});
