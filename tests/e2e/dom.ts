// Reading the page's DOM contract (docs/rules.md, "The page's DOM contract") and checking it against the
// report command.
// Callbacks passed to the browser are inline arrows only: named helpers would not exist there.
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import type {Page} from "playwright-core";
import {expect} from "vitest";
import {defectsSignalWords, qualitySignalWords} from "../../src/compare/explain.js";
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
  /** The two signals' lines ("Quality: …", "Defects: …"), null when not shown (not comparable). */
  quality: string | null;
  defects: string | null;
}

/** Every verdict on the page: [data-verdict-label][data-candidate] with data-qualifiers, its sentence and signals. */
export function pageVerdicts(page: Page): Promise<PageVerdict[]> {
  return page.locator("[data-verdict-label][data-candidate]").evaluateAll((nodes) =>
    nodes.map((node) => {
      const words = (el: Element | null) => (el ? (el.textContent ?? "").replace(/\s+/g, " ").trim() : null);
      return {
        candidate: node.getAttribute("data-candidate") ?? "",
        label: node.getAttribute("data-verdict-label") ?? "",
        qualifiers: (node.getAttribute("data-qualifiers") ?? "").split(" ").filter(Boolean),
        sentence: words(node.querySelector(".verdict-sentence")) ?? "",
        quality: words(node.querySelector('[data-signal="quality"]')),
        defects: words(node.querySelector('[data-signal="defects"]'))
      };
    })
  );
}

/**
 * Waits until the page shows the report's verdicts: the same label, qualifiers and sentence for each candidate,
 * and the two signals the label rests on, worded from the report's own facts.
 */
export async function expectVerdictsMatch(page: Page, comparisons: ReportComparison[]) {
  const key = (v: {candidate: string}) => v.candidate;
  await poll(async () => (await pageVerdicts(page)).map(key).sort(), 15_000).toEqual(comparisons.map(key).sort());
  const shown = new Map((await pageVerdicts(page)).map((v) => [v.candidate, v]));
  for (const c of comparisons) {
    const v = shown.get(c.candidate)!;
    const quality = c.deltas.find((d) => d.decisive);
    expect({...v, candidate: undefined}, c.candidate).toEqual({
      candidate: undefined,
      // A run scored against its gold has no label: null in the report, an empty attribute on the page.
      label: c.verdict.label ?? "",
      qualifiers: c.verdict.qualifiers,
      sentence: c.verdict.sentence.replace(/\s+/g, " ").trim(),
      // Scored against its gold: precision, recall and F1 in place of the two signals.
      quality: c.comparable && !c.gold ? `Quality: ${qualitySignalWords(quality)}` : null,
      defects: c.comparable && !c.gold ? `Defects: ${defectsSignalWords(c.defects)}` : null
    });
  }
}

export interface PageFinding {
  candidate: string;
  code: string;
  stage: string;
  sentence: string;
  /** The link's href to the finding's episodes; null when it names none. */
  href: string | null;
  /** Inside the folded "N more". */
  folded: boolean;
}

/** Every finding on the page, in DOM (rank) order: [data-finding][data-candidate] with data-stage. */
export function pageFindings(page: Page): Promise<PageFinding[]> {
  return page.locator("[data-finding][data-candidate]").evaluateAll((nodes) =>
    nodes.map((node) => ({
      candidate: node.getAttribute("data-candidate") ?? "",
      code: node.getAttribute("data-finding") ?? "",
      stage: node.getAttribute("data-stage") ?? "",
      sentence: (node.querySelector(".finding-sentence")?.textContent ?? "").replace(/\s+/g, " ").trim(),
      href: node.querySelector("a[data-state-link]")?.getAttribute("href") ?? null,
      folded: node.closest("details") !== null
    }))
  );
}

/**
 * Waits until the page lists the report's findings, per candidate in the report's order: code, stage and sentence,
 * a link exactly where a finding names episodes, and the first three of each candidate unfolded.
 */
