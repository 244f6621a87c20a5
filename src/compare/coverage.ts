// How two runs' episodes met: coverage, inputs that drifted and identical outputs, from the aligned tables.
import {withSides, type Paired} from "./align.js";

export interface Coverage {
  baseline_episodes: number;
  candidate_episodes: number;
  common: number;
  missing_from_candidate: string[];
  only_in_candidate: string[];
}

export interface InputSide {
  hash: string | null;
  path: string | null;
  chars: number | null;
}

export interface InputDrift {
  compared: number;
  differing: number;
  unknown: number;
  episodes: {episode_id: string; dataset_id: string; baseline: InputSide; candidate: InputSide}[];
}

const episodesWhere = (paired: Paired, predicate: string) =>
  Array.from(paired.table.filter(predicate).array("episode_id") as ArrayLike<string>);

export function coverageOf(paired: Paired): Coverage {
  const counts = paired.table
    .rollup({
      baseline: "d => op.valid(d.row_b)",
      candidate: "d => op.valid(d.row_c)",
      common: "d => op.sum(d.in_baseline && d.in_candidate ? 1 : 0)"
    })
    .object() as {baseline: number; candidate: number; common: number};
  return {
    baseline_episodes: counts.baseline,
    candidate_episodes: counts.candidate,
    common: counts.common,
    missing_from_candidate: episodesWhere(paired, "d => d.in_baseline && !d.in_candidate"),
    only_in_candidate: episodesWhere(paired, "d => !d.in_baseline && d.in_candidate")
  };
}

// Whether a common episode's input differs: by input_hash when both have one, else by length; null when unknown.
const INPUT_DIFFERS =
  "d => !d.in_baseline || !d.in_candidate ? undefined : d.input_hash_b && d.input_hash_c ? " +
  "d.input_hash_b !== d.input_hash_c : d.input_chars_b != null && d.input_chars_c != null ? " +
  "d.input_chars_b !== d.input_chars_c : null";

/** Common episodes whose inputs differ: by input_hash when both have one, else by input length. */
export function inputDrift(paired: Paired): InputDrift {
  const inputs = withSides(paired, ["input_hash", "input_path", "input_chars"]).derive({differs: INPUT_DIFFERS});
  const {compared, unknown} = inputs
    .rollup({
      compared: "d => op.sum(d.differs === true || d.differs === false ? 1 : 0)",
      unknown: "d => op.sum(d.differs === null ? 1 : 0)"
    })
    .object() as {compared: number; unknown: number};
  const side = (hash: unknown, path: unknown, chars: unknown): InputSide => ({
    hash: (hash as string | null) ?? null,
    path: (path as string | null) ?? null,
    chars: (chars as number | null) ?? null
  });
  const episodes = inputs
    .filter("d => d.differs === true")
    .objects()
    .map((d: object) => d as Record<string, unknown>)
    .map((d) => ({
      episode_id: d.episode_id as string,
      dataset_id: d.dataset_id as string,
      baseline: side(d.input_hash_b, d.input_path_b, d.input_chars_b),
      candidate: side(d.input_hash_c, d.input_path_c, d.input_chars_c)
    }));
  return {compared, differing: episodes.length, unknown, episodes};
}

/** Common episodes whose outputs are byte-identical (equal digests on both sides). */
export const identicalOutputs = (paired: Paired): number =>
  withSides(paired, ["output_hash"]).filter("d => d.output_hash_b && d.output_hash_b === d.output_hash_c").numRows();
