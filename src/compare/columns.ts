// The snapshot stores episodes column by column (compact, Arquero-ready); the engine works on rows.
import type {EpisodeColumns, EpisodeRow} from "./types.js";

/** Rows built as one object literal each, so every row has the same shape (fast property access). */
export function rowsFromColumns(c: EpisodeColumns): EpisodeRow[] {
  const length = c.run?.length ?? 0;
  const rows = new Array<EpisodeRow>(length);
  for (let i = 0; i < length; i++) {
    rows[i] = {
      run: c.run[i],
      dataset_id: c.dataset_id[i],
      episode_id: c.episode_id[i],
      failed: c.failed[i],
      error: c.error[i],
      output_tokens: c.output_tokens[i],
      reported_output_tokens: c.reported_output_tokens[i],
      latency_s: c.latency_s[i],
      input_chars: c.input_chars[i],
      output_chars: c.output_chars[i],
      gate_truncation: c.gate_truncation[i],
      gate_speaker_label: c.gate_speaker_label[i],
      gate_boilerplate: c.gate_boilerplate[i],
      warn_letter_speaker: c.warn_letter_speaker[i],
      warn_invalid_json: c.warn_invalid_json[i],
      repetition: c.repetition[i],
      longest_repeat: c.longest_repeat[i],
      map_chunks: c.map_chunks[i],
      map_tokens: c.map_tokens[i],
      reduce_input_tokens: c.reduce_input_tokens[i],
      final_tokens: c.final_tokens[i],
      rouge1: c.rouge1[i],
      rouge2: c.rouge2[i],
      rougeL: c.rougeL[i]
    };
  }
  return rows;
}
