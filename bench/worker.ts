// One measurement in a fresh process (own heap, cold JIT, as the Framework loader runs in a build):
//   tsx bench/worker.ts snapshot|bare|breakdown EVAL_DIR [DEFAULT_BASELINE]
// Prints one JSON line on stdout: {ms, ...}. Timing starts after the modules are loaded.
import {bareRead} from "./bareRead.js";
import {snapshotBreakdown, snapshotOnce} from "./snapshot.js";
import {timed} from "./stats.js";

const [task, evalDir, defaultBaseline] = process.argv.slice(2);
if (!evalDir) throw new Error("usage: tsx bench/worker.ts snapshot|bare|breakdown EVAL_DIR [DEFAULT_BASELINE]");
if (task === "snapshot") {
  const {ms, value} = await timed(() => snapshotOnce(evalDir, defaultBaseline || null));
  console.log(JSON.stringify({ms, ...value}));
} else if (task === "bare") {
  const {ms, value} = await timed(() => bareRead(evalDir));
  console.log(JSON.stringify({ms, ...value}));
} else if (task === "breakdown") {
  const {ms, value} = await timed(() => snapshotBreakdown(evalDir, defaultBaseline || null));
  console.log(JSON.stringify({ms, steps: value}));
} else throw new Error(`unknown task ${task}`);
