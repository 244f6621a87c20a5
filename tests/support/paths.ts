// Where the project and its fixtures live, for every test file. Everything a test reads is inside the
// repository: a missing fixture is a failure that names the path, never a silent skip.
import {existsSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A path inside the project that must exist; throws (failing the suite that asked) when it does not. */
export function fixturePath(...segments: string[]): string {
  const resolved = path.join(projectRoot, ...segments);
  if (!existsSync(resolved)) {
    throw new Error(
      `test data missing: ${path.relative(projectRoot, resolved)} is not in this checkout ` +
        "(it is tracked in git; restore it with git checkout)"
    );
  }
  return resolved;
}

/** The real artifacts, byte for byte as published upstream (fixtures/corpus/podcast_scraper/README.md). */
export const corpusDir = fixturePath("fixtures", "corpus", "podcast_scraper", "eval");
/** The default data set: the corpus runs plus generated ones (fixtures/eval/PROVENANCE.md). */
export const fixturesDir = fixturePath("fixtures", "eval");
