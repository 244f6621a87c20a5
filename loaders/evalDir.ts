import {resolve} from "node:path";
import {fileURLToPath} from "node:url";

export const DEFAULT_EVAL_DIR = fileURLToPath(new URL("../fixtures/eval", import.meta.url));

/** EVAL_DIR from the environment (relative to where the command runs), else the fixtures. */
export function evalDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVAL_DIR ? resolve(env.EVAL_DIR) : DEFAULT_EVAL_DIR;
}

/** The fixtures open on their map/reduce story unless BASELINE says otherwise; other trees have no default. */
export function defaultBaselineFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.BASELINE || (evalDirFromEnv(env) === DEFAULT_EVAL_DIR ? "runs/mr_fatter_map_v2" : null);
}
