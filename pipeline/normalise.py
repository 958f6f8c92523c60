"""Stage normalise: traditional → simplified (OpenCC t2s) and full-width → half-width.

Records the source script in `Page.script`. Runs before any matching, so every
rule in rules/ is written in simplified script with ASCII digits and punctuation.
"""
from __future__ import annotations

import functools
import re

import opencc

from .doc import Page

NAME = "normalise"
READS = {"text"}
WRITES = {"text", "script"}

# Full-width ASCII (U+FF01..U+FF5E) and the ideographic space fold to ASCII, as
# NFKC would, without NFKC's other rewrites (①, ㎡, compatibility ideographs).
_WIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_CJK = "".join(chr(cp) for cp in range(0x4E00, 0xA000))
# Under this share, the other script's characters are noise: some simplified forms
# (于, 后, 干) are also ordinary traditional characters.
_MINORITY_SHARE = 0.1


@functools.cache
def _converter(profile: str) -> opencc.OpenCC:
    return opencc.OpenCC(profile)


@functools.cache
def _script_classes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Character classes of traditional-only and simplified-only characters, read off OpenCC."""
    to_simp = _converter("t2s").convert(_CJK)
    to_trad = _converter("s2t").convert(_CJK)
    trad = {a for a, b in zip(_CJK, to_simp) if a != b}
    simp = {a for a, b in zip(_CJK, to_trad) if a != b}
    trad, simp = trad - simp, simp - trad
    cls = lambda chars: re.compile("[" + "".join(sorted(chars)) + "]")  # noqa: E731
    return cls(trad), cls(simp)


def detect_script(text: str) -> str:
    trad_re, simp_re = _script_classes()
    n_trad, n_simp = len(trad_re.findall(text)), len(simp_re.findall(text))
    total = n_trad + n_simp
    if total == 0 or n_trad <= total * _MINORITY_SHARE:
        return "simplified"
    if n_simp <= total * _MINORITY_SHARE:
        return "traditional"
    return "mixed"


def normalise_text(text: str) -> str:
    """Simplified script, half-width ASCII; the text a rule sees."""
    return _converter("t2s").convert(text).translate(_WIDTH)


def run(page: Page) -> Page:
    page.script = detect_script(page.text)
    page.text = normalise_text(page.text)
    return page
