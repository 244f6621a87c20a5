// npm run build: a fresh snapshot every time, fully offline, and no half-built dist/ on failure.
// Framework builds the page and the catalog; each selected run's files are copied in beside the catalog.
import {spawnSync} from "node:child_process";
import {copyFileSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {bundleApp} from "./bundle.mjs";
import {withBuildLock} from "./buildLock.mjs";
import {withLocalBin} from "./localBin.mjs";

const CACHE_DATA = "src/.observablehq/cache/data";
const DIST = process.env.RUN_COMPARE_DIST ?? "dist";
const STAGING = `${DIST}.staging`;
const STORE = process.env.RUN_COMPARE_STORE || "src/data/runs";
// Framework's client bundle looks these versions up on the npm registry unless a marker directory exists for
// each (docs/rules.md, "Platform facts the build relies on").
const NPM_MARKERS = [
  "@observablehq/plot@0.6.17",
  "@observablehq/sample-datasets@1.0.1",
  "apache-arrow@21.2.0",
  "arquero@8.0.3",
  "d3-dsv@3.0.2",
  "d3@7.9.2",
  "echarts@6.1.0",
  "htl@1.0.0",
  "leaflet@1.9.4",
  "lodash@4.18.1",
  "mapbox-gl@3.32.0",
  "parquet-wasm@0.8.0",
  "react-dom@19.3.1",
  "react@19.3.1",
  "topojson-client@3.1.0"
];

/** Hard links where the file system allows (no bytes copied), else a copy. */
function place(from, to) {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}

/** Every file the catalog names, into dist beside the catalog: the page fetches them by name on selection. */
function copyRunFiles(staging) {
  const catalog = JSON.parse(readFileSync(join(CACHE_DATA, "catalog.json"), "utf8"));
  const target = join(staging, "_file", "data", "runs");
  mkdirSync(target, {recursive: true});
  let count = 0;
  for (const {files} of catalog.runs) {
    const names = [
      files.table,
      files.details,
      ...Array.from({length: files.shards}, (_, i) => `${files.texts}-${i}.json`)
    ];
    for (const name of names) place(join(STORE, name), join(target, name)), count++;
  }
  return count;
}

/**
 * Framework's page template has no option for these (docs/rules.md, "Platform facts the build relies on"): its
 * <html> has no lang, and its viewport meta has maximum-scale=1, which stops zooming on phones. Both are fixed in
 * every built page; a template this does not recognise fails the build rather than ship either.
 */
function fixPageTemplate(staging) {
  const pages = readdirSync(staging, {recursive: true}).filter((name) => String(name).endsWith(".html"));
  for (const name of pages) {
    const file = join(staging, String(name));
    const page = readFileSync(file, "utf8");
    const fixed = page.replace(/<html>/, '<html lang="en">').replace(/,\s*maximum-scale=1(?=[",])/, "");
    if (!/<html lang="en">/.test(fixed) || /maximum-scale/.test(fixed))
      throw new Error(`${file}: Framework's page template changed; cannot set <html lang> or allow zooming`);
    if (fixed !== page) writeFileSync(file, fixed);
  }
  return pages.length;
}

/**
 * Framework's build into the staging folder; `observable` from PATH first (tests put a stand-in there),
 * then node_modules.
 */
function observableBuild() {
  const result = spawnSync("observable", ["build"], {
    stdio: "inherit",
    env: {...withLocalBin(), OBSERVABLE_TELEMETRY_DISABLE: "1", RUN_COMPARE_OUTPUT: STAGING}
  });
  if (result.error) console.error(`run-compare: cannot run observable: ${result.error.message}`);
  return result.status ?? 1;
}

const status = await withBuildLock(async () => {
  await bundleApp();
  rmSync(CACHE_DATA, {recursive: true, force: true});
  rmSync(STAGING, {recursive: true, force: true});
  for (const marker of NPM_MARKERS) mkdirSync(`src/.observablehq/cache/_npm/${marker}`, {recursive: true});
  const built = observableBuild();
  if (built !== 0) return built;
  try {
    fixPageTemplate(STAGING);
    const copied = copyRunFiles(STAGING);
    rmSync(DIST, {recursive: true, force: true});
    renameSync(STAGING, DIST);
    console.error(`run-compare: ${DIST}/ is ready (${copied} run files)`);
    return 0;
  } catch (error) {
    console.error(`run-compare: ${error.message}`);
    return 1;
  }
}).catch((error) => (console.error(`run-compare: ${error.message}`), 1));
if (status !== 0) {
  rmSync(STAGING, {recursive: true, force: true});
  rmSync(DIST, {recursive: true, force: true});
  console.error(`run-compare: build failed; ${DIST}/ removed so nothing stale or partial gets published`);
  process.exit(status);
}
