// Everything src/index.md imports, bundled into src/bundle/app.js by scripts/bundle.mjs.
export {html} from "htl";
export {runFiles} from "./runFiles.js";
export {compareRuns} from "./compare/compare.js";
export {stateFromQuery, stateToQuery} from "./compare/selection.js";
export {tableRows} from "./compare/table.js";
export {runPalette} from "./components/colors.js";
export {SelectionBar} from "./components/selectionBar.js";
export {RunsTable} from "./components/runsTable.js";
export {TreeProblems} from "./components/treeProblems.js";
export {VerdictPanel} from "./components/verdictPanel.js";
export {VerdictRules} from "./components/verdictRules.js";
export {KpiTiles} from "./components/kpiTiles.js";
export {DeltaTable} from "./components/deltaTable.js";
export {DeltaMatrix} from "./components/deltaMatrix.js";
export {RunOverview} from "./components/runOverview.js";
export {TokenDistribution, LatencyScatter, MapReduceChart, QualityChart} from "./components/charts.js";
export {EpisodeTable, episodeRecords, PAGE_SIZE} from "./components/episodeTable.js";
export {Drilldown} from "./components/drilldown.js";
