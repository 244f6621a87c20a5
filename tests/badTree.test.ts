// Bad input across runs and folders: bad directories, links and gaps between runs are reported, nothing real
// is hidden.
import {afterAll, describe, expect, it} from "vitest";
import {symlinkSync, writeFileSync} from "node:fs";
import path from "node:path";
import {storeSource} from "../loaders/storeSource.js";
import {reportMarkdown} from "../src/compare/markdown.js";
import {buildReport} from "../src/compare/report.js";
import type {TestSnapshot} from "./support/snapshot.js";
import {
  CASE_ID as ID,
  cleanupTempDirs,
  copyRun,
  expectIntact,
  predictions,
  scenario,
  source,
  sourceLines,
  sourceMetrics as metrics,
  writeLines
} from "./support/tempTree.js";

afterAll(cleanupTempDirs);

const report = (data: TestSnapshot, baseline?: string, candidates: string[] = []) =>
  buildReport(data.catalog, storeSource(data.store), baseline, candidates);

describe("bad directories and cross-run gaps", () => {
  it("a symlink loop inside runs/: discovery terminates and reports it, the real run still loads", async () => {
    const {data, rows} = await scenario((_dir, evalDir) => {
      symlinkSync("..", path.join(evalDir, "runs", "loop_up"));
      symlinkSync(".", path.join(evalDir, "runs", "case", "self"));
    });
    const problems = data.catalog.tree_problems;
    // runs/loop_up is the eval root itself; the loop closes one level down, at runs/loop_up/runs.
    expect(problems.some((p) => p.file.startsWith("runs/loop_up") && /loop/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.file === "runs/case/self" && /loop/.test(p.message))).toBe(true);
    expect(data.catalog.runs.map((r) => r.id)).toEqual([ID]);
    expectIntact(rows);
  });

  it("a directory named with an HTML payload keeps its id verbatim; Markdown does not emit the tag", async () => {
    const id = "runs/<img src=x onerror=alert(1)>";
    const {data, run, rows} = await scenario(() => {}, id);
    expect(run.id).toBe(id);
    expectIntact(rows);
    const md = reportMarkdown(report(data));
    expect(md).toContain("img src=x onerror=alert(1)");
    expect(md).not.toMatch(/(^|[^\\])<img/m);
  });

  it("a symlink runs/latest -> ../baselines/b1 does not hide the real baseline", async () => {
    const {data} = await scenario((_dir, evalDir) => {
      copyRun(evalDir, "baselines/b1");
      symlinkSync(path.join("..", "baselines", "b1"), path.join(evalDir, "runs", "latest"));
    });
    const ids = data.catalog.runs.map((r) => r.id);
    expect(ids).toContain("baselines/b1");
    expect(data.catalog.runs.find((r) => r.id === "baselines/b1")?.kind).toBe("baseline");
  });

  it("a baseline-only episode is coverage (incomplete), not a failure; a candidate-only one is ignored", async () => {
    const {data} = await scenario((_dir, evalDir) => {
      const other = copyRun(evalDir, "runs/fewer");
      writeLines(
        predictions(other),
        sourceLines().filter((_, i) => i !== 2)
      );
    });
    const missing = source[2].episode_id;
    const [forward] = report(data, ID, ["runs/fewer"]).comparisons!;
    expect(forward.comparable).toBe(true);
    expect(forward.common_episodes).toBe(4);
    expect(forward.coverage).toEqual({
      baseline_episodes: 5,
      candidate_episodes: 4,
      common: 4,
      missing_from_candidate: [missing],
      only_in_candidate: []
    });
    const failed = forward.deltas.find((d) => d.metric === "failed")!;
    expect([failed.baseline, failed.candidate, failed.n, failed.verdict]).toEqual([0, 0, 4, "same"]);
    expect(forward.deltas.find((d) => d.metric === "success_rate")!.candidate).toBe(1);
    expect(forward.verdict.qualifiers).toContain("incomplete");
    expect(forward.verdict.label).toBe("no_clear_change");
    expect(forward.verdict.sentence).toMatch(/Covers 4 of 5 baseline episodes/);
    const record = forward.episodes.find((e) => e.episode_id === missing)!;
    expect([record.status, record.regressed, record.reasons]).toEqual(["missing", false, ["not run by the candidate"]]);
    const [backward] = report(data, "runs/fewer", [ID]).comparisons!;
    expect(backward.verdict.qualifiers).not.toContain("incomplete");
    expect(backward.coverage.only_in_candidate).toEqual([missing]);
    expect(backward.warnings.join(" ")).toMatch(/only in the candidate/);
  });

  it("metrics.json failed_episodes (the scorer's gate union): a cross-check warning, not failed episodes", async () => {
    const {run, rows} = await scenario((dir) => {
      const m = structuredClone(metrics);
      m.intrinsic.gates.failed_episodes = ["p02_e01", {episode_id: "p06_e01", error: "transcript download failed"}];
      writeFileSync(path.join(dir, "metrics.json"), JSON.stringify(m));
    });
    expect(run.episodes).toBe(5);
    expect(run.kpis.failed).toBe(0);
    expect(run.kpis.success_rate).toBe(1);
    expect(rows.map((r) => r.episode_id)).not.toContain("p06_e01");
    expect(run.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/p02_e01 in failed_episodes .* find none/),
        expect.stringMatching(/p06_e01 in failed_episodes/)
      ])
    );
    expectIntact(rows);
  });
});
