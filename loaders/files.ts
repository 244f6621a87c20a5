// Tolerant readers: every defect becomes a Problem with file and line, never an exception.
import {createReadStream} from "node:fs";
import {readFile, stat} from "node:fs/promises";
import type {ArtifactState, Problem} from "../src/compare/types.js";

const BOM = "\uFEFF";
const NEWLINE = 0x0a;
const strictUtf8 = new TextDecoder("utf-8", {fatal: true});
const lenientUtf8 = new TextDecoder("utf-8");

/** Decodes bytes as UTF-8; invalid bytes become U+FFFD and `valid` is false. */
function decode(bytes: Uint8Array): {text: string; valid: boolean} {
  try {
    return {text: strictUtf8.decode(bytes), valid: true};
  } catch {
    return {text: lenientUtf8.decode(bytes), valid: false};
  }
}

/** Yields the lines of a file as raw bytes, without holding the whole file in memory. */
async function* byteLines(path: string): AsyncGenerator<Uint8Array> {
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    const data = rest.length ? Buffer.concat([rest, chunk]) : chunk;
    let start = 0;
    for (let end = data.indexOf(NEWLINE); end !== -1; end = data.indexOf(NEWLINE, start)) {
      yield data.subarray(start, end);
      start = end + 1;
    }
    rest = data.subarray(start);
  }
  if (rest.length) yield rest;
}

export type JsonObject = Record<string, unknown>;

export interface ReadResult {
  state: ArtifactState;
  /** The file exists but reading it failed (permissions, I/O): a fact about this read, not about the file's content. */
  unreadable: boolean;
}

export interface JsonFileResult extends ReadResult {
  value: JsonObject | null;
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") return "cannot be read (permission denied)";
  if (code === "EISDIR") return "is a directory, not a file";
  return error instanceof Error ? error.message : String(error);
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  );
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value at a path of keys in parsed JSON, or undefined where any step is not an object. */
export function field(object: unknown, ...keys: string[]): unknown {
  for (const key of keys) object = isObject(object) ? object[key] : undefined;
  return object;
}

/** Reads a JSON object file; `file` is the name reported in problems. */
export async function readJsonFile(path: string, file: string, problems: Problem[]): Promise<JsonFileResult> {
  let raw: string;
  try {
    if (!(await exists(path))) return {state: "missing", value: null, unreadable: false};
    const decoded = decode(await readFile(path));
    if (!decoded.valid) problems.push({file, line: null, message: "not valid UTF-8; bad bytes replaced"});
    raw = decoded.text;
  } catch (error) {
    problems.push({file, line: null, message: describe(error)});
    return {state: "malformed", value: null, unreadable: true};
  }
  const text = raw.startsWith(BOM) ? raw.slice(1) : raw;
  if (text.trim() === "") {
    problems.push({file, line: null, message: "empty file"});
    return {state: "malformed", value: null, unreadable: false};
  }
  try {
    const value: unknown = JSON.parse(text);
    if (isObject(value)) return {state: "present", value, unreadable: false};
    problems.push({file, line: null, message: `expected a JSON object, found ${kindOf(value)}`});
  } catch (error) {
    problems.push({file, line: lineOfJsonError(text, error), message: `invalid JSON: ${(error as Error).message}`});
  }
  return {state: "malformed", value: null, unreadable: false};
}

// Python's json.dump writes NaN, Infinity and -Infinity bare; they are only valid after ':', ',' or '['.
const PYTHON_NON_FINITE = /([:,[]\s*)-?(?:NaN|Infinity)(?=\s*[,}\]])/g;

/** The value of a line that is JSON but for Python's bare NaN/Infinity (read as null); undefined otherwise. */
function parsePythonJson(text: string): unknown {
  if (!/NaN|Infinity/.test(text)) return undefined;
  try {
    return JSON.parse(text.replace(PYTHON_NON_FINITE, "$1null"));
  } catch {
    return undefined;
  }
}

function kindOf(value: unknown): string {
  return value === null ? "null" : Array.isArray(value) ? "an array" : `a ${typeof value}`;
}

/** The line a JSON.parse error points at; a file that ends too early is reported at its last line. */
function lineOfJsonError(text: string, error: unknown): number | null {
  const message = (error as Error).message ?? "";
  const lastLine = text.trimEnd().split("\n").length;
  const position = /position (\d+)/.exec(message);
  if (position) return Math.min(text.slice(0, Number(position[1])).split("\n").length, lastLine);
  return /end of JSON input/i.test(message) ? lastLine : null;
}

/**
 * Streams a JSON Lines file, calling `onRow` for each object with its 1-based line number.
 * The state is "malformed" when any line could not be used (the good lines are still delivered).
 */
export async function readJsonLines(
  path: string,
  file: string,
  problems: Problem[],
  onRow: (row: JsonObject, line: number) => void,
  onBadLine: (text: string, line: number, message: string) => void = () => {}
): Promise<ReadResult> {
  if (!(await exists(path))) return {state: "missing", unreadable: false};
  let bad = 0;
  let rows = 0;
  let line = 0;
  const report = (message: string) => (bad++, problems.push({file, line, message}));
  try {
    for await (const bytes of byteLines(path)) {
      line++;
      const decoded = decode(bytes);
      const raw = decoded.text;
      const text = (line === 1 && raw.startsWith(BOM) ? raw.slice(1) : raw).trim();
      if (text === "") continue;
      if (!decoded.valid) problems.push({file, line, message: "not valid UTF-8; bad bytes replaced"});
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        value = parsePythonJson(text);
        if (value === undefined) {
          const message = `invalid JSON: ${(error as Error).message}`;
          report(message);
          onBadLine(text, line, message);
          continue;
        }
        problems.push({file, line, message: "NaN or Infinity (written by Python's json module) read as null"});
      }
      if (!isObject(value)) {
        report(`expected a JSON object, found ${kindOf(value)}`);
        continue;
      }
      rows++;
      onRow(value, line);
    }
  } catch (error) {
    problems.push({file, line: line || null, message: describe(error)});
    return {state: "malformed", unreadable: true};
  }
  if (rows === 0 && bad === 0) {
    problems.push({file, line: null, message: "empty file"});
    return {state: "malformed", unreadable: false};
  }
  return {state: bad > 0 ? "malformed" : "present", unreadable: false};
}
