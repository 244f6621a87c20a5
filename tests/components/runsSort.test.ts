// The runs table's sort (sortBy, groupStarts) on its own: the order a reader sees after clicking a header.
import {describe, expect, it} from "vitest";
import {groupStarts, sortBy} from "../../src/components/runsView.js";

interface Item {
  id: string;
  value: number | string | null;
  group?: string | null;
}

const items = (...rows: [string, number | string | null, (string | null)?][]): Item[] =>
  rows.map(([id, value, group]) => ({id, value, group}));
const ids = (sorted: Item[]) => sorted.map((item) => item.id);
const value = (item: Item) => item.value;
const group = (item: Item) => item.group ?? null;

describe("sortBy", () => {
  const numbers = items(["a", 2, null], ["b", null], ["c", 1], ["d", Number.NaN], ["e", 2], ["f", 3]);

  it("sorts numbers ascending and descending, ties in their first order, missing values last either way", () => {
    expect(ids(sortBy(numbers, value, false))).toEqual(["c", "a", "e", "f", "b", "d"]);
    expect(ids(sortBy(numbers, value, true))).toEqual(["f", "a", "e", "c", "b", "d"]);
  });

  it("sorts text as a reader would (letters before case), not by character code", () => {
    const text = items(["1", "beta"], ["2", "Alpha"], ["3", "alpha"], ["4", "Beta"], ["5", null]);
    expect(sortBy(text, value, false).map((item) => item.value)).toEqual(["alpha", "Alpha", "beta", "Beta", null]);
    expect(sortBy(text, value, true).map((item) => item.value)).toEqual(["Beta", "beta", "Alpha", "alpha", null]);
  });

  it("sorts within groups, the groups by name ascending in either direction, missing values after all groups", () => {
    const grouped = items(["a", 0.5, "silver"], ["b", 0.9, "gold"], ["c", null, "gold"], ["d", 0.7, "silver"]);
    grouped.push({id: "e", value: 0.1, group: "gold"}, {id: "f", value: 0.3, group: null});
    expect(ids(sortBy(grouped, value, false, group))).toEqual(["f", "e", "b", "a", "d", "c"]);
    expect(ids(sortBy(grouped, value, true, group))).toEqual(["f", "b", "e", "d", "a", "c"]);
  });

  it("marks the rows that open a group, and the first missing value", () => {
    const grouped = items(["a", 0.5, "silver"], ["b", 0.9, "gold"], ["c", null, "gold"], ["d", 0.7, "silver"]);
    const sorted = sortBy(grouped, value, true, group);
    expect(ids(sorted)).toEqual(["b", "d", "a", "c"]);
    expect(ids([...groupStarts(sorted, value, group)])).toEqual(["d", "c"]);
  });
});
