// The snapshot stores episodes column by column (compact, Arquero-ready); the engine works on rows.
import type {EpisodeColumns, EpisodeRow} from "./types.js";

export function rowsFromColumns(columns: EpisodeColumns): EpisodeRow[] {
  const keys = Object.keys(columns) as (keyof EpisodeRow)[];
  const length = columns.run?.length ?? 0;
  const rows = new Array<EpisodeRow>(length);
  for (let i = 0; i < length; i++) {
    const row = {} as Record<string, unknown>;
    for (const key of keys) row[key] = columns[key][i];
    rows[i] = row as unknown as EpisodeRow;
  }
  return rows;
}
