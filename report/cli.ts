// npm run --silent report -- --eval-dir DIR [--baseline ID] [--candidate ID]... [--format json|md] [--fail-on NAMES]
import {parseArgs} from "node:util";
import {cacheFromEnv} from "../loaders/cache.js";
import {evalDirFromEnv} from "../loaders/evalDir.js";
import {exists} from "../loaders/files.js";
import {workersFromEnv} from "../loaders/pool.js";
import {storeFromEnv} from "../loaders/publish.js";
import {buildSnapshot} from "../loaders/snapshot.js";
import {storeSource} from "../loaders/storeSource.js";
import {parseFailOn, matchesFailOn} from "../src/compare/gate.js";
import {reportMarkdown} from "../src/compare/markdown.js";
import {buildReport, UnknownRunError} from "../src/compare/report.js";
import {defaultPair} from "../src/compare/selection.js";

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

function args() {
  try {
    return parseArgs({
      options: {
        "eval-dir": {type: "string"},
        baseline: {type: "string"},
        candidate: {type: "string", multiple: true},
        format: {type: "string", default: "json"},
        "fail-on": {type: "string"}
      },
      strict: true,
      allowPositionals: false
    }).values;
  } catch (error) {
    fail((error as Error).message.split("\n")[0]);
  }
}

async function main() {
  const values = args();
  const format = values.format;
  if (format !== "json" && format !== "md") fail(`--format must be json or md, not ${format}`);
  const failOn = values["fail-on"] === undefined ? null : parseFailOn(values["fail-on"]);
  if (failOn && "error" in failOn) fail(failOn.error);
  const evalDir = values["eval-dir"] ? evalDirFromEnv({EVAL_DIR: values["eval-dir"]}) : evalDirFromEnv();
  if (!(await exists(evalDir))) fail(`eval dir not found: ${evalDir}`);
  const store = storeFromEnv();
  const catalog = await buildSnapshot({evalDir, store, cache: cacheFromEnv(), workers: workersFromEnv()});
  let candidates = values.candidate ?? [];
  let baseline = values.baseline ?? (candidates.length ? process.env.BASELINE || undefined : undefined);
  // The page's default pair: the most recent baseline, or the most recent comparable run for a given baseline.
  if (candidates.length && !baseline) baseline = defaultPair(catalog.runs, null).baseline?.id;
  if (baseline && !candidates.length) {
    const pair = defaultPair(catalog.runs, baseline);
    if (pair.baseline && pair.candidate) candidates = [pair.candidate.id];
  }
  let report;
  try {
    report = buildReport(catalog, storeSource(store), baseline, candidates);
  } catch (error) {
    if (error instanceof UnknownRunError) fail(error.message);
    throw error;
  }
  process.stdout.write(format === "json" ? JSON.stringify(report, null, 2) + "\n" : reportMarkdown(report));
  if (failOn && !("error" in failOn)) {
    const hits = (report.comparisons ?? []).flatMap((c) => matchesFailOn(c, failOn.names));
    for (const line of hits) process.stderr.write(`${line}\n`);
    if (hits.length) process.exit(1);
  }
}

await main();
