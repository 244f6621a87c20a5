#!/usr/bin/env python3
"""Regenerate fixtures/rouge/*.json, the reference vectors for src/compare/{porter,rouge}.ts.

Needs NLTK (Debian: apt-get install python3-nltk; run with /usr/bin/python3) and the corpus
copy at fixtures/corpus/podcast_scraper/eval (or pass another eval tree as the first argument).

rouge-score itself is not installable here, so ROUGE is recomputed by an independent
reimplementation of rouge_score's tokenize.py + rouge_scorer.py (use_stemmer=True), using
NLTK's PorterStemmer() exactly as rouge_score's DefaultTokenizer does.

    /usr/bin/python3 scripts/gen-rouge-vectors.py
"""
import collections
import json
import os
import re
import sys

import nltk
from nltk.stem import porter

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_CORPUS = os.path.join(PROJECT_ROOT, "fixtures", "corpus", "podcast_scraper", "eval")
OUT_DIR = os.path.join(PROJECT_ROOT, "fixtures", "rouge")
SOURCE_NOTE = (
    "Texts copied unchanged from chipi/podcast_scraper commit e68920b2a, data/eval/ "
    "(copied to fixtures/corpus/podcast_scraper/eval), under the MIT licence below."
)

STEMMER = porter.PorterStemmer()  # rouge_score/tokenizers.py: porter.PorterStemmer()

TRICKY_WORDS = """
generously dying sky skies news ties happily agreed feed conditional relational hopefulness
ponies caresses ied abc y yyy yy yyyy ay ya syzygy toy by tr ee tree trees troubles private
oaten orrery ivy oats trouble caress cats dies died spied flies cries tied tying lying innings
inning outings outing cannings canning howe proceed exceed succeed proceeding exceeding
succeeded generalization oscillators analogousli vietnamization formaliti sensitiviti
sensibiliti triplicate formative formalize electriciti electrical hopeful goodness revival
allowance inference airliner gyroscopic adjustable defensible irritant replacement adjustment
dependent adoption homologou communism activate angulariti homologous effective bowdlerize
probate rate cease controll roll hopping tanned falling hissing fizzed failing filing
conflated troubled sized plastered bled motoring sing happy enjoy enjoyment spy fly try
geology theology archaeology geologi radically fully hopefully carefully ably possibly
differently vilely analogously rational valenci hesitanci digitizer conformabli radicalli
differentli vileli predication operator feudalism decisiveness callousness at is as us ss s
a i eed ies sses ing ed eing ying yed yies logi ologi eli alli bli abli ization ational
tional 2024 1990s covid19 mp3s x1ing 3d 100s agree disagreed bleed bleeding speed need
needed seeing being doing going ceiling feeling meeting sky's skying skiing sticky
Sky SKIES Dying NEWS News Innings Running HOWE Proceed MULTIDIMENSIONAL
naïve CAFÉS İİİ straße a*ded
""".split() + [""]


def tokenize(text):
    """rouge_score/tokenize.py tokenize() with a stemmer."""
    text = re.sub(r"[^a-z0-9]+", " ", text.lower())
    tokens = re.split(r"\s+", text)
    tokens = [STEMMER.stem(x) if len(x) > 3 else x for x in tokens]
    return [x for x in tokens if re.match(r"^[a-z0-9]+$", x)]


def fmeasure(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0


def ngram_f1(target, prediction, n):
    def ngrams(tokens):
        return collections.Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))

    target_ngrams, prediction_ngrams = ngrams(target), ngrams(prediction)
    overlap = sum(min(count, prediction_ngrams[g]) for g, count in target_ngrams.items())
    precision = overlap / max(sum(prediction_ngrams.values()), 1)
    recall = overlap / max(sum(target_ngrams.values()), 1)
    return fmeasure(precision, recall)


def lcs_f1(target, prediction):
    if not target or not prediction:
        return 0.0
    table = [[0] * (len(prediction) + 1) for _ in range(len(target) + 1)]
    for i in range(1, len(target) + 1):
        for j in range(1, len(prediction) + 1):
            if target[i - 1] == prediction[j - 1]:
                table[i][j] = table[i - 1][j - 1] + 1
            else:
                table[i][j] = max(table[i - 1][j], table[i][j - 1])
    lcs = table[-1][-1]
    return fmeasure(lcs / len(prediction), lcs / len(target))


