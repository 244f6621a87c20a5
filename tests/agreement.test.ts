// The selection bar and the verdict must never disagree on whether two runs can be compared: on every
// ordered pair of fixture runs, a chip flagged "not comparable" means a not_comparable verdict, and a
// not_comparable verdict means a flagged chip, unless the only reason is that no episode is shared
// or that runs on different datasets met on no identical input (which the bar cannot know before the runs'
// tables are loaded).
import {JSDOM} from "jsdom";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {compareRuns, type RunData} from "../src/compare/compare.js";
import {SelectionBar} from "../src/components/selectionBar.js";
import {row, runData} from "./support/factory.js";
import {fixturesDir} from "./support/paths.js";
import {cleanupStores, snapshotOf, type TestSnapshot} from "./support/snapshot.js";

afterAll(cleanupStores);

describe("selection bar and verdict", () => {
  let snap: TestSnapshot;
  beforeAll(async () => {
    snap = await snapshotOf(fixturesDir);
    // The bar renders into a DOM of its own: under vitest's jsdom environment the loaders' file URLs break.
    const {window} = new JSDOM("", {url: "http://localhost/"});
    for (const name of Object.getOwnPropertyNames(window))
      if (!(name in globalThis)) Object.assign(globalThis, {[name]: window[name as keyof typeof window]});
  });

  const chipFlagged = (runs: RunData[], baseline: string, candidate: string) => {
    const bar = SelectionBar(
      runs.map((run) => run.summary),
      {
        selected: [baseline, candidate],
        baseline,
        colorOf: () => "#000",
        unknown: [],
        onChange: () => {},
        onCopyLink: () => {}
      }
    );
    const chips = [...bar.querySelectorAll("[data-candidate-chip]")];
    const chip = chips.find((node) => node.getAttribute("data-candidate-chip") === candidate);
    if (!chip) throw new Error(`no chip for ${candidate}`);
    return chip.classList.contains("is-incomparable");
  };

  /** Every ordered pair where the chip and the verdict disagree, and how many chips were flagged. */
  function disagreements(runs: RunData[]) {
    const found: string[] = [];
    let flagged = 0;
    for (const b of runs) {
      for (const c of runs) {
        if (b === c) continue;
        const comparison = compareRuns(b, c);
        const tableLevel = ["no_common_episodes", "different_datasets"];
        const onlyNoCommon = comparison.incomparable.every((r) => tableLevel.includes(r.code));
        const chip = chipFlagged(runs, b.summary.id, c.summary.id);
        flagged += Number(chip);
        const verdictSaysNo = comparison.verdict.label === "not_comparable";
        if (chip !== (verdictSaysNo && !onlyNoCommon)) found.push(`${b.summary.id} → ${c.summary.id}`);
      }
    }
    return {found, flagged};
  }

  it("agree on every pair of runs in the fixtures", () => {
    const {found, flagged} = disagreements(snap.catalog.runs.map((run) => snap.data(run.id)));
    expect(found).toEqual([]);
    // The fixtures hold runs of other tasks and datasets: the check is not vacuous.
    expect(flagged).toBeGreaterThan(10);
  });

  it("agree on runs that span two datasets, say no task, or share no dataset", () => {
    const episodes = (dataset: string) => [row("e1", {dataset_id: dataset}), row("e2", {dataset_id: dataset})];
    const runs = [
      runData("plain", episodes("d1")),
      runData("two_datasets", [...episodes("d1"), ...episodes("d2")], {dataset_id: null}),
      runData("no_task", episodes("d1"), {task: null}),
      runData("other_dataset", episodes("d9")),
      runData("ner", episodes("d1"), {task: "ner_entities"})
    ];
    const {found, flagged} = disagreements(runs);
    expect(found).toEqual([]);
    // Only a different task is firm: another dataset may still meet on identical inputs (here it does).
    expect(flagged).toBe(6);
    expect(compareRuns(runs[0], runs[3]).pairing).toBe("input_hash");
  });
});
