// Per-episode measures of one output text, as the upstream scorer defines them (docs/rules.md, "What an
// episode measures").

// The scorer's lists (compute_intrinsic_metrics in scorer.py), word for word: a gate is what it counts.
export const BOILERPLATE_PHRASES = [
  "subscribe to our newsletter",
  "follow us on",
  "rate and review",
  "sponsor message",
  "advertisement",
  "this episode is brought to you by",
  "thanks to our sponsor"
];
/** Sponsor-like phrases the scorer does not count: a warning, never a gate. */
export const SPONSOR_LIKE_PHRASES = [
  "thanks for listening",
  "subscribe to",
  "brought to you by",
  "sponsored by",
  "visit our website",
  "promo code"
];

// Python's re with IGNORECASE on str is Unicode-aware: \b and \d follow Unicode letters and digits, \s Unicode spaces.
const PY_WORD = String.raw`[\p{L}\p{N}_]`;
const PY_SPACE = String.raw`[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
const boundary = (pattern: string) => `(?<!${PY_WORD})${pattern}`;
export const SPEAKER_LABEL_PATTERNS = [
  "Host:",
  "Guest:",
  String.raw`Speaker${PY_SPACE}+\p{Nd}+:`,
  "Interviewer:",
  "Interviewee:"
];
const SPEAKER_LABEL = new RegExp(SPEAKER_LABEL_PATTERNS.map(boundary).join("|"), "iu");
const END_MARKERS = ["...", "…", "[TRUNCATED]", "[CUT OFF]"];
const TRUNCATION_RATIO = 0.01;

/** Characters as Python's len() counts them (code points), not UTF-16 units: emoji count once. */
export function charCount(text: string): number {
  let pairs = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) pairs++;
  }
  return text.length - pairs;
}

/** The scorer's token estimate: a quarter of the characters, rounded down. */
export function estimateTokens(text: string): number {
  return Math.floor(charCount(text) / 4);
}

/** Python's truthiness, which the scorer's `a or b` chains rely on. */
function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === "object") return Object.keys(value).length > 0;
  return Boolean(value);
}

/**
 * The scorer's summary: `output.summary_final or output.summary_long or output (a string)`: the first truthy
 * one, and only when it is a string. An empty summary_final falls through to summary_long, as in Python.
 */
export function outputText(output: unknown): string | null {
  if (typeof output === "string") return output;
  if (!output || typeof output !== "object" || Array.isArray(output)) return null;
  const o = output as Record<string, unknown>;
  const chosen = [o.summary_final, o.summary_long].find(truthy);
  if (chosen !== undefined) return typeof chosen === "string" ? chosen : null;
  // Nothing truthy: an empty string still says "this run wrote no text" (a failed episode).
  return typeof o.summary_final === "string"
    ? o.summary_final
    : typeof o.summary_long === "string"
      ? o.summary_long
      : null;
}

export function hasBoilerplate(text: string): boolean {
  const lower = text.toLowerCase();
  return BOILERPLATE_PHRASES.some((phrase) => lower.includes(phrase));
}

/** Sponsor-like phrases outside the scorer's list (a warning); a text that is a gate hit is not also warned about. */
export function hasSponsorLike(text: string): boolean {
  const lower = text.toLowerCase();
  return !hasBoilerplate(text) && SPONSOR_LIKE_PHRASES.some((phrase) => lower.includes(phrase));
}

export function hasSpeakerLabel(text: string): boolean {
  return SPEAKER_LABEL.test(text);
}

/** Gate hits kept per gate for the drill-down to mark; whether a gate fires never depends on this. */
export const MAX_GATE_HITS = 100;
const SPEAKER_LABELS = new RegExp(SPEAKER_LABEL.source, "giu");
const BOILERPLATE = new RegExp(
  BOILERPLATE_PHRASES.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"),
  "giu"
);

function hitsOf(pattern: RegExp, text: string): [number, number][] {
  const hits: [number, number][] = [];
  for (const match of text.matchAll(pattern)) {
    hits.push([match.index, match.index + match[0].length]);
    if (hits.length >= MAX_GATE_HITS) break;
  }
  return hits;
}

/**
 * Where the speaker-label and boilerplate gates fire, as [start, end) offsets into the text (the scorer's
 * patterns, in any case); null when neither does.
 */
export function gateHits(text: string): {speaker_label: [number, number][]; boilerplate: [number, number][]} | null {
  const speaker_label = hitsOf(SPEAKER_LABELS, text);
  const boilerplate = hitsOf(BOILERPLATE, text);
  return speaker_label.length || boilerplate.length ? {speaker_label, boilerplate} : null;
}

/**
 * The scorer's rule: with both lengths known and above 0, truncated when output/input < 1%; otherwise (and only
 * then) when the text ends with a marker. Output length is metadata.output_length_chars when given, else the text's.
 */
export function isTruncated(text: string, inputChars: number | null, outputChars: number | null = null): boolean {
  const output = outputChars ?? charCount(text);
  if (inputChars !== null && inputChars > 0 && output > 0) return output / inputChars < TRUNCATION_RATIO;
  const end = text.trimEnd();
  return END_MARKERS.some((marker) => end.endsWith(marker));
}

// A word is a run of letters, digits and apostrophes (/[\p{L}\p{N}']+/u, lowercased). Scanned by hand:
// the regex with the u flag costs several times more per text, and every output is scanned.
const WORD_CHAR = /[\p{L}\p{N}']/u;
const ASCII_WORD_CHAR = Uint8Array.from({length: 128}, (_, code) =>
  WORD_CHAR.test(String.fromCharCode(code)) ? 1 : 0
);
const otherWordChar = new Map<number, boolean>();

function isWordChar(codePoint: number): boolean {
  if (codePoint < 128) return ASCII_WORD_CHAR[codePoint] === 1;
  let word = otherWordChar.get(codePoint);
  if (word === undefined) {
    word = WORD_CHAR.test(String.fromCodePoint(codePoint));
    otherWordChar.set(codePoint, word);
  }
  return word;
}

/** Words as small integers, local to one text: repetition measures compare numbers, not strings. */
export function wordIds(text: string): Int32Array {
  const lower = text.toLowerCase();
  const seen = new Map<string, number>();
  const ids: number[] = [];
  let start = -1;
  for (let i = 0; i <= lower.length; ) {
    const codePoint = i < lower.length ? lower.codePointAt(i)! : 0x20;
    if (isWordChar(codePoint)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const word = lower.slice(start, i);
      let id = seen.get(word);
      if (id === undefined) {
        id = seen.size;
        seen.set(word, id);
      }
      ids.push(id);
      start = -1;
    }
    i += codePoint > 0xffff ? 2 : 1;
  }
  return Int32Array.from(ids);
}

/** Share of word 3-grams that repeat an earlier one: 0 for varied text, near 1 for a loop. */
export function repetitionShare(ids: Int32Array): number | null {
  const total = ids.length - 2;
  if (total <= 0) return null;
  // Ids are below ids.length, so a base of ids.length keeps 3-gram keys exact while below 2^53.
  const base = ids.length;
  const exact = base ** 3 < Number.MAX_SAFE_INTEGER;
  const seen = new Set<number | string>();
  for (let i = 0; i < total; i++) {
    seen.add(exact ? (ids[i] * base + ids[i + 1]) * base + ids[i + 2] : `${ids[i]},${ids[i + 1]},${ids[i + 2]}`);
  }
  return (total - seen.size) / total;
}
