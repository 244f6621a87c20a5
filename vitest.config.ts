import {defineConfig} from "vitest/config";

export default defineConfig({
  // The page imports a pre-bundled Plot (scripts/vendor.mjs); tests use the package it is built from.
  resolve: {alias: [{find: /^.*\/vendor\/plot\.js$/, replacement: "@observablehq/plot"}]},
  test: {
    include: ["tests/**/*.test.ts"],
    exclude: ["tests/e2e/**", "node_modules/**"],
    testTimeout: 60_000
  }
});
