// This project's own output checks, beside the scorer's gates (docs/rules.md, "Output checks"): pure functions of
// one output's text that say whether each check fires and where (character ranges, for the drill-down to mark).
// Each is linear in the text: one pass shared by words, junk runs and lines, a walk from colon to colon for speaker
// labels, and a read of the end for cut-off; no regex here can backtrack far.

/** [start, end): UTF-16 offsets into the text, as String.prototype.slice takes them. */
export type Range = [start: number, end: number];
export type OutputFormat = "prose" | "bullets" | "json" | "broken_json";

/** Ranges kept per check, far more than a drill-down marks; whether a check fires never depends on this. */
export const MAX_RANGES = 1000;
/** A run of this many of one symbol is junk. */
export const JUNK_RUN = 6;
/** Phrases of 1 to MAX_PHRASE words said 3 or more times in a row are repetition. */
export const MAX_PHRASE = 5;
/** An output at this share of its final stage's token cap is at the cap. */
export const CAP_SHARE = 0.9;
/** Estimated tokens above this multiple of the cap: the cap counts another model's tokens (unknown). */
export const CAP_MISMATCH = 1.6;
/** At the cap, a final sentence of at most this many words is a fragment. */
export const FRAGMENT_WORDS = 3;
/** The cut-off check reads a final sentence up to this long: its range marks at most this much of the end. */
export const MAX_SENTENCE = 10_000;

// --- characters -------------------------------------------------------------------------------------------------

// Classes of a code point, as bits; looked up in a table filled on first use (every check reads every character).
const WORD = 1; // a letter, digit or apostrophe: what words are made of (docs/rules.md, "Repetition")
const LETTER_OR_DIGIT = 2;
const SPACE = 4;
const PICTOGRAPH = 8; // emoji and their joiners, which may follow a sentence's end
const TERMINAL = 16; // . ! ? … and their CJK forms: a sentence's end
const CLOSER = 32; // what may follow a sentence's end: closing quotes and brackets, markdown emphasis
const KNOWN = 128;
const TERMINALS = ".!?…。！？";
const CLOSERS = "\"'”’»›)]}*_`";
const BMP_CLASSES = new Uint8Array(0x10000);
const ASTRAL_CLASSES = new Map<number, number>();

function classify(codePoint: number): number {
  const char = String.fromCodePoint(codePoint);
  return (
    KNOWN |
    (/[\p{L}\p{N}']/u.test(char) ? WORD : 0) |
    (/[\p{L}\p{N}]/u.test(char) ? LETTER_OR_DIGIT : 0) |
    (/\s/u.test(char) ? SPACE : 0) |
    (/\p{Extended_Pictographic}|\u200d|\ufe0f/u.test(char) ? PICTOGRAPH : 0) |
    (TERMINALS.includes(char) ? TERMINAL : 0) |
    (CLOSERS.includes(char) ? CLOSER : 0)
  );
}

function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    if (BMP_CLASSES[codePoint] === 0) BMP_CLASSES[codePoint] = classify(codePoint);
    return BMP_CLASSES[codePoint];
  }
  if (!ASTRAL_CLASSES.has(codePoint)) ASTRAL_CLASSES.set(codePoint, classify(codePoint));
  return ASTRAL_CLASSES.get(codePoint)!;
}

const isSpace = (code: number) => (classOf(code) & SPACE) !== 0;

/** The code point starting at `i`: a surrogate pair as one, a lone surrogate as itself. */
function codePointAt(text: string, i: number): number {
  const high = text.charCodeAt(i);
  if (high >= 0xd800 && high <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return high;
}

/** The code point ending just before `end`. */
function codePointBefore(text: string, end: number): number {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return low;
}

const width = (codePoint: number) => (codePoint > 0xffff ? 2 : 1);
const isDigit = (code: number) => code >= 48 && code <= 57;

const codes = (chars: string) => new Set([...chars].map((c) => c.codePointAt(0)!));
const REPLACEMENT = 0xfffd;
const NEWLINE = 0x0a;
const isTerminal = (codePoint: number) => (classOf(codePoint) & TERMINAL) !== 0;
const OPENING_QUOTES = codes("\"'“‘«‹");

/** A code unit lowercased on its own (ASCII by arithmetic, the rest by a table filled on first use). */
const LOWER = new Uint16Array(0x10000);
function lower(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (LOWER[code] === 0) LOWER[code] = String.fromCharCode(code).toLowerCase().charCodeAt(0);
  return LOWER[code];
}

/** Keeps ranges in text order, merging one that touches the last; `full` once MAX_RANGES are kept. */
class Collector {
  ranges: Range[] = [];
  get full() {
    return this.ranges.length >= MAX_RANGES;
  }
  add(start: number, end: number) {
    const last = this.ranges[this.ranges.length - 1];
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end);
    else if (this.ranges.length < MAX_RANGES) this.ranges.push([start, end]);
  }
}
const collector = () => new Collector();

