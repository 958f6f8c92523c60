"""`make train-ner`: train the agency NER shipped in pipeline/models/agency_ner.

Training text is real notices only: the dev part of corpora/ with its gold
agency spans (documents whose agencies were annotated exhaustively), and the
unlabeled notices of corpora/unlabeled/ with the rules' agencies as weak labels.
The held-out part is never read. Deterministic: fixed seed, sorted inputs.
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

import spacy
from spacy.cli.train import train
from spacy.tokens import DocBin

from pipeline import stages
from pipeline.doc import Page
from pipeline.extract.agencies import find_agencies
from pipeline.metadata import run as read_metadata

ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = ROOT / "pipeline" / "models" / "agency_ner"
CONFIG = ROOT / "training" / "agency_ner.cfg"
LABEL = "AGENCY"


def documents(path: Path) -> list:
    """The cleaned, normalised documents of one file, with their metadata."""
    page = Page(source_path=path.name, data=path.read_bytes())
    for stage in stages.PAGE_STAGES:
        page = stage.run(page)
    return [read_metadata(d) for d in page.documents]


def gold_spans(text: str, mentions: list[dict]) -> list[tuple[int, int]]:
    """Offsets of the gold agency mentions, found in order through the text."""
    spans, pos = [], 0
    for m in mentions:
        i = text.find(m["text"], pos)
        if i < 0:
            i = text.find(m["text"])
        if i >= 0:
            spans.append((i, i + len(m["text"])))
            pos = i + len(m["text"])
    return _disjoint(spans)


def _disjoint(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(set(spans), key=lambda x: (x[0], -(x[1] - x[0]))):
        if not out or s >= out[-1][1]:
            out.append((s, e))
    return out


def examples(nlp: spacy.Language) -> tuple[list, list]:
    gold_docs, weak_docs = [], []
    dev = ROOT / "corpora" / "dev"
    for gpath in sorted((dev / "gold").glob("*.json")):
        gold = json.loads(gpath.read_text(encoding="utf-8"))
        docs = documents(dev / "raw" / gold["file"])
        for gd, doc in zip(gold["documents"], docs):
            if "agency" not in gd.get("mentions_exhaustive", []):
                continue
            spans = gold_spans(doc.text, [m for m in gd.get("mentions", []) if m["kind"] == "agency"])
            gold_docs.append(_doc(nlp, doc.text, spans))
    for path in sorted((ROOT / "corpora" / "unlabeled" / "raw").glob("*")):
        for doc in documents(path):
            found = find_agencies(doc.text, doc.province, doc.city, doc.county)
            weak_docs.append(_doc(nlp, doc.text, _disjoint([(a["start"], a["end"]) for a in found])))
    return gold_docs, weak_docs


def _doc(nlp: spacy.Language, text: str, spans: list[tuple[int, int]]):
    doc = nlp.make_doc(text)
    ents = [doc.char_span(s, e, label=LABEL, alignment_mode="expand") for s, e in spans]
    doc.ents = _disjoint_ents([e for e in ents if e is not None])
    return doc


def _disjoint_ents(ents: list) -> list:
    out: list = []
    for e in sorted(ents, key=lambda e: (e.start, -len(e))):
        if not out or e.start >= out[-1].end:
            out.append(e)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-steps", type=int, default=None)
    args = parser.parse_args()
    nlp = spacy.blank("zh")
    gold_docs, weak_docs = examples(nlp)
    random.Random(0).shuffle(gold_docs)
    n_dev = max(1, len(gold_docs) // 5)
    train_docs, dev_docs = gold_docs[n_dev:] + weak_docs, gold_docs[:n_dev]
    print(f"training on {len(train_docs)} documents ({len(weak_docs)} weakly labelled), "
          f"evaluating on {len(dev_docs)} gold documents", file=sys.stderr)
    with tempfile.TemporaryDirectory() as tmp:
        DocBin(docs=train_docs).to_disk(Path(tmp) / "train.spacy")
        DocBin(docs=dev_docs).to_disk(Path(tmp) / "dev.spacy")
        overrides = {"paths.train": str(Path(tmp) / "train.spacy"), "paths.dev": str(Path(tmp) / "dev.spacy")}
        if args.max_steps:
            overrides["training.max_steps"] = args.max_steps
        train(CONFIG, Path(tmp) / "model", overrides=overrides)
        if MODEL_DIR.exists():
            shutil.rmtree(MODEL_DIR)
        shutil.copytree(Path(tmp) / "model" / "model-best", MODEL_DIR)
    print(f"model written to {MODEL_DIR}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
