// The page's code (src/app.ts: components, comparison engine, Plot, Arquero, htl, diff) as one module. Framework's
// own imports ship every local file and every package as a module of its own (Plot brings all of d3): measured
// back to back, 142 requests before ready instead of 10, ready in 1.26 s instead of 0.67 s on the fixtures
// (budget 1 s) and 1.7-1.9 s instead of 1.1 s at 100 runs (budget 1.5 s); README, "Why one bundled module".
// They also need a Node/browser switch for Arquero: Framework's bundle of it ignores its "browser" field.
// Minified, so Arquero expressions are written as strings: Arquero parses a function's source text, which the
// minifier rewrites (`undefined` becomes `void 0`, and Arquero then throws "void0 is not defined").
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
