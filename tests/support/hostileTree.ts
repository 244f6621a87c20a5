// One eval tree holding every kind of broken or hostile input as its own run, made from a real corpus run.
// Each case says what a user must see: the problem's file, line and message, next to that run.
import {cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync} from "node:fs";
import path from "node:path";
import {predictions, replaceLine, SOURCE_RUN, source, sourceLines, withRow, writeLines} from "./tempTree.js";

export const HOSTILE_SOURCE = SOURCE_RUN;
export const HOSTILE_BASELINE = "baselines/source_v1";
/** Set by any payload that manages to run; must stay undefined. */
export const PAYLOAD_FLAG = "__pwned";
const PAYLOAD_JS = `window.${PAYLOAD_FLAG}=1`;
export const SCRIPT_PAYLOAD = `<script>${PAYLOAD_JS}</script>`;
export const IMG_PAYLOAD = `<img src=x onerror="${PAYLOAD_JS}">`;
export const PAYLOAD_DIR = `runs/c24_<img src=x onerror=${PAYLOAD_JS}>`;

export interface HostileCase {
  id: string;
  /** What the run's problem list must show; null when the input is valid and must load clean. */
  problem: {file: string; line: number | null; message: RegExp} | null;
  /** Episodes the run must still show. */
  episodes?: number;
  failed?: number;
  make: (dir: string) => void;
}

const write = (dir: string, file: string, content: string | Buffer) => writeFileSync(path.join(dir, file), content);
const writeRows = (dir: string, lines: string[]) => writeLines(predictions(dir), lines);
/** Line n (1-based) of the source predictions, changed by `edit`. */
const editRow = (n: number, edit: Parameters<typeof withRow>[1]) => replaceLine(n, withRow(n - 1, edit));
const problem = (file: string, line: number | null, message: RegExp) => ({file, line, message});

