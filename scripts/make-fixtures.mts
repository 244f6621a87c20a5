// Generates the synthetic runs of fixtures/eval (runs/ and baselines/mr_fatter_map_v2) from the real
// corpus copy beside them. Deterministic: fixed seed, fixed timestamps. Run: npx tsx scripts/make-fixtures.mts
import {readFileSync, rmSync} from "node:fs";
import {join, resolve} from "node:path";
import {writeMoreRuns} from "./fixtures/moreRuns.mjs";
import {
  fingerprintOf,
  hash,
  mean,
  metricsOf,
  predictionRow,
  seeded,
  setModel,
  tokens,
  validLatencies,
  writeRun as writeRunIn,
  type Episode,
  type Json
} from "./fixtures/scorer.mjs";
import {py} from "./pyJson.mjs";

const EVAL = resolve(import.meta.dirname, "..", "fixtures", "eval");
const DATASET = "curated_5feeds_smoke_v1";
const OTHER_DATASET = "curated_3feeds_other_v1";
const SILVER = "silver_sonnet46_smoke_v1";
const SILVER_BULLETS = "silver_sonnet46_smoke_bullets_v1";
const FATTER = "baselines/mr_fatter_map_v2";
/**
 * Run times order the runs for the default pair: the fatter
 * baseline is the newest baseline, mr_starved_v3 the newest run.
 */
const at = (hhmm: string) => `2026-05-01T${hhmm}:00.000000Z`;

const random = seeded(20260501);
const readJson = (path: string) => JSON.parse(readFileSync(join(EVAL, path), "utf8")) as Json;
const readRows = (path: string) =>
  readFileSync(join(EVAL, path), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Json);
const summaryOf = (row: Json) => (row.output as Json).summary_final as string;
const sentences = (text: string) =>
  text
    .replace(/^#.*$/gm, "")
    .replace(/\*/g, "")
    .split(/(?<=[.!?])\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
const writeRun = (id: string, files: Record<string, unknown>) =>
  writeRunIn(EVAL, /^(runs|baselines)\//.test(id) ? id : `runs/${id}`, files);

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
  return {
    id: row.episode_id as string,
    dataset: DATASET,
    text,
    inputChars: meta.input_length_chars as number,
    inputHash: meta.input_hash as string,
    latency
  };
};

rmSync(join(EVAL, "runs"), {recursive: true, force: true});
rmSync(join(EVAL, FATTER), {recursive: true, force: true});

// 1. baselines/mr_fatter_map_v2: the healthy map/reduce baseline, close to the silver reference.
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
    return {
      episode_id: ep.id,
      dataset_id: ep.dataset,
      chunks,
      avg_map_tokens: avgMap,
      reduce_input_tokens: Math.floor(reduceChars / 4),
      reduce_input_chars: reduceChars,
      final_tokens: ep.error ? null : tokens(ep.text)
    };
  });
const fatterMaps = fatter.map(() => 165 + Math.floor(random() * 40));
const fatterFingerprint = fingerprintOf(mlFingerprint, "mr_fatter_map_v2", DATASET, at("08:00"), (fp) => {
  setModel(fp.pipeline.stages.map, "facebook/bart-large-cnn", {max_new_tokens: 220, min_new_tokens: 120});
  setModel(fp.pipeline.stages.reduce, "allenai/led-large-16384", {max_new_tokens: 520, min_new_tokens: 250});
});
writeRun(FATTER, {
  "metrics.json": metricsOf("mr_fatter_map_v2", fatter, {id: SILVER, texts: silverTexts}),
  "predictions.jsonl": fatter.map(predictionRow),
  "baseline.json": {
    run_id: "mr_fatter_map_v2",
    dataset_id: DATASET,
    created_at: at("08:10"),
    promoted_at: at("08:30"),
    promoted_as: "baseline",
    promoted_id: "mr_fatter_map_v2",
    task: "summarization"
  },
  "fingerprint.json": fatterFingerprint,
  "diagnostics.jsonl": diagnostics(fatter, (i) => fatterMaps[i]),
  "run_summary.json": {
    run_id: "mr_fatter_map_v2",
    dataset_id: DATASET,
    models: {map: "facebook/bart-large-cnn", reduce: "allenai/led-large-16384"},
    avg_output_tokens: mean(fatter.map((ep) => tokens(ep.text))),
    avg_latency_s: mean(validLatencies(fatter)),
    gate_failures: {truncation: 0, speaker_label: 0, boilerplate: 0}
  }
});

