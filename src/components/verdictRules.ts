// The rules behind every verdict on the page, written out from the same definitions and constants the engine uses.
import {html} from "htl";
import {levelWords, QUALIFIER_WORDS} from "../compare/explain.js";
import {METRICS, type MetricDefinition} from "../compare/metrics.js";
import {DECISIVE_LEVEL, MDE_POWER, MIN_CLEAR_N, SIGN_TEST_ALPHA, SUPPORTING_LEVEL} from "../compare/signals.js";
import {signTestTwoSided} from "../compare/stats.js";
import {QUALIFIERS} from "../compare/verdict.js";
import {difference} from "../compare/words.js";

const threshold = ({threshold: t, unit, kind}: MetricDefinition) =>
  kind === "health"
    ? "any new hit is named"
    : "absolute" in t
      ? difference(t.absolute, unit)
      : `${t.relative * 100}% of the baseline value`;

const role = (m: MetricDefinition) =>
  m.decides
    ? "decides the label (when both runs share its reference or gold)"
    : m.kind === "health"
      ? "defect type (the sign test over all types decides)"
      : m.kind === "tradeoff"
        ? "trade-off"
        : "supporting";

const interval = (m: MetricDefinition) =>
  m.kind === "health" ? "counted per episode" : levelWords(m.decides ? DECISIVE_LEVEL : SUPPORTING_LEVEL);

/** The fewest disagreeing episodes, all one way, the defects' sign test can call. */
function fewestForSignTest(): number {
  let n = 1;
  while (signTestTwoSided(n, 0) > SIGN_TEST_ALPHA) n++;
  return n;
}

const DECISIVE_METRICS: Record<"rougeL_f1" | "ner_f1_entity_set", string> = {
  rougeL_f1: "ROUGE-L F1 against a reference both runs share (summaries)",
  ner_f1_entity_set: "entity-set F1 against a gold both runs share (NER)"
};

export function VerdictRules(): HTMLElement {
  const rows = METRICS.filter((m) => m.judged !== false);
  const row = (m: MetricDefinition) => {
    const better = m.direction === "neutral" ? "neutral (size only)" : m.direction;
    return html`<tr><td>${m.label}</td><td>${role(m)}</td>
      <td>${better}</td><td>${threshold(m)}</td><td>${interval(m)}</td></tr>`;
  };
  const [decisive, supporting] = [levelWords(DECISIVE_LEVEL), levelWords(SUPPORTING_LEVEL)];
  const each = levelWords(1 - DECISIVE_LEVEL);
  const qualifier = (q: (typeof QUALIFIERS)[number]) =>
    html`<li><em>${QUALIFIER_WORDS[q].text}</em>: ${QUALIFIER_WORDS[q].title}</li>`;
  return html`<details class="rules" data-testid="verdict-rules"><summary>How the verdict is decided</summary>
    <ul>
      <li>Every number is over the <strong>common episodes</strong>: those both runs ran, matched on dataset and
        episode id (runs on different datasets meet only on episodes with identical inputs: “paired across datasets
        on identical inputs”). Episodes the candidate did not run are coverage (<em>incomplete</em>), not
        failures.</li>
      <li>The label rests on <strong>two signals</strong>, each tested at ${each}, so that together they call a
        change that is not there at most ${levelWords(2 * (1 - DECISIVE_LEVEL))} of the time:
        <ol>
          <li><strong>Quality</strong>: the task's one quality metric, ${DECISIVE_METRICS.rougeL_f1} or
            ${DECISIVE_METRICS.ner_f1_entity_set}, on a Student-t <strong>${decisive}</strong> interval of the
            paired per-episode differences: better or worse only when clear.</li>
          <li><strong>Defects</strong>: per common episode, the defect types it gained minus those it lost (a
            failure, each of the scorer's three gates); an exact two-sided sign test over the episodes that differ
            decides at <strong>p ≤ ${SIGN_TEST_ALPHA}</strong> (at least ${fewestForSignTest()} episodes, all one
            way). Each type's row names its new and fixed episodes.</li>
        </ol>
        <strong>Worse</strong>: one signal worse and none better; <strong>better</strong>: the reverse;
        <strong>mixed</strong>: both; otherwise <strong>no clear change</strong>.</li>
      <li>Each estimate has a <strong>state</strong>: <em>clear</em> when its interval excludes 0 and the change
        reaches the metric's threshold, on at least ${MIN_CLEAR_N} episodes; <em>no change as large as</em> the
        threshold when no value in the interval reaches it; otherwise <em>too few episodes to tell</em>. The
        <strong>MDE</strong> is the smallest true change the clear rule catches ${levelWords(MDE_POWER)} of the time
        with these episodes.</li>
      <li><strong>Supporting</strong> metrics (ROUGE-1, ROUGE-2, mention F1, repetition) and
        <strong>trade-offs</strong> (latency, cost, length, map/reduce sizes) carry a ${supporting} interval and a
        state, and never set the label. Clear trade-offs are named in the sentence; sizes are neutral: changed,
        never better or worse.</li>
      <li>Intervals of bounded metrics (F1, ROUGE, shares, rates) are shown <strong>clamped</strong> to what the
        baseline allows (−baseline to 1 − baseline): ⊢ or ⊣ marks a clamped bound. The report's JSON keeps the
        raw bounds (<code>ci</code> at the deciding level, <code>ci95</code> at 95%).</li>
      <li><strong>Qualifiers</strong> beside the label:<ul>${QUALIFIERS.map(qualifier)}</ul>
        A single new failure or gate hit is too few for the sign test: it is <em>new failures</em> or <em>new
        defects</em>, not <em>worse</em>. The upstream promotion rule blocks on any:
        <code>report --fail-on new_failures,new_defects</code>.</li>
      <li>ROUGE and NER F1 are compared only against a reference or gold both runs are scored against.</li>
    </ul>
    <table class="compact"><thead><tr><th>Metric</th><th>Role</th><th>Better when</th><th>Threshold</th>
      <th>Interval</th></tr></thead>
    <tbody>${rows.map(row)}</tbody></table>
  </details>`;
}
