// npm run bench: the performance budgets (docs/rules.md, "Performance budgets") on the fixtures and on
// synthetic trees of 20 and 100 runs x 2,000 episodes. Every number is a median over repetitions, reported
// beside a baseline measured in the same run.
// It is a report: exit 0 even when a budget is missed (printed as MISSED).
import {spawnSync} from "node:child_process";
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from "node:fs";
import {availableParallelism, loadavg} from "node:os";
import {join, resolve} from "node:path";
import {parseArgs} from "node:util";
import {launch} from "../tests/e2e/browser.js";
import {build, distSizes} from "./build.js";
import {measureSite, med, writeTrivialSite, type PageResults} from "./browser.js";
import {devFirstLoad} from "./devServer.js";
import {compareFormats} from "./formats.js";
import {missedLines, row, table, type Row} from "./report.js";
import {snapshotVsBare} from "./snapshotBench.js";
import {formatMs, log} from "./stats.js";

const ROOT = resolve(import.meta.dirname, "..");
const BENCH = join(ROOT, ".bench");
const GIB = 1024 ** 3;

const {values: args} = parseArgs({
  options: {
    only: {type: "string"}, // a comma list of: fixtures, synth20, synth100
    episodes: {type: "string", default: "2000"},
    loads: {type: "string", default: "5"},
    "skip-dev": {type: "boolean", default: false}
  }
});
const episodes = Number(args.episodes);
const loads = Number(args.loads);

interface Dataset {
  name: string;
  runs: number | null; // null: the fixtures
  readyBudgetMs: number | null;
}

const DATASETS: Dataset[] = [
  {name: "fixtures", runs: null, readyBudgetMs: 1000},
  {name: "synth20", runs: 20, readyBudgetMs: null},
  {name: "synth100", runs: 100, readyBudgetMs: 1500}
].filter((d) => !args.only || args.only.split(",").includes(d.name));

function ensureSynth(dir: string, runs: number): number | null {
  const marker = join(dir, ".synth.json");
  const meta = existsSync(marker) ? JSON.parse(readFileSync(marker, "utf8")) : null;
  if (meta?.runs === runs && meta?.episodes === episodes) return null;
  log(`generating ${dir}`);
  const start = performance.now();
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const result = spawnSync(
    tsx,
    ["scripts/synth.mts", "--out", dir, "--runs", String(runs), "--episodes", String(episodes)],
    {cwd: ROOT, stdio: "inherit"}
  );
  if (result.status !== 0) throw new Error("synth failed");
  return performance.now() - start;
}

/** The same two runs in every synthetic tree (its first two baselines), so page payloads compare like for like. */
function fixedSelection(evalDir: string): string {
  const ids = readdirSync(join(evalDir, "baselines"))
    .filter((name) => /_v[12]$/.test(name))
    .sort((a, b) => a.slice(-1).localeCompare(b.slice(-1)));
  return `?runs=${ids.map((id) => `baselines/${id}`).join(",")}&baseline=baselines/${ids[0]}`;
}

const rows: Row[] = [];
const raw: Record<string, unknown> = {};
const add = (r: Parameters<typeof row>[0]) => rows.push(row(r));

function snapshotRows(ds: Dataset, evalDir: string) {
  log(`${ds.name}: snapshot vs bare read`);
  const s = snapshotVsBare(evalDir, BENCH, ds.name);
  raw[`${ds.name}.snapshot`] = s;
  const bare = `bare read+JSON.parse of ${s.read.files} files, ${(s.read.bytes / 1e6).toFixed(1)} MB`;
  const base = {dataset: ds.name, unit: "ms" as const, baseline: s.bare.median, baselineLabel: bare};
  add({
    ...base,
    measure: "snapshot, rebuild with runs unchanged (run cache warm)",
    value: s.warm.median,
    budget: "<= 2.0x bare read",
    met: s.warm.median / s.bare.median <= 2,
    samples: s.warm.samples
  });
  add({
    ...base,
    measure: "snapshot, rebuild after one run changed",
    value: s.changed.median,
    budget: "",
    met: null,
    samples: s.changed.samples,
    note: `changed: ${s.changedRun}, parsed and scored again`
  });
  const perEpisode = s.first.scoredEpisodes ? (s.cold.median * 1000) / s.first.scoredEpisodes : null;
  add({
    ...base,
    measure: `snapshot, first build, ${availableParallelism()} worker threads (one per core)`,
    value: s.cold.median,
    budget: "bounded by exact scoring (reported)",
    met: null,
    samples: s.cold.samples,
    note:
      perEpisode === null
        ? undefined
        : `${perEpisode.toFixed(0)} us per scored episode (${s.first.scoredEpisodes} scored of ${s.first.episodes})`
  });
  add({
    ...base,
    measure: "snapshot, first build with one worker thread",
    value: s.coldOneWorker.median,
    budget: "",
    met: null,
    samples: s.coldOneWorker.samples,
    note: `speedup of every core over one worker: ${(s.coldOneWorker.median / s.cold.median).toFixed(2)}x`
  });
  return s;
}

