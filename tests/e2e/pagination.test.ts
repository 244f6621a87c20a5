// Pagination of the episode list (pages of 20), on a generated eval tree: 2 runs x 45 episodes.
import {cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {guardedPage, launch, openReady} from "./browser.js";
import {episodeIds, expectClean, expectDeltasMatch, selectionOf, poll} from "./dom.js";
import {serveStatic, type Served} from "./serve.js";
import {buildSite, EVAL_DIRS, report, type ReportComparison} from "./sites.js";

const DATASET = "generated_45_v1";
const EPISODES = 45;
const BASELINE = "baselines/gen_base_v1";
const CANDIDATE = "runs/gen_cand_v1";
const TOPICS = ["trail drainage", "on-call rotations", "dive navigation", "photo captions", "index investing", "bread hydration", "bike fitting", "home networking", "garden soil"];

function summary(i: number, shorter: boolean): string {
  const topic = TOPICS[i % TOPICS.length];
  const sentences = [
    `Episode ${i} of the generated feed is about ${topic}.`,
    `The hosts explain why ${topic} matters and what usually goes wrong when people rush it.`,
    `They walk through a checklist, give ${3 + (i % 4)} concrete examples, and close with the one habit worth keeping.`,
    `Listeners asked about costs, timing and tools; the answers favour simple routines over clever tricks.`
  ];
  return (shorter ? sentences.slice(0, 1 + (i % 2)) : sentences).join(" ");
}

/** Writes one run in the scorer's formats (metrics.json, predictions.jsonl, fingerprint.json), modelled on the fixtures. */
function writeRun(root: string, id: string, shorterEvery: number, slowdown: number) {
  const dir = join(root, id);
  mkdirSync(dir, {recursive: true});
  const rows = Array.from({length: EPISODES}, (_, k) => {
    const i = k + 1;
    const text = summary(i, shorterEvery > 0 && i % shorterEvery === 0);
    return {
      episode_id: `g${String(i).padStart(2, "0")}_e01`,
      dataset_id: DATASET,
      output: {summary_final: text},
      fingerprint_ref: "fingerprint.json",
      metadata: {
        input_path: `data/eval/materialized/${DATASET}/g${i}.txt`,
        input_length_chars: 9000 + 37 * i,
        output_length_chars: text.length,
        processing_time_seconds: (10 + (i % 7) * 0.5) * slowdown
      }
    };
  });
  writeFileSync(join(dir, "predictions.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const tokens = rows.map((r) => Math.floor(r.output.summary_final.length / 4));
  const latency = rows.map((r) => r.metadata.processing_time_seconds);
  const metrics = {
    dataset_id: DATASET,
    run_id: id.split("/").at(-1),
    episode_count: EPISODES,
    intrinsic: {
      gates: {boilerplate_leak_rate: 0, speaker_label_leak_rate: 0, truncation_rate: 0, failed_episodes: [], episode_gate_failures: {}},
      warnings: {speaker_name_leak_rate: 0},
      length: {avg_tokens: tokens.reduce((a, b) => a + b, 0) / EPISODES, min_tokens: Math.min(...tokens), max_tokens: Math.max(...tokens)},
      performance: {avg_latency_ms: (latency.reduce((a, b) => a + b, 0) / EPISODES) * 1000}
    },
    vs_reference: null,
    schema: "metrics_summarization_v2",
    task: "summarization"
  };
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics, null, 2));
  const fingerprint = JSON.parse(readFileSync(join(EVAL_DIRS.fixtures, "runs/mr_fatter_map_v2/fingerprint.json"), "utf8"));
  fingerprint.run_context = {...fingerprint.run_context, baseline_id: metrics.run_id, dataset_id: DATASET};
  writeFileSync(join(dir, "fingerprint.json"), JSON.stringify(fingerprint, null, 2));
}

const pagerText = (page: Page) => page.locator("nav.pager").innerText().then((t) => t.replace(/\s+/g, " "));

describe("episode list pagination (generated tree, 45 episodes)", () => {
  let evalDir: string;
  let served: Served;
  let browser: Browser;
  let expected: ReportComparison;

  beforeAll(async () => {
    evalDir = mkdtempSync(join(tmpdir(), "run-compare-paged-"));
    writeRun(evalDir, BASELINE, 0, 1);
    writeRun(evalDir, CANDIDATE, 3, 1.1);
    cpSync(join(EVAL_DIRS.fixtures, "LICENSE"), join(evalDir, "LICENSE"));
    const answer = report(evalDir, BASELINE, [CANDIDATE]);
    served = await serveStatic(await buildSite("paged", evalDir));
    expected = (await answer).comparisons![0];
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await served?.close();
    if (evalDir) rmSync(evalDir, {recursive: true, force: true});
  });

  it("the generated runs are comparable over all 45 episodes", () => {
    expect(expected.comparable).toBe(true);
    expect(expected.common_episodes).toBe(EPISODES);
    expect(expected.episodes.length).toBe(EPISODES);
  });

  it("shows 20 episodes per page in ranked order, with next and previous", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const ms = await openReady(page, `${served.url}?runs=${BASELINE},${CANDIDATE}&baseline=${BASELINE}`);
    console.log(`generated (45 episodes) page ready in ${ms} ms`);
    await expectDeltasMatch(page, [expected]);
    const ranked = expected.episodes.map((e) => e.episode_id);

    expect(await pagerText(page)).toContain("page 1 of 3");
    expect(await episodeIds(page)).toEqual(ranked.slice(0, 20));
    const previous = page.getByRole("button", {name: /previous/});
    const next = page.getByRole("button", {name: /next/});
    expect(await previous.isDisabled()).toBe(true);

    await next.click();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    await poll(() => episodeIds(page)).toEqual(ranked.slice(20, 40));
    await next.click();
    await poll(() => pagerText(page)).toContain("page 3 of 3");
    await poll(() => episodeIds(page)).toEqual(ranked.slice(40));
    expect(await next.isDisabled()).toBe(true);
    await previous.click();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    await previous.click();
    await poll(() => pagerText(page)).toContain("page 1 of 3");
    await poll(() => episodeIds(page)).toEqual(ranked.slice(0, 20));

    // A filter starts again on page 1 and pages only what matches.
    await next.click();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    await page.getByPlaceholder("search episodes, reasons, errors").fill("g1");
    await poll(() => episodeIds(page)).toEqual(ranked.filter((id) => id.includes("g1")));
    expect(await page.locator("nav.pager").count()).toBe(0);
    await expectClean(guarded);
  });

  it("opening an episode on page 2 keeps page 2 on screen, with the episode selected", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    await openReady(page, `${served.url}?runs=${BASELINE},${CANDIDATE}&baseline=${BASELINE}`);
    const ranked = expected.episodes.map((e) => e.episode_id);
    await page.getByRole("button", {name: /next/}).click();
    await poll(() => episodeIds(page)).toEqual(ranked.slice(20, 40));

    const target = ranked[22];
    await page.locator(`[data-episode="${target}"] button`).click();
    await poll(() => selectionOf(page).episode).toBe(target);
    await page.locator(`[data-drilldown="${target}"] [data-testid="episode-diff"]`).waitFor();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    expect(await episodeIds(page)).toEqual(ranked.slice(20, 40));
    expect(await page.locator(`[data-episode="${target}"]`).getAttribute("class")).toContain("selected");
    await expectClean(guarded);
  });

  it("ArrowDown from the last episode of page 1 moves the list to page 2", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const ranked = expected.episodes.map((e) => e.episode_id);
    await openReady(page, `${served.url}?runs=${BASELINE},${CANDIDATE}&baseline=${BASELINE}&episode=${ranked[19]}`);
    await page.locator(`[data-drilldown="${ranked[19]}"] [data-testid="episode-diff"]`).waitFor();
    expect(await pagerText(page)).toContain("page 1 of 3");
    await page.keyboard.press("ArrowDown");
    await poll(() => selectionOf(page).episode).toBe(ranked[20]);
    await page.locator(`[data-drilldown="${ranked[20]}"] [data-testid="episode-diff"]`).waitFor();
    await poll(() => pagerText(page)).toContain("page 2 of 3");
    expect(await page.locator(`[data-episode="${ranked[20]}"]`).getAttribute("class")).toContain("selected");
    await expectClean(guarded);
  });

  it("a copied URL with an episode on page 3 opens that page", async () => {
    const guarded = await guardedPage(browser);
    const {page} = guarded;
    const ranked = expected.episodes.map((e) => e.episode_id);
    const target = ranked[42];
    await openReady(page, `${served.url}?runs=${BASELINE},${CANDIDATE}&baseline=${BASELINE}&episode=${target}`);
    await page.locator(`[data-drilldown="${target}"] [data-testid="episode-diff"]`).waitFor();
    await poll(() => pagerText(page)).toContain("page 3 of 3");
    expect(await page.locator(`[data-episode="${target}"]`).getAttribute("class")).toContain("selected");
    await expectClean(guarded);
  });
});