// --- one pass: words, junk runs, lines ---------------------------------------------------------------------------

/** The last RING words seen (a power of two above MAX_PHRASE): enough to compare a word with the 5 before it. */
const RING = 8;

/**
 * Phrases said 3 or more times in a row, found as the words stream by: for each phrase length n, how many words
 * in a row have equalled the word n before. Words are compared by a 32-bit hash of their lowercased form and
 * length, so nothing but the last RING words is kept: a false repeat would take two collisions in a row.
 */
class Repeats {
  count = 0;
  longest = 0;
  stretches: Range[] = [];
  private hashes = new Int32Array(RING);
  private starts = new Int32Array(RING);
  private ends = new Int32Array(RING);
  /** Per phrase length n (index n): words in a row equal to the word n before, and where that stretch starts. */
  private runs = new Int32Array(MAX_PHRASE + 1);
  private runStarts = new Int32Array(MAX_PHRASE + 1);

  word(start: number, end: number, textHash: number) {
    const {hashes, starts, ends, runs} = this;
    const hash = Math.imul(textHash ^ (end - start), 0x01000193);
    const w = this.count++;
    const slot = w & (RING - 1);
    hashes[slot] = hash;
    starts[slot] = start;
    ends[slot] = end;
    for (let n = 1; n <= MAX_PHRASE && n <= w; n++) {
      const before = (w - n) & (RING - 1);
      if (hashes[before] === hash) {
        // The stretch starts n words before the first word that repeats.
        if (runs[n]++ === 0) this.runStarts[n] = starts[before];
      } else if (runs[n] > 0) {
        this.close(n, ends[(w - 1) & (RING - 1)]);
      }
    }
  }

  /** Ends phrase length n's run, the stretch ending at `end`: a repeat once it holds 3 copies (run >= 2n). */
  close(n: number, end: number) {
    const run = this.runs[n];
    this.runs[n] = 0;
    if (run < 2 * n) return;
    this.longest = Math.max(this.longest, run + n);
    this.stretches.push([this.runStarts[n], end]);
  }

  finish(): {longest: number; ranges: Range[]} {
    const last = this.ends[(this.count - 1) & (RING - 1)];
    for (let n = 1; n <= MAX_PHRASE; n++) if (this.runs[n] > 0) this.close(n, last);
    // Phrases of different lengths find overlapping stretches ("go go go go go go"): in text order, merged.
    this.stretches.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const out = collector();
    for (const [start, end] of this.stretches) out.add(start, end);
    return {longest: this.longest, ranges: out.ranges};
  }
}

/**
 * A line that is markdown structure, not junk: a table's delimiter row (`|---|:--:|`) or a thematic break made of
 * `-` or `*` alone. Underscores and `=` stay junk: broken outputs are made of those.
 */
function isMarkdownRule(line: string): boolean {
  const body = line.trim();
  if (body.includes("|")) return /^[|:\- \t]+$/.test(body) && body.includes("-");
  return /^(?:-[ \t]*){3,}$/.test(body) || /^(?:\*[ \t]*){3,}$/.test(body);
}

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

interface Scan {
  repetition: {longest: number; ranges: Range[]};
  junk: Range[];
  /** Lines that are neither blank nor headings. */
  content: number;
  /** The list items among them, how many end with terminal punctuation, and the last one: [start, end). */
  items: number;
  punctuatedItems: number;
  lastItem: Range | null;
}

/** The junk run [start, end) counts unless its line is markdown structure (each line judged once: `line` caches). */
function addRun(text: string, start: number, end: number, junk: Collector, line: {end: number; rule: boolean}) {
  if (start >= line.end) {
    const lineEnd = text.indexOf("\n", start);
    line.end = lineEnd < 0 ? text.length : lineEnd;
    line.rule = isMarkdownRule(text.slice(text.lastIndexOf("\n", start) + 1, line.end));
  }
  if (!line.rule) junk.add(start, end);
}

/**
 * One pass over the text, reading each character once: its words, its junk runs and its lines. The state lives
 * in locals, not in closures: V8 keeps locals in registers, captured variables in memory.
 */