async function buildRows(ds: Dataset, evalDir: string | null, bareMs: number, fixturesBuildMs: number | null) {
  log(`${ds.name}: build`);
  const built = await build(ds.name, evalDir, BENCH);
  raw[`${ds.name}.build`] = built;
  const limit = fixturesBuildMs === null ? null : fixturesBuildMs + 3 * bareMs;
  add({
    dataset: ds.name,
    measure: "build (scripts/build.mjs, run cache warm)",
    value: built.ok ? built.ms : null,
    unit: "ms",
    baseline: fixturesBuildMs,
    baselineLabel: "fixtures build",
    budget: limit === null ? "(succeeds)" : `<= fixtures build + 3x bare read = ${formatMs(limit)}`,
    met: !built.ok ? false : limit === null ? null : built.ms <= limit,
    note: built.ok ? undefined : `build failed, see ${built.log}`
  });
  add({
    dataset: ds.name,
    measure: "peak RSS of any build process",
    value: built.peakRssBytes,
    unit: "bytes",
    baseline: null,
    baselineLabel: "",
    budget: "< 1 GiB",
    met: built.peakRssBytes < GIB,
    note: built.peakRssProcess
  });
  if (!built.ok) return null;
  const sizes = distSizes(built.dist);
  raw[`${ds.name}.sizes`] = sizes;
  add({
    dataset: ds.name,
    measure: "dist/ size",
    value: sizes.total,
    unit: "bytes",
    baseline: sizes.catalog,
    baselineLabel: "catalog",
    budget: "",
    met: null,
    note: `run tables+details ${sizes.tables} B, text shards ${sizes.texts} B`
  });
  return built;
}

function pageRows(ds: Dataset, page: PageResults, catalogBytes: number) {
  const loadsOk = page.loads;
  const ready = med(loadsOk.map((l) => l.readyMs));
  const shards = [...new Set(loadsOk.flatMap((l) => l.textShardsBeforeReady))];
  const errors = [...new Set(loadsOk.flatMap((l) => l.errors))];
  add({
    dataset: ds.name,
    measure: "page ready (body[data-ready])",
    value: loadsOk.length ? ready : null,
    unit: "ms",
    baseline: null,
    baselineLabel: "",
    budget: ds.readyBudgetMs ? `< ${ds.readyBudgetMs / 1000} s` : "",
    met: ds.readyBudgetMs ? loadsOk.length > 0 && ready < ds.readyBudgetMs : null,
    samples: loadsOk.map((l) => l.readyMs),
    note: [errors.join(" / "), page.failures.join(" | ")].filter(Boolean).join("; ") || undefined
  });
  add({
    dataset: ds.name,
    measure: "bytes fetched before ready",
    value: med(loadsOk.map((l) => l.bytesBeforeReady)),
    unit: "bytes",
    baseline: catalogBytes,
    baselineLabel: "catalog",
    budget: "no text shard",
    met: shards.length === 0,
    note: `${med(loadsOk.map((l) => l.requestsBeforeReady))} requests`
  });
  const interaction = (measure: string, samples: (number | null)[], budget: string, limit: number | null) => {
    const value = med(samples);
    add({
      dataset: ds.name,
      measure,
      value: Number.isFinite(value) ? value : null,
      unit: "ms",
      baseline: null,
      baselineLabel: "",
      budget,
      met: limit === null ? null : Number.isFinite(value) && value < limit,
      samples: samples.filter((s): s is number => typeof s === "number")
    });
  };
  interaction(
    "add a run to the selection -> its deltas shown",
    page.addRun.map((s) => s.domMs),
    "< 200 ms",
    200
  );
  interaction(
    "baseline switch -> delta cells updated",
    page.baselineSwitch.map((s) => s.domMs),
    "< 200 ms",
    200
  );
  interaction(
    "drill-down open (fetches the episode's text shards)",
    page.drilldown.map((s) => s.domMs),
    "< 100 ms",
    100
  );
}

