// Independent readers of an eval tree (plain fs + JSON.parse), so tests do not check the loaders with the loaders.
import {readdirSync, readFileSync, statSync} from "node:fs";
import path from "node:path";

export const RUN_MARKERS = ["predictions.jsonl", "metrics.json"];
export const KIND_OF: Record<string, string> = {runs: "run", baselines: "baseline", references: "reference"};

export interface TreeDir {
  id: string;
  dir: string;
  files: string[];
  subdirs: string[];
}

/** Every real directory below runs/, baselines/, references/ (no symlinks followed), with its id. */
export function walkTree(evalDir: string): TreeDir[] {
  const out: TreeDir[] = [];
  const visit = (dir: string, id: string) => {
    const entries = readdirSync(dir, {withFileTypes: true});
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    const subdirs = entries.filter((e) => e.isDirectory()).map((e) => e.name);
    out.push({id, dir, files, subdirs});
    for (const sub of subdirs) visit(path.join(dir, sub), `${id}/${sub}`);
  };
  for (const top of Object.keys(KIND_OF)) {
    const dir = path.join(evalDir, top);
    if (statSync(dir, {throwIfNoEntry: false})?.isDirectory()) visit(dir, top);
  }
  return out;
}

export function runDirs(evalDir: string): TreeDir[] {
  return walkTree(evalDir).filter((d) => RUN_MARKERS.some((m) => d.files.includes(m)));
}

export type Json = Record<string, any>;

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** The parsable object rows of a JSONL file, with their 1-based line numbers. */
export function readJsonl(file: string): {line: number; row: Json}[] {
  const out: {line: number; row: Json}[] = [];
  readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, i) => {
      if (!text.trim()) return;
      try {
        const row = JSON.parse(text);
        if (row && typeof row === "object" && !Array.isArray(row)) out.push({line: i + 1, row});
      } catch {
        // bad lines are the loaders' business; callers that care find them themselves
      }
    });
  return out;
}

/** The output text: output.summary_final, else output.summary_long, else output when it is a string. */
export function textOf(output: unknown): string | null {
  if (typeof output === "string") return output;
  if (output && typeof output === "object") {
    const o = output as Json;
    if (typeof o.summary_final === "string") return o.summary_final;
    if (typeof o.summary_long === "string") return o.summary_long;
  }
  return null;
}

/** The scorer's estimate: floor(characters / 4), characters counted as code points like Python's len(). */
export const tokensOf = (text: string) => Math.floor([...text].length / 4);

export const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
