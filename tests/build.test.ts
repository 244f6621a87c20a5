// A failed build must leave nothing that looks publishable: no dist/, no staging folder.
import {spawnSync} from "node:child_process";
import {chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";

const work = mkdtempSync(path.join(tmpdir(), "run-compare-build-"));
afterAll(() => rmSync(work, {recursive: true, force: true}));

describe("npm run build when Framework fails halfway", () => {
  it("removes the half-written output and the previous dist/, and exits non-zero", () => {
    const dist = path.join(work, "dist");
    mkdirSync(dist);
    writeFileSync(path.join(dist, "index.html"), "<p>an earlier build</p>");
    // A stand-in for `observable build` that writes part of a site, then fails as a crashing loader would.
    const bin = path.join(work, "bin");
    mkdirSync(bin);
    const fake = path.join(bin, "observable");
    writeFileSync(
      fake,
      '#!/bin/sh\nmkdir -p "$RUN_COMPARE_OUTPUT" && echo partial > "$RUN_COMPARE_OUTPUT/index.html"\nexit 1\n'
    );
    chmodSync(fake, 0o755);
    const result = spawnSync(process.execPath, ["scripts/build.mjs"], {
      env: {...process.env, PATH: `${bin}:${process.env.PATH}`, RUN_COMPARE_DIST: dist},
      encoding: "utf8"
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/build failed/);
    expect(existsSync(dist)).toBe(false);
    expect(existsSync(`${dist}.staging`)).toBe(false);
  });
});
