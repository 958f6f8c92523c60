"""Stage items (placeholder while the real builder is written): no items."""
from __future__ import annotations

from .doc import Document

NAME = "items"
READS = {"sections", "text"}
WRITES = {"items"}


def run(doc: Document) -> Document:
    doc.items = []
    return doc
