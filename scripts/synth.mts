// Deterministic generator of large eval trees in the real artifact formats, for benchmarks and load tests.
//   npm run synth -- --out DIR [--runs 20] [--episodes 2000] [--seed 1]
// Same arguments, same bytes. Layout: runs split across baselines/ and runs/, plus one reference under
// references/silver/<id>/ that every other run names in metrics.json vs_reference. One dataset id for all.
// Formats follow fixtures/eval/baselines/baseline_ml_prod_authority_smoke_v1 and fixtures/eval/runs/mr_fatter_map_v2.
import {createHash} from "node:crypto";
import {createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, type WriteStream} from "node:fs";
import {join, resolve} from "node:path";
import {once} from "node:events";
import {parseArgs} from "node:util";
import {mulberry32 as seededRandom} from "../src/compare/seededRandom.js";
import {py} from "./pyJson.mjs";
import {
  seedOf,
  int,
  pick,
  normal,
  sha,
  VOCAB,
  sentence,
  episodeSeeds,
  type EpisodeSeed,
  type Rng
} from "./synthText.mjs";

const MARKER = ".synth.json";
const DATASET = "synth_podcasts_v1";
const REFERENCE = "silver_synth_sonnet_v1";
const ERROR_TEXT = "CUDA out of memory during reduce stage";

// ---------- runs ----------
interface RunPlan {
  index: number;
  id: string;
  folder: "runs" | "baselines" | "references/silver";
  kind: "map_reduce_derived" | "map_reduce_diagnostics" | "single_stage" | "reference";
  quality: number; // share of sentences taken from the episode's pool (the reference draws from it too)
  meanChars: number;
  latency: number;
  failRate: number;
  malformed: boolean;
  models: string[];
}

const MAP_MODELS = ["facebook/bart-large-cnn", "google/pegasus-cnn_dailymail", "sshleifer/distilbart-cnn-12-6"];
const REDUCE_MODELS = ["allenai/led-base-16384", "allenai/led-large-16384"];
const LLM_MODELS = ["claude-haiku-4-5", "gpt-4o-mini", "gemini-2.0-flash", "qwen2.5:7b-instruct"];
const VARIANTS = [
  "fatter_map",
  "starved_reduce",
  "prompt_tight",
  "prompt_loose",
  "chunk_900",
  "chunk_1200",
  "beam4",
  "temp02"
];

function plans(seed: number, runs: number): RunPlan[] {
  const baselines = Math.max(1, Math.round(runs / 4));
  const out: RunPlan[] = [];
  for (let index = 0; index < runs; index++) {
    const rng = seededRandom(seedOf(seed, "run", index));
    const kind = (["map_reduce_derived", "map_reduce_diagnostics", "single_stage", "single_stage"] as const)[index % 4];
    const isBaseline = index < baselines;
    const name =
      kind === "single_stage"
        ? pick(rng, LLM_MODELS)
            .replace(/[^a-z0-9]+/gi, "_")
            .toLowerCase()
        : `mr_${pick(rng, VARIANTS)}`;
    out.push({
      index,
      id: isBaseline ? `baseline_synth_${name}_v${index + 1}` : `synth_${name}_v${index + 1}`,
      folder: isBaseline ? "baselines" : "runs",
      kind,
      quality: 0.25 + rng() * 0.5,
      meanChars: 800 + rng() * 1200,
      latency: 5 + rng() * 35,
      failRate: index % 3 === 2 ? 0.01 : 0.003,
      malformed: index % 5 === 3,
      models: kind === "single_stage" ? [pick(rng, LLM_MODELS)] : [pick(rng, MAP_MODELS), pick(rng, REDUCE_MODELS)]
    });
  }
  out.push({
    index: runs,
    id: REFERENCE,
    folder: "references/silver",
    kind: "reference",
    quality: 1,
    meanChars: 2600,
    latency: 13,
    failRate: 0,
    malformed: false,
    models: ["claude-sonnet-4-6"]
  });
  return out;
}

// ---------- one episode of one run ----------
interface Generated {
  line: string;
  diagnostics: string | null;
  failed: boolean;
  tokens: number | null;
  latency: number;
  gates: {truncation: boolean; speaker_label: boolean; boilerplate: boolean};
}

