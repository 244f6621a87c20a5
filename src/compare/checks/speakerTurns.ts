// The speaker-turns check: a label such as "B:" or "SPEAKER_1:" opening a turn, walked from colon to colon.
import {classOf, codePointBefore, isDigit, isSpace, isTerminal, LETTER_OR_DIGIT, NEWLINE, width} from "./characters.js";
import {collector, type Range} from "./ranges.js";

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