// 2. mr_starved_v3: map starvation regression (short outputs, gate failures, a loop, an OOM failure).
const shortened = (text: string, share: number) => {
  let out = "";
  for (const sentence of sentences(text))
    if (!out || out.length < share * text.length) out += (out ? " " : "") + sentence;
  return out;
};
const starvedTexts = [
  (t: string) =>
    sentences(t).slice(0, 2).join(" ") + " Riders should always read " + "the trail ".repeat(24).trim() + ".",
  (t: string) => "Host: " + shortened(t, 0.5),
  (t: string) =>
    shortened(t, 0.5) + " Thanks for listening! Subscribe to our newsletter for more episodes like this one.",
  (t: string) => t.split(" ").slice(0, 5).join(" "),
  () => ""
];
const starved = fatter.map(
  (ep, i): Episode => ({
    ...ep,
    text: starvedTexts[i](ep.text),
    inputChars: i === 3 ? 20417 : ep.inputChars,
    latency: i === 4 ? undefined : (ep.latency as number) * 1.4 + 3 * random(),
    error: i === 4 ? "CUDA out of memory during reduce stage" : undefined
  })
);
const starvedFingerprint = fingerprintOf(mlFingerprint, "mr_starved_v3", DATASET, at("09:40"), (fp) => {
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
const rerun = starved.map((ep) => ({
  ...ep,
  latency: ep.latency === undefined ? undefined : (ep.latency as number) * (0.88 + 0.04 * random())
}));
writeRun("mr_starved_v3_rerun", {
  "metrics.json": metricsOf("mr_starved_v3_rerun", rerun, {id: SILVER, texts: silverTexts}),
  "predictions.jsonl": rerun.map(predictionRow),
  "fingerprint.json": fingerprintOf(starvedFingerprint, "mr_starved_v3_rerun", DATASET, at("09:10"))
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
  "fingerprint.json": fingerprintOf(llmFingerprint, "llm_bullets_json_v1", DATASET, at("09:12"), (fp) => {
    fp.pipeline.stages.main.model.model_name = "gpt-4.1-mini";
  })
});

// 5. other_dataset/ner_style_v1: a synthetic dataset reusing episode ids p01_e01..p03_e01.
const otherTexts = [
  "Chef Amara Okafor and food scientist Jonas Lind visit the Lyon bakery of Claire Dubois to explain " +
    "why a long, cold fermentation gives sourdough its open crumb. They compare rye and spelt starters, " +
    "measure dough temperature at each stage, and argue that hydration matters less than patience. Dubois " +
    "closes with her rule for home bakers: bake the same loaf every Saturday for a month and change only " +
    "the proofing time.",
  "Astronomer Priya Raman talks with amateur observer Tom Heald about spotting Jupiter's moons from a " +
    "suburban backyard in Leeds. They cover light pollution maps, why a small refractor beats a cheap " +
    "large reflector, and how the Royal Astronomical Society's outreach nights help beginners. Heald " +
    "describes logging Io, Europa, Ganymede and Callisto over twelve nights and what the pattern taught " +
    "him about orbital periods.",
  "Historian Marta Silva walks the old harbour of Porto with archivist Daniel Price, tracing the wine " +
    "trade from the eighteenth century to the arrival of rail. They read shipping ledgers from the " +
    "Companhia Geral, discuss the 1755 earthquake's effect on Lisbon merchants, and explain how the Douro " +
    "river barcos rabelos carried casks downstream. Price argues that port records are the best surviving " +
    "source for everyday trade."
];
const other = otherTexts.map(
  (text, i): Episode => ({
    id: `p0${i + 1}_e01`,
    dataset: OTHER_DATASET,
    text,
    inputChars: 8400 + 350 * i,
    inputHash: "sha256:" + hash(`${OTHER_DATASET}/p0${i + 1}_e01`),
    latency: 9 + 4 * random()
  })
);
writeRun("other_dataset/ner_style_v1", {
  "metrics.json": metricsOf("ner_style_v1", other, null),
  "predictions.jsonl": other.map(predictionRow),
  "fingerprint.json": fingerprintOf(llmFingerprint, "ner_style_v1", OTHER_DATASET, at("09:14"), (fp) => {
    fp.prompts.user.name = "shared/summarization/entity_dense_v1";
    fp.prompts.user.file = "shared/summarization/entity_dense_v1.j2";
  })
});

// 6. broken_artifacts_v1: malformed lines, duplicate id, bad latencies, no fingerprint, disagreeing avg_tokens.
const broken = mlBaseline.map((row, i) =>
  realEpisode(row, summaryOf(row).replaceAll("<n>", "\n"), [18.2, -3.25, 20.4, "12.5", 21.7][i])
);
const brokenRows = broken.map((ep) => py(predictionRow(ep)));
const duplicate = {...broken[0], text: broken[0].text + " A second, different output for the same episode."};
const apiTokens = Math.round(mean(broken.map((ep) => tokens(ep.text))) * 1.31);
writeRun("broken_artifacts_v1", {
  "metrics.json": metricsOf("broken_artifacts_v1", broken, null, apiTokens),
  "predictions.jsonl":
    [
      brokenRows[0],
      brokenRows[1],
      brokenRows[2].slice(0, 180),
      "[1,2]",
      brokenRows[3],
      py(predictionRow(duplicate)),
      brokenRows[4]
    ].join("\n") + "\n"
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
  "fingerprint.json": fingerprintOf(mlFingerprint, "html_payload_v1", DATASET, at("09:16"))
});

writeMoreRuns({evalDir: EVAL, fatter, silverTexts, fatterFingerprint, at, random});
console.log(`wrote the generated runs under ${EVAL}`);
