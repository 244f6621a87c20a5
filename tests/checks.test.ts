// This project's output checks (src/compare/checks/): each rule on hand-built texts, a 5 MB output, the corpus
// references (no check fires on any), and the loaders' columns and KPI counts against a count made here from the
// artifacts with plain JSON.parse.
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {parseEpisode} from "../loaders/episode.js";
import {
  capReach,
  checkOutput,
  cutOff,
  fires,
  junk,
  MAX_RANGES,
  MAX_SENTENCE,
  outputFormat,
  repetition,
  speakerTurns,
  type Range
} from "../src/compare/checks/index.js";
import {CHECK_NAMES} from "../src/compare/types.js";
import {readJson, readJsonl, runDirs, textOf, tokensOf, type Json} from "./support/evalTree.js";
import {corpusDir, fixturesDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, type TestSnapshot} from "./support/snapshot.js";
import {cleanupTempDirs, copyRun, source, tempEvalDir, writeLines} from "./support/tempTree.js";

afterAll(() => (cleanupStores(), cleanupTempDirs()));

/** The marked text of each range. */
const marked = (text: string, ranges: Range[] | null) => ranges?.map(([start, end]) => text.slice(start, end)) ?? null;
const cut = (text: string, atCap = false) => marked(text, cutOff(text, outputFormat(text), atCap));

describe("speaker turns", () => {
  it.each([
    ["A: Welcome back to the show.", ["A:"]],
    ["We covered it today. B: Right, and then", ["B:"]],
    ["That is the risk.B: What do you do", ["B:"]],
    ["Intro line\nC: next speaker", ["C:"]],
    ["SPEAKER_01: hello there", ["SPEAKER_01:"]],
    ["It ends. Speaker A: and then", ["Speaker A:"]],
    ["what goes wrong? [Laughs]B: Thanks", ["B:"]],
    ["you recommend?\uFFFDA: Okay", ["A:"]],
    ["go wrong?\\\\\\\\\\\\A: Position", ["A:"]],
    ["practical nuance. IzzyA: What does", ["A:"]]
  ])("fires on %j", (text, labels) => {
    expect(marked(text, speakerTurns(text))).toEqual(labels);
  });

  it.each([
    "We chose Plan B: the fallback.",
    "Take vitamin A: it helps.",
    "Host: welcome", // the scorer's gate, not this check
    "A:B is a ratio",
    "the ratio was 3:1 overall",
    "SPEAKER_: nobody",
    "a vitaminA: not a turn",
    "Welcome back to the show."
  ])("does not fire on %j", (text) => {
    expect(speakerTurns(text)).toEqual([]);
  });

  it("marks each label in text order", () => {
    expect(speakerTurns("A: hi. B: hello.\nA: bye")).toEqual([
      [0, 2],
      [7, 9],
      [17, 19]
    ]);
  });
});

describe("junk", () => {
  it.each([
    ["______", ["______"]],
    ["Name: ______ here", ["______"]],
    ["recommend?============B: On", ["============"]],
    ["wrong?\\\\\\\\\\\\A: Position", ["\\\\\\\\\\\\"]],
    ["you recommend?\uFFFDA: Okay", ["\uFFFD"]],
    ["bad \uFFFD\uFFFD bytes", ["\uFFFD\uFFFD"]],
    ["dots......", ["......"]],
    ["🎉🎉🎉🎉🎉🎉", ["🎉🎉🎉🎉🎉🎉"]],
    ["inline a------b", ["------"]]
  ])("fires on %j", (text, runs) => {
    expect(marked(text, junk(text))).toEqual(runs);
  });

  it.each([
    "_____ five underscores",
    "=====",
    "aaaaaaaa and 1000000 and        spaces",
    "| a | b |\n|--------|:------:|\n| 1 | 2 |",
    "Above\n\n----------\n\nBelow",
    "Title\n\n* * * * * *\n",
    "A clean sentence."
  ])("does not fire on %j", (text) => {
    expect(junk(text)).toEqual([]);
  });
});

