// Which discovered run a metrics.json `vs_reference` key names (docs/rules.md, "Inputs and run discovery"):
// the run whose last path segment equals the key, a non-archived one first, then the one nearest the run in
// the tree.
import {join} from "node:path";
import type {DiscoveredRun} from "./discover.js";
import {isObject, readJsonFile} from "./files.js";

export interface ReferenceChoice {
  /** The key as metrics.json writes it. */
  key: string;
  run: DiscoveredRun;
}

/** The vs_reference keys of a run's metrics.json, in file order; none when it is missing or unreadable. */
export async function referenceKeys(run: DiscoveredRun): Promise<string[]> {
  if (run.gold) return [];
  const metrics = (await readJsonFile(join(run.dir, "metrics.json"), "metrics.json", [])).value;
  return isObject(metrics?.vs_reference) ? Object.keys(metrics.vs_reference) : [];
}

const segments = (id: string) => id.split("/");

function sharedPrefix(a: string, b: string): number {
  const [x, y] = [segments(a), segments(b)];
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n++;
  return n;
}

/** The run a key names for `from`, or undefined when no discovered run has that last segment (or id). */
export function resolveReference(key: string, from: DiscoveredRun, runs: DiscoveredRun[]): DiscoveredRun | undefined {
  const named = runs.filter((r) => r.id !== from.id && (r.id === key || segments(r.id).at(-1) === key));
  return named.sort(
    (a, b) =>
      Number(a.archived) - Number(b.archived) ||
      sharedPrefix(b.id, from.id) - sharedPrefix(a.id, from.id) ||
      a.id.localeCompare(b.id)
  )[0];
}

/** A run's reference: the first of its keys that resolves (the report's `reference`), or null. */
export function chooseReference(keys: string[], from: DiscoveredRun, runs: DiscoveredRun[]): ReferenceChoice | null {
  for (const key of keys) {
    const run = resolveReference(key, from, runs);
    if (run) return {key, run};
  }
  return null;
}
