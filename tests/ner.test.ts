import {afterAll, describe, expect, it} from "vitest";
import {cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync} from "node:fs";
import os from "node:os";
import path from "node:path";
import {fixturesDir} from "./support/paths.js";
import {isGoldReference, readGold} from "../loaders/gold.js";
import {compareDiffs, entityDiff} from "../src/compare/mentions.js";
import {
  episodeF1,
  goldScope,
  inGoldScope,
  matchOneToOne,
  normalizeEntityText,
  SCORE_MODES,
  scoreEpisode,
  scoreRun,
  summarize,
  toEntity
} from "../src/compare/ner.js";
import type {Entity} from "../src/compare/ner.js";

const RUN_DIR = path.join(fixturesDir, "baselines/baseline_ner_prod_authority_v1");
const GOLD_DIR = path.join(fixturesDir, "references/gold/ner_entities/ner_entities_smoke_gold_v1");
const REFERENCE_ID = "ner_entities_smoke_gold_v1";

const entity = (label: string | null, start: number, end: number, text = "x"): Entity => ({start, end, text, label});

describe("entity reading and normalization", () => {
  it("reads entities as Python's int() and .get() would", () => {
    expect(toEntity({start: "5", end: 7.9, text: "Maya", label: "PERSON"})).toEqual(entity("PERSON", 5, 7, "Maya"));
    expect(toEntity({end: -2.5})).toEqual({start: 0, end: -2, text: "", label: null});
    expect(toEntity({start: " 1_000 ", end: true, text: "x"})).toEqual(entity(null, 1000, 1));
    expect(toEntity({start: null, end: 1, text: "x"})).toBeNull();
    expect(toEntity({start: "1.5", end: 2, text: "x"})).toBeNull();
    expect(toEntity({start: 1, end: 2, text: 3})).toBeNull();
    expect(toEntity(["PERSON"])).toBeNull();
    expect(toEntity("Maya")).toBeNull();
  });

  it.each([
    ["Maya:", "maya"],
    [" Liam, ", "liam"],
    ["A.B.", "a.b"],
    ["Acme Inc. ?!", "acme inc"],
    ["\x1c Maya \x85", "maya"],
    ["\ufeffMaya", "\ufeffmaya"],
    [":,.", ""]
  ])("normalizes %j to %j", (text, normalized) => {
    expect(normalizeEntityText(text)).toBe(normalized);
  });
});

describe("gold scope", () => {
  const scope = goldScope([
    entity("PERSON", 0, 4, " Maya "),
    entity("ORG", 5, 9, "Acme"),
    entity("GPE", 10, 15, "Paris"),
    entity("PERSON", 16, 16, "  ")
  ]);

  it("keeps only PERSON and ORG gold texts, stripped and lowercased", () => {
    expect(scope).toEqual({person: new Set(["maya"]), org: new Set(["acme"])});
  });

  it.each([
    [entity("PERSON", 0, 4, "maya"), true],
    [entity("PERSON", 0, 4, "\tMAYA "), true],
    [entity("ORG", 0, 4, "ACME"), true],
    [entity("ORG", 0, 4, "Maya"), false],
    [entity("GPE", 0, 5, "Paris"), false],
    [entity("PERSON", 0, 5, "Maya:"), false],
    [entity(null, 0, 4, "Maya"), false]
  ])("%j in scope: %s", (pred, inScope) => {
    expect(inGoldScope(pred, scope)).toBe(inScope);
  });
});

