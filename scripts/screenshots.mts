// Full-page screenshots of a built site, as a reviewer looks at it: 1400 and 1024 px wide, light and dark.
//   npx tsx scripts/screenshots.mts --dist DIR --out DIR [--query "?runs=...&baseline=..."] [--name corpus]
import {mkdirSync} from "node:fs";
import {join} from "node:path";
import {parseArgs} from "node:util";
import {launch} from "../tests/e2e/browser.js";
import {serveStatic} from "../tests/e2e/serve.js";

const {values} = parseArgs({
  options: {
    dist: {type: "string"},
    out: {type: "string"},
    query: {type: "string", default: ""},
    name: {type: "string", default: "page"}
  }
});
if (!values.dist || !values.out)
  throw new Error("usage: npx tsx scripts/screenshots.mts --dist DIR --out DIR [--query Q] [--name NAME]");
mkdirSync(values.out, {recursive: true});
const browser = await launch();
const served = await serveStatic(values.dist, "/team/evals/");
try {
  for (const width of [1400, 1024]) {
    for (const colorScheme of ["light", "dark"] as const) {
      const page = await browser.newPage({viewport: {width, height: 900}, colorScheme});
      await page.goto(served.url + values.query);
      await page.waitForSelector("body[data-ready]");
      await page.waitForTimeout(800); // charts draw after the first paint
      const path = join(values.out, `${values.name}-${width}-${colorScheme}.png`);
      await page.screenshot({path, fullPage: true});
      await page.screenshot({path: path.replace(/\.png$/, "-top.png")});
      console.log(path);
      await page.close();
    }
  }
} finally {
  await served.close();
  await browser.close();
}
