// Debian's chromium driven by playwright-core, with the guards every page test needs:
// no request leaves the host, no console error, no page error, no failed response.
import {chromium, type Browser, type Page} from "playwright-core";
import {CHROMIUM_MISSING, findChromium} from "../../scripts/chromium.mjs";

export function chromiumPath(): string {
  const path = findChromium();
  if (!path) throw new Error(CHROMIUM_MISSING);
  return path;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync"
    ]
  });
}

export interface GuardedPage {
  page: Page;
  /** Everything that went wrong: console errors, page errors, outside requests, HTTP errors. */
  failures: string[];
}

export async function guardedPage(
  browser: Browser,
  {colorScheme = "light" as "light" | "dark", width = 1400, height = 1000, deviceScaleFactor = 1} = {}
): Promise<GuardedPage> {
  const context = await browser.newContext({
    colorScheme,
    viewport: {width, height},
    deviceScaleFactor,
    acceptDownloads: true
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const page = await context.newPage();
  const failures: string[] = [];
  await page.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:") return route.continue();
    failures.push(`outside request: ${url.href}`);
    return route.abort();
  });
  page.on("console", (message) => message.type() === "error" && failures.push(`console: ${message.text()}`));
  page.on("pageerror", (error) => failures.push(`page error: ${error.message}`));
  page.on(
    "response",
    (response) => response.status() >= 400 && failures.push(`HTTP ${response.status()}: ${response.url()}`)
  );
  return {page, failures};
}

/** Opens a URL and waits for body[data-ready]; returns the milliseconds it took. */
export async function openReady(page: Page, url: string): Promise<number> {
  const start = Date.now();
  await page.goto(url);
  await page.waitForSelector("body[data-ready='true']", {timeout: 30_000});
  return Date.now() - start;
}

export async function errorCells(page: Page): Promise<number> {
  return page.locator(".observablehq--error").count();
}
