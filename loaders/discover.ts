// Finds every run directory under an eval tree, at any depth, without following symlink loops.
import type {Dirent} from "node:fs";
import {readdir, realpath} from "node:fs/promises";
import {join} from "node:path";
import type {Problem, RunKind} from "../src/compare/types.js";

export const KIND_FOLDERS: Record<string, RunKind> = {runs: "run", baselines: "baseline", references: "reference"};
const RUN_MARKERS = ["predictions.jsonl", "metrics.json"];

export interface DiscoveredRun {
  id: string;
  kind: RunKind;
  dir: string;
}

export interface Discovery {
  runs: DiscoveredRun[];
  problems: Problem[];
}

export async function discoverRuns(evalDir: string): Promise<Discovery> {
  const runs: DiscoveredRun[] = [];
  const problems: Problem[] = [];
  const visited = new Set<string>();

  async function walk(dir: string, id: string, kind: RunKind): Promise<void> {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      if (visited.has(real)) {
        problems.push({file: id, line: null, message: "symlink loop or repeated directory; skipped"});
        return;
      }
      visited.add(real);
      entries = await readdir(dir, {withFileTypes: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return;
      problems.push({file: id, line: null, message: `cannot be read: ${(error as Error).message}`});
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    const isRun = RUN_MARKERS.some((marker) => names.has(marker));
    if (isRun) runs.push({id, kind, dir});
    const subdirs = entries.filter((entry) => entry.isDirectory() || entry.isSymbolicLink());
    if (!isRun && subdirs.length === 0 && entries.length > 0) {
      problems.push({file: id, line: null, message: "holds no predictions.jsonl or metrics.json; not a run"});
    }
    for (const entry of subdirs.sort((a, b) => a.name.localeCompare(b.name))) {
      await walk(join(dir, entry.name), `${id}/${entry.name}`, kind);
    }
  }

  for (const [folder, kind] of Object.entries(KIND_FOLDERS)) {
    const dir = join(evalDir, folder);
    const present = await readdir(dir).then(
      () => true,
      () => false
    );
    if (present) await walk(dir, folder, kind);
  }
  return {runs, problems};
}