describe("cut off", () => {
  it.each([
    ["It makes everything else easier when conditions don.", ["don."]],
    ["It makes everything else easier when conditions don’.", ["don’."]],
    ["The trail drains well, and", ["The trail drains well, and"]],
    ["We start. The key points are:", ["The key points are:"]],
    ["He put it into a.", ["a."]],
    ["It worked because the.", ["the."]],
    ["And then we.", ["we."]],
    ["The results were.", ["were."]],
    ["The list (see above)", ["The list (see above)"]],
    ["It is 3 > 2", ["It is 3 > 2"]]
  ])("fires on %j", (text, tail) => {
    expect(cut(text)).toEqual(tail);
  });

  it.each([
    "Keep paying attention to it.",
    "Rates rose from 25 to 35.",
    "We told them.",
    "That is what they came for.",
    "It is what it is.",
    "So do I.",
    "Do what you can.",
    "It takes a while.",
    "Use plan A.",
    "We won.",
    "The word “and”.",
    'He said "done."',
    "What a trip! 🎉",
    "Did it work?!",
    "Start simple... and repeat.",
    "It ends **well.**",
    'It ended. <img src=x onerror="window.__pwned=1">',
    "Done.</p>"
  ])("does not fire on %j", (text) => {
    expect(cut(text)).toEqual([]);
  });

  it("at the cap, a final sentence of 3 words or fewer is a fragment; below the cap it is not", () => {
    const text = "The soil stays intact instead of turning to ruts. Most mystery cre.";
    expect(cut(text, true)).toEqual(["Most mystery cre."]);
    expect(cut(text)).toEqual([]);
    expect(cut("The soil stays intact. It drains four ways well.", true)).toEqual([]);
  });

  it("in a bulleted list, the last item lacks a period only where the other items have one", () => {
    expect(cut("- Brake early.\n- Look ahead.\n- Keep hips centered")).toEqual(["- Keep hips centered"]);
    expect(cut("- Brake early\n- Look ahead\n- Keep hips centered")).toEqual([]);
    expect(cut("- Brake early\n- Look ahead\n- Keep the")).toEqual(["the"]);
  });

  it("does not apply to JSON outputs, parsed or broken", () => {
    expect(cutOff('{"bullets": ["and the"]}', "json")).toBeNull();
    expect(cutOff('{"bullets": ["and the', "broken_json")).toBeNull();
    expect(checkOutput('```json\n{"title": "T"}\n```').cut_off).toBeNull();
  });
});

describe("repetition", () => {
  it.each([
    ["Description Description Description", "Description Description Description", 3],
    ["so we can go we can go we can go now", "we can go we can go we can go", 9],
    ["No. no, NO!", "No. no, NO", 3],
    ["a b c d e a b c d e a b c d e", "a b c d e a b c d e a b c d e", 15]
  ])("fires on %j", (text, stretch, longest) => {
    const found = repetition(text);
    expect(found.longest).toBe(longest);
    expect(marked(text, found.ranges)).toEqual([stretch]);
  });

  it.each(["Description Description", "that that is fine", "a b c d e f a b c d e f a b c d e f", "plain text"])(
    "does not fire on %j",
    (text) => {
      expect(repetition(text)).toEqual({longest: 0, ranges: []});
    }
  );

  it("merges the overlapping stretches of phrases of different lengths", () => {
    const text = "go go go go go go then stop";
    expect(repetition(text)).toEqual({longest: 6, ranges: [[0, 17]]});
  });
});

