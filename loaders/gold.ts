// Reads a gold NER reference directory (index.json plus one <episode_id>.json per listed episode), as
// ner_scorer.py's load_gold_reference does, but tolerantly: where Python raises for the whole reference,
// this reports a problem and loads everything else. A bad entity is skipped; a bad file leaves its episode out.
import {readFile} from "node:fs/promises";
import {join} from "node:path";
import {toEntity, type Entity} from "../src/compare/ner.js";
import type {Problem} from "../src/compare/types.js";
import {readJsonFile, type JsonObject} from "./files.js";

export const GOLD_INDEX_SCHEMA = "ner_entities_gold_index_v1";
export const GOLD_EPISODE_SCHEMA = "ner_entities_gold_v1";
const INDEX_FILE = "index.json";
const ENTITY_FIELDS = ["start", "end", "text", "label"] as const;
const FINGERPRINT = /^sha256:[0-9a-f]+$/i;
const UNSAFE_ID = /[/\\]|^\.\.?$/;

export interface GoldEpisode {
  entities: Entity[];
  textFingerprint: string | null;
  datasetId: string | null;
}

export interface GoldReference {
  datasetId: string | null;
  episodes: Map<string, GoldEpisode>;
  problems: Problem[];
  /** Episode ids as index.json lists them (the usable ones), loaded or not. */
  listed: string[];
}

const stringOrNull = (value: unknown) => (typeof value === "string" ? value : null);
const quoted = (value: unknown) => (value === undefined ? "missing" : JSON.stringify(value));

/** A folder whose index.json declares the gold NER schema; an unreadable or other index.json is not one. */
export async function isGoldReference(dir: string): Promise<boolean> {
  const {value} = await readJsonFile(join(dir, INDEX_FILE), INDEX_FILE, []);
  return value?.schema === GOLD_INDEX_SCHEMA;
}

export async function readGold(dir: string): Promise<GoldReference> {
  const problems: Problem[] = [];
  const {datasetId, listed} = await readIndex(dir, problems);
  const episodes = new Map<string, GoldEpisode>();
  for (const id of listed) {
    const episode = await readEpisode(dir, id, datasetId, problems);
    if (episode) episodes.set(id, episode);
  }
  return {datasetId, episodes, problems, listed};
}

async function readIndex(dir: string, problems: Problem[]): Promise<{datasetId: string | null; listed: string[]}> {
  const report = (message: string) => problems.push({file: INDEX_FILE, line: null, message});
  const {state, value} = await readJsonFile(join(dir, INDEX_FILE), INDEX_FILE, problems);
  if (state === "missing") report("missing: this is not a gold reference directory");
  if (!value) return {datasetId: null, listed: []};
  if (value.schema !== GOLD_INDEX_SCHEMA) report(`schema is ${quoted(value.schema)}, expected "${GOLD_INDEX_SCHEMA}"`);
  const datasetId = stringOrNull(value.dataset_id);
  if (datasetId === null) report(`dataset_id is ${quoted(value.dataset_id)}, expected a string`);
  return {datasetId, listed: listedEpisodes(value.episodes, report)};
}

function listedEpisodes(episodes: unknown, report: (message: string) => void): string[] {
  if (!Array.isArray(episodes)) {
    report(`episodes is ${quoted(episodes)}, expected a list of episode ids`);
    return [];
  }
  const listed = new Set<string>();
  episodes.forEach((id: unknown, i) => {
    if (typeof id !== "string" || id === "" || UNSAFE_ID.test(id))
      report(`episodes[${i}] is ${quoted(id)}, not a usable episode id; skipped`);
    else if (listed.has(id)) report(`episode ${id} is listed twice; read once`);
    else listed.add(id);
  });
  return [...listed];
}

