// The fixtures build in a real browser: the default pair, the verdict and deltas agreeing with the report
// and its Markdown, choosing runs and a baseline, history, a copied link, and the word diff of an episode.
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {
  episodeIds,
  expectClean,
  expectDeltasMatch,
  expectFindingsMatch,
  expectMarkdownMatch,
  expectVerdictsMatch,
  pageFindings,
  poll,
  screenshot,
  selectionOf
} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report, reportText, SCREENSHOTS} from "./sites.js";

const EVAL_DIR = EVAL_DIRS.fixtures;
/** A corpus pair with more findings than the verdict shows at first: bart's transcript fragments against prod. */
const CORPUS_BASELINE = "baselines/baseline_ml_prod_authority_smoke_v1";
const CORPUS_CANDIDATE = "baselines/baseline_ml_bart_authority_smoke_v1";
const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const RERUN = "runs/mr_starved_v3_rerun";
const PARTIAL = "runs/mr_fast_partial_v1";
const view = (baseline: string, ...candidates: string[]) =>
  `?runs=${[baseline, ...candidates].join(",")}&baseline=${baseline}`;

/** The output text as the scorer defines it, read straight from predictions.jsonl. */
function outputText(runId: string, episodeId: string): string {
  for (const line of readFileSync(join(EVAL_DIR, runId, "predictions.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    if (row.episode_id === episodeId) return row.output?.summary_final || row.output?.summary_long || row.output;
  }
  throw new Error(`${episodeId} not in ${runId}`);
}

const words = (text: string) => text.replace(/\s+/g, " ").trim();
const candidatesOf = (page: Page) => {
  const {runs, baseline} = selectionOf(page);
  return {baseline: baseline!, candidates: runs.filter((id) => id !== baseline)};
};

describe("fixtures build", () => {
  let served: Served;
  let corpus: Served;
  let browser: Browser;

  beforeAll(async () => {
    for (const [baseline, candidates] of [
      [FATTER, [STARVED]],
      [FATTER, [STARVED, PARTIAL]]
    ] as const)
      report(EVAL_DIR, baseline, [...candidates]).catch(() => {});
    report(EVAL_DIRS.corpus, CORPUS_BASELINE, [CORPUS_CANDIDATE]).catch(() => {});
    served = await serveStatic(await builtSite("fixtures"));
    corpus = await serveStatic(await builtSite("corpus"));
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    await corpus?.close();
  });

  it("opens on the default pair; page, report and Markdown agree on the verdict and every delta", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    const {baseline, candidates} = candidatesOf(page);
    const defaults = await report(EVAL_DIR, baseline);
    expect([defaults.baseline, defaults.comparisons!.map((c) => c.candidate)]).toEqual([baseline, candidates]);
    expect([baseline, candidates]).toEqual([FATTER, [STARVED]]);
    expect(await page.locator('[data-testid="baseline-select"]').inputValue()).toBe(FATTER);
    const expected = (await report(EVAL_DIR, FATTER, [STARVED])).comparisons!;
    await expectVerdictsMatch(page, expected);
    await expectDeltasMatch(page, expected);
    // v3: a new failure or gate hit on each of 4 episodes is too few for the sign test (p = 0.125), and ROUGE-L's
    // 97.5% interval on 4 episodes is too wide to tell: no clear change, with the new defects as qualifiers.
    expect(expected[0].verdict).toMatchObject({label: "no_clear_change", qualifiers: ["new_failures", "new_defects"]});
    const rougeL = expected[0].deltas.find((d) => d.metric === "rougeL_f1")!;
    expect(rougeL).toMatchObject({decisive: true, ci_level: 0.975, state: "underpowered", clamped: true});
    const markdown = await reportText(EVAL_DIR, FATTER, [STARVED], "md");
    const unescaped = (text: string) => text.replace(/\\(.)/g, "$1");
    expect(unescaped(markdown.split("\n")[0])).toBe(`**${STARVED}**: ${expected[0].verdict.sentence}`);
    // Each Markdown delta row reads as the page's: role, values, Δ, interval at its level, n, state, verdict.
    await expectMarkdownMatch(page, expected, markdown);
    const interval = await page.locator(`td[data-delta="rougeL_f1"][data-candidate="${STARVED}"] .ci`).innerText();
    expect(interval).toMatch(/^\[−0\.71⊢, \+0\.015\] 97\.5%$/);
    expect(markdown).toContain("`--fail-on new_failures,new_defects` is the upstream promotion rule");
    await expectClean(guarded);
  });

  it("page, report and Markdown agree on other pairs: three runs, identical outputs, changed inputs, NER", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const pairs: [string, string[]][] = [
      [FATTER, [STARVED, PARTIAL]],
      [STARVED, [RERUN]],
      [FATTER, ["runs/mr_raw_inputs_v1"]],
      ["baselines/baseline_ner_prod_authority_v1", ["runs/ner_spacy_pruned_v1"]]
    ];
    const states = new Set<string>();
    for (const [baseline, candidates] of pairs) {
      await openReady(page, served.url + view(baseline, ...candidates));
      const [json, markdown] = await Promise.all([
        report(EVAL_DIR, baseline, candidates),
        reportText(EVAL_DIR, baseline, candidates, "md")
      ]);
      const expected = json.comparisons!;
      await expectDeltasMatch(page, expected);
      await expectMarkdownMatch(page, expected, markdown);
      for (const d of expected.flatMap((c) => c.deltas)) if (d.state) states.add(d.state);
    }
    // Between them, the pairs show every state an estimate can have.
    expect([...states].sort()).toEqual(["clear", "equivalent", "underpowered"]);
    await expectClean(guarded);
  });

  it("the verdict lists the report's findings in rank order: the default pair, three runs, a corpus pair", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url);
    const defaults = (await report(EVAL_DIR, FATTER, [STARVED])).comparisons!;
    await expectFindingsMatch(page, defaults);
    // More than three: the rest fold behind "N more".
    expect(defaults[0].findings.length).toBeGreaterThan(3);
    const more = page.locator(`[data-verdict-label][data-candidate="${STARVED}"] .findings-more`);
    expect(await more.locator("summary").innerText()).toBe(`${defaults[0].findings.length - 3} more`);
    expect(await more.evaluate((el) => (el as HTMLDetailsElement).open)).toBe(false);

    await openReady(page, served.url + view(FATTER, STARVED, PARTIAL));
    await expectFindingsMatch(page, (await report(EVAL_DIR, FATTER, [STARVED, PARTIAL])).comparisons!);

    await openReady(page, corpus.url + view(CORPUS_BASELINE, CORPUS_CANDIDATE));
    const pair = (await report(EVAL_DIRS.corpus, CORPUS_BASELINE, [CORPUS_CANDIDATE])).comparisons!;
    await expectFindingsMatch(page, pair);
    expect(pair[0].findings.map((f) => f.code)).toEqual(
      expect.arrayContaining(["map_at_cap", "cut_off", "new_speaker_turns", "new_junk"])
    );
    // The verdict as it opens, then with the folded findings open.
    const verdict = page.locator(`[data-verdict-label][data-candidate="${CORPUS_CANDIDATE}"]`);
    mkdirSync(SCREENSHOTS, {recursive: true});
    await verdict.screenshot({path: join(SCREENSHOTS, "verdict-findings-corpus.png")});
    await verdict.locator(".findings-more summary").click();
    await verdict.screenshot({path: join(SCREENSHOTS, "verdict-findings-corpus-open.png")});
    await expectClean(guarded);
  });

  it("a finding's link lists its episodes in place (a history entry), and as a plain link in a new page", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(FATTER, STARVED, PARTIAL));
    const expected = (await report(EVAL_DIR, FATTER, [STARVED, PARTIAL])).comparisons!;
    await expectFindingsMatch(page, expected);
    const findings = expected.find((c) => c.candidate === STARVED)!.findings;
    const sorted = (ids: string[]) => [...ids].sort();
    // Not reloaded: a value set on the window survives the click.
    await page.evaluate(() => ((window as unknown as {kept: boolean}).kept = true));
    const before = await page.evaluate(() => history.length);
    const follow = async (code: string) => {
      const item = page.locator(`[data-finding="${code}"][data-candidate="${STARVED}"]`);
      const link = item.locator("a[data-state-link]");
      expect(await link.innerText()).toMatch(/^\d+ episodes?$/);
      await link.click();
      const f = findings.find((x) => x.code === code)!;
      await poll(() => selectionOf(page)).toMatchObject({focus: STARVED, episode: null, show: null, q: null});
      await poll(() => new URL(page.url()).searchParams.get("finding")).toBe(code);
      await poll(async () => sorted(await episodeIds(page))).toEqual(sorted(f.episodes));
      expect(await page.locator('[data-testid="finding-filter"]').inputValue()).toBe(code);
      return f;
    };
    // A finding in view, then one folded behind "N more".
    const atCap = await follow("map_at_cap");
    expect(atCap.episodes.length).toBeGreaterThan(1);
    expect(await page.evaluate(() => (window as unknown as {kept?: boolean}).kept)).toBe(true);
    expect(await page.evaluate(() => history.length)).toBe(before + 1);
    const folded = (await pageFindings(page)).find((f) => f.candidate === STARVED && f.folded && f.href)!;
    await page.locator(`[data-verdict-label][data-candidate="${STARVED}"] .findings-more summary`).click();
    await follow(folded.code);
    // Back: the list before it.
    await page.goBack();
    await poll(() => new URL(page.url()).searchParams.get("finding")).toBe("map_at_cap");
    await poll(async () => sorted(await episodeIds(page))).toEqual(sorted(atCap.episodes));

    // The same link, opened as a page of its own.
    const href = (await pageFindings(page)).find((f) => f.candidate === STARVED && f.code === "padded")!.href!;
    const fresh = await guardedPage(browser);
    await openReady(fresh.page, new URL(href, page.url()).href);
    const padded = findings.find((f) => f.code === "padded")!;
    expect(selectionOf(fresh.page)).toMatchObject({runs: [FATTER, STARVED, PARTIAL], baseline: FATTER, focus: STARVED});
    await poll(async () => sorted(await episodeIds(fresh.page))).toEqual(sorted(padded.episodes));
    await expectClean(fresh);
    await expectClean(guarded);
  });

  it("a KPI card over other episodes than its deltas says so, with the report's counts", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(FATTER, PARTIAL));
    const json = await report(EVAL_DIR, FATTER, [PARTIAL]);
    const common = json.comparisons![0].coverage.common;
    const episodes = (id: string) => json.runs.find((r) => r.id === id)!.episodes;
    expect([episodes(FATTER), episodes(PARTIAL), common]).toEqual([5, 3, 3]);
    const scope = (id: string) => page.locator(`[data-kpi-card="${id}"] [data-kpi-scope]`);
    expect(await scope(FATTER).innerText()).toBe(
      `KPIs over its ${episodes(FATTER)} episodes; the deltas are over the ${common} common ones`
    );
    expect(await scope(PARTIAL).count()).toBe(0);
    await expectClean(guarded);
  });

  it("ticking a run adds a candidate and a history entry; the baseline select switches; Back/Forward", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(FATTER, STARVED));
    await page.locator(`[data-catalog-run="${PARTIAL}"] input[type=checkbox]`).check();
    await poll(() => selectionOf(page).runs).toEqual([FATTER, STARVED, PARTIAL]);
    await expectVerdictsMatch(page, (await report(EVAL_DIR, FATTER, [STARVED, PARTIAL])).comparisons!);
    const partial = page.locator(`[data-verdict-label][data-candidate="${PARTIAL}"]`);
    expect(await partial.getAttribute("data-qualifiers")).toContain("incomplete");

    await page.locator('[data-testid="baseline-select"]').selectOption(STARVED);
    await poll(() => selectionOf(page).baseline).toBe(STARVED);
    await expectDeltasMatch(page, (await report(EVAL_DIR, STARVED, [FATTER, PARTIAL])).comparisons!);

    await page.goBack();
    await poll(() => selectionOf(page).baseline).toBe(FATTER);
    await expectDeltasMatch(page, (await report(EVAL_DIR, FATTER, [STARVED, PARTIAL])).comparisons!);
    await page.goBack();
    await poll(() => selectionOf(page).runs).toEqual([FATTER, STARVED]);
    await expectVerdictsMatch(page, (await report(EVAL_DIR, FATTER, [STARVED])).comparisons!);
    await page.goForward();
    await poll(() => selectionOf(page).runs).toEqual([FATTER, STARVED, PARTIAL]);
    // The URL changes before the page has drawn the view it names.
    await poll(() => page.locator("[data-verdict-label]").count()).toBe(2);
    await expectClean(guarded);
  });

  it("copy link puts the view on the clipboard; a link naming unknown runs says so, keeps the known ones", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(FATTER, STARVED) + "&episode=p02_e01");
    await page.locator('[data-testid="copy-link"]').click();
    await poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    expect(new URL(page.url()).searchParams.get("episode")).toBe("p02_e01");

    await openReady(page, served.url + `?runs=${FATTER},runs/no_such_run,${STARVED}&baseline=${FATTER}`);
    const notice = page.locator('[data-testid="unknown-runs"]');
    expect(await notice.innerText()).toContain("runs/no_such_run");
    expect(selectionOf(page).runs).toEqual([FATTER, STARVED]);
    await expectClean(guarded);
  });

  it("an episode's word diff rebuilds both outputs on disk; it scrolls into view; the reference beside", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(FATTER, STARVED));
    const episode = "p01_e01";
    await page.locator(`[data-episode="${episode}"] button`).first().click();
    const drilldown = page.locator(`[data-drilldown="${episode}"]`);
    const diff = drilldown.locator('[data-testid="episode-diff"]');
    await diff.waitFor();
    expect(selectionOf(page).episode).toBe(episode);
    await poll(() =>
      drilldown.evaluate((el) => {
        const box = el.getBoundingClientRect();
        return box.top < innerHeight && box.bottom > 0 && Math.abs(box.top) < 200;
      })
    ).toBe(true);
    const parts = await diff.evaluate((el) => {
      const out: {tag: string; text: string}[] = [];
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode())
        out.push({
          tag: n.parentElement?.closest("ins, del")?.tagName.toLowerCase() ?? "text",
          text: n.textContent ?? ""
        });
      return out;
    });
    expect(parts.some((p) => p.tag === "ins") && parts.some((p) => p.tag === "del")).toBe(true);
    expect(
      words(
        parts
          .filter((p) => p.tag !== "ins")
          .map((p) => p.text)
          .join("")
      )
    ).toBe(words(outputText(FATTER, episode)));
    expect(
      words(
        parts
          .filter((p) => p.tag !== "del")
          .map((p) => p.text)
          .join("")
      )
    ).toBe(words(outputText(STARVED, episode)));

    await drilldown.locator(".reference-toggle").click();
    const reference = drilldown.locator('.text-column[data-side="reference"]');
    await reference.waitFor();
    expect(words(await reference.innerText())).toContain(
      words(outputText("references/silver/silver_sonnet46_smoke_v1", episode)).slice(0, 200)
    );

    const copied = page.url();
    const reopened = await guardedPage(browser);
    await openReady(reopened.page, copied);
    await reopened.page.locator(`[data-drilldown="${episode}"] [data-testid="episode-diff"]`).waitFor();
    expect(await reopened.page.locator(`[data-episode="${episode}"]`).getAttribute("class")).toContain("selected");
    await expectClean(reopened);

    await page.locator('[data-episode="p05_e01"] button').first().click();
    await poll(() => page.locator('[data-drilldown="p05_e01"] [data-testid="episode-error"]').innerText()).toContain(
      "CUDA out of memory"
    );
    await expectClean(guarded);
  });

  it("an identical rerun: no clear change, an episode's diff is empty, the sentence names what changed", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, served.url + view(STARVED, RERUN));
    const expected = (await report(EVAL_DIR, STARVED, [RERUN])).comparisons!;
    await expectVerdictsMatch(page, expected);
    expect(expected[0].verdict.label).toBe("no_clear_change");
    await page.locator('[data-episode="p01_e01"] button').first().click();
    const diff = page.locator('[data-drilldown="p01_e01"] [data-testid="episode-diff"]');
    await diff.waitFor();
    expect(await diff.locator("ins, del").count()).toBe(0);
    expect(await page.locator('[data-drilldown="p01_e01"]').innerText()).toMatch(/identical/i);
    await expectClean(guarded);
  });

  it("screenshots of the default view and an open drill-down, light and dark", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      const guarded = await guardedPage(browser, {colorScheme});
      await openReady(guarded.page, served.url);
      await screenshot(guarded.page, `fixtures-default-${colorScheme}`);
      await openReady(guarded.page, `${served.url}${view(FATTER, STARVED)}&episode=p01_e01`);
      await guarded.page.locator('[data-drilldown="p01_e01"] [data-testid="episode-diff"]').waitFor();
      await screenshot(guarded.page, `fixtures-drilldown-${colorScheme}`);
      await expectClean(guarded);
    }
  });
});
