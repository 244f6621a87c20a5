// A run's own quality signal, decided once for the runs table, the charts and the overview: entity-set F1
// against its gold for an NER run, else ROUGE-L F1 against the reference its metrics.json names.
import type {RunSummary} from "./types.js";

export interface RunQuality {
  metric: "ner_f1_entity_set" | "rougeL_f1";
  /** The episode column that holds it. */
  column: "ner_f1_entity_set" | "rougeL";
  /** The reference or gold it is measured against. */
  reference: string;
  /** The run-level value (micro F1 for NER, the mean ROUGE-L for summaries); null when unknown. */
  value: number | null;
}

export function runQuality(run: RunSummary): RunQuality | null {
  if (run.ner)
    return {
      metric: "ner_f1_entity_set",
      column: "ner_f1_entity_set",
      reference: run.ner.reference,
      value: run.ner.entity_set?.f1 ?? null
    };
  if (run.reference)
    return {metric: "rougeL_f1", column: "rougeL", reference: run.reference.id, value: run.reference.rougeL_f1};
  return null;
}
