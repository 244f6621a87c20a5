// Random corruptions of real artifact files, seeded and bounded in time: the loaders never throw,
// every run is still discovered, every defect names its file, and untouched rows load unchanged.
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {mulberry32 as seededRandom} from "../src/compare/seededRandom.js";
import {ARTIFACTS} from "../src/compare/types.js";
import {corpusDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, tempStore} from "./support/snapshot.js";

const SOURCE = path.join(corpusDir, "baselines/baseline_ml_prod_authority_smoke_v1");
const FILES = ["metrics.json", "predictions.jsonl", "fingerprint.json"] as const;
const TIME_BUDGET_MS = 15_000;
const MAX_TRIALS = 150;
const root = mkdtempSync(path.join(tmpdir(), "run-compare-fuzz-"));
afterAll(() => (rmSync(root, {recursive: true, force: true}), cleanupStores()));

type Mutation = (bytes: Buffer, random: () => number) => Buffer;
const pick = <T>(items: readonly T[], random: () => number) => items[Math.floor(random() * items.length)];
const MUTATIONS: Record<string, Mutation> = {
  replaceByte: (b, r) => {
    const copy = Buffer.from(b);
    if (copy.length) copy[Math.floor(r() * copy.length)] = Math.floor(r() * 256);
    return copy;
  },
  truncate: (b, r) => b.subarray(0, Math.floor(r() * b.length)),
  insertGarbage: (b, r) => {
    const at = Math.floor(r() * b.length);
    const garbage = pick(['"', "{", "}", "\n", "\u0000", "NaN", "\uFEFF", "\r\n", "[", "\\", "\xff\xfe"], r);
    return Buffer.concat([b.subarray(0, at), Buffer.from(garbage, "latin1"), b.subarray(at)]);
  },
  duplicateLine: (b) => {
    const lines = b.toString("latin1").split("\n");
    return Buffer.from([...lines, lines[0]].join("\n"), "latin1");
  },
  swapTypes: (b) =>
    Buffer.from(
      b
        .toString("utf8")
        .replace(/: (\d+\.\d+)/g, ': "$1"')
        .replace(/"summary_final": "/, '"summary_final": null, "x": "')
    ),
  empty: () => Buffer.alloc(0)
};

describe("fuzzing the loaders with corrupted copies of a real run", () => {
  it(`never throws, loses the run or omits the file (${MAX_TRIALS} trials or ${TIME_BUDGET_MS / 1000} s)`, async () => {
    const random = seededRandom(2026);
    const original = Object.fromEntries(FILES.map((f) => [f, readFileSync(path.join(SOURCE, f))]));
    const originalLines = original["predictions.jsonl"].toString("utf8").trim().split("\n");
    const store = tempStore();
    const started = Date.now();
    let trials = 0;
    for (; trials < MAX_TRIALS && Date.now() - started < TIME_BUDGET_MS; trials++) {
      const evalDir = path.join(root, `t${trials}`);
      const runDir = path.join(evalDir, "runs/fuzzed");
      mkdirSync(runDir, {recursive: true});
      const target = pick(FILES, random);
      const mutation = pick(Object.keys(MUTATIONS), random);
      for (const file of FILES) {
        writeFileSync(
          path.join(runDir, file),
          file === target ? MUTATIONS[mutation](original[file], random) : original[file]
        );
      }
      const label = `trial ${trials}: ${mutation} of ${target}`;
      const snapshot = await snapshotOf(evalDir, {store});
      expect(
        snapshot.catalog.runs.map((r) => r.id),
        label
      ).toEqual(["runs/fuzzed"]);
      const run = snapshot.run("runs/fuzzed");
      const rows = snapshot.rows("runs/fuzzed");
      for (const p of run.problems) expect(ARTIFACTS as readonly string[], label).toContain(p.file);
      if (run.artifacts[target] === "malformed")
        expect(
          run.problems.some((p) => p.file === target),
          label
        ).toBe(true);
      if (target === "predictions.jsonl") {
        const written = readFileSync(path.join(runDir, target), "utf8").split("\n");
        for (const [i, line] of originalLines.entries()) {
          // A line that survived the mutation byte for byte must load as that episode.
          if (written[i] !== line) continue;
          const id = JSON.parse(line).episode_id as string;
          expect(
            rows.some((r) => r.episode_id === id),
            `${label}: line ${i + 1}`
          ).toBe(true);
        }
      }
      rmSync(evalDir, {recursive: true, force: true});
    }
    expect(trials).toBeGreaterThanOrEqual(20);
  });
});
