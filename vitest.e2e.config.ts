import {defineConfig} from "vitest/config";

// Real-browser tests against the built dist/ (npm run build first); one browser, files run in sequence.
export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false
  }
});
