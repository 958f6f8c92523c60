"""The statistical agency NER: a spaCy model trained on real notices (tools/train_ner.py),
shipped in pipeline/models/agency_ner and loaded from there — nothing is downloaded.

It adds agency names the rule grammar misses. It is slow next to the rules, so by
default (rules/ner.yaml `mode: gaps`) it reads only windows of text before the body
words (局, 委员会, 管委会 …) that no rule's name covers, batched through `nlp.pipe`;
its spans then pass the same checks as the rules' names (pipeline/extract/agencies.py).
"""
from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import rules

MODEL_DIR = Path(__file__).resolve().parent.parent / "models" / "agency_ner"
SOURCE = "ner"


@dataclass(frozen=True)
class NerConfig:
    mode: str
    window: int
    min_length: int


MODES = ("gaps", "all", "off")
MODE_VARIABLE = "NOTICES_NER"  # overrides rules/ner.yaml `mode` for one run, e.g. to compare the modes


@functools.cache
def config() -> NerConfig:
    data = rules.load("ner")
    mode = os.environ.get(MODE_VARIABLE) or data["mode"]
    if mode not in MODES:
        raise rules.RuleError(f"NER mode must be one of {MODES}, not {mode!r} (rules/ner.yaml or ${MODE_VARIABLE})")
    return NerConfig(mode, int(data["window"]), int(data["min_length"]))


@functools.cache
def model() -> Any:
    import spacy

    if not MODEL_DIR.exists():
        raise FileNotFoundError(f"no agency NER model at {MODEL_DIR}: run `make train-ner`")
    return spacy.load(MODEL_DIR)


def _windows(text: str, gaps: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Merged windows of text ending just after each gap (a body word no rule name covers)."""
    spans: list[tuple[int, int]] = []
    for start, end in gaps:
        s, e = max(0, start - width), min(len(text), end + 2)
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return spans


def proposer(mode: str | None = None):
    """The function find_agencies calls with the uncovered body words, or None when the NER is off:
    `gaps` reads windows around those words only; `all` reads the whole text."""
    cfg = config()
    mode = mode or cfg.mode
    if mode == "off":
        return None

    def propose(text: str, gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
        parts = [(0, len(text))] if mode == "all" else _windows(text, gaps, cfg.window)
        if not parts:
            return []
        found = []
        for (offset, _), doc in zip(parts, model().pipe(text[s:e] for s, e in parts)):
            for ent in doc.ents:
                if ent.end_char - ent.start_char >= cfg.min_length:
                    found.append((offset + ent.start_char, offset + ent.end_char))
        return found

    return propose
