// Findings in words, one sentence each with its numbers and the settings of its stage that may explain it:
// "final: at the cap on 5 of 5, newly on 2 (reduce max_new_tokens 650 → 150)".
import type {InputDrift} from "./compare.js";
import type {Delta} from "./deltas.js";
import {eventOf, tradeoffWords} from "./explain.js";
import type {Finding} from "./findings.js";
import {describeChange, type FingerprintChange} from "./fingerprint.js";
import {difference, signed} from "./words.js";

const SETTINGS_SHOWN = 2;

/** How many have it: "on 5 of 5, newly on 2" (or "on 3 of 5" when all are new). */
function spread(f: Finding): string {
  const newly = f.episodes.length;
  const on = `on ${f.candidate} of ${f.of}`;
  return newly && newly !== f.candidate ? `${on}, newly on ${newly}` : on;
}

const percentLevel = (level: number | null) => `${Number(((level ?? 0.95) * 100).toFixed(1))}%`;

function qualityWords(d: Delta): string {
  const interval = d.shown ? ` [${signed(d.shown[0], d.unit)}, ${signed(d.shown[1], d.unit)}]` : "";
  return `${d.short} ${signed(d.delta, d.unit)}${interval} (${percentLevel(d.ci_level)} interval, n = ${d.n})`;
}

/** What differs about the inputs: the hash, the length, the path (a raw file against a cleaned one). */
export function inputDifferenceWords(inputs: InputDrift): string {
  const sample = inputs.episodes[0];
  if (!sample) return "inputs differ";
  const {baseline: b, candidate: c} = sample;
  const what = [
    b.hash && c.hash && b.hash !== c.hash ? "text hash" : "",
    b.chars !== null && c.chars !== null && b.chars !== c.chars ? `length ${b.chars} → ${c.chars} chars` : "",
    b.path !== c.path && (b.path || c.path) ? `path ${b.path ?? "?"} → ${c.path ?? "?"}` : ""
  ].filter(Boolean);
  return `${what.join(", ")} (e.g. ${sample.episode_id})`;
}

function body(f: Finding, inputs: InputDrift): string {
  const newly = spread(f);
  switch (f.code) {
    case "outputs_identical":
      return `outputs identical on ${f.candidate} of ${f.of} episodes`;
    case "inputs_differ": {
      const drift = f.settings.length ? "preprocessing drift" : "the fingerprints' preprocessing is the same";
      return `differ on ${f.candidate} of ${f.of} episodes: ${inputDifferenceWords(inputs)}; ${drift}`;
    }
    case "preprocessing_changed": {
      const profile = f.from !== null || f.to !== null ? ` ${f.from ?? "(none)"} → ${f.to ?? "(none)"}` : " settings";
      const identical = f.of ? `inputs identical on ${f.of} of ${f.of}` : "inputs not compared (no hash or length)";
      return `preprocessing${profile} changed; ${identical}: no measured effect`;
    }
    case "chunking_changed":
      return f.measured
        ? `chunk counts changed on ${f.candidate} of ${f.of} episodes`
        : "chunking settings changed; chunk counts the same: no measured effect";
    case "map_shorter":
    case "map_longer":
      return tradeoffWords(f.delta!);
    case "map_at_cap":
      return `map summaries at the cap ${newly}`;
    case "starved":
      return `reduce input below 90% of what map wrote ${newly}`;
    case "reduce_input_cut":
      return `reduce input cut at its token limit ${newly}`;
    case "at_cap":
      return `at the cap ${newly}`;
    case "cut_off":
      return `output ends mid-sentence ${newly}`;
    case "padded":
      return `output longer than its reduce input ${newly}`;
    case "format_changed":
      return `format ${f.from} → ${f.to} on ${f.candidate} of ${f.of}`;
    case "quality_worse":
    case "quality_better":
      return qualityWords(f.delta!);
    case "quality_equivalent":
      return `no change in ${f.delta!.short} as large as ${difference(f.delta!.threshold, f.delta!.unit)}`;
    case "latency":
    case "cost":
      return tradeoffWords(f.delta!);
    default: {
      const gained = f.code.startsWith("new_");
      const what = eventOf(
        f.code.replace(/^(new|fixed)_/, "").replace(/^(speaker_turns|junk|repetition)$/, "check_$1")
      );
      return gained ? `new ${what} ${newly}` : `${what} fixed on ${f.episodes.length} of ${f.of}`;
    }
  }
}

/** A finding in one sentence: "final: at the cap on 5 of 5, newly on 2 (reduce max_new_tokens 650 → 150)". */
export function findingWords(f: Finding, changes: FingerprintChange[], inputs: InputDrift): string {
  return `${f.stage}: ${findingBody(f, changes, inputs)}`;
}

/** The sentence after its stage, for a page that sets the stage apart: "at the cap on 5 of 5, newly on 2 (…)". */
export function findingBody(f: Finding, changes: FingerprintChange[], inputs: InputDrift): string {
  const named = f.settings
    .slice(0, SETTINGS_SHOWN)
    .map((path) => changes.find((c) => c.path === path))
    .filter((c): c is FingerprintChange => c !== undefined)
    .map((c) => describeChange(c));
  const more = f.settings.length > SETTINGS_SHOWN ? `, ${f.settings.length - SETTINGS_SHOWN} more` : "";
  const settings = named.length && f.code !== "preprocessing_changed" ? ` (${named.join("; ")}${more})` : "";
  return `${body(f, inputs)}${settings}`;
}