export const HOSTILE_CASES: HostileCase[] = [
  // Cut after its episode id: that episode is listed as failed, not lost.
  {
    id: "runs/c01_truncated_line",
    problem: problem("predictions.jsonl", 3, /invalid JSON/),
    episodes: 5,
    failed: 1,
    make: (d) => replaceLine(3, sourceLines()[2].slice(0, 150))(d)
  },
  {
    id: "runs/c02_invalid_line",
    problem: problem("predictions.jsonl", 2, /invalid JSON/),
    episodes: 4,
    make: replaceLine(2, "{'episode_id': oops}")
  },
  {
    id: "runs/c03_array_line",
    problem: problem("predictions.jsonl", 4, /expected a JSON object/),
    episodes: 4,
    make: replaceLine(4, "[1, 2, 3]")
  },
  {
    id: "runs/c04_no_episode_id",
    problem: problem("predictions.jsonl", 5, /no episode_id/),
    episodes: 4,
    make: editRow(5, (r) => delete r.episode_id)
  },
  {
    id: "runs/c05_bom",
    problem: null,
    episodes: 5,
    make: (d) => write(d, "predictions.jsonl", "\uFEFF" + sourceLines().join("\n"))
  },
  {
    id: "runs/c06_crlf",
    problem: null,
    episodes: 5,
    make: (d) => write(d, "predictions.jsonl", sourceLines().join("\r\n") + "\r\n")
  },
  {
    id: "runs/c07_non_utf8",
    problem: problem("predictions.jsonl", 2, /not valid UTF-8/),
    episodes: 5,
    make: (d) => {
      // Two bytes that are never valid UTF-8, inside line 2's summary string: the row must still load.
      const lines = sourceLines().map((l) => Buffer.from(l + "\n"));
      const at = lines[1].indexOf('"summary_final": "') + 20;
      lines[1] = Buffer.concat([lines[1].subarray(0, at), Buffer.from([0xff, 0xfe]), lines[1].subarray(at)]);
      write(d, "predictions.jsonl", Buffer.concat(lines));
    }
  },
  {
    id: "runs/c08_empty_predictions",
    problem: problem("predictions.jsonl", null, /empty file/),
    make: (d) => write(d, "predictions.jsonl", "")
  },
  {
    id: "runs/c09_empty_metrics",
    problem: problem("metrics.json", null, /empty file/),
    episodes: 5,
    make: (d) => write(d, "metrics.json", "")
  },
  {
    id: "runs/c10_invalid_metrics",
    problem: problem("metrics.json", 3, /invalid JSON/),
    episodes: 5,
    make: (d) => write(d, "metrics.json", '{\n  "dataset_id": "curated_5feeds_smoke_v1",\n  "episode_count": 5 oops\n}')
  },
  {
    id: "runs/c11_metrics_array",
    problem: problem("metrics.json", null, /expected a JSON object/),
    episodes: 5,
    make: (d) => write(d, "metrics.json", "[]")
  },
  {
    id: "runs/c12_missing_fingerprint",
    problem: problem("fingerprint.json", null, /required file is missing/),
    episodes: 5,
    make: (d) => rmSync(path.join(d, "fingerprint.json"))
  },
  {
    id: "runs/c13_missing_predictions",
    problem: problem("predictions.jsonl", null, /required file is missing/),
    episodes: 5,
    make: (d) => rmSync(path.join(d, "predictions.jsonl"))
  },
  {
    id: "runs/c14_missing_metrics",
    problem: problem("metrics.json", null, /required file is missing/),
    episodes: 5,
    make: (d) => rmSync(path.join(d, "metrics.json"))
  },
  {
    id: "runs/c15_string_latency",
    problem: problem("predictions.jsonl", 1, /processing_time_seconds is "12.5"/),
    episodes: 5,
    make: editRow(1, (r) => (r.metadata.processing_time_seconds = "12.5"))
  },
  {id: "runs/c16_null_output", problem: null, episodes: 5, failed: 1, make: editRow(2, (r) => (r.output = null))},
  {
    id: "runs/c17_nan_latency",
    problem: problem("predictions.jsonl", 3, /NaN or Infinity/),
    episodes: 5,
    make: (d) =>
      replaceLine(3, sourceLines()[2].replace(/"processing_time_seconds": [\d.]+/, '"processing_time_seconds": NaN'))(d)
  },
  {
    id: "runs/c18_negative_latency",
    problem: problem("predictions.jsonl", 4, /negative/),
    episodes: 5,
    make: editRow(4, (r) => (r.metadata.processing_time_seconds = -3))
  },
  {
    id: "runs/c19_duplicate_episode",
    problem: problem("predictions.jsonl", 6, /duplicate episode p01_e01 \(first on line 1\)/),
    episodes: 5,
    make: (d) => writeRows(d, [...sourceLines(), sourceLines()[0]])
  },
  {
    id: "runs/c20_error_row",
    problem: null,
    episodes: 5,
    failed: 1,
    make: editRow(2, (r) => {
      r.error = "provider timeout after 600 s";
      r.output = {summary_final: ""};
    })
  },
  {
    id: "runs/c21_huge_output",
    problem: null,
    episodes: 5,
    make: editRow(1, (r) => (r.output.summary_final = "Trail work matters. ".repeat(262_144)))
  },
  {
    id: "runs/c22_many_lines",
    problem: null,
    episodes: 100_000,
    make: (d) => {
      const template = source[0];
      const lines = Array.from({length: 100_000}, (_, i) =>
        JSON.stringify({
          ...template,
          episode_id: `m${i}`,
          output: {summary_final: `Short summary ${i}.`},
          metadata: {processing_time_seconds: 1 + (i % 7)}
        })
      );
      writeRows(d, lines);
    }
  },
  {
    id: "runs/c23_html_output",
    problem: null,
    episodes: 5,
    make: (d) => {
      const edited = structuredClone(source);
      edited[0].output.summary_final = `Intro ${SCRIPT_PAYLOAD} outro`;
      edited[1].output.summary_final = `Intro ${IMG_PAYLOAD} outro`;
      writeRows(
        d,
        edited.map((r) => JSON.stringify(r))
      );
    }
  },
  {id: PAYLOAD_DIR, problem: null, episodes: 5, make: () => undefined},
  {
    id: "runs/c25_html_episode_id",
    problem: null,
    episodes: 5,
    make: editRow(3, (r) => (r.episode_id = `<b onmouseover="${PAYLOAD_JS}">p03</b>`))
  },
  {
    id: "runs/c26_bad_diagnostics",
    problem: problem("diagnostics.jsonl", 2, /invalid JSON/),
    episodes: 5,
    make: (d) => write(d, "diagnostics.jsonl", `{"episode_id": "p01_e01", "chunks": 3}\n{"episode_id": \n`)
  },
  {
    id: "runs/c27_bad_run_summary",
    problem: problem("run_summary.json", 1, /invalid JSON/),
    episodes: 5,
    make: (d) => write(d, "run_summary.json", "{avg_output_tokens: 12}")
  },
  {
    id: "runs/c28_bad_fingerprint",
    problem: problem("fingerprint.json", 1, /invalid JSON/),
    episodes: 5,
    make: (d) => write(d, "fingerprint.json", '{"fingerprint_version": "2.0",')
  },
  {id: "runs/c29_numeric_output", problem: null, episodes: 5, failed: 1, make: editRow(4, (r) => (r.output = 42))},
  {
    id: "runs/c30_metrics_nulls",
    problem: null,
    episodes: 5,
    make: (d) =>
      write(
        d,
        "metrics.json",
        JSON.stringify({dataset_id: null, episode_count: null, intrinsic: null, vs_reference: null})
      )
  },
  {
    id: "runs/c31_predictions_directory",
    problem: problem("predictions.jsonl", null, /directory/),
    make: (d) => (rmSync(path.join(d, "predictions.jsonl")), mkdirSync(path.join(d, "predictions.jsonl")))
  },
  {
    id: "runs/c32_negative_tokens",
    problem: problem("predictions.jsonl", 2, /output_tokens is negative/),
    episodes: 5,
    make: editRow(2, (r) => (r.metadata.output_tokens = -40))
  },
  {
    id: "runs/c33_string_input_chars",
    problem: problem("predictions.jsonl", 5, /input_length_chars is "many"/),
    episodes: 5,
    make: editRow(5, (r) => (r.metadata.input_length_chars = "many"))
  }
];

/** Problems outside any run: shown in the "folders skipped" list at the top of the page. */
export const TREE_CASES = [
  {id: "runs/c34_symlink_loop/self", message: /symlink loop/},
  {id: "runs/c35_notes_only", message: /not a run/}
];

export function writeHostileTree(root: string): void {
  cpSync(HOSTILE_SOURCE, path.join(root, HOSTILE_BASELINE), {recursive: true});
  for (const c of HOSTILE_CASES) {
    const dir = path.join(root, c.id);
    mkdirSync(path.dirname(dir), {recursive: true});
    cpSync(HOSTILE_SOURCE, dir, {recursive: true});
    c.make(dir);
  }
  const loop = path.join(root, "runs/c34_symlink_loop");
  cpSync(HOSTILE_SOURCE, loop, {recursive: true});
  symlinkSync("..", path.join(loop, "self"));
  mkdirSync(path.join(root, "runs/c35_notes_only"), {recursive: true});
  writeFileSync(path.join(root, "runs/c35_notes_only/README.md"), "notes, no artifacts\n");
}
