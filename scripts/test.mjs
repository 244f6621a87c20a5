// npm test: format and lint check, type-check, unit tests, then real-browser tests of built sites; ends with one
// "N passed, N failed" line.
import {spawnSync} from "node:child_process";
import {mkdirSync, readFileSync} from "node:fs";
import {CHROMIUM_MISSING, findChromium} from "./chromium.mjs";

// Without a browser half the suite cannot run: say what to install, at once, instead of a pile of failures.
if (!findChromium()) {
  console.error(CHROMIUM_MISSING);
  process.exit(1);
}

mkdirSync(".e2e", {recursive: true});
const run = (command, args) =>
  spawnSync(command, args, {stdio: "inherit", env: {...process.env, OBSERVABLE_TELEMETRY_DISABLE: "1"}}).status ?? 1;
const totals = {passed: 0, failed: 0, skipped: 0};
function count(file) {
  try {
    const result = JSON.parse(readFileSync(file, "utf8"));
    totals.passed += result.numPassedTests;
    totals.failed += result.numFailedTests;
    totals.skipped += result.numPendingTests + (result.numTodoTests ?? 0);
  } catch {
    totals.failed += 1; // the suite did not even report: count it as a failure
  }
}

const style = run("biome", ["ci", "."]);
if (style !== 0) console.error("biome found code that is not formatted or breaks a lint rule (npm run lint)");
const status = run("tsc", ["-p", "."]);
if (status !== 0) console.error("tsc found type errors");
const unit = run("vitest", ["run", "--reporter=default", "--reporter=json", "--outputFile=.e2e/unit.json"]);
count(".e2e/unit.json");
const e2e = run("vitest", [
  "run",
  "--config",
  "vitest.e2e.config.ts",
  "--reporter=default",
  "--reporter=json",
  "--outputFile=.e2e/e2e.json"
]);
count(".e2e/e2e.json");
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(style || status || unit || e2e);