function summaryText(plan: RunPlan, ep: EpisodeSeed, rng: Rng): string {
  if (plan.kind === "reference") {
    const paragraphs: string[] = [];
    let used = 0;
    let length = 0;
    while (length < 2200 + (ep.inputChars % 900) && used < ep.pool.length) {
      const paragraph = ep.pool.slice(used, used + 4).join(" ");
      used += 4;
      length += paragraph.length + 2;
      paragraphs.push(paragraph);
    }
    return `# ${ep.title}\n\n${paragraphs.join("\n\n")}`;
  }
  const target = Math.min(2400, Math.max(600, plan.meanChars + normal(rng) * 300));
  const parts: string[] = [];
  let length = 0;
  let next = 0;
  while (length < target) {
    const s = rng() < plan.quality && next < ep.pool.length ? ep.pool[next++] : sentence(rng, ep.topic);
    if (length + s.length > 2400 && length >= 600) break;
    parts.push(s);
    length += s.length + 1;
    if (rng() < 0.3) next++;
  }
  return parts.join(" ");
}

function episode(plan: RunPlan, ep: EpisodeSeed, seed: number): Generated {
  const rng = seededRandom(seedOf(seed, plan.id, ep.id));
  const gates = {truncation: false, speaker_label: false, boilerplate: false};
  const failed = rng() < plan.failRate;
  const latency = Math.max(0.5, plan.latency * Math.exp(normal(rng) * 0.25));
  let text = failed ? "" : summaryText(plan, ep, rng);
  if (!failed && plan.kind !== "reference") {
    const roll = rng();
    if (roll < 0.004) {
      text = `${text.slice(0, int(rng, 60, 140))}...`; // truncated: output/input chars < 0.01
      gates.truncation = true;
    } else if (roll < 0.01) {
      text = `Host: ${text}`;
      gates.speaker_label = true;
    } else if (roll < 0.016) {
      text = `${text} Subscribe to our newsletter, and see you next week.`;
      gates.boilerplate = true;
    } else if (roll < 0.02) {
      const phrase = `${pick(rng, ep.topic)} ${pick(rng, VOCAB)} ${pick(rng, ep.topic)} again `;
      text = `${text.slice(0, 400)} ${phrase.repeat(12).trim()}.`; // degenerate repetition
    }
  }
  const row: Record<string, unknown> = {episode_id: ep.id, dataset_id: DATASET, output: {summary_final: text}};
  if (failed) row.error = ERROR_TEXT;
  row.fingerprint_ref = "fingerprint.json";
  row.metadata = {
    input_hash: ep.inputHash,
    output_hash: sha(text),
    input_path: `data/eval/materialized/${DATASET}/${ep.id}.txt`,
    input_length_chars: ep.inputChars,
    output_length_chars: text.length,
    ...(failed ? {} : {processing_time_seconds: latency})
  };
  let diagnostics: string | null = null;
  if (!failed && plan.kind.startsWith("map_reduce")) {
    const chunks = Math.max(2, Math.round(ep.inputChars / 9000));
    const maps = Array.from({length: chunks}, (_, chunk_id) => {
      const sentences: string[] = [];
      let length = 0;
      const target = int(rng, 300, 900);
      while (length < target) {
        const s = rng() < 0.5 ? pick(rng, ep.pool) : sentence(rng, ep.topic);
        sentences.push(s);
        length += s.length + 4;
      }
      return {chunk_id, text: sentences.join("<n>")};
    });
    const reduceChars = maps.reduce((sum, m) => sum + m.text.length, 0) + 2 * (maps.length - 1);
    if (plan.kind === "map_reduce_derived") {
      row.intermediate = {map_summaries: maps, reduce_input_chars: reduceChars};
    } else {
      const avgMap = Math.round(maps.reduce((sum, m) => sum + Math.floor(m.text.length / 4), 0) / maps.length);
      diagnostics = py({
        episode_id: ep.id,
        dataset_id: DATASET,
        chunks,
        avg_map_tokens: avgMap,
        reduce_input_tokens: Math.floor(reduceChars / 4),
        reduce_input_chars: reduceChars,
        final_tokens: Math.floor(text.length / 4)
      });
    }
  }
  return {line: py(row), diagnostics, failed, tokens: failed ? null : Math.floor(text.length / 4), latency, gates};
}

