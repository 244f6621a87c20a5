// Per-episode measures of one output, each checked on a text small enough to count by hand.
import {describe, expect, it} from "vitest";
import {
  charCount,
  estimateTokens,
  hasBoilerplate,
  hasLetterSpeaker,
  hasSpeakerLabel,
  isTruncated,
  longestRepeat,
  outputText,
  parseJsonOutput,
  repetitionShare,
  wordIds
} from "../loaders/text.js";

describe("output text and token estimate", () => {
  it("takes summary_final, else summary_long, else a string output", () => {
    expect(outputText({summary_final: "a", summary_long: "b"})).toBe("a");
    expect(outputText({summary_long: "b"})).toBe("b");
    expect(outputText("plain")).toBe("plain");
    expect(outputText({entities: []})).toBeNull();
    expect(outputText(null)).toBeNull();
  });

  it("counts characters as Python does (an emoji is one) and rounds tokens down", () => {
    expect(charCount("trail 🚵 ride")).toBe(12);
    expect(estimateTokens("abcdefg")).toBe(1);
    expect(estimateTokens("abcdefgh")).toBe(2);
    expect(estimateTokens("🚵🚵🚵🚵")).toBe(1);
  });
});

describe("gates", () => {
  it("flags speaker labels the scorer counts, and single letters only as a warning", () => {
    expect(hasSpeakerLabel("Host: welcome back")).toBe(true);
    expect(hasSpeakerLabel("intro\nSpeaker 2: yes")).toBe(true);
    expect(hasSpeakerLabel("The host said hello")).toBe(false);
    expect(hasSpeakerLabel("A: welcome back")).toBe(false);
    expect(hasLetterSpeaker("A: welcome back")).toBe(true);
  });

  it("finds boilerplate phrases case-insensitively", () => {
    expect(hasBoilerplate("Thanks for listening! SUBSCRIBE TO the show")).toBe(true);
    expect(hasBoilerplate("A summary of trail building.")).toBe(false);
  });

  it("calls an output truncated below 1% of the input, or by end marker when lengths are unknown", () => {
    expect(isTruncated("x".repeat(99), 10_000)).toBe(true);
    expect(isTruncated("x".repeat(100), 10_000)).toBe(false);
    expect(isTruncated("It ended mid-sentence...", null)).toBe(true);
    expect(isTruncated("It ended [TRUNCATED]", null)).toBe(true);
    expect(isTruncated("It ended well.", null)).toBe(false);
    expect(isTruncated("It ended mid-sentence...", 100)).toBe(false);
  });
});

describe("JSON outputs", () => {
  it("pretty-prints JSON, fenced or not, and flags JSON that does not parse", () => {
    expect(parseJsonOutput('{"title":"T","bullets":["a"]}').pretty).toBe('{\n  "title": "T",\n  "bullets": [\n    "a"\n  ]\n}');
    expect(parseJsonOutput('```json\n{"a": 1}\n```').pretty).toBe('{\n  "a": 1\n}');
    expect(parseJsonOutput('{"a": 1,}')).toEqual({pretty: null, invalid: true});
    expect(parseJsonOutput("A paragraph about trails.")).toEqual({pretty: null, invalid: false});
  });
});

describe("repetition", () => {
  it("splits words as /[\\p{L}\\p{N}']+/u does on lowercased text, emoji, accents and CJK included", () => {
    const text = "Don't STOP: Grüße, naïve café — 東京 2024's 🚲🚲 e\u0301t\u00e9 x\ud800y İstanbul  ΣΊΣΥΦΟΣ";
    const regexWords = text.toLowerCase().match(/[\p{L}\p{N}']+/gu)!;
    const firstSeen = regexWords.map((word) => regexWords.indexOf(word));
    const ids = Array.from(wordIds(text));
    expect(ids.length).toBe(regexWords.length);
    // Same id exactly where the regex words are equal.
    expect(ids.map((id) => ids.indexOf(id))).toEqual(firstSeen);
  });

  it("is the share of word 3-grams that repeat an earlier one", () => {
    // "a b c a b c": 3-grams abc, bca, cab, abc -> 1 repeat of 4.
    expect(repetitionShare(wordIds("a b c a b c"))).toBe(0.25);
    expect(repetitionShare(wordIds("one two three four"))).toBe(0);
    expect(repetitionShare(wordIds("too short"))).toBeNull();
  });

  it("measures the longest phrase said three or more times in a row, in words", () => {
    expect(longestRepeat(wordIds("the trail the trail the trail is long"))).toBe(6);
    expect(longestRepeat(wordIds("that that is fine"))).toBe(0);
    expect(longestRepeat(wordIds("go go go now"))).toBe(3);
    expect(longestRepeat(wordIds("nothing repeats here"))).toBe(0);
  });
});
