import {rmSync} from "node:fs";
for (const dir of ["src/.observablehq/cache", "dist", "dist.staging", ".e2e"]) rmSync(dir, {recursive: true, force: true});
