// Where the project, its fixtures and the shared real-data corpus live, for every test file.
import {existsSync} from "node:fs";
import path from "node:path";
import {fileURLToPath} from "node:url";

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const corpusDir = path.resolve(projectRoot, "../shared/corpus/podcast_scraper/eval");
export const fixturesDir = path.join(projectRoot, "fixtures", "eval");
export const hasCorpus = existsSync(corpusDir);
export const hasFixtureRuns = existsSync(path.join(fixturesDir, "runs"));
export const CORPUS_MISSING = `real corpus not found at ${corpusDir}; corpus tests skipped`;
