// Where the page spends its time: a CPU profile (Chrome DevTools protocol) of one fresh load, one drill-down
// one baseline switch and one added run on a built site, aggregated by function (self and inclusive time),
// plus the network waterfall up to ready. Diagnosis aid for missed budgets, not part of the timed bench.
//   npx tsx bench/profilePage.ts --dist .bench/dist-synth-20x2000 [--top 25]
import {parseArgs} from "node:util";
import type {CDPSession, Page} from "playwright-core";
import {launch} from "../tests/e2e/browser.js";
import {serveStatic} from "../tests/e2e/serve.js";
import {addRun, freshPage, loadReady, openDrilldown, PREFIX, type Probed, switchBaseline} from "./browser.js";
import {aggregate, formatCosts, type CpuProfile} from "./cpuProfile.js";

function shortUrl(url: string) {
  return url.replace(/^https?:\/\/[^/]+/, "").replace(PREFIX, "");
}

export function summarize(profile: CpuProfile, top: number): string {
  const {total, functions, files} = aggregate(profile, shortUrl);
  return [
    `profiled ${total.toFixed(0)} ms`,
    ...formatCosts("inclusive (top):", functions, "totalMs", top),
    ...formatCosts("self (top):", functions, "selfMs", top),
    ...formatCosts("self per script:", files, "selfMs", 12)
  ].join("\n");
}

async function profiled<T>(page: Page, label: string, top: number, action: () => Promise<T>): Promise<T> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", {interval: 200});
  await cdp.send("Profiler.start");
  const value = await action();
  const {profile} = (await cdp.send("Profiler.stop")) as unknown as {profile: CpuProfile};
  console.log(`\n=== ${label}: ${JSON.stringify(value).slice(0, 300)}\n${summarize(profile, top)}`);
  await cdp.detach();
  return value;
}

const {values} = parseArgs({options: {dist: {type: "string"}, top: {type: "string", default: "25"}}});
if (!values.dist) throw new Error("usage: npx tsx bench/profilePage.ts --dist DIR");
const top = Number(values.top);
const browser = await launch();
const served = await serveStatic(values.dist, PREFIX);
try {
  const {page, errors, close} = await freshPage(browser);
  await profiled(page, "fresh load to ready + settled", top, () => loadReady(page, served, served.url, errors));
  const waterfall = await page.evaluate(() =>
    performance.getEntriesByType("resource").map((e) => {
      const r = e as PerformanceResourceTiming;
      const times = `${r.startTime.toFixed(0).padStart(6)} -> ${r.responseEnd.toFixed(0).padStart(6)} ms`;
      return `${times}  ${String(r.encodedBodySize).padStart(9)} B  ${r.name.replace(/^.*\/team\/evals\//, "")}`;
    })
  );
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming;
    const readyAt = (window as unknown as Probed).__bench.readyAt!;
    return (
      `responseEnd ${n.responseEnd.toFixed(0)} ms, DOMContentLoaded ${n.domContentLoadedEventEnd.toFixed(0)} ms, ` +
      `load ${n.loadEventEnd.toFixed(0)} ms, ready ${readyAt.toFixed(0)} ms`
    );
  });
  console.log(`\n=== network waterfall (resource timing)\n${nav}\n${waterfall.join("\n")}`);
  await page.waitForTimeout(300);
  await profiled(page, "drill-down open", top, () => openDrilldown(page, 0));
  await page.waitForTimeout(300);
  await profiled(page, "drill-down re-open (cached shards)", top, () => openDrilldown(page, 0));
  await page.waitForTimeout(300);
  await profiled(page, "baseline switch", top, () => switchBaseline(page));
  await page.waitForTimeout(300);
  await profiled(page, "add a run", top, () => addRun(page));
  if (errors.length) console.log(`\npage errors: ${errors.join(" / ")}`);
  await close();
} finally {
  await served.close();
  await browser.close();
}
