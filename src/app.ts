// Everything src/index.md imports, bundled into src/bundle/app.js by scripts/bundle.mjs.
export {html} from "htl";
export {textShard, textKey} from "./compare/shards.js";
export {rowsFromColumns} from "./compare/columns.js";
export {rowsByRun} from "./compare/align.js";
export {compareRuns} from "./compare/report.js";
export {selectionFromQuery, selectionToQuery} from "./compare/selection.js";
export {RunCatalog} from "./components/runCatalog.js";
export {KindFilter, SearchBox, Toggle, RunSelect} from "./components/controls.js";
export {VerdictLines} from "./components/verdictLines.js";
export {KpiTiles} from "./components/kpiTiles.js";
export {DeltaTable} from "./components/deltaTable.js";
export {TokenDistribution, LatencyScatter, MapReduceChart, RougeChart} from "./components/charts.js";
export {EpisodeList, filterEpisodes, PAGE_SIZE} from "./components/episodeList.js";
export {Drilldown} from "./components/drilldown.js";
export {TreeProblems} from "./components/treeProblems.js";