describe("format and the cap", () => {
  it.each([
    ["A paragraph.\n\nAnother one.", "prose"],
    ["# Title\n\n- one\n- two\n- three", "bullets"],
    ["Intro:\n1. one\n2) two", "bullets"],
    ["Intro.\n- one\nMore prose.\nAnd more.\nStill more.", "prose"],
    ['{"title": "T", "bullets": ["a"]}', "json"],
    ['```json\n{"title": "T"}\n```', "json"],
    ['{"title": "T", "bullets": ["a"', "broken_json"]
  ])("%j is %s", (text, format) => {
    expect(outputFormat(text)).toBe(format);
  });

  it("reaches 90% of the cap in recorded tokens, else in estimated ones; beyond 1.6x the cap it is unknown", () => {
    expect(capReach(720, 10, 800)).toEqual({at_cap: true, estimated: false});
    expect(capReach(719, 5000, 800)).toEqual({at_cap: false, estimated: false});
    expect(capReach(null, 720, 800)).toEqual({at_cap: true, estimated: true});
    expect(capReach(null, 1280, 800)).toEqual({at_cap: true, estimated: true});
    expect(capReach(null, 1281, 800)).toEqual({at_cap: null, estimated: true});
    expect(capReach(null, 719, 800)).toEqual({at_cap: false, estimated: true});
    expect(capReach(500, 500, null)).toEqual({at_cap: null, estimated: false});
  });
});

describe("a 5 MB output", () => {
  it("is checked in full, each check finding what is at its start, middle and end", () => {
    const sentence = "The calmest diver is often the safest diver because calm keeps breathing slow. ";
    const filler = sentence.repeat(Math.ceil(2.5e6 / sentence.length));
    const text = `A: Welcome back. ${filler}Note ______ here. ${filler}We read the trail the trail the trail and`;
    expect(text.length).toBeGreaterThan(5e6);
    const checks = checkOutput(text);
    expect(checks.format).toBe("prose");
    expect(marked(text, checks.speaker_turns)).toEqual(["A:"]);
    expect(marked(text, checks.junk)).toEqual(["______"]);
    expect(marked(text, checks.repetition.ranges)).toEqual(["the trail the trail the trail"]);
    expect(marked(text, checks.cut_off)).toEqual(["We read the trail the trail the trail and"]);
  });

  it("keeps at most MAX_RANGES ranges of a check that fires everywhere", () => {
    const text = "A: x. ".repeat(1e6);
    expect(speakerTurns(text)).toHaveLength(MAX_RANGES);
    expect(junk("\\a".repeat(1e6) + "______")).toEqual([[2e6, 2e6 + 6]]);
  });

  it("marks at most the last MAX_SENTENCE characters of a text with no sentence end", () => {
    const text = "word ".repeat(1e6).trimEnd();
    const [[start, end]] = cutOff(text, "prose")!;
    expect([end, end - start <= MAX_SENTENCE, end - start > MAX_SENTENCE - 5]).toEqual([text.length, true, true]);
    expect(repetition(text)).toEqual({longest: 1e6, ranges: [[0, text.length]]});
  });
});

/** Every text of a run's predictions, with the episode id and whether the episode failed (as the loaders say). */
function outputs(dir: string) {
  return readJsonl(path.join(dir, "predictions.jsonl")).map(({row}) => {
    const text = textOf(row.output);
    const failed = Boolean(row.error || row.metadata?.error) || text === null || text.trim() === "";
    return {row, text: failed ? null : text, episode: row.episode_id as string};
  });
}

describe("calibration on the corpus references", () => {
  const references = runDirs(corpusDir).filter((d) => d.id.startsWith("references/"));

  it("no check fires on any episode of any silver reference", () => {
    const texts = references.flatMap((d) => outputs(d.dir).map((o) => o.text));
    expect(texts.length).toBeGreaterThanOrEqual(15);
    for (const text of texts) {
      const checks = checkOutput(text!, {atCap: true});
      expect([checks.speaker_turns, checks.junk, checks.cut_off ?? [], checks.repetition.ranges]).toEqual([
        [],
        [],
        [],
        []
      ]);
    }
  });

  it("nor on the loaded references, silver and gold (gold episodes have no text: no check applies)", async () => {
    const snap = await snapshotOf(corpusDir);
    const ids = snap.catalog.runs.filter((r) => r.kind === "reference").map((r) => r.id);
    expect(ids).toContain("references/gold/ner_entities/ner_entities_smoke_gold_v1");
    for (const id of ids) {
      for (const row of snap.rows(id)) for (const name of CHECK_NAMES) expect(row[name]).not.toBe(true);
    }
  });
});

