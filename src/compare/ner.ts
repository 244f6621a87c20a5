// NER scoring as podcast_scraper's ner_scorer.py computes it: predictions are first limited to the
// gold's scope, then matched one to one against the gold mentions (exact or overlapping spans), and
// separately compared as sets of normalized texts per label. Float operations follow the Python order
// so that precision, recall and F1 equal the values stored in metrics.json bit for bit.

export interface Entity {
  start: number;
  end: number;
  text: string;
  label: string | null;
}

export type MatchMode = "exact" | "overlap";
export type ScoreMode = "mention_exact" | "mention_overlap" | "entity_set";
export const SCORE_MODES: readonly ScoreMode[] = ["mention_exact", "mention_overlap", "entity_set"];

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export type LabelCounts = Record<string, Counts>;
export interface ModeCounts {
  counts: Counts;
  perLabel: LabelCounts;
}

export interface EpisodeScore extends Record<ScoreMode, ModeCounts> {
  predicted: number;
  inScope: number;
  gold: number;
}

export interface Summary extends Counts {
  precision: number;
  recall: number;
  f1: number;
  per_label_f1: Record<string, number>;
}

export interface RunScore extends Record<ScoreMode, Summary> {
  episodes_scored: number;
}

export interface Matching {
  /** [prediction index, gold index] in the order the greedy pass assigned them. */
  pairs: [number, number][];
  matchedPred: number[];
  matchedGold: number[];
  unmatchedPred: number[];
}

export interface GoldScope {
  person: Set<string>;
  org: Set<string>;
}

// Python's str.isspace() set: unlike JS trim() it includes \x1c-\x1f and \x85, and excludes \ufeff.
// biome-ignore lint/suspicious/noControlCharactersInRegex: those control characters are whitespace to Python
const PYTHON_SPACE = /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const TRAILING_PUNCTUATION = ":,.;!?";
// int() of a string: surrounding whitespace, a sign, and single underscores between digits are allowed.
const PYTHON_INT = /^[+-]?\d+(?:_\d+)*$/;
// Python's .get("label", "UNKNOWN") for mentions and .get("label", "") for entity sets.
const UNKNOWN_MENTION_LABEL = "UNKNOWN";
const UNKNOWN_SET_LABEL = "";

const isPythonSpace = (char: string) => PYTHON_SPACE.test(char);

export function pythonStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text[start])) start++;
  while (end > start && isPythonSpace(text[end - 1])) end--;
  return text.slice(start, end);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Python's int(value), or null where it would raise. */
function pythonInt(value: unknown): number | null {
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) + 0 : null;
  if (typeof value !== "string") return null;
  const digits = pythonStrip(value);
  return PYTHON_INT.test(digits) ? Number(digits.replaceAll("_", "")) + 0 : null;
}

/** An entity read as ner_scorer.py reads one; null for values it could not score (the caller reports them). */
export function toEntity(value: unknown): Entity | null {
  if (!isRecord(value)) return null;
  const start = "start" in value ? pythonInt(value.start) : 0;
  const end = "end" in value ? pythonInt(value.end) : 0;
  const text = "text" in value ? value.text : "";
  const label = value.label ?? null;
  if (start === null || end === null || typeof text !== "string") return null;
  if (label !== null && typeof label !== "string") return null;
  return {start, end, text, label};
}

export function normalizeEntityText(raw: string): string {
  let text = pythonStrip(raw);
  while (text && TRAILING_PUNCTUATION.includes(text.at(-1)!)) text = pythonStrip(text.slice(0, -1));
  return text.toLowerCase();
}

const scopeText = (text: string) => pythonStrip(text).toLowerCase();

export function goldScope(gold: Entity[]): GoldScope {
  const scope: GoldScope = {person: new Set(), org: new Set()};
  for (const entity of gold) {
    const text = scopeText(entity.text);
    if (!text) continue;
    if (entity.label === "PERSON") scope.person.add(text);
    else if (entity.label === "ORG") scope.org.add(text);
  }
  return scope;
}

export function inGoldScope(pred: Entity, scope: GoldScope): boolean {
  if (pred.label === "PERSON") return scope.person.has(scopeText(pred.text));
  if (pred.label === "ORG") return scope.org.has(scopeText(pred.text));
  return false;
}

const MATCHES: Record<MatchMode, (pred: Entity, gold: Entity) => boolean> = {
  exact: (pred, gold) => pred.label === gold.label && pred.start === gold.start && pred.end === gold.end,
  overlap: (pred, gold) => pred.label === gold.label && pred.start < gold.end && gold.start < pred.end
};

function matchQuality(pred: Entity, gold: Entity): number {
  const overlap = Math.max(0, Math.min(pred.end, gold.end) - Math.max(pred.start, gold.start));
  const predLength = pred.end - pred.start;
  const goldLength = gold.end - gold.start;
  if (predLength === 0 || goldLength === 0) return 0;
  return (2 * overlap) / (predLength + goldLength);
}

export function matchOneToOne(preds: Entity[], golds: Entity[], mode: MatchMode): Matching {
  const matches = MATCHES[mode];
  const candidates: {pred: number; gold: number; quality: number}[] = [];
  for (const [p, pred] of preds.entries()) {
    for (const [g, gold] of golds.entries()) {
      if (matches(pred, gold)) candidates.push({pred: p, gold: g, quality: matchQuality(pred, gold)});
    }
  }
  // Array.prototype.sort is stable, like Python's list.sort(reverse=True): ties keep prediction-then-gold order.
  candidates.sort((a, b) => b.quality - a.quality);
  const matchedPred = new Set<number>();
  const matchedGold = new Set<number>();
  const pairs: [number, number][] = [];
  for (const {pred, gold} of candidates) {
    if (matchedPred.has(pred) || matchedGold.has(gold)) continue;
    matchedPred.add(pred);
    matchedGold.add(gold);
    pairs.push([pred, gold]);
  }
  const ascending = (indices: Set<number>) => [...indices].sort((a, b) => a - b);
  const unmatchedPred = preds.map((_, p) => p).filter((p) => !matchedPred.has(p));
  return {pairs, matchedPred: ascending(matchedPred), matchedGold: ascending(matchedGold), unmatchedPred};
}

