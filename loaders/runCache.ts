// A run's derived values in the cache: one JSON line (record, rows, vs_reference, segment lengths),
// then the run's text-shard segments as they are, so a cached run's texts are never parsed.
// Beside it, per run and reference, the ROUGE columns; and per reference, its ROUGE tokens.
import {fromPortable, toPortable, type PortableTokens} from "../src/compare/rouge.js";
import {TEXT_SHARDS} from "../src/compare/shards.js";
import {combinedKey, readEntry, runKey, writeEntry, type RunCache} from "./cache.js";
import type {DiscoveredRun} from "./discover.js";
import {readRun, type LoadedRun} from "./readRun.js";

/** The run from the cache when its files are unchanged, else read from its files (and then cached, if read in full). */
export async function loadRun(run: DiscoveredRun, cache: RunCache | null): Promise<LoadedRun> {
  const key = cache && runKey(cache, run);
  if (!cache || !key) return readRun(run);
  const cached = decodeRun(readEntry(cache, key), run, key);
  if (cached) return cached;
  const loaded = {...(await readRun(run)), key};
  if (!loaded.unreadable) writeEntry(cache, key, encodeRun(loaded));
  return loaded;
}

function encodeRun({record, rows, vsReference, texts}: LoadedRun): Buffer {
  const header = JSON.stringify({record, rows, vsReference, segments: texts.map((segment) => segment.length)});
  return Buffer.concat([Buffer.from(`${header}\n`), ...texts]);
}

function decodeRun(bytes: Buffer | null, source: DiscoveredRun, key: string): LoadedRun | null {
  const newline = bytes ? bytes.indexOf("\n") : -1;
  if (!bytes || newline === -1) return null;
  try {
    const {record, rows, vsReference, segments} = JSON.parse(bytes.subarray(0, newline).toString());
    let start = newline + 1;
    const texts = (segments as number[]).map((length) => bytes.subarray(start, (start += length)));
    if (!Array.isArray(rows) || texts.length !== TEXT_SHARDS || start !== bytes.length) return null;
    return {source, key, record, rows, texts, scoringTexts: null, vsReference, unreadable: false};
  } catch {
    return null; // a damaged entry is derived again
  }
}

/** A JSON entry that passes `valid`, else null (absent, damaged, or from a run of another length). */
function readJsonEntry<T>(cache: RunCache, key: string, valid: (value: unknown) => value is T): T | null {
  const bytes = readEntry(cache, key);
  try {
    const value: unknown = bytes && JSON.parse(bytes.toString());
    return valid(value) ? value : null;
  } catch {
    return null;
  }
}

const arrayOf = (length: number) => (value: unknown): value is unknown[] => Array.isArray(value) && value.length === length;

export type RougeColumns = [rouge1: (number | null)[], rouge2: (number | null)[], rougeL: (number | null)[]];

export function rougeKey(run: LoadedRun, reference: LoadedRun): string | null {
  return run.key && reference.key ? combinedKey("rouge", run.key, reference.key) : null;
}

/** Per-row ROUGE of a run against a reference, when both are unchanged since it was stored. */
export function readRouge(cache: RunCache, key: string, rows: number): RougeColumns | null {
  const columns = (value: unknown): value is RougeColumns => arrayOf(3)(value) && value.every(arrayOf(rows));
  return readJsonEntry(cache, key, columns);
}

export function writeRouge(cache: RunCache, key: string, columns: RougeColumns): void {
  writeEntry(cache, key, JSON.stringify(columns));
}

export function tokensKey(run: LoadedRun): string | null {
  return run.key && combinedKey("tokens", run.key);
}

/** A reference's ROUGE tokens per row, stored so that scoring a new run does not parse the reference again. */
export function readTokens(cache: RunCache, key: string, rows: number): (Int32Array | null)[] | null {
  const portable = (value: unknown): value is PortableTokens => {
    const tokens = value as PortableTokens;
    return Array.isArray(tokens?.vocabulary) && arrayOf(rows)(tokens.sequences);
  };
  const tokens = readJsonEntry(cache, key, portable);
  return tokens && fromPortable(tokens);
}

export function writeTokens(cache: RunCache, key: string, rougeIds: readonly (Int32Array | null)[]): void {
  writeEntry(cache, key, JSON.stringify(toPortable(rougeIds)));
}