// ---------- run-level files ----------
function fingerprint(plan: RunPlan, seed: number) {
  const mapReduce = plan.kind.startsWith("map_reduce");
  const model = (name: string) => ({
    provider_type: mapReduce ? "local_ml" : "api",
    framework: mapReduce ? "transformers" : null,
    model_name: name,
    model_revision: mapReduce ? createHash("sha1").update(name).digest("hex") : null,
    tokenizer_name: mapReduce ? name : null,
    tokenizer_revision: null
  });
  const stages = mapReduce
    ? {
        map: {
          stage_id: `map_${plan.models[0].split("/").pop()}`,
          model: model(plan.models[0]),
          generation_params: {max_new_tokens: 200, min_new_tokens: 80, temperature: 0.0, seed: 42}
        },
        reduce: {
          stage_id: `reduce_${plan.models[1].split("/").pop()}`,
          model: model(plan.models[1]),
          generation_params: {max_new_tokens: 650, num_beams: 4, no_repeat_ngram_size: 3, seed: 42}
        }
      }
    : {main: {stage_id: "main", model: model(plan.models[0]), generation_params: {temperature: 0.0, max_tokens: 800}}};
  return {
    fingerprint_version: "1.0",
    task: "summarization",
    run_context: {
      run_id: new Date(Date.UTC(2026, 4, 1, 9, plan.index)).toISOString().replace(".000Z", ".000000Z"),
      baseline_id: plan.id,
      dataset_id: DATASET,
      git: {commit: createHash("sha1").update(`${seed}:${plan.id}`).digest("hex"), branch: "synth", dirty: false}
    },
    provider: mapReduce
      ? {provider_type: "ml", provider_library: "transformers", provider_library_version: "4.57.6"}
      : {
          provider_type: plan.kind === "reference" ? "anthropic" : "openai",
          provider_library: "unknown",
          provider_library_version: "unknown"
        },
    pipeline: {type: mapReduce ? "map_reduce" : "single_stage", stages},
    preprocessing: {
      profile_id: "cleaning_v4",
      profile_version: "4.0",
      steps: {remove_timestamps: true, normalize_speakers: true, anonymize_speakers: true}
    },
    tokenization: mapReduce ? {map_max_input_tokens: 1024, reduce_max_input_tokens: 4096, truncation: true} : {},
    chunking: {strategy: "word_chunking", word_chunk_size: 900, word_overlap: 150},
    environment: {python_version: "3.11.8", os: "Linux-6.8.0-x86_64"},
    runtime: {device: mapReduce ? "cuda" : "api", dtype: mapReduce ? "float16" : null}
  };
}

async function write(stream: WriteStream, text: string) {
  if (!stream.write(text)) await once(stream, "drain");
}
async function close(stream: WriteStream) {
  stream.end();
  await once(stream, "finish");
}

