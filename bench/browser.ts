// Headless Chromium against a built site served under a sub-path: time to body[data-ready], bytes before ready,
// baseline switch and drill-down latency; and the same load of a trivial page, as the baseline.
import {mkdirSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {serveStatic, type Served} from "../tests/e2e/serve.js";
import {median} from "./stats.js";

export const PREFIX = "/team/evals/";
/** Far above every budget: a page not ready by then counts as a failed load (with its page errors). */
const READY_TIMEOUT_MS = 30_000;
/** A run's text shard: `_file/data/runs/<hash>-<i>.json` (tables are .arrow, details plain .json). */
const TEXT_SHARD = /\/_file\/data\/runs\/[0-9a-f]+-\d+\.json$/;
/** The page's window once PROBE has run; `readyAt` stays null until body[data-ready] turns "true". */
export type Probed = Window & {__bench: {readyAt: number | null; lastMutation: number}};

// Installed before any page script: notes when body[data-ready] turns "true" and when the DOM last changed.
// The __name shim: tsx (esbuild keepNames) wraps named functions inside page.evaluate callbacks with __name().
const PROBE = `(() => {
  window.__name = window.__name || ((fn) => fn);
  const bench = (window.__bench = {readyAt: null, lastMutation: 0});
  new MutationObserver(() => {
    const now = performance.now();
    bench.lastMutation = now;
    if (bench.readyAt === null && document.body && document.body.dataset.ready === "true") bench.readyAt = now;
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();`;

export interface LoadSample {
  /** performance.now() at body[data-ready]: ms since navigation start, measured in the page. */
  readyMs: number;
  /** Last DOM change before 500 ms of quiet: when every cell (charts included) has rendered. */
  settledMs: number;
  /** Node-side wall clock from goto() to seeing the selector (includes the driver's round trips). */
  wallMs: number;
  bytesBeforeReady: number;
  requestsBeforeReady: number;
  textShardsBeforeReady: string[];
  /** Milestones in ms since navigation start (resource timing): where the load time goes. */
  phases: Record<string, number>;
  errors: string[];
}

export interface InteractionSample {
  /** Until the DOM shows the change. */
  domMs: number | null;
  /** Until the frame after that (includes style, layout and paint). */
  frameMs: number | null;
  /** Baseline switch only: until the DOM stops changing (500 ms quiet), charts included. */
  settledMs?: number | null;
  detail?: string;
}

export async function writeTrivialSite(dir: string): Promise<string> {
  mkdirSync(dir, {recursive: true});
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>trivial</title>` +
      `<link rel="icon" href="data:,"></head>` +
      `<body><p>trivial page</p><script>document.body.dataset.ready = "true";</script></body></html>\n`
  );
  return dir;
}

export async function freshPage(browser: Browser): Promise<{page: Page; errors: string[]; close: () => Promise<void>}> {
  const context = await browser.newContext({viewport: {width: 1400, height: 1000}});
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("console", (message) => message.type() === "error" && errors.push(`console: ${message.text()}`));
  await page.addInitScript(PROBE);
  return {page, errors, close: () => context.close()};
}

export async function loadReady(page: Page, served: Served, url: string, errors: string[]): Promise<LoadSample> {
  served.requests.length = 0;
  const start = Date.now();
  await page.goto(url, {waitUntil: "commit"});
  await page.waitForSelector("body[data-ready='true']", {timeout: READY_TIMEOUT_MS});
  const wallMs = Date.now() - start;
  await page.waitForFunction(() => performance.now() - (window as unknown as Probed).__bench.lastMutation > 500, null, {
    timeout: 120_000,
    polling: 100
  });
  const probe = await page.evaluate(
    () => (window as unknown as Probed).__bench as {readyAt: number; lastMutation: number}
  );
  // "Before ready" is judged in the page by resource start times: the server's log also holds requests
  // made in the moment between the page turning ready and Playwright noticing (the idle prefetch).
  const startedBefore = await page.evaluate(
    (readyAt) =>
      (performance.getEntriesByType("resource") as PerformanceResourceTiming[])
        .filter((r) => r.startTime < readyAt)
        .map((r) => new URL(r.name).pathname),
    probe.readyAt
  );
  const before = served.requests.filter((r) => startedBefore.includes(r.path));
  const phases = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
    const code = resources.filter((r) => /\.(js|css)$/.test(new URL(r.name).pathname));
    const numbers = resources.filter((r) =>
      /\/_file\/data\/(catalog\.[^/]+\.json|runs\/[0-9a-f]+\.(arrow|json))$/.test(r.name)
    );
    const out: Record<string, number> = {};
    if (nav) Object.assign(out, {html_loaded: nav.responseEnd, dom_content_loaded: nav.domContentLoadedEventEnd});
    if (code.length) out.js_css_loaded = Math.max(...code.map((r) => r.responseEnd));
    if (numbers.length)
      Object.assign(out, {
        numbers_fetch_start: Math.min(...numbers.map((r) => r.startTime)),
        numbers_loaded: Math.max(...numbers.map((r) => r.responseEnd))
      });
    return out;
  });
  return {
    readyMs: probe.readyAt,
    settledMs: Math.max(probe.readyAt, probe.lastMutation),
    wallMs,
    bytesBeforeReady: before.reduce((sum, r) => sum + r.bytes, 0),
    requestsBeforeReady: before.length,
    textShardsBeforeReady: before.filter((r) => TEXT_SHARD.test(r.path)).map((r) => r.path),
    phases: {...phases, ready: probe.readyAt, settled: Math.max(probe.readyAt, probe.lastMutation)},
    errors: [...errors]
  };
}

/** Clicks an episode button and waits for a new drill-down of that episode. */
export function openDrilldown(page: Page, index: number): Promise<InteractionSample> {
  return page.evaluate(
    (index) =>
      new Promise<InteractionSample>((resolve) => {
        const buttons = [...document.querySelectorAll<HTMLButtonElement>("[data-episode] button")];
        const button = buttons[Math.min(index, buttons.length - 1)];
        if (!button) return resolve({domMs: null, frameMs: null, detail: "no episode button"});
        const episode = button.closest<HTMLElement>("[data-episode]")!.dataset.episode!;
        // Any new drill-down of that episode: a failed or missing episode shows its error or a note, not a diff.
        const old = new Set(document.querySelectorAll("[data-drilldown]"));
        const found = () =>
          [...document.querySelectorAll<HTMLElement>("[data-drilldown]")].some(
            (el) => !old.has(el) && el.dataset.drilldown === episode
          );
        let start = 0;
        const observer = new MutationObserver(() => {
          if (!found()) return;
          const dom = performance.now() - start;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() =>
            setTimeout(() => resolve({domMs: dom, frameMs: performance.now() - start, detail: episode}))
          );
        });
        const timer = setTimeout(
          () => (observer.disconnect(), resolve({domMs: null, frameMs: null, detail: `timeout on ${episode}`})),
          30_000
        );
        observer.observe(document.body, {subtree: true, childList: true});
        start = performance.now();
        button.click();
      }),
    index
  );
}

/** Picks the other run in the baseline select; waits until the delta cells name the old baseline as candidate. */
export function switchBaseline(page: Page): Promise<InteractionSample> {
  return page.evaluate(
    () =>
      new Promise<InteractionSample>((resolve) => {
        const select = document.querySelector<HTMLSelectElement>('[data-testid="baseline-select"]');
        const old = select?.value;
        const next = select ? [...select.options].map((o) => o.value).find((v) => v !== old) : undefined;
        if (!select || !old || !next)
          return resolve({domMs: null, frameMs: null, settledMs: null, detail: "fewer than two runs selected"});
        const cells = (candidate: string) =>
          document.querySelectorAll(`[data-delta][data-candidate="${CSS.escape(candidate)}"]`).length;
        let start = 0;
        let dom: number | null = null;
        let frame: number | null = null;
        let last = 0;
        const observer = new MutationObserver(() => {
          last = performance.now();
          if (dom === null && cells(old) > 0 && cells(next) === 0) {
            dom = last - start;
            requestAnimationFrame(() => setTimeout(() => (frame = performance.now() - start)));
          }
        });
        observer.observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
        const poll = setInterval(() => {
          const now = performance.now();
          if ((frame !== null && now - last > 500) || now - start > 60_000) {
            clearInterval(poll);
            observer.disconnect();
            resolve({domMs: dom, frameMs: frame, settledMs: last - start, detail: `${old} -> ${next}`});
          }
        }, 50);
        start = performance.now();
        last = start;
        select.value = next;
        select.dispatchEvent(new Event("input", {bubbles: true}));
        select.dispatchEvent(new Event("change", {bubbles: true}));
      })
  );
}

/** Ticks the first unselected run in the runs table; waits until delta cells for it appear. */
export function addRun(page: Page): Promise<InteractionSample> {
  return page.evaluate(
    () =>
      new Promise<InteractionSample>((resolve) => {
        const box = [...document.querySelectorAll<HTMLInputElement>("[data-catalog-run] input[type=checkbox]")].find(
          (input) => !input.checked
        );
        const id = box?.closest<HTMLElement>("[data-catalog-run]")?.dataset.catalogRun;
        if (!box || !id) return resolve({domMs: null, frameMs: null, detail: "no unselected run"});
        const cells = () =>
          document.querySelectorAll(
            `[data-delta][data-candidate="${CSS.escape(id)}"], [data-verdict-label][data-candidate="${CSS.escape(id)}"]`
          ).length;
        let start = 0;
        const observer = new MutationObserver(() => {
          if (!cells()) return;
          const dom = performance.now() - start;
          observer.disconnect();
          clearTimeout(timer);
          requestAnimationFrame(() =>
            setTimeout(() => resolve({domMs: dom, frameMs: performance.now() - start, detail: id}))
          );
        });
        const timer = setTimeout(
          () => (observer.disconnect(), resolve({domMs: null, frameMs: null, detail: `timeout adding ${id}`})),
          30_000
        );
        observer.observe(document.body, {subtree: true, childList: true, attributes: true});
        start = performance.now();
        box.click();
      })
  );
}

export interface PageResults {
  loads: LoadSample[];
  drilldown: InteractionSample[];
  drilldownCached: InteractionSample[];
  baselineSwitch: InteractionSample[];
  addRun: InteractionSample[];
  /** Loads that failed (timeout, crash), with the page errors seen. */
  failures: string[];
}

/** One warm-up load, then `loads` fresh loads (new context: empty cache), each followed by the interactions. */
/** `query` opens a fixed selection (the same runs in trees of different sizes). */
export async function measureSite(
  browser: Browser,
  root: string,
  loads: number,
  interact: boolean,
  query = ""
): Promise<PageResults> {
  const served = await serveStatic(root, PREFIX);
  const results: PageResults = {
    loads: [],
    drilldown: [],
    drilldownCached: [],
    baselineSwitch: [],
    addRun: [],
    failures: []
  };
  try {
    for (let i = 0; i <= loads; i++) {
      const {page, errors, close} = await freshPage(browser);
      try {
        const load = await loadReady(page, served, served.url + query, errors);
        if (i === 0) continue; // warm-up
        results.loads.push(load);
        if (!interact) continue;
        results.drilldown.push(await openDrilldown(page, 0));
        await page.waitForTimeout(300);
        results.drilldownCached.push(await openDrilldown(page, 0)); // same episode again: its text shards are cached
        await page.waitForTimeout(300);
        results.baselineSwitch.push(await switchBaseline(page));
        await page.waitForTimeout(300);
        results.addRun.push(await addRun(page));
        load.errors = [...errors];
      } catch (error) {
        const seen = [...new Set(errors.map((e) => e.split("\n")[0]))].slice(0, 3).join(" / ");
        results.failures.push(`load ${i}: ${(error as Error).message.split("\n")[0]}${seen ? `; page: ${seen}` : ""}`);
        // A broken page: do not wait 30 s five more times.
        if (results.failures.length >= 2 && results.loads.length === 0) break;
      } finally {
        await close();
      }
    }
  } finally {
    await served.close();
  }
  return results;
}

export const med = (values: (number | null | undefined)[]) =>
  median(values.filter((v): v is number => typeof v === "number"));