const zeroCounts = (): Counts => ({tp: 0, fp: 0, fn: 0});

function addCounts(total: Counts, more: Counts): void {
  total.tp += more.tp;
  total.fp += more.fp;
  total.fn += more.fn;
}

// Maps keep labels such as "__proto__" ordinary keys; Object.fromEntries defines them as own properties.
function countsOf(perLabel: Map<string, Counts>, label: string): Counts {
  let counts = perLabel.get(label);
  if (!counts) {
    counts = zeroCounts();
    perLabel.set(label, counts);
  }
  return counts;
}

export const mentionLabel = (entity: Entity) => entity.label ?? UNKNOWN_MENTION_LABEL;

function mentionCounts(scoped: Entity[], golds: Entity[], mode: MatchMode): ModeCounts {
  const {matchedPred, matchedGold, unmatchedPred} = matchOneToOne(scoped, golds, mode);
  const perLabel = new Map<string, Counts>();
  for (const p of matchedPred) countsOf(perLabel, mentionLabel(scoped[p])).tp++;
  for (const p of unmatchedPred) countsOf(perLabel, mentionLabel(scoped[p])).fp++;
  const matched = new Set(matchedGold);
  golds.forEach((gold, g) => {
    if (!matched.has(g)) countsOf(perLabel, mentionLabel(gold)).fn++;
  });
  const counts = {tp: matchedPred.length, fp: unmatchedPred.length, fn: golds.length - matchedGold.length};
  return {counts, perLabel: Object.fromEntries(perLabel)};
}

/** Normalized entity texts per label (empty texts dropped), as entity-set scoring compares them. */
export function textSetsByLabel(entities: Entity[]): Map<string, Set<string>> {
  const sets = new Map<string, Set<string>>();
  for (const entity of entities) {
    const text = normalizeEntityText(entity.text);
    if (!text) continue;
    const label = entity.label ?? UNKNOWN_SET_LABEL;
    sets.set(label, (sets.get(label) ?? new Set()).add(text));
  }
  return sets;
}

const countIn = (texts: Set<string>, other: Set<string>, wanted: boolean) =>
  [...texts].filter((text) => other.has(text) === wanted).length;

// Python iterates a set of labels here, so its per-label key order varies from run to run; values do not.
function entitySetCounts(scoped: Entity[], golds: Entity[]): ModeCounts {
  const goldSets = textSetsByLabel(golds);
  const predSets = textSetsByLabel(scoped);
  const counts = zeroCounts();
  const perLabel = new Map<string, Counts>();
  for (const label of new Set([...goldSets.keys(), ...predSets.keys()])) {
    const gold = goldSets.get(label) ?? new Set<string>();
    const pred = predSets.get(label) ?? new Set<string>();
    const labelCounts = {tp: countIn(gold, pred, true), fp: countIn(pred, gold, false), fn: countIn(gold, pred, false)};
    addCounts(counts, labelCounts);
    perLabel.set(label, labelCounts);
  }
  return {counts, perLabel: Object.fromEntries(perLabel)};
}

/** One episode's contribution to each of the three totals. */
export function scoreEpisode(preds: Entity[], golds: Entity[]): EpisodeScore {
  const scope = goldScope(golds);
  const scoped = preds.filter((pred) => inGoldScope(pred, scope));
  return {
    mention_exact: mentionCounts(scoped, golds, "exact"),
    mention_overlap: mentionCounts(scoped, golds, "overlap"),
    entity_set: entitySetCounts(scoped, golds),
    predicted: preds.length,
    inScope: scoped.length,
    gold: golds.length
  };
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

function f1Of({tp, fp, fn}: Counts): {precision: number; recall: number; f1: number} {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return {precision, recall, f1};
}

export function summarize(counts: Counts, perLabel: LabelCounts): Summary {
  const per_label_f1 = Object.fromEntries(Object.entries(perLabel).map(([label, c]) => [label, f1Of(c).f1]));
  return {...counts, ...f1Of(counts), per_label_f1};
}

function totalSummary(scores: EpisodeScore[], mode: ScoreMode): Summary {
  const counts = zeroCounts();
  const perLabel = new Map<string, Counts>();
  for (const score of scores) {
    addCounts(counts, score[mode].counts);
    for (const [label, labelCounts] of Object.entries(score[mode].perLabel))
      addCounts(countsOf(perLabel, label), labelCounts);
  }
  return summarize(counts, Object.fromEntries(perLabel));
}

/** Micro totals over already scored episodes; every episode counts, as every scored prediction row does in Python. */
export function summarizeEpisodes(scores: EpisodeScore[]): RunScore {
  return {
    mention_exact: totalSummary(scores, "mention_exact"),
    mention_overlap: totalSummary(scores, "mention_overlap"),
    entity_set: totalSummary(scores, "entity_set"),
    episodes_scored: scores.length
  };
}

export function scoreRun(episodes: {preds: Entity[]; golds: Entity[]}[]): RunScore {
  return summarizeEpisodes(episodes.map(({preds, golds}) => scoreEpisode(preds, golds)));
}

export function episodeF1(result: EpisodeScore, mode: ScoreMode): number {
  return f1Of(result[mode].counts).f1;
}
