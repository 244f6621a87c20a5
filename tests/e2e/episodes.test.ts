// Exports of the episode table and the drill-down flow: CSV/JSON downloads of exactly what is listed (generated
// tree, 120 episodes) with both runs' values, the defect and finding filters (picked, linked, kept in the URL),
// the drill-down brought into view and focused, j/k and arrow keys, the reference column, an episode the
// candidate did not run, and a 5,000+ character diff. Expected values: the report command's JSON and the
// artifacts read with JSON.parse.
import {mkdirSync, readFileSync} from "node:fs";
import {join} from "node:path";
import type {Browser, Locator, Page} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {findingQuery} from "../../src/compare/selection.js";
import {guardedPage, launch, openReady} from "./browser.js";
import {expectClean, poll, screenshot, selectionOf} from "./dom.js";
import {artifactDeltas, GEN, generatedSite, readRun, sortedBy} from "./generated.js";
import {serveStatic, type Served} from "./serve.js";
import {builtSite, EVAL_DIRS, report, SCREENSHOTS, type ReportComparison} from "./sites.js";

const TABLE = '[data-testid="episode-table"]';
const FATTER = "baselines/mr_fatter_map_v2";
const STARVED = "runs/mr_starved_v3";
const PARTIAL = "runs/mr_fast_partial_v1";
const SILVER = "references/silver/silver_sonnet46_smoke_v1";
const view = (baseline: string, candidate: string) => `?runs=${baseline},${candidate}&baseline=${baseline}`;

/** RFC 4180: fields separated by commas, records by CRLF, quoted fields with "" for a quote. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ",") record.push(field), (field = "");
    else if (char === "\r" && text[i + 1] === "\n")
      record.push(field), records.push(record), (record = []), (field = ""), i++;
    else field += char;
  }
  if (field !== "" || record.length) record.push(field), records.push(record);
  return records;
}

async function download(page: Page, testId: string): Promise<{name: string; text: string}> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByTestId(testId).click()]);
  return {name: file.suggestedFilename(), text: readFileSync(await file.path(), "utf8")};
}

/** A screenshot of one element (the drill-down), legible where a full-page one is not. */
async function shot(locator: Locator, name: string) {
  mkdirSync(SCREENSHOTS, {recursive: true});
  await locator.screenshot({path: join(SCREENSHOTS, `${name}.png`)});
}

/** The drill-down's box intersects the viewport. */
const inView = (page: Page, id: string) =>
  page.locator(`[data-drilldown="${id}"]`).evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth && r.height > 0;
  });
/** Which drill-down holds the keyboard focus, if any. */
const focusedDrilldown = (page: Page) =>
  page.evaluate(() => document.activeElement?.closest("[data-drilldown]")?.getAttribute("data-drilldown") ?? null);

