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
import {buildReport, type Report, UnknownRunError} from "../src/compare/report.js";
import {defaultPair, newestBaseline} from "../src/compare/selection.js";

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
  // Candidates without a baseline: the most recent baseline. A baseline alone: its default candidate, as the
  // page opens with BASELINE naming it (the most recent comparable run other than it).
  if (candidates.length && !baseline) baseline = newestBaseline(catalog.runs)?.id;
  const named = baseline && !candidates.length ? catalog.runs.find((r) => r.id === baseline) : undefined;
  const candidate = named && defaultPair(catalog.runs, named.id).candidate;
  if (candidate) candidates = [candidate.id];
  let report: Report;
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
