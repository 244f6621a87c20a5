// A small generated eval tree for the episode-table tests: one baseline and one candidate over 120
// episodes in the scorer's formats (metrics.json, predictions.jsonl, fingerprint.json), with known
// failures, gate hits, one fixed gate, distinct latency changes and one 5,000+ character output.
// Written once under .e2e/trees/<name> (deterministic) and kept while its version stays the same.
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join} from "node:path";
import {buildSite, E2E_DIR, EVAL_DIRS} from "./sites.js";

export const GEN = {
  name: "episodes-120",
  dataset: "generated_120_v1",
  episodes: 120,
  baseline: "baselines/gen_base_v1",
  candidate: "runs/gen_cand_v1",
  /** Candidate rows with an error and no output. */
  failed: [7, 27, 47, 67, 87, 107].map(idOf),
  /** Candidate outputs starting with "Host:" (speaker label gate). */
  speaker: [4, 19, 34, 49, 64, 79, 94, 109].map(idOf),
  /** Candidate outputs with "Subscribe to our newsletter" (boilerplate gate). */
  boilerplate: [11, 36, 61, 86, 111].map(idOf),
  /** Baseline hits the boilerplate gate, the candidate does not. */
  fixedGate: idOf(50),
  /** Both runs write more than 5,000 characters. */
  long: idOf(60),
  error: "CUDA out of memory in the reduce step"
} as const;
const VERSION = 1;

export function idOf(i: number): string {
  return `g${String(i).padStart(3, "0")}_e01`;
}

const TOPICS = [
  "trail drainage",
  "on-call rotations",
  "dive navigation",
  "photo captions",
  "index investing",
  "bread hydration",
  "bike fitting",
  "home networking",
  "garden soil",
  "tide tables",
  "kiln firing"
];
const VERBS = ["explain", "compare", "question", "revisit", "test", "map out", "simplify", "sketch"];
const NOUNS = [
  "checklists",
  "budgets",
  "weekly habits",
  "tools",
  "failure stories",
  "first steps",
  "trade-offs",
  "measurements",
  "field notes"
];

/** Sentence `k` of episode `i`: varied words so that no two sentences repeat a phrase. */
function sentence(i: number, k: number): string {
  const topic = TOPICS[(i + k) % TOPICS.length];
  const verb = VERBS[(i * 3 + k) % VERBS.length];
  const noun = NOUNS[(i + 2 * k) % NOUNS.length];
  const examples = `${3 + ((i + k) % 5)} examples from listener ${100 + i * 7 + k}`;
  return `In part ${k + 1} of episode ${i} the hosts ${verb} ${noun} for ${topic}, with ${examples}.`;
}

function baselineText(i: number): string {
  const count = i === 60 ? 48 : 3 + (i % 4);
  const text = Array.from({length: count}, (_, k) => sentence(i, k)).join(" ");
  return i === 50 ? `${text} Rate and review the show if it helped.` : text;
}

function candidateText(i: number): string {
  const sentences = Array.from({length: i === 60 ? 46 : 3 + (i % 4)}, (_, k) => sentence(i, k));
  if (i === 60)
    for (let k = 5; k < sentences.length; k += 9) sentences[k] = sentences[k].replace("the hosts", "both guests");
  if (i % 3 === 0 && i !== 60) sentences.pop();
  let text = sentences.join(" ");
  if (GEN.speaker.includes(idOf(i))) text = `Host: ${text}`;
  if (GEN.boilerplate.includes(idOf(i))) text = `${text} Subscribe to our newsletter for the show notes.`;
  return text;
}

const baselineLatency = (i: number) => 8 + (i % 9) * 0.75 + i / 1000;
/** Distinct for every episode (37 is prime to 120): -2.00 s to +3.95 s. */
const latencyChange = (i: number) => (((i * 37) % 120) - 40) * 0.05;

interface Row {
  text: string;
  latency: number | null;
  error: string | null;
}

