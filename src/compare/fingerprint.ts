// What changed in the configuration: two fingerprints flattened to dotted paths, diffed, and grouped.
// Per-run identity (run and baseline ids, timestamps, the fingerprint's own hashes) is not a change.

export type FlatValue = string | number | boolean | null;
export type FlatFingerprint = Record<string, FlatValue>;

export const CHANGE_GROUPS = ["models", "generation", "preprocessing", "environment", "code", "other"] as const;
export type ChangeGroup = (typeof CHANGE_GROUPS)[number];

export const GROUP_LABELS: Record<ChangeGroup, string> = {
  models: "models",
  generation: "generation parameters",
  preprocessing: "preprocessing and chunking",
  environment: "environment and library versions",
  code: "code (commit, branch, dirty tree)",
  other: "other"
};

export interface FingerprintChange {
  path: string;
  group: ChangeGroup;
  /** null where the setting is absent from that side (then `absent` names the side) or is null there. */
  baseline: FlatValue;
  candidate: FlatValue;
  absent: "baseline" | "candidate" | null;
}

const IDENTITY = [
  /^run_context\.(run_id|baseline_id)$/,
  /(^|\.)(created|started|finished|promoted)(_at)?$/,
  /(^|\.)timestamp$/,
  /(^|\.)(fingerprint_(hash|id)|config_hash|hash)$/
];
/** Generation settings wherever they sit, by their last path segment (patterns). */
const GENERATION_SETTINGS = [
  "temperature",
  "top_p",
  "top_k",
  "max_(new_)?tokens",
  "min_(new_)?tokens",
  "max_length",
  "min_length",
  "num_beams",
  "seed",
  "repetition_penalty",
  "length_penalty",
  "no_repeat_ngram_size"
];
const GROUP_RULES: [ChangeGroup, RegExp][] = [
  ["code", /^run_context\.git\./],
  ["generation", new RegExp(`(^|\\.)generation_params\\.|(^|\\.)(${GENERATION_SETTINGS.join("|")})$`)],
  ["models", /(^|\.)(model|tokenizer)(_name|_revision|_id)?$|(^|\.)model\.|(^|\.)backend\./],
  ["preprocessing", /^(preprocessing|chunking|tokenization)\./],
  ["environment", /^(environment|runtime)\.|(^|\.)[a-z_]*(version|library)$/]
];

/** Nested JSON flattened to dotted paths; arrays are indexed ("stages.0.model"). */
export function flattenFingerprint(value: unknown, prefix = "", out: FlatFingerprint = {}): FlatFingerprint {
  if (value !== null && typeof value === "object") {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
    if (!entries.length) out[prefix] = Array.isArray(value) ? "[]" : "{}";
    for (const [key, child] of entries) flattenFingerprint(child, prefix ? `${prefix}.${key}` : key, out);
  } else if (prefix) {
    out[prefix] = value === undefined ? null : (value as FlatValue);
  }
  return out;
}

export function changeGroup(path: string): ChangeGroup {
  return GROUP_RULES.find(([, rule]) => rule.test(path))?.[0] ?? "other";
}

/** Differing settings, identity fields left out, ordered by group then path. */
export function diffFingerprints(
  baseline: FlatFingerprint | null,
  candidate: FlatFingerprint | null
): FingerprintChange[] {
  if (!baseline || !candidate) return [];
  const paths = new Set([...Object.keys(baseline), ...Object.keys(candidate)]);
  const changes: FingerprintChange[] = [];
  for (const path of paths) {
    if (IDENTITY.some((rule) => rule.test(path)) || baseline[path] === candidate[path]) continue;
    const absent = !(path in baseline) ? "baseline" : !(path in candidate) ? "candidate" : null;
    changes.push({
      path,
      group: changeGroup(path),
      baseline: baseline[path] ?? null,
      candidate: candidate[path] ?? null,
      absent
    });
  }
  const rank = (c: FingerprintChange) => CHANGE_GROUPS.indexOf(c.group);
  return changes.sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
}

/** One side of a change in words: its value, "null", or "(absent)". */
export function changeValue(change: FingerprintChange, side: "baseline" | "candidate"): string {
  return change.absent === side ? "(absent)" : change[side] === null ? "null" : String(change[side]);
}

