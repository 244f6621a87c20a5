// Where the browser tests find Chromium: CHROMIUM_PATH, else Debian's chromium on PATH. One place for
// npm test's preflight (which stops at once when it is missing) and for the tests that launch it.
import {accessSync, constants} from "node:fs";
import {delimiter, join} from "node:path";

export const CHROMIUM_MISSING =
  "npm test needs Chromium for its browser tests: install Debian's package (apt-get install chromium), " +
  "or set CHROMIUM_PATH to another Chrome/Chromium binary";

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The Chromium binary to drive, or null when there is none. */
export function findChromium(env = process.env) {
  if (env.CHROMIUM_PATH) return executable(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  for (const dir of (env.PATH ?? "").split(delimiter).filter(Boolean)) {
    for (const name of ["chromium", "chromium-browser"]) {
      if (executable(join(dir, name))) return join(dir, name);
    }
  }
  return null;
}
