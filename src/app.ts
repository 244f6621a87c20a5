// Everything src/index.md imports, bundled into one module (src/bundle/app.js) by scripts/bundle.mjs rather than
// imported through Framework file by file: that fetched 142 modules before the page was ready instead of 10,
// and missed the page-ready budgets (1.26 s against 0.67 s on the fixtures); README, "Why one bundled module".
export {html} from "htl";
export {runFiles} from "./runFiles.js";
export {rememberingCompare} from "./compare/compare.js";
export {pageState} from "./page/state.js";
export {bindPageEvents, browserHistory, presentDrilldown} from "./page/browser.js";
export {episodeSides, runColors, selectionView} from "./page/data.js";
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
export {CandidatePicker} from "./components/candidatePicker.js";
export {EpisodeTable, markOpenEpisode, PAGE_SIZE} from "./components/episodeTable.js";
export {afterPaint} from "./components/afterPaint.js";
export {Drilldown} from "./components/drilldown.js";
