// Every defect in a run becomes a problem (file, line, message); the run still appears and its other rows are intact.
import {afterAll, describe, expect, it} from "vitest";
import {chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import type {EpisodeText} from "../src/compare/types.js";
import {tokensOf} from "./support/evalTree.js";
import {
  cleanupTempDirs,
  expectIntact,
  lines,
  predictions,
  problemAt,
  replaceLine,
  scenario,
  source,
  sourceLines,
  sourceMetrics as metrics,
  CASE_ID,
  withRow
} from "./support/tempTree.js";

afterAll(cleanupTempDirs);

describe("bad input in predictions.jsonl lines", () => {
  it("a truncated JSON line: a problem on its line, its episode (id readable) failed, the 4 others load", async () => {
    const {run, rows} = await scenario(replaceLine(3, sourceLines()[2].slice(0, 120)));
    expect(problemAt(run, "predictions.jsonl", 3, /invalid JSON/)).toBe(true);
    expect(run.artifacts["predictions.jsonl"]).toBe("malformed");
    const lost = rows.find((r) => r.episode_id === source[2].episode_id)!;
    expect(lost.failed).toBe(true);
    expect(lost.error).toMatch(/line 3 could not be parsed/);
    expect(run.kpis.failed).toBe(1);
    expectIntact(rows, [source[2].episode_id]);
  });

  it("a line cut before its episode id is a problem only (no episode to fail)", async () => {
    const {run, rows} = await scenario(replaceLine(3, sourceLines()[2].slice(0, 10)));
    expect(problemAt(run, "predictions.jsonl", 3, /invalid JSON/)).toBe(true);
    expect(rows.map((r) => r.episode_id)).not.toContain(source[2].episode_id);
    expectIntact(rows, [source[2].episode_id]);
  });

  it("an invalid JSON line (single quotes, stray token)", async () => {
    const {run, rows} = await scenario(replaceLine(2, `{"episode_id": 'p02_e01', oops}`));
    expect(problemAt(run, "predictions.jsonl", 2, /invalid JSON/)).toBe(true);
    expectIntact(rows, [source[1].episode_id]);
  });

  it("a JSON line that is an array", async () => {
    const {run, rows} = await scenario(replaceLine(4, "[1, 2, 3]"));
    expect(problemAt(run, "predictions.jsonl", 4, /array/)).toBe(true);
    expectIntact(rows, [source[3].episode_id]);
  });

  it("a row with no episode_id is ignored with a problem", async () => {
    const {run, rows} = await scenario(
      replaceLine(
        5,
        withRow(4, (r) => delete r.episode_id)
      )
    );
    expect(problemAt(run, "predictions.jsonl", 5, /episode_id/)).toBe(true);
    expect(rows).toHaveLength(4);
    expectIntact(rows, [source[4].episode_id]);
  });

  it("blank lines keep later line numbers right", async () => {
    const {run, rows} = await scenario(lines((ls) => [ls[0], "", "   ", ls[1], "{broken", ls[2], ls[3], ls[4]]));
    expect(problemAt(run, "predictions.jsonl", 5, /invalid JSON/)).toBe(true);
    expect(run.problems).toHaveLength(1);
    expectIntact(rows);
  });

  it("a UTF-8 BOM at the start of predictions.jsonl loads fine, no problem", async () => {
    const {run, rows} = await scenario((dir) =>
      writeFileSync(predictions(dir), "\uFEFF" + sourceLines().join("\n") + "\n")
    );
    expect(run.problems).toEqual([]);
    expect(run.artifacts["predictions.jsonl"]).toBe("present");
    expectIntact(rows);
  });

  it("CRLF line endings (and no final newline) load fine", async () => {
    const {run, rows} = await scenario((dir) => {
      writeFileSync(predictions(dir), sourceLines().join("\r\n"));
      const m = readFileSync(path.join(dir, "metrics.json"), "utf8");
      writeFileSync(path.join(dir, "metrics.json"), m.replace(/\r?\n/g, "\r\n"));
    });
    expect(run.problems).toEqual([]);
    expect(run.kpis.avg_output_tokens).toBeCloseTo(metrics.intrinsic.length.avg_tokens, 9);
    expectIntact(rows);
  });

  it("non-UTF-8 bytes in a line: problem 'not valid UTF-8' on that line, the row still loads", async () => {
    const {run, rows} = await scenario((dir) => {
      const parts = sourceLines().map((l) => Buffer.from(l + "\n", "utf8"));
      const at = parts[3].indexOf('"summary_final": "') + '"summary_final": "'.length;
      parts[3] = Buffer.concat([parts[3].subarray(0, at), Buffer.from([0xff, 0xfe]), parts[3].subarray(at)]);
      writeFileSync(predictions(dir), Buffer.concat(parts));
    });
    expect(problemAt(run, "predictions.jsonl", 4, /not valid UTF-8/)).toBe(true);
    const row = rows.find((r) => r.episode_id === source[3].episode_id)!;
    expect(row.failed).toBe(false);
    expect(row.output_chars).toBe(source[3].output.summary_final.length + 2);
    expectIntact(rows, [source[3].episode_id]);
  });

  it("a duplicate episode id: the second row is ignored with a problem naming the first line", async () => {
    const dup = withRow(0, (r) => (r.output.summary_final = "A different, much shorter text."));
    const {run, rows} = await scenario(lines((ls) => [...ls, dup]));
    expect(problemAt(run, "predictions.jsonl", 6, /duplicate.*line 1/)).toBe(true);
    expect(rows).toHaveLength(5);
    expectIntact(rows);
  });

  it("a null output: the row is kept as a failed episode with a reason", async () => {
    const {rows} = await scenario(
      replaceLine(
        3,
        withRow(2, (r) => (r.output = null))
      )
    );
    const row = rows.find((r) => r.episode_id === source[2].episode_id)!;
    expect(row.failed).toBe(true);
    expect(row.error).toMatch(/empty or missing output/);
    expectIntact(rows, [source[2].episode_id]);
  });

  it("an error field: the row is a failed episode carrying the error text", async () => {
    const {run, rows} = await scenario(
      replaceLine(
        1,
        withRow(0, (r) => (r.error = "Timeout after 600 s"))
      )
    );
    expect(rows.find((r) => r.episode_id === source[0].episode_id)!.error).toBe("Timeout after 600 s");
    expect(run.kpis.failed).toBe(1);
    expect(run.kpis.success_rate).toBe(0.8);
    expectIntact(rows, [source[0].episode_id]);
  });

  const badLatency: [string, string][] = [
    ["a string latency", `"12.5"`],
    ["a 'NaN' string latency", `"NaN"`],
    ["an overflowing latency (1e999 parses to Infinity)", "1e999"],
    ["a negative latency", "-3.25"]
  ];
  it.each(badLatency)("%s: problem on the line, latency null, row kept", async (_name, literal) => {
    const line = withRow(1, (r) => (r.metadata.processing_time_seconds = "@@")).replace(`"@@"`, literal);
    const {run, rows} = await scenario(replaceLine(2, line));
    expect(problemAt(run, "predictions.jsonl", 2, /processing_time_seconds/)).toBe(true);
    const row = rows.find((r) => r.episode_id === source[1].episode_id)!;
    expect(row.latency_s).toBeNull();
    expect(row.failed).toBe(false);
    expect(row.output_tokens).toBe(tokensOf(source[1].output.summary_final));
    const others = source.filter((_, i) => i !== 1).map((s) => s.metadata.processing_time_seconds);
    expect(run.kpis.avg_latency_s).toBeCloseTo(others.reduce((a, b) => a + b, 0) / others.length, 9);
    expectIntact(rows, [source[1].episode_id]);
  });

  // Python's json.dump (the upstream scorer's writer) emits a bare NaN for a float('nan') latency.
  it("a bare NaN latency written by Python's json module: row kept, latency null", async () => {
    const line = withRow(1, (r) => (r.metadata.processing_time_seconds = "@@")).replace(`"@@"`, "NaN");
    const {run, rows} = await scenario(replaceLine(2, line));
    expect(problemAt(run, "predictions.jsonl", 2, /NaN|processing_time_seconds/)).toBe(true);
    expect(rows.find((r) => r.episode_id === source[1].episode_id)?.latency_s).toBeNull();
  });

  it("a 5 MB single output is measured in full and clipped for display", async () => {
    const big = "The trail drains well after rain. ".repeat(150_000);
    const {data, rows} = await scenario(
      replaceLine(
        1,
        withRow(0, (r) => (r.output.summary_final = big))
      )
    );
    const row = rows.find((r) => r.episode_id === source[0].episode_id)!;
    expect(row.output_tokens).toBe(Math.floor(big.length / 4));
    const texts = Object.values(data.texts(CASE_ID)) as EpisodeText[];
    const text = texts.find((t) => t.chars === big.length)!;
    expect(text.text!.length).toBeLessThan(big.length);
    expectIntact(rows, [source[0].episode_id]);
  });
});

describe("bad or missing files", () => {
  it("a UTF-8 BOM at the start of metrics.json loads fine, no problem", async () => {
    const {run} = await scenario((dir) => {
      const file = path.join(dir, "metrics.json");
      writeFileSync(file, "\uFEFF" + readFileSync(file, "utf8"));
    });
    expect(run.problems).toEqual([]);
    expect(run.artifacts["metrics.json"]).toBe("present");
    expect(run.dataset_id).toBe(metrics.dataset_id);
    expect(run.kpi_sources.gate_truncation).toBe("predictions");
    expect(run.stored.gate_truncation).toBe(0);
  });

  it("an empty predictions.jsonl: 'empty file', artifact malformed, run listed with stored KPIs", async () => {
    const {run, rows} = await scenario((dir) => writeFileSync(predictions(dir), ""));
    expect(problemAt(run, "predictions.jsonl", null, /empty file/)).toBe(true);
    expect(run.artifacts["predictions.jsonl"]).toBe("malformed");
    expect(rows).toEqual([]);
    expect(run.kpis.avg_output_tokens).toBeCloseTo(metrics.intrinsic.length.avg_tokens, 9);
  });

  it("an empty metrics.json: 'empty file', predictions still give the KPIs", async () => {
    const {run, rows} = await scenario((dir) => writeFileSync(path.join(dir, "metrics.json"), "  \n"));
    expect(problemAt(run, "metrics.json", null, /empty file/)).toBe(true);
    expect(run.artifacts["metrics.json"]).toBe("malformed");
    const tokens = source.map((s) => tokensOf(s.output.summary_final));
    expect(run.kpis.avg_output_tokens).toBeCloseTo(tokens.reduce((a, b) => a + b, 0) / tokens.length, 9);
    expectIntact(rows);
  });

  it("invalid JSON in metrics.json names the line of the defect", async () => {
    const {run, rows} = await scenario((dir) => {
      const pretty = JSON.stringify(metrics, null, 2).split("\n");
      pretty.splice(3, 0, "  oops,");
      writeFileSync(path.join(dir, "metrics.json"), pretty.join("\n"));
    });
    expect(problemAt(run, "metrics.json", 4, /invalid JSON/)).toBe(true);
    expectIntact(rows);
  });

  it("metrics.json holding an array is malformed, not a crash", async () => {
    const {run, rows} = await scenario((dir) => writeFileSync(path.join(dir, "metrics.json"), "[1, 2]"));
    expect(problemAt(run, "metrics.json", null, /array/)).toBe(true);
    expectIntact(rows);
  });

  it("a missing fingerprint.json: artifact missing, 'required file is missing', KPIs still there", async () => {
    const {run, rows} = await scenario((dir) => rmSync(path.join(dir, "fingerprint.json")));
    expect(run.artifacts["fingerprint.json"]).toBe("missing");
    expect(problemAt(run, "fingerprint.json", null, /required file is missing/)).toBe(true);
    expect(run.kpis.avg_output_tokens).toBeCloseTo(metrics.intrinsic.length.avg_tokens, 9);
    expectIntact(rows);
  });

  it("a missing predictions.jsonl: run listed, KPIs from metrics.json", async () => {
    const {run, rows} = await scenario((dir) => rmSync(predictions(dir)));
    expect(run.artifacts["predictions.jsonl"]).toBe("missing");
    expect(problemAt(run, "predictions.jsonl", null, /required file is missing/)).toBe(true);
    expect(rows).toEqual([]);
    expect(run.episodes).toBe(metrics.episode_count);
    expect(run.kpis.avg_output_tokens).toBeCloseTo(metrics.intrinsic.length.avg_tokens, 9);
    expect(run.kpis.avg_latency_s).toBeCloseTo(metrics.intrinsic.performance.avg_latency_ms / 1000, 9);
    expect(run.kpis.gate_truncation).toBe(0);
  });

  it("a missing predictions.jsonl: no KPI claims to come from predictions", async () => {
    const {run} = await scenario((dir) => rmSync(predictions(dir)));
    expect(Object.values(run.kpi_sources)).not.toContain("predictions");
  });

  it("the scorer's 0 for 'no value' in metrics.json is unknown, not a measurement: no latency, no tokens", async () => {
    const {run} = await scenario((dir) => {
      rmSync(predictions(dir));
      const stored = {
        ...metrics,
        intrinsic: {
          ...metrics.intrinsic,
          performance: {avg_latency_ms: 0.0},
          length: {...metrics.intrinsic.length, avg_tokens: 0}
        }
      };
      writeFileSync(path.join(dir, "metrics.json"), JSON.stringify(stored));
    });
    expect([run.kpis.avg_latency_s, run.kpis.avg_output_tokens]).toEqual([null, null]);
  });

  it("with predictions, a latency they lack is unknown even where metrics.json stores one", async () => {
    const withoutLatency = (line: string) => {
      const row = JSON.parse(line);
      delete row.metadata.processing_time_seconds;
      return JSON.stringify(row);
    };
    const {run, rows} = await scenario(lines((ls) => ls.map(withoutLatency)));
    expect(metrics.intrinsic.performance.avg_latency_ms).toBeGreaterThan(0);
    expect(rows.every((r) => r.latency_s === null)).toBe(true);
    expect(run.kpis.avg_latency_s).toBeNull();
  });

  it("a run_summary.json value the predictions contradict: shown beside the recomputed one, warned", async () => {
    const {run, rows} = await scenario((dir) =>
      writeFileSync(path.join(dir, "run_summary.json"), JSON.stringify({avg_output_tokens: 999, success_rate: 1}))
    );
    const recomputed = rows.reduce((sum, r) => sum + r.output_tokens!, 0) / rows.length;
    expect(run.kpis.avg_output_tokens).toBe(999);
    expect(run.kpi_sources.avg_output_tokens).toBe("run_summary");
    expect(run.recomputed.avg_output_tokens).toBeCloseTo(recomputed, 9);
    expect(run.warnings.some((w) => w.startsWith("avg_output_tokens: run_summary.json stores 999"))).toBe(true);
  });

  it("predictions.jsonl that is a directory: problem, malformed, run listed", async () => {
    const {run} = await scenario((dir) => (rmSync(predictions(dir)), mkdirSync(predictions(dir))));
    expect(run.artifacts["predictions.jsonl"]).toBe("malformed");
    expect(run.problems.some((p) => p.file === "predictions.jsonl" && /directory/.test(p.message))).toBe(true);
  });

  it("an unreadable predictions.jsonl (chmod 000): permission problem, run listed", async (ctx) => {
    let readable = false;
    const {run} = await scenario((dir) => {
      chmodSync(predictions(dir), 0o000);
      try {
        readFileSync(predictions(dir));
        readable = true;
      } catch {
        // expected for a normal user
      }
    });
    if (readable) ctx.skip("running as root: chmod 000 does not block reads, so an unreadable file cannot be made");
    expect(run.artifacts["predictions.jsonl"]).toBe("malformed");
    expect(problemAt(run, "predictions.jsonl", null, /permission denied/)).toBe(true);
  });
});
