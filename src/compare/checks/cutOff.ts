// The cut-off check: an output that ends inside a sentence, read from its end backwards.
import {CLOSER, classOf, codePointBefore, codes, isTerminal, NEWLINE, SPACE, width, WORD} from "./characters.js";
import type {OutputFormat} from "./format.js";
import type {Range} from "./ranges.js";
import {scan, type Scan} from "./scan.js";
import {contentEnd} from "./sentenceEnd.js";

/** At the cap, a final sentence of at most this many words is a fragment. */
export const FRAGMENT_WORDS = 3;
/** The cut-off check reads a final sentence up to this long: its range marks at most this much of the end. */
export const MAX_SENTENCE = 10_000;

const OPENING_QUOTES = codes("\"'“‘«‹");

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
