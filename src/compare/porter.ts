// Porter stemmer, a line-for-line port of NLTK's `PorterStemmer()` in its default
// NLTK_EXTENSIONS mode (nltk/stem/porter.py), which is what rouge-score uses with
// use_stemmer=True. Quirks of the Python code are kept on purpose, because matching
// stored ROUGE values needs the same stems, not better ones.
// Lengths and indices are UTF-16 code units; they equal Python's code points for
// any text without astral characters, which covers every token rouge-score stems.

type Condition = (stem: string) => boolean;
type Rule = readonly [suffix: string, replacement: string, condition: Condition | null];

// Marker suffix meaning "ends in a double consonant"; NLTK matches it literally too.
const DOUBLE_CONSONANT = "*d";

const IRREGULAR_FORMS: Readonly<Record<string, readonly string[]>> = {
  sky: ["sky", "skies"],
  die: ["dying"],
  lie: ["lying"],
  tie: ["tying"],
  news: ["news"],
  inning: ["innings", "inning"],
  outing: ["outings", "outing"],
  canning: ["cannings", "canning"],
  howe: ["howe"],
  proceed: ["proceed"],
  exceed: ["exceed"],
  succeed: ["succeed"]
};

const STEM_OF_IRREGULAR_FORM: ReadonlyMap<string, string> = new Map(
  Object.entries(IRREGULAR_FORMS).flatMap(([stem, forms]) => forms.map((form) => [form, stem] as const))
);

const VOWELS = new Set(["a", "e", "i", "o", "u"]);

// Iterative form of NLTK's recursive definition: "y" is a consonant at the start of
// the word or after a vowel, and a vowel after a consonant.
function isConsonant(word: string, index: number): boolean {
  let consonant = true;
  for (let i = 0; i <= index; i++) {
    const letter = word.charAt(i);
    if (VOWELS.has(letter)) consonant = false;
    else if (letter === "y") consonant = i === 0 ? true : !consonant;
    else consonant = true;
  }
  return consonant;
}

function consonantFlags(word: string): boolean[] {
  const flags: boolean[] = [];
  for (let i = 0; i < word.length; i++) {
    const letter = word.charAt(i);
    if (VOWELS.has(letter)) flags.push(false);
    else if (letter === "y") flags.push(i === 0 ? true : !flags[i - 1]);
    else flags.push(true);
  }
  return flags;
}

// Porter's m: the number of vowel-to-consonant transitions.
function measure(stem: string): number {
  const flags = consonantFlags(stem);
  let count = 0;
  for (let i = 0; i + 1 < flags.length; i++) {
    if (!flags[i] && flags[i + 1]) count++;
  }
  return count;
}

const hasPositiveMeasure: Condition = (stem) => measure(stem) > 0;
const hasMeasureAboveOne: Condition = (stem) => measure(stem) > 1;

function containsVowel(stem: string): boolean {
  return consonantFlags(stem).some((consonant) => !consonant);
}

function endsDoubleConsonant(word: string): boolean {
  const last = word.length - 1;
  return word.length >= 2 && word.charAt(last) === word.charAt(last - 1) && isConsonant(word, last);
}

// Porter's *o, plus NLTK's extension that also accepts a two-letter vowel-consonant stem.
function endsConsonantVowelConsonant(word: string): boolean {
  const n = word.length;
  if (n >= 3) {
    const last = word.charAt(n - 1);
    if (
      isConsonant(word, n - 3) &&
      !isConsonant(word, n - 2) &&
      isConsonant(word, n - 1) &&
      last !== "w" &&
      last !== "x" &&
      last !== "y"
    ) {
      return true;
    }
  }
  return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}

function withoutSuffix(word: string, suffix: string): string {
  return word.slice(0, word.length - suffix.length);
}

