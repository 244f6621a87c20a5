// A gold NER reference listed as a run of its own (kind reference, task ner_entities): one row per episode
// index.json lists, its gold entities as the drill-down's "reference" column.
import type {ArtifactState} from "../src/compare/types.js";
import type {DiscoveredRun} from "./discover.js";
import {blankRow} from "./episode.js";
import {KPI_SOURCES_NONE, NO_KPIS} from "./kpis.js";
import type {LoadedRun} from "./readRun.js";
import {datasetsOf, UNKNOWN_DATASET} from "./readRun.js";
import {goldOf} from "./score.js";

export async function readGoldRun(run: DiscoveredRun): Promise<LoadedRun> {
  const gold = await goldOf(run);
  const dataset = gold.datasetId ?? UNKNOWN_DATASET;
  const loaded = gold.listed.map((id) => ({id, episode: gold.episodes.get(id)}));
  const rows = loaded.map(({id, episode}) =>
    Object.assign(blankRow({dataset_id: episode?.datasetId ?? dataset, episode_id: id}), {
      failed: !episode,
      error: episode ? null : "gold episode file could not be read",
      input_hash: episode?.textFingerprint ?? null,
      ner_gold: episode ? episode.entities.length : null,
      ner_predicted: episode ? episode.entities.length : null
    })
  );
  const indexState: ArtifactState = gold.problems.some((p) => p.file === "index.json") ? "malformed" : "present";
  const ok = loaded.filter(({episode}) => episode).length;
  return {
    source: run,
    summary: {
      id: run.id,
      kind: run.kind,
      task: "ner_entities",
      dataset_id: gold.datasetId,
      datasets: datasetsOf(rows),
      archived: run.archived,
      time: null,
      time_source: null,
      artifacts: {"index.json": indexState},
      problems: [],
      problem_count: 0,
      warnings: [],
      warning_count: 0,
      episodes: gold.listed.length,
      kpis: {
        ...NO_KPIS,
        success_rate: gold.listed.length ? ok / gold.listed.length : null,
        failed: gold.listed.length - ok
      },
      kpi_sources: KPI_SOURCES_NONE,
      stored: {},
      recomputed: {},
      total_cost_usd: null,
      reference: null,
      ner: null,
      map_reduce: null,
      stage_caps: null,
      description: `gold NER entities for ${gold.listed.length} episodes`
    },
    problems: gold.problems,
    warnings: [],
    fingerprint: null,
    rows,
    texts: loaded.map(({episode}) => ({
      text: null,
      pretty: null,
      error: episode ? null : "gold episode file could not be read",
      chars: null,
      entities: episode ? episode.entities.map((e) => [e.start, e.end, e.label, e.text]) : null
    })),
    scoringTexts: rows.map(() => null),
    entities: loaded.map(({episode}) => episode?.entities ?? null),
    vsReference: {},
    unreadable: false
  };
}
