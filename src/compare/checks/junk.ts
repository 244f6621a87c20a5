// The junk check's rule: long runs of one symbol (markdown rule lines apart), as the shared scan meets them.
import type {Collector} from "./ranges.js";

/** A run of this many of one symbol is junk. */
export const JUNK_RUN = 6;

/**
 * A line that is markdown structure, not junk: a table's delimiter row (`|---|:--:|`) or a thematic break made of
 * `-` or `*` alone. Underscores and `=` stay junk: broken outputs are made of those.
 */
function isMarkdownRule(line: string): boolean {
  const body = line.trim();
  if (body.includes("|")) return /^[|:\- \t]+$/.test(body) && body.includes("-");
  return /^(?:-[ \t]*){3,}$/.test(body) || /^(?:\*[ \t]*){3,}$/.test(body);
}

/** The junk run [start, end) counts unless its line is markdown structure (each line judged once: `line` caches). */
export function addRun(text: string, start: number, end: number, junk: Collector, line: {end: number; rule: boolean}) {
  if (start >= line.end) {
    const lineEnd = text.indexOf("\n", start);
    line.end = lineEnd < 0 ? text.length : lineEnd;
    line.rule = isMarkdownRule(text.slice(text.lastIndexOf("\n", start) + 1, line.end));
  }
  if (!line.rule) junk.add(start, end);
}
