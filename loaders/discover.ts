// Finds every run directory under an eval tree, at any depth. Real directories are walked first and
// symlinked ones last, so a link to a run already listed (or to an ancestor: a loop) is reported, not followed.
import type {Dirent} from "node:fs";
import {readdir, realpath} from "node:fs/promises";
import {join} from "node:path";
import type {Problem, RunKind} from "../src/compare/types.js";
import {isGoldReference} from "./gold.js";

export const KIND_FOLDERS: Record<string, RunKind> = {runs: "run", baselines: "baseline", references: "reference"};
const KIND_ORDER = Object.values(KIND_FOLDERS);
const RUN_MARKERS = ["predictions.jsonl", "metrics.json"];

export interface DiscoveredRun {
  id: string;
  kind: RunKind;
  dir: string;
  /** A gold NER reference: index.json plus one JSON file per episode, no predictions. */
  gold: boolean;
  /** Some path segment starts with "_" (_archive, _archived): listed, never preselected. */
  archived: boolean;
}

const isArchived = (id: string) => id.split("/").some((segment) => segment.startsWith("_"));

export interface Discovery {
  runs: DiscoveredRun[];
  problems: Problem[];
}

interface Pending {
  dir: string;
  id: string;
  kind: RunKind;
}

export async function discoverRuns(evalDir: string): Promise<Discovery> {
  const runs: DiscoveredRun[] = [];
  const problems: Problem[] = [];
  const visited = new Map<string, string>();
  const links: Pending[] = [];

  async function walk({dir, id, kind}: Pending): Promise<void> {
    let entries: Dirent[];
    try {
      const real = await realpath(dir);
      const seen = visited.get(real);
      if (seen !== undefined) {
        const message = id.startsWith(`${seen}/`)
          ? "symlink loop; not followed"
          : `symlink to ${seen}, listed there; not followed`;
        problems.push({file: id, line: null, message});
        return;
      }
      visited.set(real, id);
      entries = await readdir(dir, {withFileTypes: true});
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOTDIR") return;
      problems.push({file: id, line: null, message: `cannot be read: ${(error as Error).message}`});
      return;
    }
    const names = new Set(entries.map((entry) => entry.name));
    const isRun = RUN_MARKERS.some((marker) => names.has(marker));
    const gold = !isRun && names.has("index.json") && (await isGoldReference(dir));
    if (isRun || gold) runs.push({id, kind, dir, gold, archived: isArchived(id)});
    else if (entries.some((entry) => entry.isFile())) {
      problems.push({
        file: id,
        line: null,
        message: "holds no predictions.jsonl, metrics.json or gold index.json; not a run"
      });
    }
    const child = (entry: Dirent) => ({dir: join(dir, entry.name), id: `${id}/${entry.name}`, kind});
    links.push(...entries.filter((entry) => entry.isSymbolicLink()).map(child));
    await Promise.all(entries.filter((entry) => entry.isDirectory()).map((entry) => walk(child(entry))));
  }

  for (const [folder, kind] of Object.entries(KIND_FOLDERS)) {
    const dir = join(evalDir, folder);
    const present = await readdir(dir).then(
      () => true,
      () => false
    );
    if (present) await walk({dir, id: folder, kind});
  }
  // Links found while following links join the queue; each real directory is walked at most once.
  // Sorted, so the first of two links to one directory is the one listed, whatever order the reads finished in.
  while (links.length) await walk(links.sort((a, b) => a.id.localeCompare(b.id)).shift()!);
  problems.sort((a, b) => a.file.localeCompare(b.file));
  runs.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.id.localeCompare(b.id));
  return {runs, problems};
}
