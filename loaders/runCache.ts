// A run's derived values in the cache: one JSON line (record, rows, vs_reference, segment lengths),
// then the run's text-shard segments as they are, so a cached run's texts are never parsed.
import {idsOfTokenText, tokenText} from "../src/compare/rouge.js";
import {TEXT_SHARDS} from "../src/compare/shards.js";
import type {DiscoveredRun} from "./discover.js";
import {combinedKey, readEntry, runKey, writeEntry, type RunCache} from "./cache.js";
import {readRun, type LoadedRun} from "./readRun.js";

const NEWLINE = 0x0a;
const NEWLINE_BYTES = Buffer.from("\n");

/** The run from the cache when its files are unchanged, else read from its files (and then cached). */
export async function loadRun(run: DiscoveredRun, cache: RunCache | null): Promise<LoadedRun> {
  if (!cache) return readRun(run);
  const key = runKey(cache, run);
  const cached = decodeRun(readEntry(cache, key), run, key);
  if (cached) return cached;
  const loaded = {...(await readRun(run)), key};
  writeEntry(cache, key, encodeRun(loaded));
  return loaded;
}

function encodeRun({record, rows, vsReference, texts}: LoadedRun): Buffer {
  const header = JSON.stringify({record, rows, vsReference, segments: texts.map((segment) => segment.length)});
  return Buffer.concat([Buffer.from(header), NEWLINE_BYTES, ...texts]);
}

function decodeRun(bytes: Buffer | null, source: DiscoveredRun, key: string): LoadedRun | null {
  const newline = bytes ? bytes.indexOf(NEWLINE) : -1;
  if (!bytes || newline === -1) return null;
  try {
    const {record, rows, vsReference, segments} = JSON.parse(bytes.subarray(0, newline).toString());
    let start = newline + 1;
    const texts = (segments as number[]).map((length) => bytes.subarray(start, (start += length)));
    if (!Array.isArray(rows) || texts.length !== TEXT_SHARDS || start !== bytes.length) return null;
    return {source, key, record, rows, texts, rougeIds: null, vsReference};
  } catch {
    return null; // a damaged entry is derived again
  }
}

export type RougeColumns = [rouge1: (number | null)[], rouge2: (number | null)[], rougeL: (number | null)[]];

export function rougeKey(run: LoadedRun, reference: LoadedRun): string | null {
  return run.key && reference.key ? combinedKey("rouge", run.key, reference.key) : null;
}

/** Per-row ROUGE of a run against a reference, when both are unchanged since it was stored. */
export function readRouge(cache: RunCache, key: string, rows: number): RougeColumns | null {
  const bytes = readEntry(cache, key);
  try {
    const columns = bytes && JSON.parse(bytes.toString());
    return Array.isArray(columns) && columns.length === 3 && columns.every((c) => Array.isArray(c) && c.length === rows) ? (columns as RougeColumns) : null;
  } catch {
    return null;
  }
}

export function writeRouge(cache: RunCache, key: string, columns: RougeColumns): void {
  writeEntry(cache, key, JSON.stringify(columns));
}

export function tokensKey(run: LoadedRun): string | null {
  return run.key && combinedKey("tokens", run.key);
}

/** A reference's ROUGE tokens per row, stored so that scoring a new run does not parse the reference again. */
export function readTokens(cache: RunCache, key: string, rows: number): (Int32Array | null)[] | null {
  const bytes = readEntry(cache, key);
  try {
    const texts = bytes && JSON.parse(bytes.toString());
    if (!Array.isArray(texts) || texts.length !== rows) return null;
    return texts.map((text) => (typeof text === "string" ? idsOfTokenText(text) : null));
  } catch {
    return null;
  }
}

export function writeTokens(cache: RunCache, key: string, rougeIds: readonly (Int32Array | null)[]): void {
  writeEntry(cache, key, JSON.stringify(rougeIds.map((ids) => ids && tokenText(ids))));
}
