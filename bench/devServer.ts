// npm run dev on a big tree with a warm run cache: how long the first page takes to get ready.
import {spawn} from "node:child_process";
import {join, resolve} from "node:path";
import type {Browser} from "playwright-core";
import {freshPage, type Probed} from "./browser.js";
import {worker} from "./snapshotBench.js";

const ROOT = resolve(import.meta.dirname, "..");
const PORT = 3987;

async function waitForServer(url: string, deadline: number) {
  while (Date.now() < deadline) {
    if (
      await fetch(url, {method: "HEAD"}).then(
        (r) => r.status < 500,
        () => false
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`preview did not start at ${url}`);
}

export interface DevResult {
  /** From navigation to body[data-ready] on the first load (the loader runs then, from the warm cache). */
  readyMs: number | null;
  /** From starting npm run dev to that moment. */
  sinceStartMs: number | null;
  errors: string[];
}

/** Warms the run cache for the store preview serves (src/data/runs), starts the dev server, loads the page once. */
export async function devFirstLoad(
  browser: Browser,
  evalDir: string,
  cacheDir: string,
  query: string
): Promise<DevResult> {
  worker("snapshot", evalDir, {RUN_COMPARE_CACHE: cacheDir, RUN_COMPARE_STORE: join(ROOT, "src", "data", "runs")});
  const env: NodeJS.ProcessEnv = {...process.env, EVAL_DIR: evalDir, RUN_COMPARE_CACHE: cacheDir};
  delete env.RUN_COMPARE_STORE;
  const started = Date.now();
  const dev = spawn(process.execPath, ["scripts/dev.mjs", "--port", String(PORT)], {
    cwd: ROOT,
    env,
    stdio: "ignore",
    detached: true
  });
  try {
    const url = `http://127.0.0.1:${PORT}/`;
    await waitForServer(url, Date.now() + 60_000);
    const {page, errors, close} = await freshPage(browser);
    try {
      await page.goto(url + query, {waitUntil: "commit"});
      await page.waitForSelector("body[data-ready='true']", {timeout: 60_000});
      const readyMs = await page.evaluate(() => (window as unknown as Probed).__bench.readyAt!);
      return {readyMs, sinceStartMs: Date.now() - started, errors: [...errors]};
    } finally {
      await close();
    }
  } catch (error) {
    return {readyMs: null, sinceStartMs: null, errors: [(error as Error).message]};
  } finally {
    if (dev.pid) process.kill(-dev.pid, "SIGTERM");
  }
}
