import {rmSync} from "node:fs";
for (const dir of [
  "src/.observablehq/cache",
  "node_modules/.cache/run-compare",
  "dist",
  "dist.staging",
  ".e2e",
  "src/data/runs"
])
  rmSync(dir, {recursive: true, force: true});
