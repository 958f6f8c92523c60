"""Stage split: one page's text → one Document per notice (rules/documents.yaml `split`).

A page holds several notices only when it carries several titled notices of one
series (整改方案1, 整改方案2 …); text before the first title goes with the first.
"""
from __future__ import annotations

import functools
import re

from . import rules
from .doc import Document, Page

NAME = "split"
READS = {"text", "script", "flags"}
WRITES = {"documents"}


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], int]:
    cfg = rules.load("documents")["split"]
    return (rules.compile_pattern(cfg["numbered_title"], "documents.yaml::split", re.M),
            re.compile(cfg["not_a_title"]), int(cfg["min_titles"]))


def notice_starts(text: str) -> list[tuple[int, str]]:
    """(offset, title) of each notice of a series in the text; empty when it holds one notice."""
    title_re, not_title, min_titles = _patterns()
    by_stem: dict[str, list[tuple[int, int]]] = {}
    for m in title_re.finditer(text):
        stem = m.group("stem").strip()
        if not_title.search(stem):
            continue
        by_stem.setdefault(stem, []).append((int(m.group("n")), m.start(), m.group(0).strip()))
    best: list[tuple[int, str]] = []
    for numbered in by_stem.values():
        run = [(pos, title) for i, (n, pos, title) in enumerate(numbered) if n == i + 1]
        if len(run) >= min_titles and len(run) > len(best):
            best = run
    return best


def run(page: Page) -> Page:
    series = notice_starts(page.text)
    if not series:
        page.documents.append(Document(source_path=page.source_path, index=0, text=page.text,
                                       script=page.script, flags=list(page.flags),
                                       reference_date=page.reference_date))
        return page
    # the compilation's own preamble stays with the first notice, whose title is its series title
    bounds = [0, *(pos for pos, _ in series[1:]), len(page.text)]
    for i, ((a, b), (_, title)) in enumerate(zip(zip(bounds, bounds[1:]), series)):
        doc = Document(source_path=page.source_path, index=i, text=page.text[a:b].strip(),
                       script=page.script, flags=[*page.flags, "multi_document"], title=title,
                       reference_date=page.reference_date)
        page.documents.append(doc)
    return page
