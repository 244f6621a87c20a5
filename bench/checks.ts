// The output checks (src/compare/checks/) on 5 MB outputs: one typical and several built to be worst cases for
// one check or another. Each line is the median of 7 runs of checkOutput (JSON parse included), in wall time and
// in this process's CPU time (on a shared machine the wall time mostly measures waiting).
//   npx tsx bench/checks.ts
import {loadavg} from "node:os";
import {checkOutput} from "../src/compare/checks/index.js";
import {median} from "./stats.js";

const SIZE = 5 * 1024 * 1024;
// Buffer round trip: a flat string, as JSON.parse gives the loaders (repeat() and slice() give ropes).
const fill = (unit: string) => Buffer.from(unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE)).toString();

const INPUTS: Record<string, string> = {
  prose: fill(
    "The calmest diver is often the safest diver because calm keeps breathing slow and decisions deliberate. "
  ),
  "speaker turns": fill("A: Right. B: Sure. "),
  "one word loop": fill("trail "),
  "two-letter words": fill("a b "),
  "no punctuation": fill("word "),
  "bullet lines": fill("- an item\n"),
  "blank lines": fill("\n"),
  spaces: fill(" "),
  backslashes: fill("\\"),
  "U+FFFD": fill("\uFFFD"),
  emoji: fill("🎉"),
  "table rows": fill("|------|------|\n"),
  colons: fill("A:A:"),
  json: `{"bullets": [${fill('"an item", ').slice(0, SIZE - 40)}"end"]}`
};

console.log(`checkOutput on ${SIZE / 1024 / 1024} MB (load ${loadavg()[0].toFixed(1)}):`);
for (const [name, text] of Object.entries(INPUTS)) {
  checkOutput(text.slice(0, 100_000));
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let k = 0; k < 7; k++) {
    const start = performance.now();
    const used = process.cpuUsage();
    checkOutput(text);
    const {user, system} = process.cpuUsage(used);
    wall.push(performance.now() - start);
    cpu.push((user + system) / 1000);
  }
  const ms = (values: number[]) => median(values).toFixed(1).padStart(7);
  console.log(`  ${name.padEnd(18)} ${ms(wall)} ms wall ${ms(cpu)} ms cpu`);
}
