// Generated eval trees for the e2e tests: scripts/synth.mts trees (real artifact formats, deterministic),
// written once under .e2e/trees/<name> and kept while the generator stays the same (the name holds the
// arguments), so the run cache of the builds stays warm. One dataset, one task and one silver reference
// for every run: all comparable.
import {createHash} from "node:crypto";
import {existsSync, readdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {synthesize} from "../../scripts/synth.mjs";
import {buildSite, E2E_DIR, ROOT} from "./sites.js";

/** The generator's own source: a changed generator makes the tree again. */
const GENERATOR = createHash("sha256")
  .update(
    ["synth.mts", "synthText.mts", "pyJson.mts"]
      .map((name) => readFileSync(join(ROOT, "scripts", name), "utf8"))
      .join("\0")
  )
  .digest("hex");

export interface SynthTree {
  name: string;
  evalDir: string;
  /** Every run id of the tree (the reference included), as the catalog names them. */
  runIds: string[];
  /** The runs that are compared (all but the reference). */
  comparable: string[];
  reference: string;
}

const made = new Map<string, Promise<SynthTree>>();

/** The synth tree of `runs` runs (plus the reference) x `episodes` episodes, generated unless already on disk. */
export function synthTree(runs: number, episodes: number, seed = 1): Promise<SynthTree> {
  const name = `synth-${runs}x${episodes}-s${seed}`;
  if (!made.has(name)) {
    made.set(
      name,
      (async () => {
        const evalDir = join(E2E_DIR, "trees", name);
        const marker = join(evalDir, ".synth.json");
        const stamp = `${evalDir}.generator`;
        const same = existsSync(marker) && existsSync(stamp) && readFileSync(stamp, "utf8") === GENERATOR;
        if (!same) {
          rmSync(evalDir, {recursive: true, force: true}); // ours (under .e2e/trees), possibly left half-written
          await synthesize({out: evalDir, runs, episodes, seed});
          writeFileSync(stamp, GENERATOR);
        }
        const info = JSON.parse(readFileSync(marker, "utf8")) as {reference: string};
        const ids = listRuns(evalDir);
        return {
          name,
          evalDir,
          runIds: ids,
          comparable: ids.filter((id) => id !== info.reference),
          reference: info.reference
        };
      })()
    );
  }
  return made.get(name)!;
}

/** Run ids from the tree on disk: <folder>/<run> for baselines/ and runs/, and the reference. */
function listRuns(evalDir: string): string[] {
  const marker = JSON.parse(readFileSync(join(evalDir, ".synth.json"), "utf8")) as {reference: string};
  const ids: string[] = [];
  for (const folder of ["baselines", "runs"]) {
    const dir = join(evalDir, folder);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) ids.push(`${folder}/${entry}`);
  }
  return [...ids, marker.reference];
}

/** The tree built into .e2e/<name>-dist (once per test run); returns the tree and its dist folder. */
export async function synthSite(runs: number, episodes: number, seed = 1): Promise<SynthTree & {dist: string}> {
  const tree = await synthTree(runs, episodes, seed);
  return {...tree, dist: await buildSite(tree.name, tree.evalDir)};
}