describe("one-to-one matching", () => {
  it("gives a prediction overlapping two golds the better-overlapping one", () => {
    const golds = [entity("PERSON", 0, 3), entity("PERSON", 2, 10)];
    expect(matchOneToOne([entity("PERSON", 0, 10)], golds, "overlap")).toEqual({
      pairs: [[0, 1]],
      matchedPred: [0],
      matchedGold: [1],
      unmatchedPred: []
    });
  });

  it("gives one gold to the better of two competing predictions", () => {
    const preds = [entity("PERSON", 5, 15), entity("PERSON", 0, 9)];
    expect(matchOneToOne(preds, [entity("PERSON", 0, 10)], "overlap")).toEqual({
      pairs: [[1, 0]],
      matchedPred: [1],
      matchedGold: [0],
      unmatchedPred: [0]
    });
  });

  it("breaks quality ties by prediction order, then gold order", () => {
    const twoGolds = [entity("PERSON", 2, 6), entity("PERSON", -2, 2)];
    expect(matchOneToOne([entity("PERSON", 0, 4)], twoGolds, "overlap").pairs).toEqual([[0, 0]]);
    const twoPreds = [entity("PERSON", 4, 8), entity("PERSON", 0, 4)];
    expect(matchOneToOne(twoPreds, [entity("PERSON", 2, 6)], "overlap").pairs).toEqual([[0, 0]]);
  });

  it("needs the same label and span for exact, the same label and a shared character for overlap", () => {
    const gold = [entity("PERSON", 0, 4)];
    const cases: [Entity, boolean, boolean][] = [
      [entity("PERSON", 0, 4), true, true],
      [entity("PERSON", 0, 5), false, true],
      [entity("ORG", 0, 4), false, false],
      [entity("PERSON", 4, 8), false, false]
    ];
    for (const [pred, exact, overlap] of cases) {
      expect(matchOneToOne([pred], gold, "exact").pairs.length === 1).toBe(exact);
      expect(matchOneToOne([pred], gold, "overlap").pairs.length === 1).toBe(overlap);
    }
  });
});

describe("episode scoring", () => {
  const golds = [
    entity("PERSON", 0, 4, "Maya"),
    entity("PERSON", 10, 15, "Maya:"),
    entity("PERSON", 20, 24, "Liam"),
    entity("ORG", 30, 39, "Acme Inc."),
    entity("GPE", 40, 45, "Paris"),
    entity(null, 50, 53, "Zed")
  ];
  const preds = [
    entity("PERSON", 0, 4, "maya"),
    entity("PERSON", 11, 16, "Maya:"),
    entity("ORG", 60, 69, "ACME INC."),
    entity("GPE", 40, 45, "Paris")
  ];
  const score = scoreEpisode(preds, golds);

  it("counts mentions per label, ignoring out-of-scope predictions and keeping unlabeled gold as UNKNOWN", () => {
    expect(score.mention_exact.counts).toEqual({tp: 1, fp: 2, fn: 5});
    expect(score.mention_overlap.perLabel).toEqual({
      PERSON: {tp: 2, fp: 0, fn: 1},
      ORG: {tp: 0, fp: 1, fn: 1},
      GPE: {tp: 0, fp: 0, fn: 1},
      UNKNOWN: {tp: 0, fp: 0, fn: 1}
    });
    expect([score.predicted, score.inScope, score.gold]).toEqual([4, 3, 6]);
  });

  it("counts distinct normalized texts per label for entity sets", () => {
    expect(score.entity_set.perLabel).toEqual({
      PERSON: {tp: 1, fp: 0, fn: 1},
      ORG: {tp: 1, fp: 0, fn: 0},
      GPE: {tp: 0, fp: 0, fn: 1},
      "": {tp: 0, fp: 0, fn: 1}
    });
    expect(score.entity_set.counts).toEqual({tp: 2, fp: 0, fn: 3});
  });

  it("gives the per-episode F1 of each mode", () => {
    expect(episodeF1(score, "mention_overlap")).toBe(
      (2 * 0.6666666666666666 * 0.3333333333333333) / (0.6666666666666666 + 0.3333333333333333)
    );
    expect(episodeF1(scoreEpisode([], golds), "entity_set")).toBe(0);
  });
});

describe("zero conventions", () => {
  it("reports 0, not NaN, where a ratio has nothing to divide by", () => {
    expect(summarize({tp: 0, fp: 0, fn: 0}, {})).toEqual({
      tp: 0,
      fp: 0,
      fn: 0,
      precision: 0,
      recall: 0,
      f1: 0,
      per_label_f1: {}
    });
    const onlyMisses = summarize({tp: 0, fp: 3, fn: 2}, {PERSON: {tp: 0, fp: 3, fn: 0}, ORG: {tp: 0, fp: 0, fn: 2}});
    expect(onlyMisses).toMatchObject({precision: 0, recall: 0, f1: 0, per_label_f1: {PERSON: 0, ORG: 0}});
    expect(scoreRun([])).toMatchObject({episodes_scored: 0, entity_set: {f1: 0}});
  });
});

