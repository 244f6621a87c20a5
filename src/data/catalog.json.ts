// Framework data loader: snapshots the eval tree named by EVAL_DIR (default: fixtures/eval). It prints the
// catalog; each run's own files (episode table, details, text shards) go to the store beside this file.
import {cacheFromEnv} from "../../loaders/cache.js";
import {defaultBaselineFromEnv, evalDirFromEnv} from "../../loaders/evalDir.js";
import {workersFromEnv} from "../../loaders/pool.js";
import {storeFromEnv} from "../../loaders/publish.js";
import {buildSnapshot} from "../../loaders/snapshot.js";

const catalog = await buildSnapshot({
  evalDir: evalDirFromEnv(),
  store: storeFromEnv(),
  defaultBaseline: defaultBaselineFromEnv(),
  cache: cacheFromEnv(),
  workers: workersFromEnv()
});
for (const run of catalog.runs) {
  for (const p of run.problems)
    console.error(`[run-compare] ${run.id}/${p.file}${p.line ? `:${p.line}` : ""}: ${p.message}`);
}
process.stdout.write(JSON.stringify(catalog));
