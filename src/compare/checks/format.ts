// The output's format (prose, bullets, JSON or broken JSON), from its lines and from parsing it as JSON.
import {scan, type Scan} from "./scan.js";

export type OutputFormat = "prose" | "bullets" | "json" | "broken_json";

const JSON_FENCE = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/;

/** The JSON inside an output that looks like JSON (optionally fenced), or undefined when it is prose. */
function jsonBody(text: string): string | undefined {
  const fenced = JSON_FENCE.exec(text);
  const body = (fenced ? fenced[1] : text).trim();
  return body.startsWith("{") || body.startsWith("[") ? body : undefined;
}

export interface JsonOutput {
  /** Pretty-printed JSON when the output is JSON; null for prose and for JSON that does not parse. */
  pretty: string | null;
  /** Looks like JSON (optionally fenced) but does not parse. */
  invalid: boolean;
}

/** Pretty-printed JSON for outputs that are JSON, null for prose; `invalid`: looks like JSON, does not parse. */
export function parseJsonOutput(text: string): JsonOutput {
  const body = jsonBody(text);
  if (body === undefined) return {pretty: null, invalid: false};
  try {
    return {pretty: JSON.stringify(JSON.parse(body), null, 2), invalid: false};
  } catch {
    return {pretty: null, invalid: true};
  }
}

export function formatOf(json: JsonOutput, layout: Pick<Scan, "content" | "items">): OutputFormat {
  if (json.invalid) return "broken_json";
  if (json.pretty !== null) return "json";
  return layout.items >= 2 && layout.items * 2 >= layout.content ? "bullets" : "prose";
}

/**
 * `json` (parses, fenced or not), `broken_json` (looks like JSON, does not parse), `bullets` (two or more list
 * items, making at least half of the lines that are neither blank nor headings) or `prose`.
 */
export function outputFormat(text: string, json: JsonOutput = parseJsonOutput(text)): OutputFormat {
  return formatOf(json, scan(text));
}
