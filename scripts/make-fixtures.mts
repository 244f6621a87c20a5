// Generates the synthetic runs under fixtures/eval/runs/ from the real corpus copy in fixtures/eval/.
// Deterministic: fixed seed, fixed timestamps. Run: npx tsx scripts/make-fixtures.mts
import {createHash} from "node:crypto";
import {py} from "./pyJson.mjs";
import {mkdirSync, readFileSync, rmSync, writeFileSync} from "node:fs";
import {join, resolve} from "node:path";

type Json = Record<string, unknown>;
interface Episode {
  id: string;
  dataset: string;
  text: string;
  inputChars: number;
  inputHash: string;
  latency?: unknown;
  error?: string;
  outputTokens?: number;
}

const EVAL = resolve(import.meta.dirname, "..", "fixtures", "eval");
const RUNS = join(EVAL, "runs");
const DATASET = "curated_5feeds_smoke_v1";
const OTHER_DATASET = "curated_3feeds_other_v1";
const SILVER = "silver_sonnet46_smoke_v1";
const SILVER_BULLETS = "silver_sonnet46_smoke_bullets_v1";
const BOILERPLATE = ["subscribe to", "rate and review", "thanks for listening", "follow us on", "brought to you by", "this episode is sponsored", "visit our website"];
const SPEAKER_LABEL = /(^|\n)\s*(host|guest|speaker\s*\d+|interviewer|interviewee)\s*:/i;


