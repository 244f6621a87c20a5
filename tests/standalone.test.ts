// The repository stands on its own: copied alone into an empty folder (what `git clone` gives, including
// changes not yet committed), nothing its tests, fixtures or scripts read lies outside it.
import {execFileSync} from "node:child_process";
import {copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {projectRoot} from "./support/paths.js";

const CODE = /\.(ts|mts|mjs|js|py|json|md)$/;
const SCANNED = /^(tests|scripts|bench|loaders|src|report|fixtures\/rouge|\.ci)\/|^[^/]+$/;
/**
 * The folder beside the checkout where the team's shared material lives on some machines (built, so this
 * file does not name it).
 */
const BESIDE = ["..", "shared"].join("/");
const RELATIVE_LITERAL = /["'`](\.\.\/[^"'`\s$]*)["'`]/g;

/** The files a clone would hold: tracked ones plus new ones git would add (not ignored), as they are now. */
function cloneFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: projectRoot,
    encoding: "utf8"
  });
  return listed.split("\0").filter((file) => file && existsSync(path.join(projectRoot, file)));
}

const inside = (root: string, target: string) => target === root || target.startsWith(root + path.sep);
const existsAsSource = (target: string) =>
  [target, target.replace(/\.js$/, ".ts"), target.replace(/\.mjs$/, ".mts")].some(existsSync);

describe("a lone copy of the repository", () => {
  let lone: string;
  let files: string[];

  beforeAll(() => {
    lone = path.join(mkdtempSync(path.join(os.tmpdir(), "run-compare-lone-")), "project");
    files = cloneFiles();
    for (const file of files) {
      mkdirSync(path.dirname(path.join(lone, file)), {recursive: true});
      copyFileSync(path.join(projectRoot, file), path.join(lone, file));
    }
  });

  afterAll(() => rmSync(path.dirname(lone), {recursive: true, force: true}));

  it("holds the fixtures the suites read, resolved from its own copy of the path modules", async () => {
    const paths = await import(path.join(lone, "tests/support/paths.ts"));
    const sites = await import(path.join(lone, "tests/e2e/sites.ts"));
    const evalDir = await import(path.join(lone, "loaders/evalDir.ts"));
    const read = [
      paths.corpusDir,
      paths.fixturesDir,
      ...Object.values(sites.EVAL_DIRS as Record<string, string>),
      evalDir.DEFAULT_EVAL_DIR
    ];
    for (const dir of read) {
      expect(inside(lone, dir), dir).toBe(true);
      expect(existsSync(dir), dir).toBe(true);
    }
    expect(existsSync(path.join(paths.corpusDir, "..", "LICENSE"))).toBe(true);
  });

  it("names no path outside itself: nothing beside the checkout, and every ../ literal in code resolves inside", () => {
    const escapes: string[] = [];
    // Folders a build writes (ignored by git, so absent from a clone until then): paths into them are fine.
    const generated = readFileSync(path.join(lone, ".gitignore"), "utf8")
      .split("\n")
      .filter((l) => /^[\w.][\w./-]*\/$/.test(l))
      .map((l) => path.resolve(lone, l));
    for (const file of files.filter((f) => CODE.test(f) && SCANNED.test(f))) {
      const text = readFileSync(path.join(lone, file), "utf8");
      if (text.includes(BESIDE)) escapes.push(`${file}: names ${BESIDE}`);
      for (const [, literal] of text.matchAll(RELATIVE_LITERAL)) {
        const fromFile = path.resolve(lone, path.dirname(file), literal);
        const fromRoot = path.resolve(lone, literal);
        const ok =
          inside(lone, fromFile) &&
          (existsAsSource(fromFile) || inside(lone, fromRoot) || generated.some((dir) => inside(dir, fromFile)));
        if (!ok && !text.includes(BESIDE)) escapes.push(`${file}: ${literal}`);
      }
    }
    expect(escapes).toEqual([]);
  });

  it("keeps the real runs byte for byte: the default data set's copies equal the corpus copy", () => {
    const corpus = "fixtures/corpus/podcast_scraper/eval/";
    const real = files.filter((f) => f.startsWith(corpus));
    expect(real.length).toBeGreaterThan(50);
    for (const file of real) {
      const twin = path.join(lone, "fixtures/eval", file.slice(corpus.length));
      expect(readFileSync(twin).equals(readFileSync(path.join(lone, file))), twin).toBe(true);
    }
  });
});