export async function expectFindingsMatch(page: Page, comparisons: ReportComparison[]) {
  const summary = (candidate: string, f: {code: string; stage: string}) => `${candidate} ${f.stage} ${f.code}`;
  const expected = comparisons.flatMap((c) => c.findings.map((f) => summary(c.candidate, f)));
  await poll(async () => (await pageFindings(page)).map((f) => summary(f.candidate, f)), 15_000).toEqual(expected);
  const shown = await pageFindings(page);
  for (const c of comparisons) {
    const mine = shown.filter((f) => f.candidate === c.candidate);
    expect(
      mine.map((f) => ({sentence: f.sentence, link: f.href !== null})),
      c.candidate
    ).toEqual(c.findings.map((f) => ({sentence: f.sentence.replace(/\s+/g, " ").trim(), link: f.episodes.length > 0})));
    expect(
      mine.map((f) => f.folded),
      c.candidate
    ).toEqual(mine.map((_, i) => i >= 3));
  }
}

export interface PageDelta {
  candidate: string;
  metric: string;
  value: string;
  verdict: string;
  /** data-state, null when the cell has none (rules, rows shown but not judged). */
  state: string | null;
}

export function pageDeltas(page: Page): Promise<PageDelta[]> {
  return page.locator("[data-delta][data-candidate]").evaluateAll((cells) =>
    cells.map((cell) => ({
      candidate: cell.getAttribute("data-candidate") ?? "",
      metric: cell.getAttribute("data-delta") ?? "",
      value: cell.getAttribute("data-value") ?? "",
      verdict: cell.getAttribute("data-verdict") ?? "",
      state: cell.getAttribute("data-state")
    }))
  );
}

/**
 * Waits until the page shows exactly the delta cells of `comparisons`, then checks values (1e-9), verdicts and
 * states (an estimate's state; no data-state on rule rows or rows shown but not judged).
 */
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
    expect(cell.state, key(c.candidate, d.metric)).toBe(d.method === "rule" ? null : d.state);
    if (d.delta === null) expect(cell.value, key(c.candidate, d.metric)).toBe("");
    else
      expect(
        Math.abs(Number(cell.value) - d.delta),
        `${key(c.candidate, d.metric)}: ${cell.value} vs ${d.delta}`
      ).toBeLessThanOrEqual(1e-9);
  }
  // Every estimate the report judges has a state, so the check above compares something.
  expect(expected.some(({d}) => d.method === "t" && d.state !== null)).toBe(true);
}

/** One delta table row as the page shows it, by column. */
interface PageDeltaRow {
  metric: string;
  role: string;
  baseline: string;
  candidate: string;
  delta: string;
  interval: string;
  micro: string | null;
  n: string;
  mde: string;
  threshold: string;
  state: string;
  verdict: string;
  counts: string;
}

function pageDeltaRows(page: Page, candidate: string): Promise<PageDeltaRow[]> {
  return page.locator(`table[data-delta-table="${candidate}"] tr[data-role]`).evaluateAll((rows) =>
    rows.map((tr) => {
      const words = (el: Element | null | undefined) => (el?.textContent ?? "").replace(/\s+/g, " ").trim();
      const cells = [...tr.children];
      const delta = tr.querySelector("[data-delta]")!;
      const own = Array.from(delta.childNodes).filter((n) => n.nodeType === Node.TEXT_NODE);
      return {
        metric: delta.getAttribute("data-delta") ?? "",
        role: tr.getAttribute("data-role") ?? "",
        baseline: words(cells[1]),
        candidate: words(cells[2]),
        delta: own
          .map((n) => n.textContent)
          .join("")
          .replace(/\s+/g, " ")
          .trim(),
        interval: words(delta.querySelector(".ci")),
        micro: delta.querySelector(".micro") ? words(delta.querySelector(".micro")) : null,
        n: words(cells[4]),
        mde: words(cells[5]),
        threshold: words(cells[6]),
        state: words(cells[7]),
        verdict: words(cells[8]),
        counts: words(cells[9])
      };
    })
  );
}

const unescaped = (text: string) => text.replace(/\\(.)/g, "$1");

