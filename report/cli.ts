// npm run --silent report -- --eval-dir DIR [--baseline ID] [--candidate ID]... --format json|md
import {parseArgs} from "node:util";
import {evalDirFromEnv} from "../loaders/evalDir.js";
import {exists} from "../loaders/files.js";
import {cacheFromEnv} from "../loaders/cache.js";
import {buildSnapshot} from "../loaders/snapshot.js";
import {reportMarkdown} from "../src/compare/markdown.js";
import {buildReport, UnknownRunError} from "../src/compare/report.js";

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

async function main() {
  let values;
  try {
    ({values} = parseArgs({
      options: {
        "eval-dir": {type: "string"},
        baseline: {type: "string"},
        candidate: {type: "string", multiple: true},
        format: {type: "string", default: "json"}
      },
      strict: true,
      allowPositionals: false
    }));
  } catch (error) {
    fail((error as Error).message.split("\n")[0]);
  }
  const format = values.format;
  if (format !== "json" && format !== "md") fail(`--format must be json or md, not ${format}`);
  const evalDir = values["eval-dir"] ? evalDirFromEnv({EVAL_DIR: values["eval-dir"]}) : evalDirFromEnv();
  if (!(await exists(evalDir))) fail(`eval dir not found: ${evalDir}`);
  const candidates = values.candidate ?? [];
  const baseline = values.baseline ?? (candidates.length ? process.env.BASELINE : undefined);
  if (candidates.length && !baseline) fail("--candidate needs --baseline (or the BASELINE environment variable)");
  const {snapshot, rows} = await buildSnapshot(evalDir, null, cacheFromEnv());
  let report;
  try {
    report = buildReport(snapshot, rows, baseline, candidates);
  } catch (error) {
    if (error instanceof UnknownRunError) fail(error.message);
    throw error;
  }
  process.stdout.write(format === "json" ? JSON.stringify(report, null, 2) + "\n" : reportMarkdown(report));
}

await main();
