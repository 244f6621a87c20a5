// Reading the page's DOM contract (docs/rules.md, "The page's DOM contract") and checking it against the
// report command.
// Callbacks passed to the browser are inline arrows only: named helpers would not exist there.
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect} from "vitest";
import {errorCells, type GuardedPage} from "./browser.js";
import {SCREENSHOTS, type ReportComparison} from "./sites.js";

/** expect.poll with room for a busy machine: the page re-renders asynchronously after each interaction. */
export function poll<T>(fn: () => T | Promise<T>, timeout = 5_000) {
  return expect.poll(fn, {timeout, interval: 100});
}

export interface PageSelection {
  runs: string[];
  baseline: string | null;
  episode: string | null;
  focus: string | null;
  show: string | null;
  q: string | null;
}

export function selectionOf(page: Page): PageSelection {
  const params = new URL(page.url()).searchParams;
  return {
    runs: (params.get("runs") ?? "").split(",").filter(Boolean),
    baseline: params.get("baseline"),
    episode: params.get("episode"),
    focus: params.get("focus"),
    show: params.get("show"),
    q: params.get("q")
  };
}

export interface PageVerdict {
  candidate: string;
  label: string;
  qualifiers: string[];
  sentence: string;
}

/** Every verdict on the page: [data-verdict-label][data-candidate] with data-qualifiers, and its sentence. */
export function pageVerdicts(page: Page): Promise<PageVerdict[]> {
  return page.locator("[data-verdict-label][data-candidate]").evaluateAll((nodes) =>
    nodes.map((node) => ({
      candidate: node.getAttribute("data-candidate") ?? "",
      label: node.getAttribute("data-verdict-label") ?? "",
      qualifiers: (node.getAttribute("data-qualifiers") ?? "").split(" ").filter(Boolean),
      sentence: (node.querySelector(".verdict-sentence")?.textContent ?? "").replace(/\s+/g, " ").trim()
    }))
  );
}

/** Waits until the page shows the report's verdicts: the same label, qualifiers and sentence for each candidate. */
export async function expectVerdictsMatch(page: Page, comparisons: ReportComparison[]) {
  const key = (v: {candidate: string}) => v.candidate;
  await poll(async () => (await pageVerdicts(page)).map(key).sort(), 15_000).toEqual(comparisons.map(key).sort());
  const shown = new Map((await pageVerdicts(page)).map((v) => [v.candidate, v]));
  for (const c of comparisons) {
    const v = shown.get(c.candidate)!;
    expect({label: v.label, qualifiers: v.qualifiers, sentence: v.sentence}, c.candidate).toEqual({
      label: c.verdict.label,
      qualifiers: c.verdict.qualifiers,
      sentence: c.verdict.sentence.replace(/\s+/g, " ").trim()
    });
  }
}

export interface PageDelta {
  candidate: string;
  metric: string;
  value: string;
  verdict: string;
}

export function pageDeltas(page: Page): Promise<PageDelta[]> {
  return page.locator("[data-delta][data-candidate]").evaluateAll((cells) =>
    cells.map((cell) => ({
      candidate: cell.getAttribute("data-candidate") ?? "",
      metric: cell.getAttribute("data-delta") ?? "",
      value: cell.getAttribute("data-value") ?? "",
      verdict: cell.getAttribute("data-verdict") ?? ""
    }))
  );
}

/** Waits until the page shows exactly the delta cells of `comparisons`, then checks values (1e-9) and verdicts. */
export async function expectDeltasMatch(page: Page, comparisons: ReportComparison[]) {
  const expected = comparisons.filter((c) => c.comparable).flatMap((c) => c.deltas.map((d) => ({c, d})));
  const key = (candidate: string, metric: string) => `${candidate} ${metric}`;
  await poll(async () => (await pageDeltas(page)).map((d) => key(d.candidate, d.metric)).sort(), 15_000).toEqual(
    expected.map(({c, d}) => key(c.candidate, d.metric)).sort()
  );
  const shown = new Map((await pageDeltas(page)).map((d) => [key(d.candidate, d.metric), d]));
  expect(expected.length).toBeGreaterThan(0);
  for (const {c, d} of expected) {
    const cell = shown.get(key(c.candidate, d.metric))!;
    expect(cell.verdict, key(c.candidate, d.metric)).toBe(d.verdict);
    if (d.delta === null) expect(cell.value, key(c.candidate, d.metric)).toBe("");
    else
      expect(
        Math.abs(Number(cell.value) - d.delta),
        `${key(c.candidate, d.metric)}: ${cell.value} vs ${d.delta}`
      ).toBeLessThanOrEqual(1e-9);
  }
}

export interface PageEpisode {
  id: string;
  regressed: boolean;
  classes: string[];
  text: string;
}

export function episodeRows(page: Page): Promise<PageEpisode[]> {
  return page.locator("[data-episode]").evaluateAll((rows) =>
    rows.map((row) => ({
      id: row.getAttribute("data-episode") ?? "",
      regressed: row.getAttribute("data-regressed") === "true",
      classes: [...row.classList],
      text: (row.textContent ?? "").replace(/\s+/g, " ").trim()
    }))
  );
}

export function episodeIds(page: Page): Promise<string[]> {
  return page
    .locator("[data-episode]")
    .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-episode") ?? ""));
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, {recursive: true});
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({path, fullPage: true});
  return path;
}

/** The check every test ends with: nothing went wrong in the browser, no Framework error cell. */
export async function expectClean({page, failures}: GuardedPage) {
  expect(await errorCells(page)).toBe(0);
  // An inline expression Framework could not parse shows up as its source text.
  expect(await page.evaluate(() => document.body.innerText.match(/\$\{[^}]{0,40}/g) ?? [])).toEqual([]);
  expect(failures).toEqual([]);
  await page.context().close();
}
