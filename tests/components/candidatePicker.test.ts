// @vitest-environment jsdom
// "Episodes of <candidate>": shown with two candidates or more, the same select across updates.
import {describe, expect, it} from "vitest";
import {CandidatePicker} from "../../src/components/candidatePicker.js";

describe("the candidate picker", () => {
  it("is hidden with one candidate, lists them with two, and keeps its select (and focus) across updates", () => {
    const picked: string[] = [];
    const picker = CandidatePicker((id) => picked.push(id));
    document.body.append(picker);
    picker.update(["runs/a"], "runs/a");
    expect(picker.hidden).toBe(true);
    picker.update(["runs/a", "runs/b"], null);
    const select = picker.querySelector("select")!;
    expect(picker.hidden).toBe(false);
    expect([...select.options].map((o) => o.value)).toEqual(["runs/a", "runs/b"]);
    expect(select.value).toBe("runs/a");
    select.focus();
    select.value = "runs/b";
    select.dispatchEvent(new Event("change"));
    expect(picked).toEqual(["runs/b"]);
    picker.update(["runs/a", "runs/b", "runs/c"], "runs/b");
    expect(picker.querySelector("select")).toBe(select);
    expect(document.activeElement).toBe(select);
    expect([select.options.length, select.value]).toEqual([3, "runs/b"]);
  });
});