function seeded(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seeded(20260501);
const hash = (text: string, algo = "sha256") => createHash(algo).update(text).digest("hex");
const tokens = (text: string) => Math.floor(text.length / 4);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const readJson = (path: string) => JSON.parse(readFileSync(join(EVAL, path), "utf8")) as Json;
const readRows = (path: string) =>
  readFileSync(join(EVAL, path), "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Json);
const summaryOf = (row: Json) => (row.output as Json).summary_final as string;
const sentences = (text: string) =>
  text.replace(/^#.*$/gm, "").replace(/\*/g, "").split(/(?<=[.!?])\s+/).map((s) => s.trim()).filter(Boolean);

// Rough ROUGE F1 (no stemming) so the stored vs_reference numbers are plausible; the tool recomputes them.
function rouge(candidate: string, reference: string) {
  const words = (t: string) => t.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim().split(" ").filter(Boolean);
  const [c, r] = [words(candidate), words(reference)];
  const f1 = (overlap: number, nc: number, nr: number) => (overlap && nc && nr ? (2 * overlap) / (nc + nr) : 0);
  const ngramF1 = (n: number) => {
    const grams = (ws: string[]) => ws.slice(0, ws.length - n + 1).map((_, i) => ws.slice(i, i + n).join(" "));
    const counts = new Map<string, number>();
    for (const g of grams(r)) counts.set(g, (counts.get(g) ?? 0) + 1);
    let overlap = 0;
    for (const g of grams(c)) if ((counts.get(g) ?? 0) > 0) (overlap++, counts.set(g, counts.get(g)! - 1));
    return f1(overlap, Math.max(0, c.length - n + 1), Math.max(0, r.length - n + 1));
  };
  let prev = new Array<number>(r.length + 1).fill(0);
  for (const word of c) {
    const row = [0];
    for (let j = 1; j <= r.length; j++) row[j] = word === r[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], row[j - 1]);
    prev = row;
  }
  return {rouge1_f1: ngramF1(1), rouge2_f1: ngramF1(2), rougeL_f1: f1(prev[r.length], c.length, r.length)};
}

const gatesOf = (ep: Episode) => ({
  truncation: ep.text.length / ep.inputChars < 0.01,
  speaker_label: SPEAKER_LABEL.test(ep.text),
  boilerplate: BOILERPLATE.some((phrase) => ep.text.toLowerCase().includes(phrase))
});
const usable = (episodes: Episode[]) => episodes.filter((ep) => !ep.error && ep.text.trim());
const validLatencies = (episodes: Episode[]) =>
  episodes.map((ep) => ep.latency).filter((l): l is number => typeof l === "number" && l >= 0);

function predictionRow(ep: Episode): Json {
  return {
    episode_id: ep.id,
    dataset_id: ep.dataset,
    output: {summary_final: ep.text},
    error: ep.error,
    fingerprint_ref: "fingerprint.json",
    metadata: {
      input_hash: ep.inputHash,
      output_hash: "sha256:" + hash(ep.text),
      input_path: `data/eval/materialized/${ep.dataset}/${ep.id}.txt`,
      input_length_chars: ep.inputChars,
      output_length_chars: ep.text.length,
      processing_time_seconds: ep.latency,
      output_tokens: ep.outputTokens
    }
  };
}

function metricsOf(runId: string, episodes: Episode[], reference: {id: string; texts: Map<string, string>} | null, storedAvgTokens?: number): Json {
  const ok = usable(episodes);
  const counts = ok.map((ep) => tokens(ep.text));
  const gateRate = (gate: "truncation" | "speaker_label" | "boilerplate") => ok.filter((ep) => gatesOf(ep)[gate]).length / episodes.length;
  const gateFailures = Object.fromEntries(
    ok.map((ep) => [ep.id, Object.entries(gatesOf(ep)).filter(([, hit]) => hit).map(([gate]) => gate)]).filter(([, gates]) => gates.length)
  );
  let vsReference: Json | null = null;
  if (reference) {
    const scores = ok.map((ep) => rouge(ep.text, reference.texts.get(ep.id)!));
    const avg = (key: keyof (typeof scores)[number]) => mean(scores.map((s) => s[key]));
    vsReference = {[reference.id]: {reference_quality: "silver", rouge1_f1: avg("rouge1_f1"), rouge2_f1: avg("rouge2_f1"), rougeL_f1: avg("rougeL_f1")}};
  }
  return {
    dataset_id: episodes[0].dataset,
    run_id: runId,
    episode_count: episodes.length,
    intrinsic: {
      gates: {
        boilerplate_leak_rate: gateRate("boilerplate"),
        speaker_label_leak_rate: gateRate("speaker_label"),
        truncation_rate: gateRate("truncation"),
        failed_episodes: episodes.filter((ep) => !ok.includes(ep)).map((ep) => ep.id),
        episode_gate_failures: gateFailures
      },
      warnings: {speaker_name_leak_rate: 0.0},
      length: {avg_tokens: storedAvgTokens ?? mean(counts), min_tokens: Math.min(...counts), max_tokens: Math.max(...counts)},
      performance: {avg_latency_ms: mean(validLatencies(episodes)) * 1000}
    },
    vs_reference: vsReference,
    schema: "metrics_summarization_v2",
    task: "summarization"
  };
}

let runIndex = 0;
function fingerprintOf(template: Json, runId: string, dataset: string, edit: (fp: any) => void = () => {}): Json {
  const fp = structuredClone(template) as any;
  fp.run_context.run_id = `2026-05-01T09:${String(10 + runIndex++).padStart(2, "0")}:00.000000Z`;
  fp.run_context.baseline_id = runId;
  fp.run_context.dataset_id = dataset;
  fp.run_context.git = {commit: hash(runId, "sha1"), branch: "fixtures", dirty: false};
  edit(fp);
  return fp;
}

function setModel(stage: any, name: string, params: Json = {}) {
  Object.assign(stage.model, {model_name: name, tokenizer_name: name, model_revision: hash(name, "sha1"), tokenizer_revision: hash(name, "sha1")});
  Object.assign(stage.generation_params, params);
  stage.stage_id = `${stage.stage_id.split("_")[0]}_${name.split("/").pop()}`;
}

function writeRun(id: string, files: Record<string, unknown>) {
  const dir = join(RUNS, id);
  mkdirSync(dir, {recursive: true});
  for (const [name, content] of Object.entries(files)) {
    const text = typeof content === "string" ? content : name.endsWith(".jsonl") ? (content as unknown[]).map((r) => py(r) + "\n").join("") : py(content, 2);
    writeFileSync(join(dir, name), text);
  }
}

// Raw material from the real corpus copy.
const silver = readRows("references/silver/silver_sonnet46_smoke_v1/predictions.jsonl");
const silverBullets = readRows("references/silver/silver_sonnet46_smoke_bullets_v1/predictions.jsonl");
const mlBaseline = readRows("baselines/baseline_ml_prod_authority_smoke_v1/predictions.jsonl");
const openaiBullets = readRows("baselines/baseline_llm_openai_smoke_bullets_v1/predictions.jsonl");
const mlFingerprint = readJson("baselines/baseline_ml_prod_authority_smoke_v1/fingerprint.json");
const llmFingerprint = readJson("baselines/baseline_llm_openai_smoke_bullets_v1/fingerprint.json");
const silverTexts = new Map(silver.map((row) => [row.episode_id as string, summaryOf(row)]));
const bulletTexts = new Map(silverBullets.map((row) => [row.episode_id as string, summaryOf(row)]));
const realEpisode = (row: Json, text: string, latency: unknown): Episode => {
  const meta = row.metadata as Json;
  return {id: row.episode_id as string, dataset: DATASET, text, inputChars: meta.input_length_chars as number, inputHash: meta.input_hash as string, latency};
};

rmSync(RUNS, {recursive: true, force: true});

// 1. mr_fatter_map_v2: good map/reduce run, close to the silver reference.
const fatter = silver.map((row, i) => {
  const opener = summaryOf(mlBaseline[i]).split("<n>")[0].replace(/\s+\./g, ".").trim();
  let text = opener;
  sentences(summaryOf(row)).forEach((sentence, j) => {
    if (j % 4 !== 3 && text.length + sentence.length + 1 <= 1600) text += " " + sentence;
  });
  return realEpisode(row, text, 22 + 8 * random());
});
const diagnostics = (episodes: Episode[], mapTokens: (i: number) => number) =>
  episodes.map((ep, i) => {
    const chunks = Math.ceil(ep.inputChars / 3800);
    const avgMap = mapTokens(i);
    const reduceChars = chunks * avgMap * 4 + Math.floor(random() * 4);
    return {episode_id: ep.id, dataset_id: ep.dataset, chunks, avg_map_tokens: avgMap, reduce_input_tokens: Math.floor(reduceChars / 4),
      reduce_input_chars: reduceChars, final_tokens: ep.error ? null : tokens(ep.text)};
  });
const fatterMaps = fatter.map(() => 165 + Math.floor(random() * 40));
writeRun("mr_fatter_map_v2", {
  "metrics.json": metricsOf("mr_fatter_map_v2", fatter, {id: SILVER, texts: silverTexts}),
  "predictions.jsonl": fatter.map(predictionRow),
  "fingerprint.json": fingerprintOf(mlFingerprint, "mr_fatter_map_v2", DATASET, (fp) => {
    setModel(fp.pipeline.stages.map, "facebook/bart-large-cnn", {max_new_tokens: 220, min_new_tokens: 120});
    setModel(fp.pipeline.stages.reduce, "allenai/led-large-16384", {max_new_tokens: 520, min_new_tokens: 250});
  }),
  "diagnostics.jsonl": diagnostics(fatter, (i) => fatterMaps[i]),
  "run_summary.json": {
    run_id: "mr_fatter_map_v2", dataset_id: DATASET, models: {map: "facebook/bart-large-cnn", reduce: "allenai/led-large-16384"},
    avg_output_tokens: mean(fatter.map((ep) => tokens(ep.text))), avg_latency_s: mean(validLatencies(fatter)),
    gate_failures: {truncation: 0, speaker_label: 0, boilerplate: 0}
  }
});

// 2. mr_starved_v3: map starvation regression (short outputs, gate failures, a loop, an OOM failure).
const shortened = (text: string, share: number) => {
  let out = "";
  for (const sentence of sentences(text)) if (!out || out.length < share * text.length) out += (out ? " " : "") + sentence;
  return out;
};
const starvedTexts = [
  (t: string) => sentences(t).slice(0, 2).join(" ") + " Riders should always read " + "the trail ".repeat(24).trim() + ".",
  (t: string) => "Host: " + shortened(t, 0.5),
  (t: string) => shortened(t, 0.5) + " Thanks for listening! Subscribe to the show for more episodes like this one.",
  (t: string) => t.split(" ").slice(0, 5).join(" "),
  () => ""
];
const starved = fatter.map((ep, i): Episode => ({
  ...ep,
  text: starvedTexts[i](ep.text),
  inputChars: i === 3 ? 20417 : ep.inputChars,
  latency: i === 4 ? undefined : (ep.latency as number) * 1.4 + 3 * random(),
  error: i === 4 ? "CUDA out of memory during reduce stage" : undefined
}));
const starvedFingerprint = fingerprintOf(mlFingerprint, "mr_starved_v3", DATASET, (fp) => {
  setModel(fp.pipeline.stages.map, "facebook/bart-large-cnn", {max_new_tokens: 64, min_new_tokens: 16});
  setModel(fp.pipeline.stages.reduce, "allenai/led-large-16384", {max_new_tokens: 520, min_new_tokens: 0});
});
writeRun("mr_starved_v3", {
  "metrics.json": metricsOf("mr_starved_v3", starved, {id: SILVER, texts: silverTexts}),
  "predictions.jsonl": starved.map(predictionRow),
  "fingerprint.json": starvedFingerprint,
  "diagnostics.jsonl": diagnostics(starved, (i) => Math.round(fatterMaps[i] / 3))
});

// 3. mr_starved_v3_rerun: identical outputs, ~10% faster.
const rerun = starved.map((ep) => ({...ep, latency: ep.latency === undefined ? undefined : (ep.latency as number) * (0.88 + 0.04 * random())}));
writeRun("mr_starved_v3_rerun", {
  "metrics.json": metricsOf("mr_starved_v3_rerun", rerun, {id: SILVER, texts: silverTexts}),
  "predictions.jsonl": rerun.map(predictionRow),
  "fingerprint.json": fingerprintOf(starvedFingerprint, "mr_starved_v3_rerun", DATASET)
});

// 4. llm_bullets_json_v1: JSON bullets, two fenced, one invalid, one with API token count.
const bullets = openaiBullets.map((row, i) => {
  const own = JSON.parse(summaryOf(row)) as {title: string; bullets: string[]};
  const extra = (JSON.parse(bulletTexts.get(row.episode_id as string)!) as {bullets: string[]}).bullets.at(-1)!;
  let text = py({title: own.title, bullets: [...own.bullets.slice(1), extra]});
  if (i < 2) text = "```json\n" + text + "\n```";
  if (i === 2) text = text.replace(/"\]\}$/, '",]}');
  const ep = realEpisode(row, text, 3.5 + 2.5 * random());
  if (i === 3) ep.outputTokens = Math.round(text.length / 4.6);
  return ep;
});
writeRun("llm_bullets_json_v1", {
  "metrics.json": metricsOf("llm_bullets_json_v1", bullets, {id: SILVER_BULLETS, texts: bulletTexts}),
  "predictions.jsonl": bullets.map(predictionRow),
  "fingerprint.json": fingerprintOf(llmFingerprint, "llm_bullets_json_v1", DATASET, (fp) => {
    fp.pipeline.stages.main.model.model_name = "gpt-4.1-mini";
  })
});

// 5. other_dataset/ner_style_v1: a synthetic dataset reusing episode ids p01_e01..p03_e01.
const otherTexts = [
  "Chef Amara Okafor and food scientist Jonas Lind visit the Lyon bakery of Claire Dubois to explain why a long, cold fermentation gives sourdough its open crumb. They compare rye and spelt starters, measure dough temperature at each stage, and argue that hydration matters less than patience. Dubois closes with her rule for home bakers: bake the same loaf every Saturday for a month and change only the proofing time.",
  "Astronomer Priya Raman talks with amateur observer Tom Heald about spotting Jupiter's moons from a suburban backyard in Leeds. They cover light pollution maps, why a small refractor beats a cheap large reflector, and how the Royal Astronomical Society's outreach nights help beginners. Heald describes logging Io, Europa, Ganymede and Callisto over twelve nights and what the pattern taught him about orbital periods.",
  "Historian Marta Silva walks the old harbour of Porto with archivist Daniel Price, tracing the wine trade from the eighteenth century to the arrival of rail. They read shipping ledgers from the Companhia Geral, discuss the 1755 earthquake's effect on Lisbon merchants, and explain how the Douro river barcos rabelos carried casks downstream. Price argues that port records are the best surviving source for everyday trade."
];
const other = otherTexts.map((text, i): Episode => ({
  id: `p0${i + 1}_e01`, dataset: OTHER_DATASET, text, inputChars: 8400 + 350 * i,
  inputHash: "sha256:" + hash(`${OTHER_DATASET}/p0${i + 1}_e01`), latency: 9 + 4 * random()
}));
writeRun("other_dataset/ner_style_v1", {
  "metrics.json": metricsOf("ner_style_v1", other, null),
  "predictions.jsonl": other.map(predictionRow),
  "fingerprint.json": fingerprintOf(llmFingerprint, "ner_style_v1", OTHER_DATASET, (fp) => {
    fp.prompts.user.name = "shared/summarization/entity_dense_v1";
    fp.prompts.user.file = "shared/summarization/entity_dense_v1.j2";
  })
});

// 6. broken_artifacts_v1: malformed lines, duplicate id, bad latencies, no fingerprint, disagreeing avg_tokens.
const broken = mlBaseline.map((row, i) => realEpisode(row, summaryOf(row).replaceAll("<n>", "\n"), [18.2, -3.25, 20.4, "12.5", 21.7][i]));
const brokenRows = broken.map((ep) => py(predictionRow(ep)));
const duplicate = {...broken[0], text: broken[0].text + " A second, different output for the same episode."};
const apiTokens = Math.round(mean(broken.map((ep) => tokens(ep.text))) * 1.31);
writeRun("broken_artifacts_v1", {
  "metrics.json": metricsOf("broken_artifacts_v1", broken, null, apiTokens),
  "predictions.jsonl": [brokenRows[0], brokenRows[1], brokenRows[2].slice(0, 180), "[1,2]", brokenRows[3], py(predictionRow(duplicate)), brokenRows[4]].join("\n") + "\n"
});

// 7. html_payload_v1: outputs carrying HTML/JS that must stay inert.
const payloads = [
  (t: string) => "<script>window.__pwned=1</script>" + t,
  (t: string) => t + ' <img src=x onerror="window.__pwned=1">',
  (t: string) => '</td></tr><b>bold</b> <a href="javascript:window.__pwned=1">link</a> ' + t
];
const html = mlBaseline.map((row, i) => realEpisode(row, (payloads[i] ?? String)(summaryOf(row)), 15 + 10 * random()));
writeRun("html_payload_v1", {
  "metrics.json": metricsOf("html_payload_v1", html, null),
  "predictions.jsonl": html.map(predictionRow),
  "fingerprint.json": fingerprintOf(mlFingerprint, "html_payload_v1", DATASET)
});

console.log(`wrote 7 runs under ${RUNS}`);
