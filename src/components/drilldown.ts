// One episode, baseline beside candidate (README, "Reading the page", 7): the word diff (or the entity diff for
// NER), then the full texts side by side with their facts and where each output check and gate fires marked, the
// reference as a third column on request, and both runs' map summaries chunk by chunk on request. A run scored
// against its gold (the gold as the baseline) shows the run alone against that gold.
import {html} from "htl";
import type {RankedEpisode} from "../compare/episodes.js";
import type {EpisodeRow} from "../compare/table.js";
import type {StageCap} from "../compare/stageCaps.js";
import type {EpisodeText} from "../compare/types.js";
import {reasonWords} from "../compare/explain.js";
import {builder} from "./dom.js";
import {changeKind, CHANGE_TAGS, failureText} from "./episodeColumns.js";
import {EntityDiffView} from "./entityView.js";
import {MapSummaries} from "./mapSummaries.js";
import {MarkLegend, outputMarks, type MarkKind} from "./outputMarks.js";
import {TextColumns, type TextSide} from "./textColumns.js";
import {comparableText, WordDiff} from "./wordDiff.js";

export interface RunEpisode {
  id: string;
  row: EpisodeRow | null;
  text: EpisodeText | null;
  /** The run's map stage cap (RunSummary.stage_caps.map), when known: its map summaries are checked against it. */
  mapCap?: StageCap | null;
}

export interface DrilldownOptions {
  baseline: RunEpisode;
  candidate: RunEpisode;
  /** The silver reference or NER gold both runs are scored against. */
  reference: {id: string; text: EpisodeText | null} | null;
  showReference: boolean;
  onToggleReference: (show: boolean) => void;
  /** The candidate is scored against its gold, the baseline (pairing "gold"): one side, matched/missed/extra. */
  scoring?: boolean;
  /** Both runs' map summaries, chunk by chunk (when their texts carry them). */
  showMapSummaries?: boolean;
  onToggleMapSummaries?: (show: boolean) => void;
}

const failureOf = (episode: RankedEpisode, options: DrilldownOptions, role: "baseline" | "candidate") =>
  failureText(episode[role], options[role].text?.error ?? null);

function header(episode: RankedEpisode, scoring: boolean): HTMLElement {
  const kind = changeKind(episode, scoring);
  const tag = CHANGE_TAGS[kind];
  const words = episode.status === "common" ? [...episode.reasons, ...episode.improvements].map(reasonWords) : [];
  return html`<header class="drilldown-head">
    <h3>Episode <code>${episode.episode_id}</code> <span class="dataset">${episode.dataset_id}</span></h3>
    <p><span class=${`tag tag-${kind}`} title=${tag.title}>${tag.label}</span>${
      words.length ? html` <span class="muted">${words.join(" · ")}</span>` : ""
    }</p>
  </header>`;
}

function errors(episode: RankedEpisode, options: DrilldownOptions): HTMLElement[] {
  const candidate = failureOf(episode, options, "candidate");
  const baseline = failureOf(episode, options, "baseline");
  return [
    ...(candidate ? [html`<p class="episode-error" data-testid="episode-error">Failed: ${candidate}</p>`] : []),
    ...(baseline ? [html`<p class="episode-error baseline-error">Baseline failed: ${baseline}</p>`] : [])
  ];
}

function referenceToggle(options: DrilldownOptions): HTMLElement | string {
  if (!options.reference) return "";
  const button = html`<button type="button" class="reference-toggle" aria-pressed=${String(options.showReference)}
    title=${`The reference both runs are scored against: ${options.reference.id}`}>${
      options.showReference ? "hide reference" : "show reference"
    }</button>`;
  button.addEventListener("click", () => options.onToggleReference(!options.showReference));
  return button;
}

/** Where the checks and gates fire in a run's shown text; null without text. */
function marksOf(side: RunEpisode) {
  const shown = comparableText(side.text);
  return side.text && shown ? outputMarks(side.text, side.row, shown) : null;
}

function mapToggle(options: DrilldownOptions): HTMLElement {
  const shown = options.showMapSummaries === true;
  const button = html`<button type="button" class="reference-toggle map-summaries-toggle" aria-pressed=${String(shown)}
    title="The map stage's summary of each chunk, baseline beside candidate">${
      shown ? "hide map summaries" : "show map summaries"
    }</button>`;
  button.addEventListener("click", () => options.onToggleMapSummaries?.(!shown));
  return button;
}

/** The map summaries' head, its toggle, and the summaries when shown; nothing when neither run has them. */
function mapSection(columns: TextSide[], options: DrilldownOptions): HTMLElement[] {
  const runs = columns.filter((side) => side.role !== "reference");
  if (!runs.some((side) => side.text?.map_summaries)) return [];
  const chunks = runs.map((side) => `${side.title.toLowerCase()} ${side.text?.map_summaries?.length ?? "no"}`);
  const head = html`<div class="text-columns-head">
    <h4>Map summaries</h4>${mapToggle(options)}<span class="muted">chunks: ${chunks.join(", ")}</span>
  </div>`;
  if (!options.showMapSummaries) return [head];
  const mapCap = (side: TextSide) => (side.role === "baseline" ? options.baseline : options.candidate).mapCap ?? null;
  return [head, MapSummaries(runs.map((side) => ({...side, mapCap: mapCap(side)})))];
}

