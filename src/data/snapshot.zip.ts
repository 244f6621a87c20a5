// Framework data loader: snapshots the eval tree named by EVAL_DIR (default: fixtures/eval).
import {defaultBaselineFromEnv, evalDirFromEnv} from "../../loaders/evalDir.js";
import {buildSnapshot} from "../../loaders/snapshot.js";
import {snapshotZip} from "../../loaders/writeZip.js";

const data = await buildSnapshot(evalDirFromEnv(), defaultBaselineFromEnv());
for (const run of data.snapshot.runs) {
  for (const p of run.problems) console.error(`[run-compare] ${run.id}/${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
}
snapshotZip(data).generateNodeStream({streamFiles: true, compression: "STORE"}).pipe(process.stdout);