def rouge(prediction, reference):
    target, pred = tokenize(reference), tokenize(prediction)
    return {"rouge1": ngram_f1(target, pred, 1), "rouge2": ngram_f1(target, pred, 2), "rougeL": lcs_f1(target, pred)}


def text_of(row):
    output = row.get("output")
    if isinstance(output, dict):
        for key in ("summary_final", "summary_long"):
            if isinstance(output.get(key), str):
                return output[key]
    return output if isinstance(output, str) else None


def load_predictions(run_dir):
    rows = {}
    with open(os.path.join(run_dir, "predictions.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                rows[(row["dataset_id"], row["episode_id"])] = row
    return rows


def find_reference(corpus, reference_id):
    for parent, dirs, _ in os.walk(os.path.join(corpus, "references")):
        if reference_id in dirs:
            return os.path.join(parent, reference_id)
    return None


def rouge_runs(corpus):
    """(run dir, reference dir) for every metrics.json with ROUGE in vs_reference."""
    runs = []
    for parent, _, files in sorted(os.walk(corpus)):
        if "metrics.json" not in files:
            continue
        with open(os.path.join(parent, "metrics.json"), encoding="utf-8") as f:
            vs_reference = json.load(f).get("vs_reference") or {}
        for reference_id, metrics in sorted(vs_reference.items()):
            if "rouge1_f1" in metrics:
                runs.append((parent, find_reference(corpus, reference_id)))
    return runs


def write_json(name, data):
    """Indented JSON, except that short lists (the [word, stem] pairs) stay on one line."""
    text = json.dumps(data, ensure_ascii=False, indent=1)
    text = re.sub(r'\[\n\s*("(?:[^"\\]|\\.)*"),\n\s*("(?:[^"\\]|\\.)*")\n\s*\]', r"[\1, \2]", text)
    os.makedirs(OUT_DIR, exist_ok=True)
    with open(os.path.join(OUT_DIR, name), "w", encoding="utf-8") as f:
        f.write(text + "\n")


def main():
    corpus = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_CORPUS)
    with open(os.path.join(corpus, "..", "LICENSE"), encoding="utf-8") as f:
        license_text = f.read()

    corpus_words = set()
    for parent, _, files in os.walk(corpus):
        if "predictions.jsonl" in files:
            for row in load_predictions(parent).values():
                text = text_of(row)
                if text is not None:
                    corpus_words.update(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())
    words = sorted(corpus_words | set(TRICKY_WORDS))
    write_json("porter-vectors.json", {
        "generator": "scripts/gen-rouge-vectors.py",
        "nltk_version": nltk.__version__,
        "stemmer": "nltk.stem.porter.PorterStemmer() (mode NLTK_EXTENSIONS)",
        "vectors": [[word, STEMMER.stem(word)] for word in words],
    })

    episodes = []
    for index, (run_dir, reference_dir) in enumerate(rouge_runs(corpus)):
        run, reference = load_predictions(run_dir), load_predictions(reference_dir)
        shared_keys = sorted(set(run) & set(reference))
        key = shared_keys[index % len(shared_keys)]
        prediction, reference_text = text_of(run[key]), text_of(reference[key])
        episodes.append({
            "run": os.path.relpath(run_dir, corpus),
            "reference": os.path.relpath(reference_dir, corpus),
            "dataset_id": key[0],
            "episode_id": key[1],
            "prediction": prediction,
            "reference_text": reference_text,
            **rouge(prediction, reference_text),
        })
    write_json("episode-vectors.json", {
        "generator": "scripts/gen-rouge-vectors.py",
        "nltk_version": nltk.__version__,
        "source": SOURCE_NOTE,
        "license": license_text,
        "episodes": episodes,
    })
    print(f"{len(words)} porter vectors, {len(episodes)} episode vectors -> {OUT_DIR}")


if __name__ == "__main__":
    main()