const shortHash = (change: FingerprintChange, side: "baseline" | "candidate") => {
  const value = change[side];
  return typeof value === "string" && /^[0-9a-f]{12,}$/.test(value) ? value.slice(0, 7) : changeValue(change, side);
};

/** The stage or section a path belongs to, for naming it: "map" for pipeline.stages.map.model.model_name. */
function owner(path: string): string {
  const parts = path.split(".");
  const stage = parts.indexOf("stages");
  return stage >= 0 && parts[stage + 1] ? `${parts[stage + 1]} ` : "";
}

/**
 * A change as a reader says it: "transformers 4.57.6 → 5.13.0", "map model a → b",
 * "commit 6a39832 → 70f428f".
 */
export function describeChange(change: FingerprintChange, candidate: FlatFingerprint | null = null): string {
  const {path, candidate: c} = change;
  const last = path.split(".").pop()!;
  const [from, to] = [changeValue(change, "baseline"), changeValue(change, "candidate")];
  if (/(^|\.)provider_library_version$/.test(path)) {
    const library = candidate?.[path.replace(/_version$/, "")] ?? "library";
    return `${library} ${from} → ${to}`;
  }
  if (path === "run_context.git.commit")
    return `commit ${shortHash(change, "baseline")} → ${shortHash(change, "candidate")}`;
  if (path === "run_context.git.dirty")
    return c === true ? "uncommitted changes (dirty tree)" : "clean tree (was dirty)";
  if (path === "run_context.git.branch") return `branch ${from} → ${to}`;
  if (path === "pipeline.type") return `pipeline ${from} → ${to}`;
  if (/(^|\.)model_name$/.test(path)) return `${owner(path)}model ${from} → ${to}`;
  return `${owner(path)}${last} ${from} → ${to}`;
}

// Paths that only restate a change already named (a model's revision and tokenizer follow its name).
const FOLLOWERS = /(^|\.)(model_revision|tokenizer_name|tokenizer_revision|stage_id)$/;

/**
 * How much a change explains, for the sentence: generation parameters (and the pipeline's shape), preprocessing
 * and chunking, model names and library versions, then revision pins, environment and code; a setting only
 * one fingerprint has after one both have.
 */
function weight(c: FingerprintChange): number {
  const rank =
    c.path === "pipeline.type" || c.group === "generation"
      ? 0
      : c.group === "preprocessing"
        ? 1
        : /(^|\.)model_name$/.test(c.path) || /(^|\.)provider_library_version$/.test(c.path)
          ? 2
          : /(^|\.)(model_revision|tokenizer_revision)$/.test(c.path)
            ? 3
            : c.group === "models" || c.group === "other"
              ? 4
              : c.group === "environment"
                ? 5
                : 6;
  return rank + (c.absent === null ? 0 : 0.5);
}
/** A null or empty setting one fingerprint has and the other lacks says nothing (fingerprint versions differ). */
const EMPTY = [null, "{}", "[]"];
const informative = (c: FingerprintChange) =>
  !(c.absent !== null && EMPTY.includes(c.baseline as string | null) && EMPTY.includes(c.candidate as string | null));

/** The changes worth naming, most consequential first; a named model's revision and tokenizer left out. */
export function rankChanges(changes: FingerprintChange[]): FingerprintChange[] {
  const modelOwners = new Set(
    changes.filter((c) => /(^|\.)model_name$/.test(c.path)).map((c) => c.path.replace(/model\.model_name$/, ""))
  );
  const named = changes.filter(
    (c) => informative(c) && !(FOLLOWERS.test(c.path) && [...modelOwners].some((prefix) => c.path.startsWith(prefix)))
  );
  return named
    .map((c, order) => ({c, order}))
    .sort((a, b) => weight(a.c) - weight(b.c) || a.order - b.order)
    .map(({c}) => c);
}

/** The few changes worth a sentence, in words. */
export function topChanges(changes: FingerprintChange[], candidate: FlatFingerprint | null, limit = 3): string[] {
  return rankChanges(changes)
    .slice(0, limit)
    .map((c) => describeChange(c, candidate));
}
