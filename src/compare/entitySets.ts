// Entity-set scoring per label, entity by entity: which gold entities (normalized texts) a run found,
// missed, or added in the gold's scope. The view a reader checks entity-set F1 against.
import {goldScope, inGoldScope, textSetsByLabel, type Entity} from "./ner.js";

export interface EntitySetLabel {
  matched: string[];
  missed: string[];
  extra: string[];
}

export type EntitySetDiff = Record<string, EntitySetLabel>;

const sorted = (texts: Iterable<string>) => [...texts].sort();

/**
 * Per label: gold ∩ predicted, gold − predicted, predicted (in scope) − gold;
 * as ner_scorer's entity set counts them.
 */
export function entitySetDiff(preds: Entity[], golds: Entity[]): EntitySetDiff {
  const scope = goldScope(golds);
  const gold = textSetsByLabel(golds);
  const predicted = textSetsByLabel(preds.filter((pred) => inGoldScope(pred, scope)));
  const diff: EntitySetDiff = {};
  for (const label of new Set([...gold.keys(), ...predicted.keys()])) {
    const [g, p] = [gold.get(label) ?? new Set<string>(), predicted.get(label) ?? new Set<string>()];
    diff[label] = {
      matched: sorted([...g].filter((t) => p.has(t))),
      missed: sorted([...g].filter((t) => !p.has(t))),
      extra: sorted([...p].filter((t) => !g.has(t)))
    };
  }
  return diff;
}
