// SPEC 6 across runs and folders: bad directories, links and gaps between runs are reported, nothing real is hidden.
import {afterAll, describe, expect, it} from "vitest";
import {symlinkSync, writeFileSync} from "node:fs";
import path from "node:path";
import {reportMarkdown} from "../src/compare/markdown.js";
import {buildReport} from "../src/compare/report.js";
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

describe("bad directories and cross-run gaps", () => {
  it("a symlink loop inside runs/: discovery terminates and reports it, the real run still loads", async () => {
    const {data, rows} = await scenario((_dir, evalDir) => {
      symlinkSync("..", path.join(evalDir, "runs", "loop_up"));
      symlinkSync(".", path.join(evalDir, "runs", "case", "self"));
    });
    const problems = data.snapshot.tree_problems;
    // runs/loop_up is the eval root itself; the loop closes one level down, at runs/loop_up/runs.
    expect(problems.some((p) => p.file.startsWith("runs/loop_up") && /loop/.test(p.message))).toBe(true);
    expect(problems.some((p) => p.file === "runs/case/self" && /loop/.test(p.message))).toBe(true);
    expect(data.snapshot.runs.map((r) => r.id)).toEqual([ID]);
    expectIntact(rows);
  });

  it("a directory named with an HTML payload keeps its id verbatim, and Markdown output does not emit the tag", async () => {
    const id = "runs/<img src=x onerror=alert(1)>";
    const {data, run, rows} = await scenario(() => {}, id);
    expect(run.id).toBe(id);
    expect(rows.every((r) => r.run === id)).toBe(true);
    expectIntact(rows);
    const md = reportMarkdown(buildReport(data.snapshot, data.rows));
    expect(md).toContain("img src=x onerror=alert(1)");
    expect(md).not.toMatch(/(^|[^\\])<img/m);
  });

  it("a symlink runs/latest -> ../baselines/b1 does not hide the real baseline", async () => {
    const {data} = await scenario((_dir, evalDir) => {
      copyRun(evalDir, "baselines/b1");
      symlinkSync(path.join("..", "baselines", "b1"), path.join(evalDir, "runs", "latest"));
    });
    const ids = data.snapshot.runs.map((r) => r.id);
    expect(ids).toContain("baselines/b1");
    expect(data.snapshot.runs.find((r) => r.id === "baselines/b1")?.kind).toBe("baseline");
  });

  it("an episode only in the baseline counts as failed for the candidate; one only in the candidate is not compared", async () => {
    const {data} = await scenario((_dir, evalDir) => {
      const other = copyRun(evalDir, "runs/fewer");
      writeLines(predictions(other), sourceLines().filter((_, i) => i !== 2));
    });
    const missing = source[2].episode_id;
    const [forward] = buildReport(data.snapshot, data.rows, ID, ["runs/fewer"]).comparisons!;
    expect(forward.comparable).toBe(true);
    expect(forward.common_episodes).toBe(4);
    const failed = forward.deltas.find((d) => d.metric === "failed")!;
    expect([failed.baseline, failed.candidate]).toEqual([0, 1]);
    expect(forward.deltas.find((d) => d.metric === "success_rate")!.candidate).toBeCloseTo(4 / 5, 12);
    expect(forward.episodes.find((e) => e.episode_id === missing)!.regressed).toBe(true);
    const [backward] = buildReport(data.snapshot, data.rows, "runs/fewer", [ID]).comparisons!;
    expect(backward.deltas.find((d) => d.metric === "failed")!.candidate).toBe(0);
    expect(backward.episodes.find((e) => e.episode_id === missing)?.regressed ?? false).toBe(false);
    expect(backward.warnings.join(" ")).toMatch(/only in the candidate/);
  });

  it("an episode named only in metrics.json failed_episodes counts against the run", async () => {
    const {run, rows} = await scenario((dir) => {
      const m = structuredClone(metrics);
      m.intrinsic.gates.failed_episodes = [{episode_id: "p06_e01", error: "transcript download failed"}];
      writeFileSync(path.join(dir, "metrics.json"), JSON.stringify(m));
    });
    expect(run.episodes).toBe(6);
    expect(run.kpis.failed).toBe(1);
    expect(run.kpis.success_rate).toBeCloseTo(5 / 6, 12);
    expect(rows.find((r) => r.episode_id === "p06_e01")!.error).toBe("transcript download failed");
    expectIntact(rows);
  });
});