async function main() {
  const started = performance.now();
  const loadBefore = loadavg();
  mkdirSync(BENCH, {recursive: true});
  const browser = await launch();
  const trivial = await writeTrivialSite(join(BENCH, "trivial"));
  const fetched: Record<string, number> = {};
  let fixturesBuildMs: number | null = null;
  try {
    const trivialLoad = med((await measureSite(browser, trivial, loads, false)).loads.map((l) => l.readyMs));
    add({
      dataset: "browser",
      measure: "trivial page ready (for scale)",
      value: trivialLoad,
      unit: "ms",
      baseline: null,
      baselineLabel: "",
      budget: "",
      met: null
    });
    for (const ds of DATASETS) {
      const evalDir = ds.runs === null ? join(ROOT, "fixtures", "eval") : join(BENCH, `synth-${ds.runs}x${episodes}`);
      if (ds.runs !== null) {
        const generatedMs = ensureSynth(evalDir, ds.runs);
        if (generatedMs !== null)
          add({
            dataset: ds.name,
            measure: "synth generation (npm run synth)",
            value: generatedMs,
            unit: "ms",
            baseline: null,
            baselineLabel: "",
            budget: "",
            met: null
          });
      }
      const snapshot = snapshotRows(ds, evalDir);
      const built = await buildRows(
        ds,
        ds.runs === null ? null : evalDir,
        snapshot.bare.median,
        ds.runs === 100 ? fixturesBuildMs : null
      );
      if (ds.runs === null && built) fixturesBuildMs = built.ms;
      if (ds.name === "synth20") raw.formats = compareFormats(join(BENCH, "store", ds.name));
      if (!built) continue;
      log(`${ds.name}: browser (${loads} fresh loads after a warm-up)`);
      const query = ds.runs === null ? "" : fixedSelection(evalDir);
      const page = await measureSite(browser, built.dist, loads, true, query);
      raw[`${ds.name}.page`] = page;
      fetched[ds.name] = med(page.loads.map((l) => l.bytesBeforeReady));
      pageRows(ds, page, distSizes(built.dist).catalog);
      if (ds.runs === 100 && !args["skip-dev"]) {
        log(`${ds.name}: npm run dev, first page with a warm run cache`);
        const dev = await devFirstLoad(browser, evalDir, join(BENCH, "cache", `${ds.name}-dev`), query);
        raw[`${ds.name}.dev`] = dev;
        add({
          dataset: ds.name,
          measure: "npm run dev: first page ready (run cache warm)",
          value: dev.readyMs,
          unit: "ms",
          baseline: null,
          baselineLabel: "",
          budget: "< 5 s",
          met: dev.readyMs !== null && dev.readyMs < 5000,
          note: [`${dev.sinceStartMs ?? "—"} ms since starting npm run dev`, ...dev.errors].join("; ")
        });
      }
    }
    if (fetched.synth20 && fetched.synth100) {
      add({
        dataset: "synth100",
        measure: "bytes before ready, same selection, vs a 20-run tree",
        value: fetched.synth100,
        unit: "bytes",
        baseline: fetched.synth20,
        baselineLabel: "synth20",
        budget: "<= 1.2x",
        met: fetched.synth100 / fetched.synth20 <= 1.2
      });
    }
  } finally {
    await browser.close();
  }
  const totalMs = performance.now() - started;
  const averages = (loads: number[]) => loads.map((l) => l.toFixed(1)).join("/");
  const load = `load average ${averages(loadBefore)} at start, ${averages(loadavg())} at end`;
  const cores = `${availableParallelism()} cores`;
  console.log(`\n## Run Compare bench (${new Date().toISOString()}, total ${formatMs(totalMs)}, ${cores}, ${load})\n`);
  console.log(table(rows));
  if (raw.formats) console.log(`\nEpisode table formats (largest run of synth20): ${JSON.stringify(raw.formats)}`);
  console.log(missedLines(rows));
  const notes = rows.filter((r) => r.note).map((r) => `  ${r.dataset} / ${r.measure}: ${r.note}`);
  if (notes.length) console.log(`\nNotes:\n${notes.join("\n")}`);
  const out = join(BENCH, "results.json");
  writeFileSync(
    out,
    JSON.stringify({date: new Date().toISOString(), node: process.version, totalMs, rows, raw}, null, 2)
  );
  console.log(`\nWrote ${out}`);
}

await main();
