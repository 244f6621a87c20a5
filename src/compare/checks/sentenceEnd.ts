// Where a text's content ends and whether it ends a sentence: read by the shared scan and the cut-off check.
import {CLOSER, classOf, codePointBefore, isTerminal, PICTOGRAPH, SPACE, width} from "./characters.js";

const MARKUP_TAG = /^<\/?[A-Za-z][^<>]*>$/;
/** The longest markup tag set aside at a text's end. */
const MAX_TAG = 500;

/**
 * Where a text's content ends: trailing whitespace, closing quotes and brackets, markdown emphasis, emoji and
 * markup tags (`</p>`, an injected `<img ...>`, Pegasus's `<n>`) set aside.
 */
export function contentEnd(text: string, end: number): number {
  while (end > 0) {
    const codePoint = codePointBefore(text, end);
    if (codePoint === 0x3e) {
      let open = end - 2;
      while (open >= 0 && end - open <= MAX_TAG && text.charCodeAt(open) !== 0x3c) open--;
      if (open < 0 || end - open > MAX_TAG || !MARKUP_TAG.test(text.slice(open, end))) break;
      end = open;
      continue;
    }
    if (!(classOf(codePoint) & (SPACE | PICTOGRAPH | CLOSER))) break;
    end -= width(codePoint);
  }
  return end;
}

/** The text up to `end` ends with terminal punctuation, closing quotes and the like aside. */
export function endsSentence(text: string, end: number): boolean {
  const stop = contentEnd(text, end);
  return stop > 0 && isTerminal(codePointBefore(text, stop));
}
