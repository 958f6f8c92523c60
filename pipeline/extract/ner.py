"""The statistical agency NER: a spaCy model trained on real notices (tools/train_ner.py),
shipped in pipeline/models/agency_ner and loaded from there — nothing is downloaded.

It adds agency names the rule grammar misses. It is slow next to the rules, so
by default (rules/ner.yaml `mode: windows`) it reads only windows of text around
the words that end organisation names, batched through `nlp.pipe`.
"""
from __future__ import annotations

import functools
import re
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
    triggers: re.Pattern[str]
    ends_with_trigger: re.Pattern[str]
    min_length: int


@functools.cache
def config() -> NerConfig:
    data = rules.load("ner")
    if data["mode"] not in ("windows", "all", "off"):
        raise rules.RuleError(f"ner.yaml: mode must be windows, all or off, not {data['mode']!r}")
    return NerConfig(data["mode"], int(data["window"]), re.compile(data["triggers"]),
                     re.compile(f"(?:{data['triggers']})$"), int(data["min_length"]))


@functools.cache
def model() -> Any:
    import spacy

    if not MODEL_DIR.exists():
        raise FileNotFoundError(f"no agency NER model at {MODEL_DIR}: run `make train-ner`")
    return spacy.load(MODEL_DIR)


def windows(text: str, cfg: NerConfig) -> list[tuple[int, int]]:
    """Merged (start, end) windows around every trigger word."""
    spans: list[tuple[int, int]] = []
    for m in cfg.triggers.finditer(text):
        s, e = max(0, m.start() - cfg.window), min(len(text), m.end() + 2)
        if spans and s <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], e))
        else:
            spans.append((s, e))
    return spans


def find_agency_spans(text: str, mode: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of the agency names the model finds, where the configured mode lets it run."""
    cfg = config()
    mode = mode or cfg.mode
    if mode == "off" or not text:
        return []
    parts = [(0, len(text))] if mode == "all" else windows(text, cfg)
    nlp = model()
    found = []
    for (offset, _), doc in zip(parts, nlp.pipe(text[s:e] for s, e in parts)):
        for ent in doc.ents:
            s, e = offset + ent.start_char, offset + ent.end_char
            if e - s >= cfg.min_length and cfg.ends_with_trigger.search(text[s:e]):
                found.append((s, e))
    return found
