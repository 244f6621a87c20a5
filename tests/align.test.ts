// Pairing a baseline's episodes with a candidate's: one row per (dataset_id, episode_id), and a table that
// holds a key twice is refused instead of silently multiplying episodes in the join.
import {describe, expect, it} from "vitest";
import {alignTables} from "../src/compare/align.js";
import {row, rows, runData} from "./support/factory.js";

const tableOf = (episodes: ReturnType<typeof rows>) => runData("runs/x", episodes).table;

describe("alignTables", () => {
  it("pairs on (dataset_id, episode_id): each key once, with its row on each side or none", () => {
    const baseline = tableOf([...rows(3), row("e1", {dataset_id: "d2"})]);
    const candidate = tableOf([row("e2"), row("e3"), row("e4"), row("e1", {dataset_id: "d2"})]);
    const paired = alignTables(baseline, candidate);
    const byKey = Object.fromEntries(
      paired.dataset_id.map((dataset, i) => [
        `${dataset}/${paired.episode_id[i]}`,
        [paired.baselineRow[i], paired.candidateRow[i]]
      ])
    );
    expect(paired.rows).toBe(5);
    expect(byKey).toEqual({
      "d1/e1": [0, null],
      "d1/e2": [1, 0],
      "d1/e3": [2, 1],
      "d2/e1": [3, 3],
      "d1/e4": [null, 2]
    });
  });

  it("refuses a baseline that holds an episode key twice, naming the side and the key", () => {
    const baseline = tableOf([...rows(3), row("e2")]);
    expect(() => alignTables(baseline, tableOf(rows(3)))).toThrow(
      'the baseline table holds (dataset_id, episode_id) = ("d1", "e2") more than once'
    );
  });

  it("refuses a candidate that holds an episode key twice, reporting the first duplicate", () => {
    const candidate = tableOf([row("e3"), row("e1"), row("e3"), row("e1")]);
    expect(() => alignTables(tableOf(rows(3)), candidate)).toThrow(
      'the candidate table holds (dataset_id, episode_id) = ("d1", "e3") more than once'
    );
  });

  it("takes the same episode id on two datasets as two episodes, not a duplicate", () => {
    const both = tableOf([row("e1"), row("e1", {dataset_id: "d2"})]);
    expect(alignTables(both, both).rows).toBe(2);
  });
});
