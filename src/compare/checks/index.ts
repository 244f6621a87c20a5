// The output checks' public API, one module per check: importers use "./checks/index.js".

// This project's own output checks, beside the scorer's gates (docs/rules.md, "Output checks"): pure functions of
// one output's text that say whether each check fires and where (character ranges, for the drill-down to mark).
// Each is linear in the text: one pass shared by words, junk runs and lines (scan.ts), a walk from colon to colon for
// speaker labels, and a read of the end for cut-off; no regex here can backtrack far.
export {CAP_MISMATCH, CAP_SHARE, capReach} from "./capReach.js";
export {checkOutput, type OutputChecks} from "./checkOutput.js";
export {cutOff, FRAGMENT_WORDS, MAX_SENTENCE} from "./cutOff.js";
export {outputFormat, parseJsonOutput, type JsonOutput, type OutputFormat} from "./format.js";
export {JUNK_RUN} from "./junk.js";
export {fires, MAX_RANGES, type Range} from "./ranges.js";
export {MAX_PHRASE} from "./repetition.js";
export {junk, repetition} from "./scan.js";
export {speakerTurns} from "./speakerTurns.js";
