// The output checks on every run of an eval tree, as the README's "Output checks on the corpus" table: per run,
// per check, the episodes it fires on. With --show, each hit's marked text too, for reading.
//   npx tsx scripts/checks-table.mts [--eval-dir DIR] [--show]
import {parseArgs} from "node:util";
import {discoverRuns} from "../loaders/discover.js";
import {readRun} from "../loaders/readRun.js";
import {checkOutput, type Range} from "../src/compare/checks/index.js";
import {CHECK_NAMES} from "../src/compare/types.js";

const {values} = parseArgs({
  options: {
    "eval-dir": {type: "string", default: "fixtures/corpus/podcast_scraper/eval"},
    show: {type: "boolean", default: false}
  }
});
const COLUMNS = [...CHECK_NAMES, "at_cap"] as const;
const HEADER = ["speaker_turns", "junk", "cut_off", "repetition", "at_cap"];

const {runs} = await discoverRuns(values["eval-dir"]);
const lines = [`| Run | ${HEADER.join(" | ")} |`, `|---|${HEADER.map(() => "---").join("|")}|`];
const shown: string[] = [];
for (const run of [...runs].sort((a, b) => a.id.localeCompare(b.id))) {
  if (run.gold) continue;
  const loaded = await readRun(run);
  const cells = COLUMNS.map((column) => {
    const rows = loaded.rows.filter((row) => row[column] !== null);
    if (!rows.length) return "n/a";
    const hits = rows.filter((row) => row[column]).map((row) => row.episode_id);
    return hits.length ? hits.join(", ") : "none";
  });
  lines.push(`| ${run.id} | ${cells.join(" | ")} |`);
  if (!values.show) continue;
  loaded.rows.forEach((row, i) => {
    const text = loaded.scoringTexts[i];
    if (text === null || !COLUMNS.some((column) => row[column])) return;
    const checks = checkOutput(text, {atCap: row.at_cap === true});
    const before = (start: number) => text.slice(Math.max(0, start - 30), start);
    const mark = (ranges: Range[] | null) =>
      (ranges ?? []).map(([start, end]) => `…${before(start)}⟦${text.slice(start, end)}⟧`);
    shown.push(
      `${run.id} ${row.episode_id} (${row.output_format}, tokens ${row.output_tokens}, at_cap ${row.at_cap})`,
      ...mark(checks.speaker_turns).map((m) => `  speaker_turns ${m}`),
      ...mark(checks.junk).map((m) => `  junk ${m}`),
      ...mark(checks.cut_off).map((m) => `  cut_off ${m}`),
      ...mark(checks.repetition.ranges).map((m) => `  repetition ${m}`)
    );
  });
}
console.log(lines.join("\n"));
if (shown.length) console.log(`\n${shown.join("\n")}`);