describe("episode exports and drill-down", () => {
  let evalDir: string;
  let generated: Served;
  let fixtures: Served;
  let browser: Browser;
  let expected: ReportComparison;
  let ranked: string[];

  beforeAll(async () => {
    const site = await generatedSite();
    evalDir = site.evalDir;
    const answer = report(evalDir, GEN.baseline, [GEN.candidate]);
    generated = await serveStatic(site.dist);
    fixtures = await serveStatic(await builtSite("fixtures"));
    expected = (await answer).comparisons![0];
    ranked = expected.episodes.map((e) => e.episode_id);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    await generated?.close();
    await fixtures?.close();
  });

  const open = async (query: string, site = generated) => {
    const guarded = await guardedPage(browser);
    await openReady(guarded.page, `${site.url}${query}`);
    return guarded;
  };
  const genView = view(GEN.baseline, GEN.candidate);
  const regressed = (id: string) => expected.episodes.find((e) => e.episode_id === id)!.regressed;

  it("CSV export: every listed episode of the 3 pages, in the current sort, with the artifacts' deltas", async () => {
    const guarded = await open(`${genView}&sort=delta_latency_s`);
    const {page} = guarded;
    const deltas = artifactDeltas(evalDir);
    const order = sortedBy(ranked, (id) => deltas.get(id)!.latency, true);
    await page.locator("nav.pager-top").getByRole("button", {name: /next/}).click();
    await poll(() => page.locator("nav.pager-top").innerText()).toContain("page 2 of 3");

    const {name, text} = await download(page, "export-csv");
    expect(name).toMatch(/\.csv$/);
    const [header, ...rows] = parseCsv(text);
    const column = (key: string) => header.indexOf(key);
    expect(header).toEqual(
      expect.arrayContaining(["episode_id", "regressed", "delta_latency_s", "delta_output_tokens"])
    );
    expect(rows.map((r) => r[column("episode_id")])).toEqual(order);
    for (const row of rows) {
      const id = row[column("episode_id")];
      const {latency, tokens} = deltas.get(id)!;
      expect(row[column("regressed")], id).toBe(String(regressed(id)));
      if (latency === null) expect(row[column("delta_latency_s")], id).toBe("");
      else expect(Math.abs(Number(row[column("delta_latency_s")]) - latency), id).toBeLessThanOrEqual(1e-9);
      expect(row[column("delta_output_tokens")], id).toBe(tokens === null ? "" : String(tokens));
    }
    await expectClean(guarded);
  });

  it("JSON export of a filtered, re-sorted list: the gate-hit episodes by Δ output tokens, ascending", async () => {
    const guarded = await open(`${genView}&show=gates&sort=delta_output_tokens&dir=asc`);
    const {page} = guarded;
    const deltas = artifactDeltas(evalDir);
    const gateDeltas = expected.deltas.filter((d) => d.metric.startsWith("gate_"));
    const hit = new Set(gateDeltas.flatMap((d) => [...d.new, ...d.fixed]));
    const order = sortedBy(
      ranked.filter((id) => hit.has(id)),
      (id) => deltas.get(id)!.tokens,
      false
    );

    const {name, text} = await download(page, "export-json");
    expect(name).toMatch(/\.json$/);
    const records = JSON.parse(text) as {
      episode_id: string;
      regressed: boolean;
      delta_output_tokens: number | null;
      new_gates: string[];
      fixed_gates: string[];
    }[];
    expect(records.map((r) => r.episode_id)).toEqual(order);
    for (const record of records) {
      const id = record.episode_id;
      expect(record.delta_output_tokens, id).toBe(deltas.get(id)!.tokens);
      expect(record.regressed, id).toBe(regressed(id));
      const named = (field: "new" | "fixed") =>
        gateDeltas.filter((d) => d[field].includes(id)).map((d) => d.metric.replace(/^gate_/, ""));
      expect(record.new_gates, id).toEqual(named("new"));
      expect(record.fixed_gates, id).toEqual(named("fixed"));
    }
    await expectClean(guarded);
  });

  /** The ids the table lists on its page, in order. */
  const listedIds = (page: Page) =>
    page
      .locator(`${TABLE} tr[data-episode]`)
      .evaluateAll((rows) => rows.map((row) => row.getAttribute("data-episode")!));
  const tableCounts = (page: Page) =>
    page.locator(TABLE).evaluate((el) => [el.getAttribute("data-total"), el.getAttribute("data-regressed")]);
  const param = (page: Page, name: string) => new URL(page.url()).searchParams.get(name);

  it("a defect and a finding picked in the table list the report's episodes; reload and Back keep them", async () => {
    const guarded = await open(genView);
    const {page} = guarded;
    const allRegressed = String(expected.episodes.filter((e) => e.regressed).length);
    // Boilerplate: new on GEN.boilerplate, fixed on GEN.fixedGate, held on none.
    const boilerplate = expected.deltas.find((d) => d.metric === "gate_boilerplate")!;
    const either = new Set([...boilerplate.new, ...boilerplate.fixed]);
    expect([...either].sort()).toEqual([...GEN.boilerplate, GEN.fixedGate].sort());
    const defectOption = page.locator('[data-testid="defect-filter"] option[value="gate_boilerplate"]');
    expect(await defectOption.getAttribute("data-count")).toBe(String(either.size));
    expect(await defectOption.textContent()).toBe(`boilerplate leak (${either.size})`);

    await page.getByTestId("defect-filter").selectOption("gate_boilerplate");
    await poll(() => param(page, "defect")).toBe("gate_boilerplate");
    await poll(() => listedIds(page)).toEqual(ranked.filter((id) => either.has(id)));
    expect(await tableCounts(page)).toEqual(["120", allRegressed]);

    const finding = expected.findings.find((f) => f.code === "new_gate_boilerplate")!;
    expect([...finding.episodes].sort()).toEqual([...GEN.boilerplate].sort());
    await page.getByTestId("finding-filter").selectOption("new_gate_boilerplate");
    await poll(() => param(page, "finding")).toBe("new_gate_boilerplate");
    const newly = ranked.filter((id) => finding.episodes.includes(id));
    await poll(() => listedIds(page)).toEqual(newly);
    expect(await page.locator(".episode-status").innerText()).toContain(finding.sentence);
    expect(await tableCounts(page)).toEqual(["120", allRegressed]);

    await openReady(page, page.url());
    await poll(() => listedIds(page)).toEqual(newly);
    expect(await page.getByTestId("defect-filter").inputValue()).toBe("gate_boilerplate");
    expect(await page.getByTestId("finding-filter").inputValue()).toBe("new_gate_boilerplate");

    await page.goBack();
    await poll(() => param(page, "finding")).toBe(null);
    await poll(() => listedIds(page)).toEqual(ranked.filter((id) => either.has(id)));
    expect(param(page, "defect")).toBe("gate_boilerplate");
    await expectClean(guarded);
  });

  it("finding=<code> in a link lists the finding's episodes; a data-state-link changes the view in place", async () => {
    const failed = expected.findings.find((f) => f.code === "new_failed")!;
    expect([...failed.episodes].sort()).toEqual([...GEN.failed].sort());
    const guarded = await open(`${genView}&finding=new_failed`);
    const {page} = guarded;
    await poll(() => listedIds(page)).toEqual(ranked.filter((id) => failed.episodes.includes(id)));
    expect(await page.getByTestId("finding-filter").inputValue()).toBe("new_failed");

    // What the verdict panel's links do: findingQuery on the current query, followed without a reload.
    const speaker = expected.findings.find((f) => f.code === "new_gate_speaker_label")!;
    const href = findingQuery(new URL(page.url()).search, GEN.candidate, speaker.code);
    await page.evaluate((target) => {
      (window as unknown as {sameDocument: boolean}).sameDocument = true;
      const link = document.createElement("a");
      link.href = target;
      link.textContent = "speaker label leaks";
      link.setAttribute("data-state-link", "");
      link.setAttribute("data-testid", "state-link");
      (document.querySelector("main") ?? document.body).prepend(link);
    }, href);
    await page.getByTestId("state-link").click();
    await poll(() => param(page, "finding")).toBe(speaker.code);
    await poll(() => listedIds(page)).toEqual(ranked.filter((id) => speaker.episodes.includes(id)));
    expect([...speaker.episodes].sort()).toEqual([...GEN.speaker].sort());
    expect(await page.evaluate(() => (window as unknown as {sameDocument?: boolean}).sameDocument)).toBe(true);
    expect(param(page, "focus")).toBe(GEN.candidate);
    await expectClean(guarded);
  });

  it("exports carry both runs' values for each numeric column and defect, as the artifacts have them", async () => {
    const guarded = await open(`${genView}&defect=failed`);
    const {page} = guarded;
    const base = readRun(evalDir, GEN.baseline);
    const cand = readRun(evalDir, GEN.candidate);
    await poll(() => listedIds(page)).toEqual(ranked.filter((id) => (GEN.failed as readonly string[]).includes(id)));

    const json = JSON.parse((await download(page, "export-json")).text) as Record<string, unknown>[];
    expect(json.map((r) => r.episode_id)).toEqual(await listedIds(page));
    for (const record of json) {
      const id = record.episode_id as string;
      expect([record.failed_baseline, record.failed_candidate], id).toEqual([false, true]);
      expect(record.latency_s_baseline, id).toBe(base.get(id)!.latency);
      expect([record.latency_s_candidate, record.delta_latency_s], id).toEqual([null, null]);
      expect(record.output_tokens_baseline, id).toBe(Math.floor(base.get(id)!.text.length / 4));
    }

    await page.getByTestId("defect-filter").selectOption("gate_speaker_label");
    await poll(() => param(page, "defect")).toBe("gate_speaker_label");
    const [header, ...rows] = parseCsv((await download(page, "export-csv")).text);
    const cell = (row: string[], key: string) => row[header.indexOf(key)];
    expect(rows.map((r) => cell(r, "episode_id")).sort()).toEqual([...GEN.speaker].sort());
    for (const row of rows) {
      const id = cell(row, "episode_id");
      const [b, c] = [base.get(id)!, cand.get(id)!];
      expect([cell(row, "gate_speaker_label_baseline"), cell(row, "gate_speaker_label_candidate")], id).toEqual([
        "false",
        "true"
      ]);
      expect(Number(cell(row, "latency_s_baseline")), id).toBe(b.latency);
      expect(Number(cell(row, "latency_s_candidate")), id).toBe(c.latency);
      expect(Number(cell(row, "output_tokens_candidate")), id).toBe(Math.floor(c.text.length / 4));
      const delta = Number(cell(row, "delta_latency_s"));
      expect(Math.abs(delta - (c.latency! - b.latency!)), id).toBeLessThanOrEqual(1e-9);
    }
    await expectClean(guarded);
  });

  it("clicking an episode brings its drill-down into view and moves the keyboard focus to it", async () => {
    const guarded = await open(genView);
    const {page} = guarded;
    const target = ranked[40];
    await page.locator(`${TABLE} tr[data-episode="${target}"] .episode-open`).click();
    await poll(() => selectionOf(page).episode).toBe(target);
    await page.locator(`[data-drilldown="${target}"] [data-testid="episode-diff"]`).waitFor();
    await poll(() => inView(page, target)).toBe(true);
    await poll(() => focusedDrilldown(page)).toBe(target);
    await expectClean(guarded);
  });

  it("a link with &episode= opens with the drill-down in view and focused", async () => {
    const linked = ranked[45];
    const guarded = await open(`${genView}&episode=${linked}`);
    const {page} = guarded;
    await page.locator(`[data-drilldown="${linked}"] [data-testid="episode-diff"]`).waitFor();
    await poll(() => inView(page, linked)).toBe(true);
    await poll(() => focusedDrilldown(page)).toBe(linked);
    await screenshot(page, "episodes-drilldown-linked");
    await shot(page.locator(`[data-drilldown="${linked}"]`), "episodes-drilldown-linked-element");
    await expectClean(guarded);
  });

  it("j and k step through the listed episodes in the table's order, not while typing in the search box", async () => {
    const deltas = artifactDeltas(evalDir);
    const order = sortedBy(ranked, (id) => deltas.get(id)!.latency, false);
    const guarded = await open(`${genView}&sort=delta_latency_s&dir=asc&episode=${order[0]}`);
    const {page} = guarded;
    await page.locator(`[data-drilldown="${order[0]}"]`).waitFor();
    const press = async (key: string, id: string) => {
      await page.keyboard.press(key);
      await poll(() => selectionOf(page).episode).toBe(id);
      await page.locator(`[data-drilldown="${id}"]`).waitFor();
    };
    await press("j", order[1]);
    await press("j", order[2]);
    await press("k", order[1]);

    const search = page.getByTestId("episode-search");
    await search.focus();
    await page.keyboard.type("jk");
    expect(await search.inputValue()).toBe("jk");
    await page.waitForTimeout(500);
    expect(selectionOf(page).episode).toBe(order[1]);
    await expectClean(guarded);
  });

  it("ArrowDown and ArrowUp step through the listed episodes while the episode table has focus", async () => {
    const start = ranked[3];
    const guarded = await open(`${genView}&episode=${start}`);
    const {page} = guarded;
    await page.locator(`[data-drilldown="${start}"]`).waitFor();
    await page.locator(`${TABLE} tr[data-episode="${start}"] .episode-open`).focus();
    for (const [key, id] of [
      ["ArrowDown", ranked[4]],
      ["ArrowDown", ranked[5]],
      ["ArrowUp", ranked[4]]
    ]) {
      await page.keyboard.press(key);
      await poll(() => selectionOf(page).episode, 3_000).toBe(id);
      await page.locator(`[data-drilldown="${id}"]`).waitFor();
      await page.waitForTimeout(300); // the drill-down settles (and may take focus) before the next key
    }
    await expectClean(guarded);
  });

  it("with focus on the body, ArrowDown scrolls the page and leaves the open episode as it is", async () => {
    const open4 = ranked[4];
    const guarded = await open(`${genView}&episode=${open4}`);
    const {page} = guarded;
    await page.locator(`[data-drilldown="${open4}"]`).waitFor();
    await page.waitForTimeout(300);
    await page.evaluate(() => {
      (document.activeElement as HTMLElement | null)?.blur();
      window.scrollTo(0, 0);
    });
    expect(await page.evaluate(() => document.activeElement === document.body && window.scrollY === 0)).toBe(true);
    await page.keyboard.press("ArrowDown");
    await poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    await page.waitForTimeout(300);
    expect(selectionOf(page).episode).toBe(open4);
    await expectClean(guarded);
  });

  it("the diff of a 5,000+ character output is one box with no inner scrollbar", async () => {
    const before = readRun(evalDir, GEN.baseline).get(GEN.long)!.text;
    const after = readRun(evalDir, GEN.candidate).get(GEN.long)!.text;
    expect(Math.min(before.length, after.length)).toBeGreaterThan(5000);
    const guarded = await open(`${genView}&episode=${GEN.long}`);
    const {page} = guarded;
    const diff = page.locator(`[data-drilldown="${GEN.long}"] [data-testid="episode-diff"]`);
    await diff.waitFor();
    expect(await diff.locator("del").count()).toBeGreaterThan(0);
    expect(await diff.locator("ins").count()).toBeGreaterThan(0);
    const box = await diff.evaluate((el) => ({
      scroll: el.scrollHeight,
      client: el.clientHeight,
      text: el.textContent ?? ""
    }));
    expect(box.text.length).toBeGreaterThan(5000);
    await shot(page.locator(`[data-drilldown="${GEN.long}"]`), "episodes-long-diff");
    expect(box.scroll, `scrollHeight ${box.scroll} vs clientHeight ${box.client}`).toBe(box.client);
    await expectClean(guarded);
  });

  it("the reference column shows on request, with the silver reference's text (fatter vs starved)", async () => {
    const episode = "p02_e01";
    const silver = readFileSync(join(EVAL_DIRS.fixtures, SILVER, "predictions.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const text: string = silver.find((row) => row.episode_id === episode).output.summary_final;
    const guarded = await open(`${view(FATTER, STARVED)}&episode=${episode}`, fixtures);
    const {page} = guarded;
    const drilldown = page.locator(`[data-drilldown="${episode}"]`);
    await drilldown.waitFor();
    expect(await drilldown.locator('[data-side="reference"]').count()).toBe(0);
    await drilldown.getByRole("button", {name: /show reference/}).click();
    const shown = page.locator(`[data-drilldown="${episode}"] [data-side="reference"] .output-text`);
    await poll(() => shown.count()).toBe(1);
    expect(await shown.textContent()).toBe(text);
    expect(await page.locator(`[data-drilldown="${episode}"] [data-side="reference"]`).innerText()).toContain(
      SILVER.split("/").pop()
    );
    await shot(drilldown, "episodes-reference-column");
    await expectClean(guarded);
  });

  it("an episode the candidate did not run reads 'not run by the candidate' and shows no deleted text", async () => {
    const missing = (await report(EVAL_DIRS.fixtures, FATTER, [PARTIAL])).comparisons![0].coverage
      .missing_from_candidate;
    expect(missing).toContain("p04_e01");
    const guarded = await open(`${view(FATTER, PARTIAL)}&episode=p04_e01`, fixtures);
    const {page} = guarded;
    const drilldown = page.locator('[data-drilldown="p04_e01"]');
    await drilldown.waitFor();
    expect((await drilldown.innerText()).toLowerCase()).toContain("not run by the candidate");
    expect(await drilldown.locator("del").count()).toBe(0);
    expect(await drilldown.locator('[data-side="candidate"] .output-text').count()).toBe(0);
    await shot(drilldown, "episodes-missing-from-candidate");
    await expectClean(guarded);
  });
});
