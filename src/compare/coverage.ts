// How two runs' episodes met: coverage, inputs that drifted and identical outputs, from the aligned tables.
import type {Paired} from "./align.js";

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

/** Common episodes whose inputs differ: by input_hash when both have one, else by input length. */
export function inputDrift(paired: Paired): InputDrift {
  const side = (get: Paired["baseline"], i: number): InputSide => ({
    hash: (get("input_hash")[i] as string | null) ?? null,
    path: (get("input_path")[i] as string | null) ?? null,
    chars: (get("input_chars")[i] as number | null) ?? null
  });
  const drift: InputDrift = {compared: 0, differing: 0, unknown: 0, episodes: []};
  for (let i = 0; i < paired.rows; i++) {
    if (!paired.inBaseline[i] || !paired.inCandidate[i]) continue;
    const [b, c] = [side(paired.baseline, i), side(paired.candidate, i)];
    const differs =
      b.hash && c.hash ? b.hash !== c.hash : b.chars !== null && c.chars !== null ? b.chars !== c.chars : null;
    if (differs === null) drift.unknown++;
    else drift.compared++;
    if (differs) {
      drift.differing++;
      drift.episodes.push({
        episode_id: paired.episode_id[i],
        dataset_id: paired.dataset_id[i],
        baseline: b,
        candidate: c
      });
    }
  }
  return drift;
}

/** Common episodes whose outputs are byte-identical (equal digests on both sides). */
export function identicalOutputs(paired: Paired): number {
  const [b, c] = [paired.baseline("output_hash"), paired.candidate("output_hash")];
  let same = 0;
  for (let i = 0; i < paired.rows; i++) if (b[i] && b[i] === c[i]) same++;
  return same;
}