// The first rule whose suffix matches decides: if its condition fails, later rules are not tried.
function applyFirstMatchingRule(word: string, rules: readonly Rule[]): string {
  for (const [suffix, replacement, condition] of rules) {
    if (suffix === DOUBLE_CONSONANT && endsDoubleConsonant(word)) {
      const stem = word.slice(0, word.length - 2);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
    if (word.endsWith(suffix)) {
      const stem = withoutSuffix(word, suffix);
      return condition === null || condition(stem) ? stem + replacement : word;
    }
  }
  return word;
}

function step1a(word: string): string {
  // NLTK: "dies" -> "die" while "flies" -> "fli".
  if (word.endsWith("ies") && word.length === 4) return withoutSuffix(word, "ies") + "ie";
  return applyFirstMatchingRule(word, [
    ["sses", "ss", null],
    ["ies", "i", null],
    ["ss", "ss", null],
    ["s", "", null]
  ]);
}

function step1b(word: string): string {
  // NLTK: "died" -> "die" while "spied" -> "spi".
  if (word.endsWith("ied")) return withoutSuffix(word, "ied") + (word.length === 4 ? "ie" : "i");

  if (word.endsWith("eed")) {
    const stem = withoutSuffix(word, "eed");
    return measure(stem) > 0 ? stem + "ee" : word;
  }

  let intermediateStem: string | null = null;
  for (const suffix of ["ed", "ing"]) {
    if (word.endsWith(suffix) && containsVowel(withoutSuffix(word, suffix))) {
      intermediateStem = withoutSuffix(word, suffix);
      break;
    }
  }
  if (intermediateStem === null) return word;

  const lastLetter = intermediateStem.charAt(intermediateStem.length - 1);
  return applyFirstMatchingRule(intermediateStem, [
    ["at", "ate", null],
    ["bl", "ble", null],
    ["iz", "ize", null],
    [DOUBLE_CONSONANT, lastLetter, () => lastLetter !== "l" && lastLetter !== "s" && lastLetter !== "z"],
    ["", "e", (stem) => measure(stem) === 1 && endsConsonantVowelConsonant(stem)]
  ]);
}

function step1c(word: string): string {
  // NLTK: y -> i only after a consonant and not for a one-letter stem ("sky" stays).
  return applyFirstMatchingRule(word, [["y", "i", (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}

function step2(word: string): string {
  // NLTK applies alli -> al before the other rules and then runs step 2 again.
  if (word.endsWith("alli") && hasPositiveMeasure(withoutSuffix(word, "alli"))) {
    return step2(withoutSuffix(word, "alli") + "al");
  }
  return applyFirstMatchingRule(word, [
    ["ational", "ate", hasPositiveMeasure],
    ["tional", "tion", hasPositiveMeasure],
    ["enci", "ence", hasPositiveMeasure],
    ["anci", "ance", hasPositiveMeasure],
    ["izer", "ize", hasPositiveMeasure],
    ["bli", "ble", hasPositiveMeasure],
    ["alli", "al", hasPositiveMeasure],
    ["entli", "ent", hasPositiveMeasure],
    ["eli", "e", hasPositiveMeasure],
    ["ousli", "ous", hasPositiveMeasure],
    ["ization", "ize", hasPositiveMeasure],
    ["ation", "ate", hasPositiveMeasure],
    ["ator", "ate", hasPositiveMeasure],
    ["alism", "al", hasPositiveMeasure],
    ["iveness", "ive", hasPositiveMeasure],
    ["fulness", "ful", hasPositiveMeasure],
    ["ousness", "ous", hasPositiveMeasure],
    ["aliti", "al", hasPositiveMeasure],
    ["iviti", "ive", hasPositiveMeasure],
    ["biliti", "ble", hasPositiveMeasure],
    ["fulli", "ful", hasPositiveMeasure],
    // NLTK measures the stem with its "l", so short stems such as "geo" qualify.
    ["logi", "log", () => hasPositiveMeasure(word.slice(0, word.length - 3))]
  ]);
}

function step3(word: string): string {
  return applyFirstMatchingRule(word, [
    ["icate", "ic", hasPositiveMeasure],
    ["ative", "", hasPositiveMeasure],
    ["alize", "al", hasPositiveMeasure],
    ["iciti", "ic", hasPositiveMeasure],
    ["ical", "ic", hasPositiveMeasure],
    ["ful", "", hasPositiveMeasure],
    ["ness", "", hasPositiveMeasure]
  ]);
}

function step4(word: string): string {
  return applyFirstMatchingRule(word, [
    ["al", "", hasMeasureAboveOne],
    ["ance", "", hasMeasureAboveOne],
    ["ence", "", hasMeasureAboveOne],
    ["er", "", hasMeasureAboveOne],
    ["ic", "", hasMeasureAboveOne],
    ["able", "", hasMeasureAboveOne],
    ["ible", "", hasMeasureAboveOne],
    ["ant", "", hasMeasureAboveOne],
    ["ement", "", hasMeasureAboveOne],
    ["ment", "", hasMeasureAboveOne],
    ["ent", "", hasMeasureAboveOne],
    ["ion", "", (stem) => measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))],
    ["ou", "", hasMeasureAboveOne],
    ["ism", "", hasMeasureAboveOne],
    ["ate", "", hasMeasureAboveOne],
    ["iti", "", hasMeasureAboveOne],
    ["ous", "", hasMeasureAboveOne],
    ["ive", "", hasMeasureAboveOne],
    ["ize", "", hasMeasureAboveOne]
  ]);
}

// Both e-removal conditions are tried, unlike the first-match rule lists.
function step5a(word: string): string {
  if (!word.endsWith("e")) return word;
  const stem = withoutSuffix(word, "e");
  const m = measure(stem);
  if (m > 1) return stem;
  if (m === 1 && !endsConsonantVowelConsonant(stem)) return stem;
  return word;
}

function step5b(word: string): string {
  return applyFirstMatchingRule(word, [["ll", "l", () => measure(word.slice(0, word.length - 1)) > 1]]);
}

export function porterStem(word: string): string {
  const lowered = word.toLowerCase();
  // NLTK looks the irregular form up before lowercasing, so "Sky" is stemmed normally.
  const irregularStem = STEM_OF_IRREGULAR_FORM.get(word);
  if (irregularStem !== undefined) return irregularStem;
  if (word.length <= 2) return lowered;

  let stem = lowered;
  stem = step1a(stem);
  stem = step1b(stem);
  stem = step1c(stem);
  stem = step2(stem);
  stem = step3(stem);
  stem = step4(stem);
  stem = step5a(stem);
  stem = step5b(stem);
  return stem;
}
