// Every output check on one text at once, sharing one scan: what the loaders and the drill-down call.
import {cutOff} from "./cutOff.js";
import {formatOf, parseJsonOutput, type JsonOutput, type OutputFormat} from "./format.js";
import type {Range} from "./ranges.js";
import {scan} from "./scan.js";
import {speakerTurns} from "./speakerTurns.js";

export interface OutputChecks {
  format: OutputFormat;
  speaker_turns: Range[];
  junk: Range[];
  repetition: {longest: number; ranges: Range[]};
  /** null where it does not apply (JSON outputs). */
  cut_off: Range[] | null;
}

/** Every check on one output text; `json` when the caller has parsed it already. */
export function checkOutput(
  text: string,
  {atCap = false, json}: {atCap?: boolean; json?: JsonOutput} = {}
): OutputChecks {
  const scanned = scan(text);
  const format = formatOf(json ?? parseJsonOutput(text), scanned);
  return {
    format,
    speaker_turns: speakerTurns(text),
    junk: scanned.junk,
    repetition: scanned.repetition,
    cut_off: cutOff(text, format, atCap, scanned)
  };
}
