// The real corpus, built and served from a sub-path: every run is in the catalog, and every KPI tile
// says what the report says and what the artifacts on disk say.
import {existsSync, readdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {expectClean, screenshot} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report, type Report} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.corpus;
const KPIS = [
  "success_rate",
  "failed",
  "avg_output_tokens",
  "avg_latency_s",
  "gate_truncation",
  "gate_speaker_label",
  "gate_boilerplate",
  "check_speaker_turns",
  "check_junk",
  "check_cut_off",
  "check_repetition",
  "at_cap"
] as const;

const isGold = (dir: string) =>
  existsSync(join(dir, "index.json")) &&
  JSON.parse(readFileSync(join(dir, "index.json"), "utf8")).schema === "ner_entities_gold_index_v1";

/** Run ids found by walking the tree ourselves: folders with predictions or metrics, and gold NER references. */
function walkRuns(root: string): string[] {
  const found: string[] = [];
  const visit = (dir: string, id: string) => {
    if (existsSync(join(dir, "predictions.jsonl")) || existsSync(join(dir, "metrics.json")) || isGold(dir))
      found.push(id);
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.isDirectory()) visit(join(dir, entry.name), `${id}/${entry.name}`);
    }
  };
  for (const kind of ["runs", "baselines", "references"])
    if (existsSync(join(root, kind))) visit(join(root, kind), kind);
  return found.sort();
}

interface DiskFacts {
  storedTokens: number | null;
  storedLatencyS: number | null;
  /** Mean of floor(chars / 4) over rows with a text output; null when no row has one. */
  computedTokens: number | null;
}

function diskFacts(id: string): DiskFacts {
  const dir = join(EVAL_DIR, id);
  const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
  const latencyMs = metrics.intrinsic?.performance?.avg_latency_ms;
  const tokens: number[] = [];
  for (const line of readFileSync(join(dir, "predictions.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const output = JSON.parse(line).output;
    const text = output?.summary_final ?? output?.summary_long ?? (typeof output === "string" ? output : null);
    if (typeof text === "string" && text.length) tokens.push(Math.floor([...text].length / 4));
  }
  return {
    storedTokens: metrics.intrinsic?.length?.avg_tokens ?? null,
    storedLatencyS: typeof latencyMs === "number" ? latencyMs / 1000 : null,
    computedTokens: tokens.length ? tokens.reduce((a, b) => a + b, 0) / tokens.length : null
  };
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe("corpus build, served under a sub-path", () => {
  let served: Served;
  let browser: Browser;
  let catalog: Report;

  beforeAll(async () => {
    const answer = report(EVAL_DIR);
    const dist = await builtSite("corpus");
    catalog = await answer;
    served = await serveStatic(dist);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it("the report and an independent walk of the corpus find the same runs", () => {
    const ids = catalog.runs.map((r) => r.id).sort();
    expect(ids).toEqual(walkRuns(EVAL_DIR));
    expect(ids.length).toBeGreaterThanOrEqual(11);
  });

  it("gets ready with no failure, lists every run, and shows each KPI once with the report's value", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const ms = await openReady(page, served.url);
    console.log(`corpus page ready in ${ms} ms`);
    expect(new URL(page.url()).pathname).toBe("/team/evals/");
    expect(served.requests.every((r) => r.path.startsWith("/team/evals/"))).toBe(true);

    const listed = await page
      .locator("[data-catalog-run]")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-catalog-run")));
    expect([...listed].sort()).toEqual(catalog.runs.map((r) => r.id).sort());

    const cells = await page.locator("[data-kpi][data-run]").evaluateAll((nodes) =>
      nodes.map((n) => ({
        kpi: n.getAttribute("data-kpi"),
        run: n.getAttribute("data-run"),
        value: n.getAttribute("data-value")
      }))
    );
    for (const run of catalog.runs) {
      for (const name of KPIS) {
        const matches = cells.filter((c) => c.run === run.id && c.kpi === name);
        expect(matches.length, `${run.id} ${name}`).toBe(1);
        const expected = run.kpis[name];
        if (expected === null) expect(matches[0].value, `${run.id} ${name}`).toBe("");
        else
          expect(
            close(Number(matches[0].value), expected),
            `${run.id} ${name}: ${matches[0].value} vs ${expected}`
          ).toBe(true);
      }
    }
    expect(cells.length).toBe(catalog.runs.length * KPIS.length);
    await expectClean(guarded);
  });

  it("shows avg output tokens and latency as the artifacts on disk give them", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    let textRuns = 0;
    for (const run of catalog.runs.filter((r) => existsSync(join(EVAL_DIR, r.id, "predictions.jsonl")))) {
      const facts = diskFacts(run.id);
      const value = (name: string) =>
        page.locator(`[data-kpi="${name}"][data-run="${run.id}"]`).getAttribute("data-value");
      const tokens = await value("avg_output_tokens");
      if (facts.computedTokens === null) {
        // No text output (NER): the token estimate is unknown, never 0.
        expect(tokens, run.id).toBe("");
      } else {
        textRuns++;
        expect(
          close(Number(tokens), facts.computedTokens),
          `${run.id}: ${tokens} vs chars/4 ${facts.computedTokens}`
        ).toBe(true);
        expect(
          close(Number(tokens), facts.storedTokens!),
          `${run.id}: ${tokens} vs metrics.json ${facts.storedTokens}`
        ).toBe(true);
      }
      const latency = await value("avg_latency_s");
      expect(facts.storedLatencyS, run.id).not.toBeNull();
      expect(
        close(Number(latency), facts.storedLatencyS!),
        `${run.id}: ${latency} vs metrics.json ${facts.storedLatencyS}`
      ).toBe(true);
    }
    expect(textRuns).toBeGreaterThanOrEqual(10);
    await expectClean(guarded);
  });

  it("screenshots the default view in light and dark", async () => {
    const guarded = await guardedPage(browser);
    await openReady(guarded.page, served.url);
    for (const colorScheme of ["light", "dark"] as const) {
      await guarded.page.emulateMedia({colorScheme});
      const isDark = await guarded.page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches);
      expect(isDark).toBe(colorScheme === "dark");
      expect(existsSync(await screenshot(guarded.page, `corpus-${colorScheme}`))).toBe(true);
    }
    await expectClean(guarded);
  });
});
