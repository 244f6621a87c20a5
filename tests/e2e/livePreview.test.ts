// npm run dev on an EVAL_DIR: a run written there while the preview is open appears on reload, no restart.
import {spawn, type ChildProcess} from "node:child_process";
import {cpSync, mkdtempSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import {join} from "node:path";
import type {Browser} from "playwright-core";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {errorCells, guardedPage, launch} from "./browser.js";

const PORT = 3917;
const SOURCE = "fixtures/eval/baselines";

async function waitForServer(url: string, deadline = Date.now() + 60_000) {
  while (Date.now() < deadline) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`preview did not start at ${url}`);
}

describe("live preview", () => {
  let evalDir: string;
  let preview: ChildProcess;
  let browser: Browser;

  beforeAll(async () => {
    evalDir = mkdtempSync(join(tmpdir(), "run-compare-live-"));
    cpSync(
      join(SOURCE, "baseline_ml_prod_authority_smoke_v1"),
      join(evalDir, "baselines/baseline_ml_prod_authority_smoke_v1"),
      {recursive: true}
    );
    cpSync(
      join(SOURCE, "baseline_ml_bart_authority_smoke_v1"),
      join(evalDir, "baselines/baseline_ml_bart_authority_smoke_v1"),
      {recursive: true}
    );
    preview = spawn("node", ["scripts/dev.mjs", "--port", String(PORT)], {
      env: {...process.env, EVAL_DIR: evalDir, BASELINE: ""},
      stdio: "ignore",
      detached: true
    });
    await waitForServer(`http://127.0.0.1:${PORT}/`);
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
    if (preview?.pid) process.kill(-preview.pid, "SIGTERM");
    rmSync(evalDir, {recursive: true, force: true});
  });

  it("shows a run written into EVAL_DIR after a reload, without restarting", async () => {
    const {page, failures} = await guardedPage(browser);
    await page.goto(`http://127.0.0.1:${PORT}/`);
    await page.waitForSelector("body[data-ready='true']", {timeout: 60_000});
    expect(await page.locator("[data-catalog-run]").count()).toBe(2);

    const newRun = join(evalDir, "runs/new_candidate_v1");
    cpSync(join(SOURCE, "baseline_ml_bart_authority_smoke_v1"), newRun, {recursive: true});

    const deadline = Date.now() + 30_000;
    let found = 0;
    while (Date.now() < deadline && found === 0) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await page.reload();
      await page.waitForSelector("body[data-ready='true']", {timeout: 60_000});
      found = await page.locator('[data-catalog-run="runs/new_candidate_v1"]').count();
    }
    expect(found).toBe(1);
    expect(await page.locator("[data-catalog-run]").count()).toBe(3);
    expect(await errorCells(page)).toBe(0);
    // Preview's live-reload socket may log a closed connection on reload; anything else is a failure.
    expect(failures.filter((f) => !/WebSocket/i.test(f))).toEqual([]);
  });
});
