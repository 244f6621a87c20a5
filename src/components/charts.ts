// The per-episode charts (A–D), one module each; this file keeps the page's import path.
export {POINT_LIMIT, type ChartOptions, type RunRow} from "./chartParts.js";
export {TokenDistribution} from "./chartTokens.js";
export {LatencyScatter} from "./chartLatency.js";
export {MapReduceChart} from "./chartMapReduce.js";
export {QualityChart} from "./chartQuality.js";