/** The Markdown section of one candidate: from its "### <candidate> vs" heading to the next heading. */
function markdownSection(markdown: string, candidate: string): string[] {
  const lines = markdown.split("\n").map(unescaped);
  const start = lines.findIndex((line) => line.startsWith(`### ${candidate} vs `));
  expect(start, `Markdown section of ${candidate}`).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith("### "));
  return lines.slice(start, end < 0 ? undefined : end);
}

const ROLE_NAMES: Record<string, string> = {
  decisive: "decides the label",
  defect: "defect type",
  supporting: "supporting",
  tradeoff: "trade-off"
};

/**
 * The page and the report's Markdown say the same of each candidate: the label and qualifiers, the two signals,
 * and every delta row's role, values, Δ, interval (its level and clamp marks), n, MDE, threshold, state, verdict
 * and counts; the entity-set row's micro F1; the pairing and identical outputs.
 */
export async function expectMarkdownMatch(page: Page, comparisons: ReportComparison[], markdown: string) {
  await expectVerdictsMatch(page, comparisons);
  const verdicts = new Map((await pageVerdicts(page)).map((v) => [v.candidate, v]));
  for (const c of comparisons) {
    const section = markdownSection(markdown, c.candidate);
    const v = verdicts.get(c.candidate)!;
    const qualifiers = v.qualifiers.map((q) => `\`${q}\``).join(", ");
    expect(section, c.candidate).toContain(`Verdict \`${v.label}\`${qualifiers ? `, qualifiers: ${qualifiers}` : ""}.`);
    if (!c.comparable) continue;
    expect(section, c.candidate).toContain(`- Quality (decides the label): ${v.quality!.replace(/^Quality: /, "")}`);
    expect(section, c.candidate).toContain(`- Defects (decide the label): ${v.defects!.replace(/^Defects: /, "")}`);
    const pairing = await page
      .locator(`[data-verdict-label][data-candidate="${c.candidate}"] [data-testid="pairing"]`)
      .allTextContents();
    const coverage = section.find((line) => line.startsWith("Coverage: "))!;
    for (const note of pairing) expect(coverage, c.candidate).toContain(note.replace(/\s+/g, " ").trim());
    if (!pairing.length) expect(coverage, c.candidate).not.toMatch(/paired across|byte-identical/);

    const table = section.filter((line) => line.startsWith("| "));
    const header = table[0].slice(2, -2).split(" | ");
    const column = (row: string, name: string) => row.slice(2, -2).split(" | ")[header.indexOf(name)];
    const rows = await pageDeltaRows(page, c.candidate);
    expect(rows.map((r) => r.metric).sort(), c.candidate).toEqual(c.deltas.map((d) => d.metric).sort());
    for (const row of rows) {
      const d = c.deltas.find((delta) => delta.metric === row.metric)!;
      const md = table.find(
        (line) => column(line, "Metric") === `${d.label}${d.reference ? ` vs ${d.reference}` : ""}`
      );
      expect(md, `${c.candidate} ${d.metric}: Markdown row`).toBeDefined();
      const from = (name: string) => column(md!, name);
      const what = `${c.candidate} ${d.metric}`;
      expect(
        {
          role: ROLE_NAMES[row.role],
          values: [row.baseline, row.candidate, row.delta, row.n, row.mde, row.threshold],
          interval: ["rule", "no interval"].includes(row.interval) ? "—" : row.interval,
          state: row.state,
          verdict: row.verdict,
          counts: row.counts
        },
        what
      ).toEqual({
        role: from("Role"),
        values: ["Baseline", "Candidate", "Δ", "n", "MDE", "Threshold"].map(from),
        interval: from("Interval"),
        state: from("State"),
        verdict: from("Verdict")
          .replace(/^\S+ /, "")
          .replace(/ \(trade-off\)$/, ""),
        counts: from("Improved / regressed")
      });
      // The interval names its level: 97.5% on the row that decides the label, 95% on the others.
      if (d.shown) expect(row.interval, what).toMatch(d.decisive ? / 97\.5%$/ : / 95%$/);
      if (row.micro !== null) expect(section, what).toContain(`Entity-set F1, ${row.micro}.`);
    }
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
