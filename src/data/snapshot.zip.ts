// Framework data loader: snapshots the eval tree named by EVAL_DIR (default: fixtures/eval).
import {Readable} from "node:stream";
import {cacheFromEnv} from "../../loaders/cache.js";
import {defaultBaselineFromEnv, evalDirFromEnv} from "../../loaders/evalDir.js";
import {buildSnapshot, snapshotMembers} from "../../loaders/snapshot.js";
import {zipChunks} from "../../loaders/writeZip.js";

const data = await buildSnapshot(evalDirFromEnv(), defaultBaselineFromEnv(), cacheFromEnv());
for (const run of data.snapshot.runs) {
  for (const p of run.problems) console.error(`[run-compare] ${run.id}/${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
}
Readable.from(zipChunks(snapshotMembers(data))).pipe(process.stdout);
