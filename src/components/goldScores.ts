// A run scored against its gold, in the verdict panel in place of the two signals: precision, recall and F1 per
// mode (the run's micro totals, as the scorer computes them), each precision with the predictions the scorer
// dropped before matching beside it, since precision counts only the predictions left in the gold's scope.
import {html} from "htl";
import type {Comparison} from "../compare/compare.js";
import {MODE_WORDS, outOfScopeWords, score3, type GoldScoring} from "../compare/goldScoring.js";
import type {NerMode} from "../compare/types.js";

const SHOWN: NerMode[] = ["entity_set", "mention_overlap", "mention_exact"];

const SCOPE_TITLE =
  "The scorer first drops every prediction outside the gold's scope (a PERSON or ORG whose text, stripped and " +
  "lowercased, the gold names under that label; any other label), then matches the rest: precision counts only " +
  "those, so it is 1 whenever every remaining prediction matches.";

const MODE_TITLES: Record<NerMode, string> = {
  entity_set: "Per label, the sets of normalized entity texts: each gold entity found or missed",
  mention_overlap: "Mentions of the same label whose spans overlap, paired one to one",
  mention_exact: "Mentions with the same label, start and end"
};

function row(scoring: GoldScoring, mode: NerMode) {
  const s = scoring.scores[mode];
  const judged = mode === "entity_set" || !scoring.offsets_other_text;
  const note = judged ? "" : html` <span class="muted" title="mention offsets refer to other text">(not judged)</span>`;
  return html`<tr data-gold-score=${mode} data-precision=${String(s.precision)} data-recall=${String(s.recall)}
      data-f1=${String(s.f1)} data-judged=${String(judged)}>
    <th scope="row" title=${MODE_TITLES[mode]}>${MODE_WORDS[mode]}${note}</th>
    <td class="num">${score3(s.precision)} <small class="muted gold-scope" title=${SCOPE_TITLE}>· ${
      scoring.out_of_scope
    } out of scope</small></td>
    <td class="num">${score3(s.recall)}</td>
    <td class="num"><strong>${score3(s.f1)}</strong></td>
    <td class="num">${s.tp}</td><td class="num">${s.fp}</td><td class="num">${s.fn}</td>
  </tr>`;
}

export function GoldScores(c: Comparison): HTMLElement | string {
  const scoring = c.gold;
  if (!scoring) return "";
  return html`<div class="gold-scores verdict-detail" data-testid="gold-scores" data-gold=${scoring.gold}
      data-out-of-scope=${scoring.out_of_scope} data-predicted=${scoring.predicted}>
    <p class="muted" title=${SCOPE_TITLE} data-testid="out-of-scope">Precision counts the predictions in the gold's
      scope only: ${outOfScopeWords(scoring)}.</p>
    <table class="compact">
      <thead><tr><th>vs gold (micro, ${scoring.episodes_scored} episodes)</th><th class="num">precision</th>
        <th class="num">recall</th><th class="num">F1</th><th class="num">tp</th><th class="num">fp</th>
        <th class="num">fn</th></tr></thead>
      <tbody>${SHOWN.map((mode) => row(scoring, mode))}</tbody>
    </table>
  </div>`;
}
