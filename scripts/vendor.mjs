// Plot imports all of d3, which Framework would ship as ~35 separate modules; one tree-shaken bundle loads far faster.
import {build} from "esbuild";

export async function bundleVendor() {
  await build({
    stdin: {contents: 'export * from "@observablehq/plot";', resolveDir: process.cwd()},
    bundle: true,
    format: "esm",
    platform: "browser",
    minify: true,
    legalComments: "eof",
    outfile: "src/vendor/plot.js",
    logLevel: "warning"
  });
}

if (import.meta.url === `file://${process.argv[1]}`) await bundleVendor();
