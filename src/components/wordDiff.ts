// Word-level diff of two outputs as <del>/<ins>, built from text nodes only so outputs stay inert. Built with the
// element builder: a long diff makes hundreds of tokens.
import {diffWords, type ChangeObject} from "diff";
import type {EpisodeText} from "../compare/types.js";
import {count} from "../compare/words.js";
import {builder, type Build} from "./dom.js";

/** Diffing cost grows with length; past this many characters per side the diff is skipped and said so. */
export const DIFF_LIMIT = 60_000;
/** A diff still running after this long is abandoned (said so) rather than freezing the page. */
const DIFF_TIMEOUT_MS = 1500;

/** The text to compare: pretty-printed JSON when the output is JSON, else the raw output. */
export function comparableText(text: EpisodeText | null): string | null {
  return text?.pretty ?? text?.text ?? null;
}

const wordCount = (text: string) => text.split(/\s+/).filter(Boolean).length;

interface DiffCounts {
  removed: number;
  added: number;
  changed: number;
}

function diffNodes(h: Build, parts: ChangeObject<string>[]): {nodes: Node[]; counts: DiffCounts} {
  const counts: DiffCounts = {removed: 0, added: 0, changed: 0};
  const nodes: Node[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    const next = parts[i + 1];
    if (part.removed && next?.added) {
      nodes.push(h("span", {class: "changed"}, h("del", {}, part.value), h("ins", {}, next.value)));
      counts.changed++;
      i++;
    } else if (part.removed) {
      nodes.push(h("del", {}, part.value));
      counts.removed += wordCount(part.value);
    } else if (part.added) {
      nodes.push(h("ins", {}, part.value));
      counts.added += wordCount(part.value);
    } else {
      nodes.push(document.createTextNode(part.value));
    }
  }
  return {nodes, counts};
}

function legend(h: Build, counts: DiffCounts, pretty: boolean): HTMLElement {
  const item = (swatch: string, label: string, n: number, unit: string) => {
    const mark = h("span", {class: `swatch ${swatch}`, "aria-hidden": "true"});
    const size = `${count(n)} ${unit}${n === 1 ? "" : "s"}`;
    return h("li", {}, mark, `${label} `, h("span", {class: "muted"}, size));
  };
  return h(
    "ul",
    {class: "diff-legend", "aria-label": "Diff legend"},
    item("swatch-del", "removed", counts.removed, "word"),
    item("swatch-ins", "added", counts.added, "word"),
    item("swatch-changed", "changed", counts.changed, "passage"),
    pretty && h("li", {class: "muted"}, "JSON pretty-printed before diffing")
  );
}

/** Baseline → candidate, its legend above; `pretty` says the texts are pretty-printed JSON. */
export function WordDiff(before: string, after: string, pretty = false): HTMLElement {
  const h = builder();
  const box = h("div", {class: "word-diff", "data-testid": "episode-diff"});
  const note = (text: string) => {
    box.append(h("p", {class: "diff-note"}, text));
    return h("div", {class: "diff-block"}, box);
  };
  if (before === after) return note("Outputs are identical.");
  const longest = Math.max(before.length, after.length);
  if (longest > DIFF_LIMIT) {
    return note(
      `Diff skipped: an output has ${count(longest)} characters (the limit is ${count(DIFF_LIMIT)}). ` +
        "Both texts are shown in full below."
    );
  }
  const parts = diffWords(before, after, {timeout: DIFF_TIMEOUT_MS});
  if (!parts)
    return note(
      `Diff abandoned after ${DIFF_TIMEOUT_MS / 1000} s: the outputs differ too much. ` +
        "Both texts are shown in full below."
    );
  const {nodes, counts} = diffNodes(h, parts);
  box.append(...nodes);
  if (pretty) box.classList.add("diff-json");
  return h("div", {class: "diff-block"}, legend(h, counts, pretty), box);
}