function scan(text: string): Scan {
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

// --- repetition -------------------------------------------------------------------------------------------------

/**
 * The repetition check: a phrase of 1 to MAX_PHRASE words (runs of letters, digits and apostrophes, compared
 * lowercased) said 3 or more times in a row ("Description Description Description", "we can go we can go we can
 * go"). `longest` is the longest such stretch in words (0: the check does not fire); ranges cover each stretch.
 */
export function repetition(text: string): {longest: number; ranges: Range[]} {
  return scan(text).repetition;
}

// --- junk -------------------------------------------------------------------------------------------------------

/**
 * The junk check: runs of JUNK_RUN or more of one character that is not a letter, a digit or whitespace
 * ("______", "======", backslashes; markdown rule lines apart), and every U+FFFD (a character lost in decoding).
 */
export function junk(text: string): Range[] {
  return scan(text).junk;
}

// --- speaker turns ----------------------------------------------------------------------------------------------

const isCapital = (code: number) => code >= 65 && code <= 90;
const isLowercase = (code: number) => code >= 97 && code <= 122;

/** The start of the capitalized word a one-letter label at `label` is glued to ("IzzyB:"), or -1. */
function gluedWordStart(text: string, label: number): number {
  let start = label;
  while (start > 0 && isLowercase(text.charCodeAt(start - 1))) start--;
  return start < label && start > 0 && isCapital(text.charCodeAt(start - 1)) ? start - 1 : -1;
}

/** Where the speaker label ending with the colon at `colon` starts: "A", "Speaker A" or "SPEAKER_12"; or -1. */
function labelStart(text: string, colon: number): number {
  const before = text.charCodeAt(colon - 1);
  if (isCapital(before)) return text.startsWith("Speaker ", colon - 9) ? colon - 9 : colon - 1;
  if (!isDigit(before)) return -1;
  let start = colon - 1;
  while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
  return text.startsWith("SPEAKER_", start - 8) ? start - 8 : -1;
}

/**
 * A label at `at` opens a turn: it starts the text or a line, follows a sentence's end (whitespace, U+FFFD and
 * symbols such as quotes or a junk run may come between: "risk.B: What", "today. B: Right"), or follows a closing
 * bracket right away (a stage direction: "[Laughs]B: Thanks").
 */
function opensTurn(text: string, at: number): boolean {
  const before = at > 0 ? text.charCodeAt(at - 1) : -1;
  if (before === 0x29 || before === 0x5d) return true;
  for (let i = at; i > 0; ) {
    const codePoint = codePointBefore(text, i);
    if (codePoint === NEWLINE || codePoint === 0x0d || isTerminal(codePoint)) return true;
    if (classOf(codePoint) & LETTER_OR_DIGIT) return false;
    i -= width(codePoint);
  }
  return true;
}

/**
 * The speaker-turns check: one capital letter, SPEAKER_<digits> or Speaker <letter>, then ":" and whitespace,
 * opening a turn (see opensTurn); a one-letter label may be glued to a capitalized word that opens it ("IzzyB:",
 * a name the model ran into the label). Ranges cover each label and its colon.
 */
export function speakerTurns(text: string): Range[] {
  const out = collector();
  for (let colon = text.indexOf(":", 1); colon >= 0 && !out.full; colon = text.indexOf(":", colon + 1)) {
    if (colon + 1 >= text.length || !isSpace(text.charCodeAt(colon + 1))) continue;
    const start = labelStart(text, colon);
    if (start < 0) continue;
    // A one-letter label glued to a capitalized word opening the turn is a turn too: "nuance. IzzyA: What".
    const glued = start === colon - 1 ? gluedWordStart(text, start) : -1;
    if (opensTurn(text, glued >= 0 ? glued : start)) out.add(start, colon + 1);
  }
  return out.ranges;
}

// --- format -----------------------------------------------------------------------------------------------------

const JSON_FENCE = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/;

/** The JSON inside an output that looks like JSON (optionally fenced), or undefined when it is prose. */
function jsonBody(text: string): string | undefined {
  const fenced = JSON_FENCE.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  return body.startsWith("{") || body.startsWith("[") ? body : undefined;
}

export interface JsonOutput {
  /** Pretty-printed JSON when the output is JSON; null for prose and for JSON that does not parse. */
  pretty: string | null;
  /** Looks like JSON (optionally fenced) but does not parse. */
  invalid: boolean;
}

/** Pretty-printed JSON for outputs that are JSON, null for prose; `invalid`: looks like JSON, does not parse. */
export function parseJsonOutput(text: string): JsonOutput {
  const body = jsonBody(text);
  if (body === undefined) return {pretty: null, invalid: false};
  try {
    return {pretty: JSON.stringify(JSON.parse(body), null, 2), invalid: false};
  } catch {
    return {pretty: null, invalid: true};
  }
}

function formatOf(json: JsonOutput, layout: Pick<Scan, "content" | "items">): OutputFormat {
  if (json.invalid) return "broken_json";
  if (json.pretty !== null) return "json";
  return layout.items >= 2 && layout.items * 2 >= layout.content ? "bullets" : "prose";
}

/**
 * `json` (parses, fenced or not), `broken_json` (looks like JSON, does not parse), `bullets` (two or more list
 * items, making at least half of the lines that are neither blank nor headings) or `prose`.
 */
export function outputFormat(text: string, json: JsonOutput = parseJsonOutput(text)): OutputFormat {
  return formatOf(json, scan(text));
}

// --- cut off ----------------------------------------------------------------------------------------------------

const MARKUP_TAG = /^<\/?[A-Za-z][^<>]*>$/;
/** The longest markup tag set aside at a text's end. */
const MAX_TAG = 500;

/**
 * Where a text's content ends: trailing whitespace, closing quotes and brackets, markdown emphasis, emoji and
 * markup tags (`</p>`, an injected `<img ...>`, Pegasus's `<n>`) set aside.
 */
function contentEnd(text: string, end: number): number {
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

/** The word ending at or before `end` (non-word characters skipped), as [start, end); null when there is none. */
function wordBefore(text: string, end: number, floor = 0): Range | null {
  while (end > floor && !(classOf(codePointBefore(text, end)) & WORD)) end -= width(codePointBefore(text, end));
  if (end <= floor) return null;
  let start = end;
  while (start > floor && classOf(codePointBefore(text, start)) & WORD) start -= width(codePointBefore(text, start));
  return [start, end];
}

/**
 * Where the sentence holding `end` starts: after the previous sentence end and a blank or closer, or a line start;
 * looked for over the last MAX_SENTENCE characters only (a text without a sentence end is not read twice).
 */
function sentenceStart(text: string, end: number): number {
  const floor = Math.max(0, end - MAX_SENTENCE);
  let start = end;
  while (start > floor) {
    const code = text.charCodeAt(start - 1);
    if (code === NEWLINE) break;
    const next = text.charCodeAt(start);
    if (isTerminal(code) && start < end && classOf(next) & (SPACE | CLOSER)) break;
    start--;
  }
  while (start < end && classOf(text.charCodeAt(start)) & (SPACE | CLOSER)) start++;
  return start;
}

const wordSet = (...lists: string[]) => new Set(lists.join(" ").split(" "));
const NONE = new Set<string>();
const DETERMINERS = "a an the this that your their our his her my its";
const AUXILIARIES = "do does did can could will would shall should may might must am is are was were have has had";
/** Subjects an auxiliary may end a sentence after: "it is what it is", "as is", "do what you can". */
const SUBJECTS = "it i you we they he she there who what that this one as";

/**
 * Words that almost never end an English sentence, each with the words that, right before it, make an ending after
 * all: "so do I", "more than we"; "it is what it is"; "free will", "a tin can"; "for a while". Object pronouns,
 * "so" and prepositions end real sentences and are not here; nor is "won", the past of "win" ("we won").
 */
const NON_FINAL = new Map<string, Set<string>>();
for (const [list, unless] of [
  ["the a an", NONE],
  ["and but or because when if than", NONE],
  ["while", wordSet(DETERMINERS)],
  ["i we they he she", wordSet("than as", AUXILIARIES)],
  ["is are was were", wordSet(SUBJECTS)],
  ["can will", wordSet(SUBJECTS, DETERMINERS, "free own tin trash")],
  ["don isn doesn", NONE]
] as const) {
  for (const word of list.split(" ")) NON_FINAL.set(word, unless);
}

/** The sentence ending at `end` ends on a word that almost never ends one: that word's range, or null. */
function nonFinalWord(text: string, end: number): Range | null {
  const token = wordBefore(text, end);
  if (!token) return null;
  // The word the sentence ends on (an apostrophe may close it: "don’."); "the “and”." names a word, not uses it.
  const closedBy = text.slice(token[1], end);
  if ((closedBy !== "" && closedBy !== "’") || OPENING_QUOTES.has(text.charCodeAt(token[0] - 1))) return null;
  const raw = text.slice(token[0], token[1]).replace(/^'+|'+$/g, "");
  const word = raw.toLowerCase();
  const unless = NON_FINAL.get(word);
  // "A" as a label ("Plan A", "vitamin A") is not the article.
  if (!unless || (word === "a" && raw !== "a")) return null;
  const previous = wordBefore(text, token[0]);
  if (previous && unless.has(text.slice(previous[0], previous[1]).toLowerCase())) return null;
  return token;
}

/** Words between `start` and `end`, counted up to `limit + 1`. */
function countWords(text: string, start: number, end: number, limit: number): number {
  let count = 0;
  for (let word = wordBefore(text, end, start); word && count <= limit; word = wordBefore(text, word[0], start)) {
    count++;
  }
  return count;
}

/** The text up to `end` ends with terminal punctuation, closing quotes and the like aside. */
function endsSentence(text: string, end: number): boolean {
  const stop = contentEnd(text, end);
  return stop > 0 && isTerminal(codePointBefore(text, stop));
}

/**
 * The cut-off check, on prose and bullets (null for JSON): the text ends inside a sentence. Its last character,
 * closing quotes and brackets aside, is not terminal punctuation (in a bulleted list, only when most other items
 * end with one); or it ends on a word that almost never ends a sentence ("... when conditions don."); or, at the
 * cap, its final sentence has at most FRAGMENT_WORDS words ("... Most mystery cre."). The range is the unfinished
 * tail. `layout` is the text's scan when the caller has it.
 */
export function cutOff(
  text: string,
  format: OutputFormat,
  atCap = false,
  layout?: Pick<Scan, "items" | "punctuatedItems" | "lastItem">
): Range[] | null {
  if (format === "json" || format === "broken_json") return null;
  const end = text.trimEnd().length;
  const stop = contentEnd(text, end);
  if (stop === 0) return [];
  if (!isTerminal(codePointBefore(text, stop))) {
    const lines = format === "bullets" ? (layout ?? scan(text)) : null;
    const inLastItem = lines?.lastItem != null && lines.lastItem[1] >= end;
    // The last item is unpunctuated; it is cut off only when most of the others are punctuated.
    if (!inLastItem || lines!.punctuatedItems * 2 > lines!.items - 1) return [[sentenceStart(text, stop), end]];
  }

  // The sentence's words end before its terminal punctuation, if any ("?!", "...").
  let body = stop;
  while (body > 0 && isTerminal(codePointBefore(text, body))) body -= width(codePointBefore(text, body));
  const word = nonFinalWord(text, body);
  if (word) return [[word[0], end]];
  if (atCap) {
    const from = sentenceStart(text, body);
    if (countWords(text, from, body, FRAGMENT_WORDS) <= FRAGMENT_WORDS) return [[from, end]];
  }
  return [];
}

// --- the cap ----------------------------------------------------------------------------------------------------

/**
 * Whether an output reaches CAP_SHARE of its final stage's token cap: in recorded tokens when the run records
 * them, else in estimated ones (then flagged). Estimated tokens above CAP_MISMATCH x the cap mean the cap counts
 * another tokenizer's tokens: unknown (null). Without a cap: unknown.
 */
export function capReach(
  recorded: number | null,
  estimated: number,
  cap: number | null
): {at_cap: boolean | null; estimated: boolean} {
  if (cap === null || !(cap > 0)) return {at_cap: null, estimated: false};
  if (recorded !== null) return {at_cap: recorded >= CAP_SHARE * cap, estimated: false};
  return {at_cap: estimated > CAP_MISMATCH * cap ? null : estimated >= CAP_SHARE * cap, estimated: true};
}

// --- all at once ------------------------------------------------------------------------------------------------

export interface OutputChecks {
  format: OutputFormat;
  speaker_turns: Range[];
  junk: Range[];
  repetition: {longest: number; ranges: Range[]};
  /** null where it does not apply (JSON outputs). */
  cut_off: Range[] | null;
}

/** Every check on one output text; `json` when the caller has parsed it already. */
export function checkOutput(
  text: string,
  {atCap = false, json}: {atCap?: boolean; json?: JsonOutput} = {}
): OutputChecks {
  const scanned = scan(text);
  const format = formatOf(json ?? parseJsonOutput(text), scanned);
  return {
    format,
    speaker_turns: speakerTurns(text),
    junk: scanned.junk,
    repetition: scanned.repetition,
    cut_off: cutOff(text, format, atCap, scanned)
  };
}

/** A check's verdict from its ranges: true when it fires, null where it does not apply. */
export const fires = (ranges: Range[] | null): boolean | null => (ranges === null ? null : ranges.length > 0);
