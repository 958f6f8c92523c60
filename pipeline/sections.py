"""Stage sections (placeholder while the real segmenter is written): the whole text is one `other` section."""
from __future__ import annotations

from .doc import Document, Section

NAME = "sections"
READS = {"text"}
WRITES = {"sections"}


def segment(text: str) -> list[Section]:
    return [Section("other", 0, len(text))] if text else []


def run(doc: Document) -> Document:
    doc.sections = segment(doc.text)
    return doc
