// The page's code (components, comparison engine, Plot, htl, diff) delivered as one module: Framework would
// ship each local file and each package (Plot alone pulls ~35 d3 modules) as a request of its own.
import * as esbuild from "esbuild";

const options = {
  entryPoints: ["src/app.ts"],
  bundle: true,
  format: "esm",
  platform: "browser",
  target: "es2022",
  minify: process.env.RUN_COMPARE_MINIFY !== "0",
  legalComments: "eof",
  outfile: "src/bundle/app.js",
  logLevel: "warning"
};

export async function bundleApp() {
  await esbuild.build(options);
}

/** For npm run dev: rebuild the bundle whenever a source file changes; preview then reloads the page. */
export async function watchApp() {
  const context = await esbuild.context(options);
  await context.watch();
  return context;
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleApp();
