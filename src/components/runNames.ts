// Run ids are long and often differ only at the end (…smoke_v1 vs …smoke_v2): shorten in the middle, never the end.
import {lastSegment} from "../compare/words.js";

export {lastSegment};

const ELLIPSIS = "…";

/** `text` cut to `max` characters by replacing its middle, keeping more of the end than of the start. */
export function elideMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const kept = Math.max(2, max - 1);
  const head = Math.floor(kept * 0.4);
  return `${text.slice(0, head)}${ELLIPSIS}${text.slice(text.length - (kept - head))}`;
}

/**
 * A short label per run: its last path segment when that is unique in the set, else the whole id, elided in
 * the middle to `max` characters; labels that would still collide are widened until they differ.
 */
export function shortRunNames(ids: string[], max = 28): Map<string, string> {
  const unique = [...new Set(ids)];
  const segmentCount = new Map<string, number>();
  for (const id of unique) segmentCount.set(lastSegment(id), (segmentCount.get(lastSegment(id)) ?? 0) + 1);
  const source = new Map(unique.map((id) => [id, segmentCount.get(lastSegment(id)) === 1 ? lastSegment(id) : id]));
  const names = new Map(unique.map((id) => [id, elideMiddle(source.get(id)!, max)]));
  for (let width = max + 4; ; width += 4) {
    const count = new Map<string, number>();
    for (const name of names.values()) count.set(name, (count.get(name) ?? 0) + 1);
    const colliding = unique.filter((id) => count.get(names.get(id)!)! > 1);
    if (!colliding.length || colliding.every((id) => names.get(id) === source.get(id))) return names;
    for (const id of colliding) names.set(id, elideMiddle(source.get(id)!, width));
  }
}

/** Pieces of `text` at most `max` long, cut after the separators matched by `after` where possible. */
function pieces(text: string, after: RegExp, max: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const part of text.split(after)) {
    if (line && line.length + part.length > max) {
      out.push(line);
      line = "";
    }
    line += part;
    while (line.length > max) {
      out.push(line.slice(0, max));
      line = line.slice(max);
    }
  }
  return line ? [...out, line] : out;
}

/**
 * A whole id over lines of at most `max` characters, broken after "/" first, then after "_", "-" or ".": nothing cut.
 */
export function wrapId(id: string, max = 44): string {
  if (id.length <= max) return id;
  const segments = pieces(id, /(?<=\/)/, Number.MAX_SAFE_INTEGER).flatMap((segment) =>
    segment.length > max ? pieces(segment, /(?<=[_.-])/, max) : [segment]
  );
  const lines: string[] = [];
  for (const segment of segments) {
    if (lines.length && lines[lines.length - 1].length + segment.length <= max) lines[lines.length - 1] += segment;
    else lines.push(segment);
  }
  // A last line of a few characters ("v2") reads better on the line before.
  if (lines.length > 1 && lines[lines.length - 1].length <= 6)
    lines.splice(-2, 2, lines[lines.length - 2] + lines[lines.length - 1]);
  return lines.join("\n");
}