describe("entity diff", () => {
  const golds = [entity("PERSON", 0, 4, "Maya"), entity("PERSON", 10, 14, "Liam")];
  const baseline = entityDiff([entity("PERSON", 0, 4, "Maya"), entity("PERSON", 20, 24, "Liam:")], golds);
  const candidate = entityDiff(
    [
      entity("PERSON", 11, 14, "Liam"),
      entity("PERSON", 30, 34, "Liam"),
      entity("PERSON", 20, 23, "iam"),
      entity("GPE", 5, 9, "Oslo")
    ],
    golds
  );

  it("sorts each label's mentions into matched, missed, extra and out of scope", () => {
    expect(candidate).toEqual({
      PERSON: {
        matched: [{pred: entity("PERSON", 11, 14, "Liam"), gold: golds[1], goldIndex: 1}],
        missed: [golds[0]],
        extra: [entity("PERSON", 30, 34, "Liam")],
        outOfScope: [entity("PERSON", 20, 23, "iam")]
      },
      GPE: {matched: [], missed: [], extra: [], outOfScope: [entity("GPE", 5, 9, "Oslo")]}
    });
  });

  it("says which gold mentions and extras the candidate gained or lost", () => {
    expect(compareDiffs(baseline, candidate)).toEqual({
      gained: [{goldIndex: 1, gold: golds[1]}],
      lost: [{goldIndex: 0, gold: golds[0]}],
      extrasGained: [{label: "PERSON", text: "liam"}],
      extrasLost: []
    });
    expect(compareDiffs(candidate, baseline).extrasLost).toEqual([{label: "PERSON", text: "liam"}]);
  });
});

interface PredictionRow {
  episode_id: string;
  output: {entities: unknown[]};
}

