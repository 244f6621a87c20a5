// Episodes ranked by regression: failed ones in red with their error, search, "regressed only", pages of 20.
import {html} from "htl";
import type {Comparison} from "../compare/report.js";
import type {EpisodeChange} from "../compare/regressions.js";

export const PAGE_SIZE = 20;

export interface EpisodeListOptions {
  search?: string;
  regressedOnly?: boolean;
  page?: number;
  selected?: string | null;
  onSelect?: (episodeId: string) => void;
  onPage?: (page: number) => void;
}

export function filterEpisodes(comparison: Comparison, {search = "", regressedOnly = false} = {}): number[] {
  const needle = search.trim().toLowerCase();
  const indexes: number[] = [];
  comparison.episodes.forEach((e, i) => {
    if (regressedOnly && !e.regressed) return;
    const error = comparison.pairs[i].candidate?.error ?? comparison.pairs[i].baseline?.error ?? "";
    const text = `${e.episode_id} ${e.dataset_id} ${e.reasons.join(" ")} ${error}`.toLowerCase();
    if (!needle || text.includes(needle)) indexes.push(i);
  });
  return indexes;
}

function row(comparison: Comparison, index: number, change: EpisodeChange, options: EpisodeListOptions) {
  const pair = comparison.pairs[index];
  const failed = pair.candidate?.failed || pair.baseline?.failed;
  const error = pair.candidate?.failed ? pair.candidate.error : pair.baseline?.failed ? `baseline: ${pair.baseline.error}` : null;
  const selected = options.selected === change.episode_id;
  const button = html`<button class="episode-open" aria-pressed=${selected}>${change.episode_id}</button>`;
  button.addEventListener("click", () => options.onSelect?.(change.episode_id));
  return html`<tr data-episode=${change.episode_id} data-regressed=${String(change.regressed)}
      class=${[failed ? "failed" : "", change.regressed ? "regressed" : "", selected ? "selected" : ""].join(" ")}>
    <td>${button}<div class="muted">${change.dataset_id}</div></td>
    <td>${change.regressed ? html`<span class="tag tag-worse">▼ regressed</span>` : change.improvements.length ? html`<span class="tag tag-better">▲ improved</span>` : html`<span class="tag">= unchanged</span>`}</td>
    <td>${change.reasons.length ? change.reasons.join("; ") : change.improvements.join("; ") || "—"}
      ${error ? html`<div class="error-text">${error}</div>` : ""}</td>
  </tr>`;
}

export function EpisodeList(comparison: Comparison, options: EpisodeListOptions = {}): HTMLElement {
  const indexes = filterEpisodes(comparison, options);
  const pages = Math.max(1, Math.ceil(indexes.length / PAGE_SIZE));
  const page = Math.min(Math.max(0, options.page ?? 0), pages - 1);
  const shown = indexes.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE);
  const pager = (label: string, target: number, disabled: boolean) => {
    const button = html`<button disabled=${disabled} data-page=${target}>${label}</button>`;
    button.addEventListener("click", () => options.onPage?.(target));
    return button;
  };
  const regressed = comparison.episodes.filter((e) => e.regressed).length;
  return html`<div class="episode-list" data-candidate-episodes=${comparison.candidate}>
    <p class="muted">${regressed} of ${comparison.episodes.length} episodes regressed · showing ${indexes.length} · ↑/↓ or j/k move between episodes</p>
    <table>
      <thead><tr><th>Episode</th><th>Change</th><th>Why</th></tr></thead>
      <tbody>${shown.map((i) => row(comparison, i, comparison.episodes[i], options))}</tbody>
    </table>
    ${indexes.length === 0 ? html`<p class="muted">No episode matches.</p>` : ""}
    ${pages > 1 ? html`<nav class="pager">${pager("← previous", page - 1, page === 0)} page ${page + 1} of ${pages} ${pager("next →", page + 1, page >= pages - 1)}</nav>` : ""}
  </div>`;
}