function sides(episode: RankedEpisode, options: DrilldownOptions): TextSide[] {
  const list: TextSide[] = [];
  if (episode.status !== "only_candidate")
    list.push({
      role: "baseline",
      title: "Baseline",
      runId: options.baseline.id,
      row: options.baseline.row,
      text: options.baseline.text,
      marks: marksOf(options.baseline)
    });
  if (episode.status !== "missing")
    list.push({
      role: "candidate",
      title: "Candidate",
      runId: options.candidate.id,
      row: options.candidate.row,
      text: options.candidate.text,
      marks: marksOf(options.candidate)
    });
  if (options.reference && options.showReference) {
    const absent = options.reference.text ? undefined : "The reference has no text for this episode.";
    list.push({
      role: "reference",
      title: "Reference",
      runId: options.reference.id,
      row: null,
      text: options.reference.text,
      absent
    });
  }
  return list;
}

const NOT_RUN = "Not run by the candidate: the baseline's output is shown as it is, with nothing to diff.";
const ONLY_CANDIDATE = "Only in the candidate: the baseline did not run this episode, so there is nothing to diff.";

/** What replaces the diff: nothing to diff when one side did not run or has no output. */
function diffOrNote(episode: RankedEpisode, options: DrilldownOptions): HTMLElement {
  if (episode.status === "missing") return html`<p class="coverage-note">${NOT_RUN}</p>`;
  if (episode.status === "only_candidate") return html`<p class="coverage-note">${ONLY_CANDIDATE}</p>`;
  const before = comparableText(options.baseline.text);
  const after = comparableText(options.candidate.text);
  if (!after || failureOf(episode, options, "candidate"))
    return html`<p class="coverage-note">No diff: the candidate has no output for this episode.</p>`;
  if (!before || failureOf(episode, options, "baseline"))
    return html`<p class="coverage-note">No diff: the baseline has no output for this episode.</p>`;
  const pretty = Boolean(options.baseline.text?.pretty || options.candidate.text?.pretty);
  return WordDiff(before, after, pretty);
}

const hasEntities = (options: DrilldownOptions) =>
  Boolean(options.baseline.text?.entities || options.candidate.text?.entities);

function nerDiff(episode: RankedEpisode, options: DrilldownOptions): HTMLElement {
  const predictions = (side: RunEpisode) => side.text?.entities ?? null;
  const gold = options.reference?.text?.entities ?? (options.scoring ? predictions(options.baseline) : null);
  return EntityDiffView({
    baseline: episode.status === "only_candidate" || options.scoring ? null : predictions(options.baseline),
    candidate: episode.status === "missing" ? null : predictions(options.candidate),
    gold: episode.status === "only_candidate" && options.scoring ? null : gold,
    scoring: options.scoring === true,
    goldId: options.reference?.id ?? null,
    absent: {
      baseline: episode.status === "only_candidate" ? "Not run by the baseline." : "No predictions from the baseline.",
      candidate: episode.status === "missing" ? "Not run by the candidate." : "No predictions from the candidate."
    },
    offsetsMatch: [options.baseline.row, options.candidate.row].some((row) => row?.ner_offsets_match === false)
      ? false
      : null
  });
}

/** The legend of the marks in the texts, when there are some. */
function legend(columns: TextSide[]): HTMLElement | string {
  const kinds = new Set<MarkKind>(columns.flatMap((side) => side.marks?.marks.map((mark) => mark.kind) ?? []));
  return kinds.size ? MarkLegend(builder(), [...kinds]) : "";
}

export function Drilldown(episode: RankedEpisode, options: DrilldownOptions): HTMLElement {
  const reference = options.reference?.id ?? null;
  const columns = sides(episode, options);
  const content = hasEntities(options)
    ? [
        ...(episode.status === "common" ? [] : [diffOrNote(episode, options)]),
        TextColumns(
          columns
            .filter((side) => side.role === "candidate" || (side.role === "baseline" && !options.scoring))
            .map((side) => ({...side, factsOnly: true})),
          reference
        ),
        nerDiff(episode, options)
      ]
    : [
        diffOrNote(episode, options),
        html`<div class="text-columns-head"><h4>Full texts</h4>${referenceToggle(options)}</div>`,
        legend(columns),
        TextColumns(columns, reference),
        ...mapSection(columns, options)
      ];
  const label = `Episode ${episode.episode_id}`;
  return html`<section class="drilldown" data-drilldown=${episode.episode_id} tabindex="-1" aria-label=${label}>
    ${header(episode, options.scoring === true)}
    ${errors(episode, options)}
    ${content}
  </section>`;
}
