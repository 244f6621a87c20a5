// The one pass the checks share (words, junk runs, lines), and the repetition and junk checks read straight off it.
import {
  BMP_CLASSES,
  classOf,
  codePointAt,
  codes,
  isDigit,
  isSpace,
  LETTER_OR_DIGIT,
  lower,
  NEWLINE,
  REPLACEMENT,
  SPACE,
  WORD
} from "./characters.js";
import {addRun, JUNK_RUN} from "./junk.js";
import {collector, type Range} from "./ranges.js";
import {Repeats} from "./repetition.js";
import {endsSentence} from "./sentenceEnd.js";

const BULLETS = codes("-*+•–");

/** A list item starts at `first` (a line's first non-blank character): -, *, +, •, – or 1. / 1), a blank, text. */
function isListItem(text: string, first: number): boolean {
  let i = first;
  if (BULLETS.has(text.charCodeAt(i))) i++;
  else {
    while (i - first < 3 && isDigit(text.charCodeAt(i))) i++;
    const mark = text.charCodeAt(i);
    if (i === first || (mark !== 0x2e && mark !== 0x29)) return false;
    i++;
  }
  const blank = i;
  while (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09) i++;
  return i > blank && i < text.length && !isSpace(text.charCodeAt(i));
}

export interface Scan {
  repetition: {longest: number; ranges: Range[]};
  junk: Range[];
  /** Lines that are neither blank nor headings. */
  content: number;
  /** The list items among them, how many end with terminal punctuation, and the last one: [start, end). */
  items: number;
  punctuatedItems: number;
  lastItem: Range | null;
}

/**
 * One pass over the text, reading each character once: its words, its junk runs and its lines. The state lives
 * in locals, not in closures: V8 keeps locals in registers, captured variables in memory.
 */
export function scan(text: string): Scan {
  const words = new Repeats();
  const junk = collector();
  const ruleLine = {end: -1, rule: false};
  let items = 0;
  let punctuatedItems = 0;
  let lastItem: Range | null = null;
  let content = 0;
  let wordStart = -1;
  let hash = 0;
  let runCode = -1;
  let runStart = 0;
  let runCount = 0;
  let lineStart = 0;
  let lineSeen = false;
  let lineItem = false;
  for (let i = 0; i < text.length; ) {
    const code = text.charCodeAt(i);
    let codePoint = code;
    let step = 1;
    let kind = BMP_CLASSES[code];
    if ((code & 0xfc00) === 0xd800) {
      codePoint = codePointAt(text, i);
      step = codePoint > 0xffff ? 2 : 1;
      kind = classOf(codePoint);
    } else if (kind === 0) {
      kind = classOf(code);
    }
    if (kind & WORD) {
      if (wordStart < 0) {
        wordStart = i;
        hash = 0x811c9dc5 | 0;
      }
      hash = Math.imul(hash ^ (code < 128 ? (code >= 65 && code <= 90 ? code + 32 : code) : lower(code)), 0x01000193);
      if (step === 2) hash = Math.imul(hash ^ text.charCodeAt(i + 1), 0x01000193);
    } else if (wordStart >= 0) {
      words.word(wordStart, i, hash);
      wordStart = -1;
    }
    if (kind & (LETTER_OR_DIGIT | SPACE)) {
      if (runCode >= 0) {
        if (runCount >= JUNK_RUN) addRun(text, runStart, i, junk, ruleLine);
        runCode = -1;
      }
    } else {
      if (codePoint !== runCode) {
        if (runCode >= 0 && runCount >= JUNK_RUN) addRun(text, runStart, i, junk, ruleLine);
        runCode = codePoint;
        runStart = i;
        runCount = 0;
      }
      runCount++;
      if (codePoint === REPLACEMENT) junk.add(i, i + 1);
    }
    if (code === NEWLINE) {
      if (lineItem) {
        items++;
        if (endsSentence(text, i)) punctuatedItems++;
        lastItem = [lineStart, i];
      }
      lineStart = i + 1;
      lineSeen = lineItem = false;
    } else if (!lineSeen && !(kind & SPACE)) {
      lineSeen = true;
      if (code !== 0x23) {
        content++;
        lineItem = isListItem(text, i);
      }
    }
    i += step;
  }
  if (wordStart >= 0) words.word(wordStart, text.length, hash);
  if (runCode >= 0 && runCount >= JUNK_RUN) addRun(text, runStart, text.length, junk, ruleLine);
  if (lineItem) {
    items++;
    if (endsSentence(text, text.length)) punctuatedItems++;
    lastItem = [lineStart, text.length];
  }
  return {repetition: words.finish(), junk: junk.ranges, content, items, punctuatedItems, lastItem};
}

/**
 * The repetition check: a phrase of 1 to MAX_PHRASE words (runs of letters, digits and apostrophes, compared
 * lowercased) said 3 or more times in a row ("Description Description Description", "we can go we can go we can
 * go"). `longest` is the longest such stretch in words (0: the check does not fire); ranges cover each stretch.
 */
export function repetition(text: string): {longest: number; ranges: Range[]} {
  return scan(text).repetition;
}

/**
 * The junk check: runs of JUNK_RUN or more of one character that is not a letter, a digit or whitespace
 * ("______", "======", backslashes; markdown rule lines apart), and every U+FFFD (a character lost in decoding).
 */
export function junk(text: string): Range[] {
  return scan(text).junk;
}
