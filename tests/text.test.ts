// Per-episode measures of one output, each checked on a text small enough to count by hand.
import {describe, expect, it} from "vitest";
import {parseJsonOutput, repetition, speakerTurns} from "../src/compare/checks/index.js";
import {
  charCount,
  estimateTokens,
  BOILERPLATE_PHRASES,
  hasBoilerplate,
  hasSponsorLike,
  hasSpeakerLabel,
  isTruncated,
  outputText,
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

describe("gates, exactly as the scorer's compute_intrinsic_metrics", () => {
  it("takes the scorer's summary: the first truthy of summary_final and summary_long, and only a string", () => {
    expect(outputText({summary_final: "", summary_long: "long"})).toBe("long");
    expect(outputText({summary_final: 5, summary_long: "long"})).toBeNull();
    expect(outputText({summary_final: ""})).toBe("");
  });

  // Expected values are what Python's re.search(pattern, text, re.IGNORECASE) returns for the scorer's
  // five patterns (run with python3 on these strings): Unicode word boundaries, digits and spaces.
  const PYTHON_SPEAKER_LABEL: [string, boolean][] = [
    ["Host: hi", true],
    ["the host: said", true],
    ["xHost: no", false],
    ["éHost: no", false],
    ["_Host: no", false],
    ["9Host: no", false],
    ["HOST:", true],
    ["Speaker 2: yes", true],
    ["Speaker  12: yes", true],
    ["Speaker2: no", false],
    ["Speaker \u0663: arabic digit", true],
    ["Speaker\u00a01: nbsp", true],
    ["Speaker\u001c1: fs", true],
    ["Speaker\ufeff1: bom", false],
    ["(Guest: yes)", true],
    ["interviewee:", true],
    ["Interviewer :", false],
    ["ſpeaker 1: long s", true],
    ["Speaker 1 :", false],
    ["a-Host: yes", true],
    ["İHost: dotted", false],
    ["ǅHost: titlecase", false],
    ["\u0301Host: combining mark", true]
  ];
  it.each(PYTHON_SPEAKER_LABEL)("speaker label in %j: %s, as Python's re says", (text, expected) => {
    expect(hasSpeakerLabel(text)).toBe(expected);
  });

  it("matches speaker labels anywhere, not only at a line start; single letters are the speaker-turns check's", () => {
    expect(hasSpeakerLabel("In the intro the Host: welcomes everyone")).toBe(true);
    expect(hasSpeakerLabel("The host said hello")).toBe(false);
    expect(hasSpeakerLabel("A: welcome back")).toBe(false);
    expect(speakerTurns("A: welcome back")).toEqual([[0, 2]]);
  });

  it("counts the scorer's 7 boilerplate phrases and no others; other sponsor-like phrases are a warning", () => {
    expect(BOILERPLATE_PHRASES).toHaveLength(7);
    expect(hasBoilerplate("An ADVERTISEMENT ran mid-episode.")).toBe(true);
    expect(hasBoilerplate("This episode is brought to you by a bike shop.")).toBe(true);
    expect(hasBoilerplate("Please Rate and Review.")).toBe(true);
    // On the old list, not on the scorer's: not a gate, but said as a warning.
    expect(hasBoilerplate("Thanks for listening! Subscribe to the show.")).toBe(false);
    expect(hasSponsorLike("Thanks for listening! Subscribe to the show.")).toBe(true);
    expect(hasBoilerplate("Brought to you by Acme.")).toBe(false);
    expect(hasSponsorLike("A summary of trail building.")).toBe(false);
    expect(hasSponsorLike("Subscribe to our newsletter")).toBe(false); // a gate hit, not also a warning
  });

  it("calls an output truncated below 1% of the input, and by end marker only when a length is missing or 0", () => {
    expect(isTruncated("x".repeat(99), 10_000)).toBe(true);
    expect(isTruncated("x".repeat(100), 10_000)).toBe(false);
    expect(isTruncated("It ended mid-sentence...", null)).toBe(true);
    expect(isTruncated("It ended mid-sentence...", 0)).toBe(true);
    expect(isTruncated("It ended [TRUNCATED]", null)).toBe(true);
    expect(isTruncated("It ended well.", null)).toBe(false);
    // Both lengths known and the ratio fine: the marker is not looked at (the scorer's elif).
    expect(isTruncated("It ended mid-sentence...", 100)).toBe(false);
    // metadata.output_length_chars, when given, is the output length the ratio uses.
    expect(isTruncated("x".repeat(500), 10_000, 50)).toBe(true);
    expect(isTruncated("short...", 10_000, 0)).toBe(true);
  });
});

describe("JSON outputs", () => {
  it("pretty-prints JSON, fenced or not, and flags JSON that does not parse", () => {
    expect(parseJsonOutput('{"title":"T","bullets":["a"]}').pretty).toBe(
      '{\n  "title": "T",\n  "bullets": [\n    "a"\n  ]\n}'
    );
    expect(parseJsonOutput('```json\n{"a": 1}\n```').pretty).toBe('{\n  "a": 1\n}');
    expect(parseJsonOutput('{"a": 1,}')).toEqual({pretty: null, invalid: true});
    expect(parseJsonOutput("A paragraph about trails.")).toEqual({pretty: null, invalid: false});
  });
});

describe("repetition", () => {
  it("splits words as /[\\p{L}\\p{N}']+/u does on lowercased text, emoji, accents and CJK included", () => {
    const mixed = "Don't STOP: Grüße, naïve café — 東京 2024's 🚲🚲";
    const text = `${mixed} e\u0301t\u00e9 x\ud800y İstanbul  ΣΊΣΥΦΟΣ`;
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
    expect(repetition("the trail the trail the trail is long").longest).toBe(6);
    expect(repetition("that that is fine").longest).toBe(0);
    expect(repetition("go go go now").longest).toBe(3);
    expect(repetition("nothing repeats here").longest).toBe(0);
  });
});
