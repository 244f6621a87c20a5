import {resolve} from "node:path";
import {fileURLToPath} from "node:url";

export const DEFAULT_EVAL_DIR = fileURLToPath(new URL("../fixtures/eval", import.meta.url));

/** EVAL_DIR from the environment (relative to where the command runs), else the fixtures. */
export function evalDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return env.EVAL_DIR ? resolve(env.EVAL_DIR) : DEFAULT_EVAL_DIR;
}

/** BASELINE: the run the page preselects as baseline; without it the default pair rule decides. */
export function defaultBaselineFromEnv(env: NodeJS.ProcessEnv = process.env): string | null {
  return env.BASELINE || null;
}
