// What the page fetches for a state: the selected runs alone, baseline first, with one comparison per candidate;
// for an open episode, each side's row and text on its own run and dataset.
import {describe, expect, it} from "vitest";
import {compareRuns, type RunData} from "../src/compare/compare.js";
import {episodeSides, selectionView, type PageSources} from "../src/page/data.js";
import type {RunSummary} from "../src/compare/types.js";
import {rows, runData, scoredAgainst} from "./support/factory.js";

const silver = scoredAgainst("references/silver");
const tree = [
  runData("baselines/b", rows(4), silver),
  runData(
    "runs/worse",
    rows(4, (i) => ({output_tokens: 100 + i, failed: i === 2})),
    silver
  ),
  runData("runs/other_task", rows(4), {task: "ner_entities"}),
  runData("references/silver", rows(4), {kind: "reference"})
];

function sources() {
  const fetched: string[] = [];
  const texts: string[] = [];
  const byId = new Map<string, RunSummary>(tree.map((d) => [d.summary.id, d.summary]));
  const data = new Map<string, RunData>(tree.map((d) => [d.summary.id, d]));
  const files: PageSources["files"] = {
    run: async (summary) => (fetched.push(summary.id), data.get(summary.id)!),
    details: async (summary) => data.get(summary.id)!.details!,
    text: async (summary, dataset, episode) => {
      texts.push(`${summary.id}:${dataset}/${episode}`);
      const text = `${summary.id} says ${episode}`;
      return {text, pretty: null, error: null, chars: text.length, entities: null};
    }
  };
  return {sources: {byId, files, compare: compareRuns}, fetched, texts};
}

describe("the data a page state needs", () => {
  it("fetches the selected runs only, baseline first, and compares each candidate with the baseline", async () => {
    const {sources: s, fetched} = sources();
    const selection = {runs: ["runs/other_task", "baselines/b", "runs/worse"], baseline: "baselines/b", focus: null};
    const view = await selectionView(selection, s);
    expect(view.runs.map((r) => r.id)).toEqual(["baselines/b", "runs/other_task", "runs/worse"]);
    expect(fetched.sort()).toEqual(["baselines/b", "runs/other_task", "runs/worse"]);
    expect(view.comparisons.map((c) => [c.candidate, c.comparable])).toEqual([
      ["runs/other_task", false],
      ["runs/worse", true]
    ]);
    // No focus chosen: the first comparable candidate's episodes are listed.
    expect(view.focus?.candidate).toBe("runs/worse");
    const chosen = await selectionView({...selection, focus: "runs/other_task"}, s);
    expect(chosen.focus?.candidate).toBe("runs/other_task");
    // Colors follow the order runs were picked in, whichever is the baseline.
    const switched = await selectionView({...selection, baseline: "runs/worse"}, s);
    expect(switched.runs[0].id).toBe("runs/worse");
    for (const id of selection.runs) expect(switched.colorOf(id)).toBe(view.colorOf(id));
    expect(view.rowsById.get("runs/worse")?.[2].failed).toBe(true);
  });

  it("with no baseline selected, compares nothing", async () => {
    const view = await selectionView({runs: ["runs/worse"], baseline: null, focus: null}, sources().sources);
    expect([view.comparisons.length, view.focus, view.runs.map((r) => r.id)]).toEqual([0, null, ["runs/worse"]]);
  });

  it("an open episode fetches its text from the baseline, the candidate and their shared reference", async () => {
    const {sources: s, texts} = sources();
    const view = await selectionView({runs: ["baselines/b", "runs/worse"], baseline: "baselines/b", focus: null}, s);
    const open = await episodeSides(view, "e3", s);
    expect(texts.sort()).toEqual(["baselines/b:d1/e3", "references/silver:d1/e3", "runs/worse:d1/e3"]);
    expect(open?.episode.episode_id).toBe("e3");
    expect(open?.sides.candidate.row?.failed).toBe(true);
    expect(open?.sides.candidate.text?.text).toBe("runs/worse says e3");
    expect(open?.sides.reference?.id).toBe("references/silver");
    expect(await episodeSides(view, "e99", s)).toBe(null);
    expect(await episodeSides(view, null, s)).toBe(null);
  });
});