async function writeRun(out: string, plan: RunPlan, episodes: EpisodeSeed[], seed: number) {
  const dir = join(out, plan.folder, plan.id);
  mkdirSync(dir, {recursive: true});
  const predictions = createWriteStream(join(dir, "predictions.jsonl"));
  const diagnostics = plan.kind === "map_reduce_diagnostics" ? createWriteStream(join(dir, "diagnostics.jsonl")) : null;
  const gateFailures: Record<string, string[]> = {};
  const counts = {truncation: 0, speaker_label: 0, boilerplate: 0};
  let tokens = 0,
    tokenCount = 0,
    latency = 0,
    latencyCount = 0,
    minTokens = Infinity,
    maxTokens = 0;
  for (const [i, ep] of episodes.entries()) {
    const g = episode(plan, ep, seed);
    await write(predictions, g.line + "\n");
    if (diagnostics && g.diagnostics) await write(diagnostics, g.diagnostics + "\n");
    if (plan.malformed && i % 997 === 500) {
      const truncated = `{"episode_id": "${ep.id}", "dataset_id": "${DATASET}", "output": {"summary_fin\n`;
      await write(predictions, truncated);
      if (diagnostics) await write(diagnostics, "[1, 2, 3]\n"); // not an object
    }
    if (!g.failed) {
      tokens += g.tokens!;
      tokenCount++;
      minTokens = Math.min(minTokens, g.tokens!);
      maxTokens = Math.max(maxTokens, g.tokens!);
      latency += g.latency;
      latencyCount++;
    }
    for (const gate of ["truncation", "speaker_label", "boilerplate"] as const) {
      if (!g.gates[gate]) continue;
      counts[gate]++;
      gateFailures[ep.id] ??= [];
      gateFailures[ep.id].push(gate);
    }
  }
  await close(predictions);
  if (diagnostics) await close(diagnostics);
  const n = episodes.length;
  const avgTokens = tokenCount ? tokens / tokenCount : 0;
  const avgLatency = latencyCount ? latency / latencyCount : 0;
  const metrics = {
    dataset_id: DATASET,
    run_id: plan.id,
    episode_count: n,
    intrinsic: {
      gates: {
        boilerplate_leak_rate: counts.boilerplate / n,
        speaker_label_leak_rate: counts.speaker_label / n,
        truncation_rate: counts.truncation / n,
        failed_episodes: Object.keys(gateFailures), // the scorer's union of gate hits
        episode_gate_failures: gateFailures
      },
      warnings: {speaker_name_leak_rate: 0.0},
      length: {avg_tokens: avgTokens, min_tokens: tokenCount ? minTokens : 0, max_tokens: maxTokens},
      performance: {avg_latency_ms: avgLatency * 1000}
    },
    // Stored ROUGE left null: the loader recomputes it; exact stored values would need the full scorer here.
    vs_reference:
      plan.kind === "reference"
        ? null
        : {[REFERENCE]: {reference_quality: "silver", rouge1_f1: null, rouge2_f1: null, rougeL_f1: null}},
    schema: "metrics_summarization_v2",
    task: "summarization"
  };
  writeFileSync(join(dir, "metrics.json"), py(metrics, 2));
  writeFileSync(join(dir, "fingerprint.json"), py(fingerprint(plan, seed), 2));
  if (plan.kind === "map_reduce_diagnostics") {
    const summary = {
      run_id: plan.id,
      dataset_id: DATASET,
      models: {map: plan.models[0], reduce: plan.models[1]},
      avg_output_tokens: avgTokens,
      avg_latency_s: avgLatency,
      gate_failures: counts
    };
    writeFileSync(join(dir, "run_summary.json"), py(summary, 2));
  }
}

export async function synthesize({
  out,
  runs,
  episodes,
  seed
}: {
  out: string;
  runs: number;
  episodes: number;
  seed: number;
}) {
  const root = resolve(out);
  if (existsSync(root) && readdirSync(root).length > 0) {
    if (!existsSync(join(root, MARKER)))
      throw new Error(`${root} exists and was not made by synth; refusing to overwrite it`);
    rmSync(root, {recursive: true, force: true});
  }
  mkdirSync(root, {recursive: true});
  const seeds = episodeSeeds(seed, episodes);
  for (const plan of plans(seed, runs)) await writeRun(root, plan, seeds, seed);
  writeFileSync(
    join(root, MARKER),
    JSON.stringify({runs, episodes, seed, dataset_id: DATASET, reference: `references/silver/${REFERENCE}`}) + "\n"
  );
  return root;
}

const isMain = process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename);
/** The command line's options; on a bad one, the message and the usage, then exit code 2. */
function parseOptions(usage: string) {
  try {
    return parseArgs({
      options: {
        out: {type: "string"},
        runs: {type: "string", default: "20"},
        episodes: {type: "string", default: "2000"},
        seed: {type: "string", default: "1"},
        help: {type: "boolean"}
      }
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return process.exit(2);
  }
}

if (isMain) {
  const usage = "usage: npm run synth -- --out DIR [--runs 20] [--episodes 2000] [--seed 1]";
  const values = parseOptions(usage);
  if (values.help) console.log(usage), process.exit(0);
  const [runs, episodes, seed] = [values.runs, values.episodes, values.seed].map(Number);
  if (!values.out || ![runs, episodes].every((n) => Number.isInteger(n) && n > 0) || !Number.isInteger(seed)) {
    console.error(usage);
    process.exit(2);
  }
  const start = performance.now();
  const root = await synthesize({out: values.out, runs, episodes, seed}).catch((error: Error) => {
    console.error(`synth: ${error.message}`);
    process.exit(2);
  });
  const seconds = ((performance.now() - start) / 1000).toFixed(1);
  console.error(`synth: ${runs} runs + 1 reference x ${episodes} episodes in ${root} (${seconds} s)`);
}
