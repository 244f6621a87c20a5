// Project binaries (observable, tsx) for scripts started with plain `node`, not only through npm: PATH
// first (tests put stand-ins there), then node_modules/.bin.
import {delimiter} from "node:path";
import {fileURLToPath} from "node:url";

const BIN = fileURLToPath(new URL("../node_modules/.bin", import.meta.url));

export function withLocalBin(env = process.env) {
  return {...env, PATH: [env.PATH, BIN].filter(Boolean).join(delimiter)};
}
