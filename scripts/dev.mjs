// npm run dev: Framework preview plus a watcher that re-runs the snapshot loader when EVAL_DIR changes.
// Preview only watches the loader file itself, not the data it reads, so touching it is the refresh signal.
import {spawn} from "node:child_process";
import {rmSync, watch} from "node:fs";
import {utimes} from "node:fs/promises";
import {resolve} from "node:path";
import {watchApp} from "./bundle.mjs";
import {withLocalBin} from "./localBin.mjs";

await watchApp();
// The cached snapshot may come from a build of another EVAL_DIR; preview would serve it as fresh.
rmSync("src/.observablehq/cache/data", {recursive: true, force: true});
const evalDir = resolve(process.env.EVAL_DIR ?? "fixtures/eval");
const loader = "src/data/catalog.json.ts";
const args = ["preview", "--no-open", ...process.argv.slice(2)];
const preview = spawn("observable", args, {
  stdio: "inherit",
  env: {...withLocalBin(), OBSERVABLE_TELEMETRY_DISABLE: "1", EVAL_DIR: evalDir}
});

let timer;
const touch = () => utimes(loader, new Date(), new Date()).catch((e) => console.error(`run-compare: ${e.message}`));
try {
  watch(evalDir, {recursive: true}, () => {
    clearTimeout(timer);
    timer = setTimeout(touch, 300);
  });
  console.error(`run-compare: watching ${evalDir}`);
} catch (error) {
  console.error(`run-compare: cannot watch ${evalDir} (${error.message}); reload after restarting to see new runs`);
}
preview.on("exit", (code) => process.exit(code ?? 0));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => preview.kill(signal));