function writeRun(evalDir: string, id: string, rowOf: (i: number) => Row) {
  const dir = join(evalDir, id);
  mkdirSync(dir, {recursive: true});
  const rows = Array.from({length: GEN.episodes}, (_, k) => {
    const i = k + 1;
    const {text, latency, error} = rowOf(i);
    return {
      episode_id: idOf(i),
      dataset_id: GEN.dataset,
      output: {summary_final: text},
      ...(error ? {error} : {}),
      fingerprint_ref: "fingerprint.json",
      metadata: {
        input_path: `data/eval/materialized/${GEN.dataset}/${idOf(i)}.txt`,
        input_length_chars: 12000 + 37 * i,
        output_length_chars: text.length,
        ...(latency === null ? {} : {processing_time_seconds: latency})
      }
    };
  });
  writeFileSync(join(dir, "predictions.jsonl"), rows.map((r) => JSON.stringify(r)).join("\n") + "\n");
  const ok = rows.filter((r) => !r.error);
  const tokens = ok.map((r) => Math.floor(r.output.summary_final.length / 4));
  const latencies = ok.map((r) => r.metadata.processing_time_seconds ?? 0);
  const hits = (needle: RegExp) => rows.filter((r) => needle.test(r.output.summary_final)).map((r) => r.episode_id);
  const speaker = hits(/Host:/);
  const boilerplate = hits(/subscribe to our newsletter|rate and review/i);
  const metrics = {
    dataset_id: GEN.dataset,
    run_id: id.split("/").at(-1),
    episode_count: GEN.episodes,
    intrinsic: {
      gates: {
        boilerplate_leak_rate: boilerplate.length / GEN.episodes,
        speaker_label_leak_rate: speaker.length / GEN.episodes,
        truncation_rate: 0,
        failed_episodes: [...new Set([...speaker, ...boilerplate])].sort(),
        episode_gate_failures: Object.fromEntries([
          ...speaker.map((e) => [e, ["speaker_label_leak"]]),
          ...boilerplate.map((e) => [e, ["boilerplate_leak"]])
        ])
      },
      warnings: {speaker_name_leak_rate: 0},
      length: {
        avg_tokens: tokens.reduce((a, b) => a + b, 0) / tokens.length,
        min_tokens: Math.min(...tokens),
        max_tokens: Math.max(...tokens)
      },
      performance: {avg_latency_ms: (latencies.reduce((a, b) => a + b, 0) / latencies.length) * 1000}
    },
    vs_reference: null,
    schema: "metrics_summarization_v2",
    task: "summarization"
  };
  writeFileSync(join(dir, "metrics.json"), JSON.stringify(metrics, null, 2));
  const fingerprint = JSON.parse(
    readFileSync(join(EVAL_DIRS.fixtures, "baselines/mr_fatter_map_v2/fingerprint.json"), "utf8")
  );
  fingerprint.run_context = {
    ...fingerprint.run_context,
    run_id: metrics.run_id,
    baseline_id: metrics.run_id,
    dataset_id: GEN.dataset
  };
  writeFileSync(join(dir, "fingerprint.json"), JSON.stringify(fingerprint, null, 2));
}

/** The tree on disk (written unless this version is already there). */
export function generatedTree(): string {
  const evalDir = join(E2E_DIR, "trees", GEN.name);
  const marker = join(evalDir, ".generated.json");
  if (existsSync(marker) && JSON.parse(readFileSync(marker, "utf8")).version === VERSION) return evalDir;
  rmSync(evalDir, {recursive: true, force: true});
  writeRun(evalDir, GEN.baseline, (i) => ({text: baselineText(i), latency: baselineLatency(i), error: null}));
  writeRun(evalDir, GEN.candidate, (i) =>
    GEN.failed.includes(idOf(i))
      ? {text: "", latency: null, error: GEN.error}
      : {text: candidateText(i), latency: baselineLatency(i) + latencyChange(i), error: null}
  );
  writeFileSync(marker, JSON.stringify({version: VERSION}));
  return evalDir;
}

/** The generated tree built into .e2e/episodes-120-dist (once per test run). */
export async function generatedSite(): Promise<{evalDir: string; dist: string}> {
  const evalDir = generatedTree();
  return {evalDir, dist: await buildSite(GEN.name, evalDir)};
}

// ---- the artifacts read back with plain JSON.parse: the tests' independent numbers ----

export interface ArtifactRow {
  text: string;
  latency: number | null;
  failed: boolean;
}

export function readRun(evalDir: string, id: string): Map<string, ArtifactRow> {
  const rows = new Map<string, ArtifactRow>();
  for (const line of readFileSync(join(evalDir, id, "predictions.jsonl"), "utf8").split("\n")) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    const text: string = row.output?.summary_final ?? "";
    rows.set(row.episode_id, {
      text,
      latency: row.metadata?.processing_time_seconds ?? null,
      failed: Boolean(row.error) || !text.trim()
    });
  }
  return rows;
}

/**
 * Per episode: candidate minus baseline latency (s) and estimated output tokens (floor(chars / 4)); null
 * when either side has none.
 */
export function artifactDeltas(evalDir: string): Map<string, {latency: number | null; tokens: number | null}> {
  const base = readRun(evalDir, GEN.baseline);
  const cand = readRun(evalDir, GEN.candidate);
  const tokens = (row: ArtifactRow) => (row.failed ? null : Math.floor(row.text.length / 4));
  const deltas = new Map<string, {latency: number | null; tokens: number | null}>();
  for (const [id, b] of base) {
    const c = cand.get(id)!;
    const [bt, ct] = [tokens(b), tokens(c)];
    deltas.set(id, {
      latency: b.latency === null || c.latency === null ? null : c.latency - b.latency,
      tokens: bt === null || ct === null ? null : ct - bt
    });
  }
  return deltas;
}

/**
 * `ranked` (the report's order) sorted by a numeric value, nulls last in either direction and ties kept
 * in ranked order: what a click on a delta column header should list.
 */
export function sortedBy(ranked: string[], value: (id: string) => number | null, descending: boolean): string[] {
  const known = ranked.filter((id) => value(id) !== null);
  const unknown = ranked.filter((id) => value(id) === null);
  const sign = descending ? -1 : 1;
  return [
    ...known
      .map((id, order) => ({id, order}))
      .sort((a, b) => sign * (value(a.id)! - value(b.id)!) || a.order - b.order)
      .map((x) => x.id),
    ...unknown
  ];
}