async function readEpisode(
  dir: string,
  id: string,
  indexDatasetId: string | null,
  problems: Problem[]
): Promise<GoldEpisode | null> {
  const file = `${id}.json`;
  const path = join(dir, file);
  const report = (message: string, line: number | null = null) => problems.push({file, line, message});
  const {state, value} = await readJsonFile(path, file, problems);
  if (state === "missing") report("listed in index.json but missing; episode left out");
  if (!value) return null;
  if (value.schema !== GOLD_EPISODE_SCHEMA) {
    report(`schema is ${quoted(value.schema)}, expected "${GOLD_EPISODE_SCHEMA}"; episode left out`);
    return null;
  }
  if (!Array.isArray(value.entities)) {
    report(`entities is ${quoted(value.entities)}, expected a list; episode left out`);
    return null;
  }
  checkHeader(value, id, indexDatasetId, report);
  const entities = await readEntities(value.entities, path, report);
  return {entities, textFingerprint: stringOrNull(value.text_fingerprint), datasetId: stringOrNull(value.dataset_id)};
}

function checkHeader(
  episode: JsonObject,
  id: string,
  indexDatasetId: string | null,
  report: (message: string) => void
): void {
  if (episode.episode_id !== id)
    report(`episode_id is ${quoted(episode.episode_id)}, but index.json lists it as "${id}"`);
  if (indexDatasetId !== null && episode.dataset_id !== indexDatasetId) {
    report(`dataset_id is ${quoted(episode.dataset_id)}, but index.json says "${indexDatasetId}"`);
  }
  const fingerprint = episode.text_fingerprint;
  if (typeof fingerprint !== "string" || !FINGERPRINT.test(fingerprint)) {
    report(`text_fingerprint is ${quoted(fingerprint)}, expected "sha256:<hex>"`);
  }
}

/** The entity, or why it cannot be scored (the upstream validator requires all four fields). */
function goldEntity(value: unknown): Entity | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return `is ${quoted(value)}, not an object`;
  const missing = ENTITY_FIELDS.filter((key) => !(key in value));
  if (missing.length > 0) return `is missing ${missing.join(", ")}`;
  return toEntity(value) ?? "needs integer start and end, a string text and a string label";
}

async function readEntities(
  values: unknown[],
  path: string,
  report: (message: string, line: number | null) => void
): Promise<Entity[]> {
  const entities: Entity[] = [];
  let lines: number[] | undefined;
  for (const [i, value] of values.entries()) {
    const entity = goldEntity(value);
    if (typeof entity !== "string") {
      entities.push(entity);
      continue;
    }
    // Lines are only needed to report a bad entity, so the text is scanned only then.
    lines ??= await entityLinesOf(path);
    report(`entities[${i}] ${entity}; skipped`, lines[i] ?? null);
  }
  return entities;
}

async function entityLinesOf(path: string): Promise<number[]> {
  try {
    return entityLines(await readFile(path, "utf8"));
  } catch {
    return [];
  }
}

const isJsonSpace = (char: string) => char === " " || char === "\t" || char === "\r" || char === "\n";

function closingQuote(text: string, open: number): number {
  let i = open + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
  return i;
}

/** The 1-based line on which each element of the top-level "entities" array starts (text that JSON.parse accepted). */
function entityLines(text: string): number[] {
  let lines: number[] = [];
  let line = 1;
  let depth = 0;
  let lastTopLevelString = "";
  let inEntities = false;
  let awaitingElement = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") line++;
    if (isJsonSpace(char)) continue;
    if (inEntities && depth === 2) {
      if (char === ",") {
        awaitingElement = true;
        continue;
      }
      if (awaitingElement && char !== "]") lines.push(line);
      awaitingElement = false;
    }
    if (char === '"') {
      const close = closingQuote(text, i);
      if (depth === 1) lastTopLevelString = text.slice(i + 1, close);
      i = close;
    } else if (char === "{" || char === "[") {
      depth++;
      // The string just before a value at depth 1 is its key; a repeated key starts over, as JSON.parse keeps the last.
      if (depth === 2) {
        inEntities = awaitingElement = char === "[" && lastTopLevelString === "entities";
        if (inEntities) lines = [];
      }
    } else if (char === "}" || char === "]") {
      depth--;
      if (depth < 2) inEntities = false;
    }
  }
  return lines;
}
