// Throwaway eval trees built from copies of a real corpus run, for bad-input tests.
import {copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {expect} from "vitest";
import {cacheFromEnv, type RunCache} from "../../loaders/cache.js";
import {buildSnapshot} from "../../loaders/snapshot.js";
import type {EpisodeRow} from "../../src/compare/table.js";
import type {RunSummary} from "../../src/compare/types.js";
import {textOf, tokensOf, type Json} from "./evalTree.js";
import {corpusDir} from "./paths.js";
import {readSnapshot, tempStore, type TestSnapshot} from "./snapshot.js";

/** A plain paragraph baseline: 5 episodes, every file well-formed, no vs_reference. */
export const SOURCE_RUN = path.join(corpusDir, "baselines/baseline_llm_anthropic_smoke_paragraph_v1");
export const REQUIRED = ["metrics.json", "predictions.jsonl", "fingerprint.json"] as const;
export const CASE_ID = "runs/case";

const made: string[] = [];

function tempDir(kind: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `run-compare-${kind}-`));
  made.push(dir);
  return dir;
}

export const tempEvalDir = () => tempDir("eval");

/** An empty run cache that caches runs however recently their files changed (tests write and build at once). */
export const tempCache = (): RunCache => ({...cacheFromEnv({RUN_COMPARE_CACHE: tempDir("cache")})!, settleMs: 0});

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/** Copies the source run's required files to `<evalDir>/<id>` and returns that directory. */
export function copyRun(evalDir: string, id: string): string {
  const dir = path.join(evalDir, id);
  mkdirSync(dir, {recursive: true});
  for (const file of REQUIRED) copyFileSync(path.join(SOURCE_RUN, file), path.join(dir, file));
  return dir;
}

/** The source predictions as text lines (no trailing empty line). */
export function sourceLines(): string[] {
  return readFileSync(path.join(SOURCE_RUN, "predictions.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "");
}

export const source: Json[] = sourceLines().map((line) => JSON.parse(line));
export const sourceMetrics: Json = JSON.parse(readFileSync(path.join(SOURCE_RUN, "metrics.json"), "utf8"));

export function writeLines(file: string, lines: string[]): void {
  writeFileSync(file, lines.join("\n") + "\n");
}

export const predictions = (dir: string) => path.join(dir, "predictions.jsonl");

/** Source row `i` (0-based), changed, as one JSON line. */
export function withRow(i: number, change: (row: Json) => void): string {
  const row = structuredClone(source[i]);
  change(row);
  return JSON.stringify(row);
}

/** A mutation that rewrites predictions.jsonl from the source lines. */
export const lines = (change: (lines: string[]) => string[]) => (dir: string) =>
  writeLines(predictions(dir), change(sourceLines()));
export const replaceLine = (n: number, text: string) => lines((ls) => ls.map((l, i) => (i === n - 1 ? text : l)));

export interface Case {
  data: TestSnapshot;
  /** The run's summary with its full problem and warning lists. */
  run: RunSummary;
  rows: EpisodeRow[];
  dir: string;
}

/**
 * Copies the clean run to `id`, lets `mutate` corrupt it, loads the tree and checks the run is still listed,
 * and that a first and a second build through the run cache give the same snapshot.
 */
export async function scenario(mutate: (runDir: string, evalDir: string) => void, id = CASE_ID): Promise<Case> {
  const evalDir = tempEvalDir();
  const dir = copyRun(evalDir, id);
  mutate(dir, evalDir);
  const store = tempStore();
  const catalog = await buildSnapshot({evalDir, store});
  const cache = tempCache();
  for (const build of ["first", "second"]) {
    const cached = await buildSnapshot({evalDir, store: tempStore(), cache});
    // File names are content hashes: equal catalogs mean byte-identical published files.
    expect(JSON.stringify(cached), `${build} build through the run cache gives the same snapshot`).toBe(
      JSON.stringify(catalog)
    );
  }
  expect(
    catalog.runs.some((r) => r.id === id),
    `run ${id} still listed`
  ).toBe(true);
  const data = readSnapshot(catalog, store);
  return {data, run: data.run(id), rows: data.rows(id), dir};
}

/** Every source episode except `except` is loaded unchanged (tokens and latency from the source file). */
export function expectIntact(rows: EpisodeRow[], except: string[] = []): void {
  for (const src of source.filter((s) => !except.includes(s.episode_id))) {
    const row = rows.find((r) => r.episode_id === src.episode_id);
    expect(row, `episode ${src.episode_id}`).toBeDefined();
    expect(row!.failed).toBe(false);
    expect(row!.output_tokens).toBe(tokensOf(textOf(src.output)!));
    expect(row!.latency_s).toBe(src.metadata.processing_time_seconds);
  }
}

export const problemAt = (run: RunSummary, file: string, line: number | null, message: RegExp) =>
  run.problems.some((p) => p.file === file && p.line === line && message.test(p.message));