describe("the real NER run against its gold reference", async () => {
  const rows = readFileSync(path.join(RUN_DIR, "predictions.jsonl"), "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as PredictionRow);
  const stored = JSON.parse(readFileSync(path.join(RUN_DIR, "metrics.json"), "utf8")).vs_reference[REFERENCE_ID];
  const gold = await readGold(GOLD_DIR);
  const episodes = rows.map((row) => ({
    preds: row.output.entities.map((value) => toEntity(value) ?? entity("INVALID", 0, 0)),
    golds: gold.episodes.get(row.episode_id)?.entities ?? []
  }));
  const score = scoreRun(episodes);

  it("loads the gold without problems and recognizes it", async () => {
    expect(gold.problems).toEqual([]);
    expect(gold.listed).toEqual(["p01_e01", "p02_e01", "p03_e01", "p04_e01", "p05_e01"]);
    expect(rows.map((row) => gold.episodes.has(row.episode_id))).toEqual([true, true, true, true, true]);
    expect(episodes.flatMap((e) => e.preds).filter((e) => e.label === "INVALID")).toEqual([]);
    expect(await isGoldReference(GOLD_DIR)).toBe(true);
    expect(await isGoldReference(RUN_DIR)).toBe(false);
  });

  it("has the known counts", () => {
    expect([score.mention_exact.tp, score.mention_exact.fp, score.mention_exact.fn]).toEqual([1, 288, 300]);
    expect([score.mention_overlap.tp, score.mention_overlap.fp, score.mention_overlap.fn]).toEqual([6, 283, 295]);
    expect([score.entity_set.tp, score.entity_set.fp, score.entity_set.fn]).toEqual([13, 0, 2]);
  });

  it.each(SCORE_MODES)("reproduces every stored %s number exactly", (mode) => {
    for (const key of ["tp", "fp", "fn", "precision", "recall", "f1"] as const)
      expect(score[mode][key], key).toBe(stored[mode][key]);
    expect(score.episodes_scored).toBe(stored[mode].episodes_scored);
    expect(Object.keys(score[mode].per_label_f1).sort()).toEqual(Object.keys(stored[mode].per_label_f1).sort());
    for (const [label, f1] of Object.entries(score[mode].per_label_f1))
      expect(f1, label).toBe(stored[mode].per_label_f1[label]);
  });

  it("reproduces the stored entity totals", () => {
    const scores = episodes.map(({preds, golds}) => scoreEpisode(preds, golds));
    const sum = (count: (s: (typeof scores)[number]) => number) => scores.reduce((total, s) => total + count(s), 0);
    expect(sum((s) => s.predicted)).toBe(stored.entities_predicted);
    expect(sum((s) => s.gold)).toBe(stored.entities_gold);
    expect(sum((s) => s.predicted - s.inScope)).toBe(stored.ignored_predictions_total);
  });
});

describe("reading a damaged gold reference", () => {
  const made: string[] = [];
  afterAll(() => {
    for (const dir of made) rmSync(dir, {recursive: true, force: true});
  });

  function damagedCopy(damage: (file: (name: string) => string) => void): string {
    const dir = mkdtempSync(path.join(os.tmpdir(), "run-compare-gold-"));
    made.push(dir);
    cpSync(GOLD_DIR, dir, {recursive: true});
    damage((name) => path.join(dir, name));
    return dir;
  }

  const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

  it("reports a truncated file, an entity without a label and a missing file, and loads the rest", async () => {
    let truncatedLastLine = 0;
    let labelLessLine = 0;
    const dir = damagedCopy((file) => {
      const text = readFileSync(file("p02_e01.json"), "utf8");
      const truncated = text.slice(0, Math.floor(text.length / 2));
      writeFileSync(file("p02_e01.json"), truncated);
      truncatedLastLine = truncated.trimEnd().split("\n").length;

      const episode = readJson(file("p03_e01.json"));
      delete episode.entities[2].label;
      episode.entities[2].text = "Label-less marker";
      const rewritten = JSON.stringify(episode, null, 2);
      writeFileSync(file("p03_e01.json"), rewritten);
      // With two-space indentation the entity's "{" is three lines above its "text" (start, end, text).
      labelLessLine = rewritten.split("\n").findIndex((line) => line.includes("Label-less marker")) + 1 - 3;

      unlinkSync(file("p04_e01.json"));
    });
    const gold = await readGold(dir);

    expect(gold.problems).toEqual([
      {file: "p02_e01.json", line: truncatedLastLine, message: expect.stringMatching(/invalid JSON/)},
      {file: "p03_e01.json", line: labelLessLine, message: "entities[2] is missing label; skipped"},
      {file: "p04_e01.json", line: null, message: expect.stringMatching(/missing/)}
    ]);
    expect([...gold.episodes.keys()]).toEqual(["p01_e01", "p03_e01", "p05_e01"]);
    expect(gold.episodes.get("p03_e01")?.entities).toHaveLength(
      readJson(path.join(GOLD_DIR, "p03_e01.json")).entities.length - 1
    );
    expect(gold.listed).toHaveLength(5);
    expect(gold.datasetId).toBe("curated_5feeds_smoke_v1");
  });

  it("leaves out files with a wrong schema or no entity list, and reports a foreign dataset_id", async () => {
    const dir = damagedCopy((file) => {
      const rewrite = (name: string, change: (episode: Record<string, unknown>) => void) => {
        const episode = readJson(file(name));
        change(episode);
        writeFileSync(file(name), JSON.stringify(episode, null, 2));
      };
      rewrite("p01_e01.json", (episode) => (episode.schema = "ner_entities_gold_v0"));
      rewrite("p02_e01.json", (episode) => (episode.entities = {}));
      rewrite("p03_e01.json", (episode) => (episode.dataset_id = "another_dataset"));
    });
    const gold = await readGold(dir);

    expect(gold.problems.map(({file, line}) => [file, line])).toEqual([
      ["p01_e01.json", null],
      ["p02_e01.json", null],
      ["p03_e01.json", null]
    ]);
    expect(gold.problems[2]?.message).toMatch(/another_dataset/);
    expect([...gold.episodes.keys()]).toEqual(["p03_e01", "p04_e01", "p05_e01"]);
    expect(gold.episodes.get("p03_e01")?.datasetId).toBe("another_dataset");
  });

  it("is not a gold reference without index.json", async () => {
    const dir = damagedCopy((file) => unlinkSync(file("index.json")));
    expect(await isGoldReference(dir)).toBe(false);
    const gold = await readGold(dir);
    expect(gold.episodes.size).toBe(0);
    expect(gold.problems).toEqual([{file: "index.json", line: null, message: expect.stringMatching(/missing/)}]);
  });
});