/** A run's final-stage cap read here: the reduce stage's, else the main stage's max_new_tokens or max_tokens. */
function capOf(dir: string): number | null {
  const stages = readJson(path.join(dir, "fingerprint.json")).pipeline?.stages ?? {};
  const params = (stages.reduce ?? stages.main)?.generation_params ?? {};
  return params.max_new_tokens ?? params.max_tokens ?? null;
}

/** Check and at_cap counts for one run, from its files with plain JSON.parse and the check functions. */
function countsOf(dir: string) {
  const cap = capOf(dir);
  const diagnostics = new Map<string, Json>();
  try {
    for (const {row} of readJsonl(path.join(dir, "diagnostics.jsonl"))) diagnostics.set(row.episode_id, row);
  } catch {
    // no diagnostics.jsonl
  }
  const counts = {check_speaker_turns: 0, check_junk: 0, check_cut_off: 0, check_repetition: 0, at_cap: 0};
  let cutOffApplies = false;
  let capKnown = false;
  for (const {row, text, episode} of outputs(dir)) {
    if (text === null) continue;
    const recorded = diagnostics.get(episode)?.final_tokens ?? row.metadata?.output_tokens ?? null;
    const estimated = tokensOf(text);
    const atCap =
      cap === null
        ? null
        : recorded !== null
          ? recorded >= 0.9 * cap
          : estimated > 1.6 * cap
            ? null
            : estimated >= 0.9 * cap;
    const checks = checkOutput(text, {atCap: atCap === true});
    counts.check_speaker_turns += Number(fires(checks.speaker_turns));
    counts.check_junk += Number(fires(checks.junk));
    counts.check_cut_off += Number(fires(checks.cut_off) === true);
    counts.check_repetition += Number(checks.repetition.longest > 0);
    counts.at_cap += Number(atCap === true);
    capKnown ||= atCap !== null;
    cutOffApplies ||= checks.cut_off !== null;
  }
  return {
    ...counts,
    check_cut_off: cutOffApplies ? counts.check_cut_off : null,
    at_cap: capKnown ? counts.at_cap : null
  };
}

/** A copy of a paragraph run whose episodes reach the cap (800 tokens) in every way the rule knows. */
function atCapTree(): string {
  const evalDir = tempEvalDir();
  const dir = copyRun(evalDir, "runs/at_cap");
  const long = (sentences: number) => "The trail drains well and the soil stays intact. ".repeat(sentences);
  const rows = [
    // Recorded tokens at the cap, and a final fragment: cut off.
    {text: `${long(10)}Most mystery cre.`, metadata: {output_tokens: 760}},
    // No recorded tokens: 3,000 characters are 750 estimated tokens, at the cap.
    {text: long(60), metadata: {}},
    // 6,000 characters: 1,500 estimated tokens is over 1.6x the cap, which counts other tokens: unknown.
    {text: long(120), metadata: {}},
    // Recorded final tokens in diagnostics.jsonl win over metadata.output_tokens.
    {text: long(4), metadata: {output_tokens: 100}},
    {text: "", metadata: {}, error: "TimeoutError"}
  ];
  writeLines(
    path.join(dir, "predictions.jsonl"),
    rows.map(({text, metadata, error}, i) =>
      JSON.stringify({...source[i], output: {summary_final: text}, metadata, ...(error ? {error} : {})})
    )
  );
  writeLines(path.join(dir, "diagnostics.jsonl"), [
    JSON.stringify({episode_id: source[3].episode_id, dataset_id: source[3].dataset_id, final_tokens: 790})
  ]);
  return evalDir;
}

