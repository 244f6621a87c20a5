// The mention view of NER scoring: what an overlap-mode scoring did with each gold and predicted mention,
// per label, and what a candidate gained or lost against the baseline. The view a reader checks mention F1 against.
import {goldScope, inGoldScope, matchOneToOne, mentionLabel, normalizeEntityText, type Entity} from "./ner.js";

export interface MatchedEntity {
  pred: Entity;
  gold: Entity;
  goldIndex: number;
}
export interface LabelDiff {
  matched: MatchedEntity[];
  missed: Entity[];
  extra: Entity[];
  outOfScope: Entity[];
}

/** Label -> what an overlap-mode scoring did with that label's gold and predicted mentions. */
export type EntityDiff = Record<string, LabelDiff>;

export function entityDiff(preds: Entity[], golds: Entity[]): EntityDiff {
  const byLabel = new Map<string, LabelDiff>();
  const diffOf = (entity: Entity) => {
    const label = mentionLabel(entity);
    let diff = byLabel.get(label);
    if (!diff) {
      diff = {matched: [], missed: [], extra: [], outOfScope: []};
      byLabel.set(label, diff);
    }
    return diff;
  };
  const scope = goldScope(golds);
  const scoped = preds.filter((pred) => inGoldScope(pred, scope));
  const {pairs, unmatchedPred} = matchOneToOne(scoped, golds, "overlap");
  const predOfGold = new Map(pairs.map(([p, g]) => [g, scoped[p]]));
  golds.forEach((gold, goldIndex) => {
    const pred = predOfGold.get(goldIndex);
    if (pred) diffOf(gold).matched.push({pred, gold, goldIndex});
    else diffOf(gold).missed.push(gold);
  });
  for (const p of unmatchedPred) diffOf(scoped[p]).extra.push(scoped[p]);
  for (const pred of preds) if (!inGoldScope(pred, scope)) diffOf(pred).outOfScope.push(pred);
  return Object.fromEntries(byLabel);
}

export interface GoldChange {
  goldIndex: number;
  gold: Entity;
}

/** An unmatched in-scope prediction, by label and normalizeEntityText of its text. */
export interface ExtraKey {
  label: string;
  text: string;
}

export interface DiffComparison {
  /** Gold mentions the candidate matches and the baseline does not. */
  gained: GoldChange[];
  /** Gold mentions the baseline matches and the candidate does not. */
  lost: GoldChange[];
  extrasGained: ExtraKey[];
  extrasLost: ExtraKey[];
}

function matchedGold(diff: EntityDiff): Map<number, Entity> {
  const matched = Object.values(diff).flatMap((label) => label.matched);
  return new Map(matched.map(({goldIndex, gold}) => [goldIndex, gold]));
}

function extraKeys(diff: EntityDiff): Map<string, ExtraKey> {
  const keys = new Map<string, ExtraKey>();
  for (const [label, {extra}] of Object.entries(diff)) {
    for (const entity of extra) {
      const key = {label, text: normalizeEntityText(entity.text)};
      keys.set(JSON.stringify([key.label, key.text]), key);
    }
  }
  return keys;
}

function onlyIn<K, V>(mine: Map<K, V>, theirs: Map<K, V>): [K, V][] {
  return [...mine].filter(([key]) => !theirs.has(key));
}

export function compareDiffs(baseline: EntityDiff, candidate: EntityDiff): DiffComparison {
  const [baselineGold, candidateGold] = [matchedGold(baseline), matchedGold(candidate)];
  const [baselineExtras, candidateExtras] = [extraKeys(baseline), extraKeys(candidate)];
  const changes = (entries: [number, Entity][]) =>
    entries.map(([goldIndex, gold]) => ({goldIndex, gold})).sort((a, b) => a.goldIndex - b.goldIndex);
  return {
    gained: changes(onlyIn(candidateGold, baselineGold)),
    lost: changes(onlyIn(baselineGold, candidateGold)),
    extrasGained: onlyIn(candidateExtras, baselineExtras).map(([, key]) => key),
    extrasLost: onlyIn(baselineExtras, candidateExtras).map(([, key]) => key)
  };
}
