// Code point classes and reads (words, spaces, sentence ends, closers) that every output check shares.

// Classes of a code point, as bits; looked up in a table filled on first use (every check reads every character).
export const WORD = 1; // a letter, digit or apostrophe: what words are made of (docs/rules.md, "Repetition")
export const LETTER_OR_DIGIT = 2;
export const SPACE = 4;
export const PICTOGRAPH = 8; // emoji and their joiners, which may follow a sentence's end
export const TERMINAL = 16; // . ! ? … and their CJK forms: a sentence's end
export const CLOSER = 32; // what may follow a sentence's end: closing quotes and brackets, markdown emphasis
const KNOWN = 128;
const TERMINALS = ".!?…。！？";
const CLOSERS = "\"'”’»›)]}*_`";
export const BMP_CLASSES = new Uint8Array(0x10000);
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

export function classOf(codePoint: number): number {
  if (codePoint < 0x10000) {
    if (BMP_CLASSES[codePoint] === 0) BMP_CLASSES[codePoint] = classify(codePoint);
    return BMP_CLASSES[codePoint];
  }
  if (!ASTRAL_CLASSES.has(codePoint)) ASTRAL_CLASSES.set(codePoint, classify(codePoint));
  return ASTRAL_CLASSES.get(codePoint)!;
}

export const isSpace = (code: number) => (classOf(code) & SPACE) !== 0;

/** The code point starting at `i`: a surrogate pair as one, a lone surrogate as itself. */
export function codePointAt(text: string, i: number): number {
  const high = text.charCodeAt(i);
  if (high >= 0xd800 && high <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return high;
}

/** The code point ending just before `end`. */
export function codePointBefore(text: string, end: number): number {
  const low = text.charCodeAt(end - 1);
  if (low >= 0xdc00 && low <= 0xdfff && end >= 2) {
    const high = text.charCodeAt(end - 2);
    if (high >= 0xd800 && high <= 0xdbff) return ((high - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
  }
  return low;
}

export const width = (codePoint: number) => (codePoint > 0xffff ? 2 : 1);
export const isDigit = (code: number) => code >= 48 && code <= 57;

export const codes = (chars: string) => new Set([...chars].map((c) => c.codePointAt(0)!));
export const REPLACEMENT = 0xfffd;
export const NEWLINE = 0x0a;
export const isTerminal = (codePoint: number) => (classOf(codePoint) & TERMINAL) !== 0;

/** A code unit lowercased on its own (ASCII by arithmetic, the rest by a table filled on first use). */
const LOWER = new Uint16Array(0x10000);
export function lower(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  if (LOWER[code] === 0) LOWER[code] = String.fromCharCode(code).toLowerCase().charCodeAt(0);
  return LOWER[code];
}