describe("the loaders' columns and KPIs", () => {
  let corpus: TestSnapshot;
  let fixtures: TestSnapshot;
  let capped: TestSnapshot;
  let cappedDir: string;
  beforeAll(async () => {
    cappedDir = atCapTree();
    [corpus, fixtures, capped] = await Promise.all([
      snapshotOf(corpusDir),
      snapshotOf(fixturesDir),
      snapshotOf(cappedDir)
    ]);
  });

  it("counts per run equal a count made from the artifacts (null where a check does not apply)", () => {
    const fixtureRuns = ["runs/mr_starved_v3", "runs/html_payload_v1", "baselines/mr_fatter_map_v2"];
    const trees = [
      {snap: corpus, dir: corpusDir, ids: runDirs(corpusDir).map((d) => d.id)},
      {snap: fixtures, dir: fixturesDir, ids: fixtureRuns},
      {snap: capped, dir: cappedDir, ids: ["runs/at_cap"]}
    ];
    let compared = 0;
    for (const {snap, dir, ids} of trees) {
      for (const id of ids) {
        const run = snap.run(id);
        const runDir = path.join(dir, id);
        if (run.task === "ner_entities") {
          for (const name of [...CHECK_NAMES, "at_cap"] as const) expect(run.kpis[name]).toBeNull();
          continue;
        }
        const expected = countsOf(runDir);
        const kpis = Object.fromEntries(Object.keys(expected).map((k) => [k, run.kpis[k as keyof typeof expected]]));
        expect(kpis, id).toEqual(expected);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(13);
  });

  it("the corpus: the bart run's turns, junk and cut-off, and no hit anywhere else", () => {
    const bart = corpus.run("baselines/baseline_ml_bart_authority_smoke_v1").kpis;
    expect([bart.check_speaker_turns, bart.check_junk, bart.check_cut_off, bart.check_repetition]).toEqual([
      5, 2, 1, 0
    ]);
    for (const run of corpus.catalog.runs) {
      if (run.id.includes("bart")) continue;
      for (const name of CHECK_NAMES) expect(run.kpis[name] ?? 0).toBe(0);
    }
  });

  it("at_cap per episode: recorded, estimated, unknown beyond 1.6x the cap; a failed episode has no check", () => {
    const rows = capped.rows("runs/at_cap");
    expect(rows.map((r) => [r.at_cap, r.at_cap_estimated])).toEqual([
      [true, false],
      [true, true],
      [null, true],
      [true, false],
      [null, false]
    ]);
    expect(rows.map((r) => r.check_cut_off)).toEqual([true, false, false, false, null]);
    const failed = rows[4];
    expect(failed.failed).toBe(true);
    for (const name of CHECK_NAMES) expect(failed[name]).toBeNull();
    expect([failed.output_format, failed.at_cap, failed.longest_repeat]).toEqual([null, null, null]);
    expect(capped.run("runs/at_cap").stage_caps?.final).toMatchObject({
      tokens: 800,
      from: "pipeline.stages.main.generation_params.max_tokens"
    });
  });

  it("a failed episode, an NER output and a JSON output: checks null where they do not apply", () => {
    const report = () => {};
    const ids = {dataset_id: "d", episode_id: "e"};
    const failed = parseEpisode({output: {summary_final: "A: ______ the the the and"}, error: "boom"}, ids, report).row;
    expect(CHECK_NAMES.map((name) => failed[name])).toEqual([null, null, null, null]);
    const ner = parseEpisode({output: {entities: []}}, ids, report).row;
    expect([...CHECK_NAMES.map((name) => ner[name]), ner.output_format]).toEqual([null, null, null, null, null]);
    const json = parseEpisode({output: {summary_final: '{"bullets": ["and the"]}'}}, ids, report).row;
    expect([json.output_format, json.check_cut_off, json.check_junk]).toEqual(["json", null, false]);
    const bad = parseEpisode({output: {summary_final: "A: Hi. ______ x x x"}}, ids, report).row;
    expect([bad.output_format, bad.check_speaker_turns, bad.check_junk, bad.check_repetition]).toEqual([
      "prose",
      true,
      true,
      true
    ]);
    expect(bad.check_cut_off).toBe(true);
  });
});
