"""Stage clean: remove page chrome, pinyin annotations and SEO spam (rules/cleaning.yaml).

Each kind of finding is recorded in `Page.flags` (pinyin_annotations,
spam_injection, redacted_year, ...); what is removed never reaches extraction.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from . import rules
from .doc import Page
from .nameindex import NameIndex

NAME = "clean"
READS = {"text"}
WRITES = {"text", "flags"}

_EMPTY_LINE = re.compile(r"^[\s\W_]*$")


@dataclass(frozen=True)
class Cleaner:
    chrome_lines: re.Pattern[str]
    chrome_inline: re.Pattern[str]
    pinyin_toned: re.Pattern[str]
    pinyin_any: re.Pattern[str]
    spam_run: re.Pattern[str]
    spam_term: re.Pattern[str]
    spam_brand: re.Pattern[str]
    spam_words: NameIndex  # terms and brands, lower case, with their weight: a cheap gate before the regexes
    spam_joiners: re.Pattern[str]
    spam_min_terms: int
    spam_max_debris: int
    spam_line_min_runs: int
    flag_patterns: tuple[tuple[str, re.Pattern[str]], ...]


def _alternation(entries: list[dict[str, str]], where: str) -> str:
    parts = []
    for entry in entries:
        rules.compile_pattern(entry["pattern"], f"cleaning.yaml::{entry['id']}")  # fail early, by id
        parts.append(f"(?:{entry['pattern']})")
    return "|".join(parts) or r"(?!x)x"


@functools.cache
def cleaner() -> Cleaner:
    data = rules.load("cleaning")
    spam = data["spam"]
    terms = sorted(spam["terms"] + spam["brands"], key=len, reverse=True)
    term_alt = "|".join(re.escape(t) for t in terms)
    brand_alt = "|".join(re.escape(t) for t in sorted(spam["brands"], key=len, reverse=True))
    weights = {term.lower(): 1 for term in spam["terms"]}
    weights.update((brand.lower(), int(spam["min_terms"])) for brand in spam["brands"])
    return Cleaner(
        chrome_lines=re.compile(r"^[ \t]*(?:%s)[ \t]*$" % _alternation(data["chrome_lines"], "chrome_lines"), re.M),
        chrome_inline=re.compile(r"[ \t]*(?:%s)" % _alternation(data["chrome_inline"], "chrome_inline")),
        pinyin_toned=re.compile(data["pinyin"]["toned"]),
        pinyin_any=re.compile(data["pinyin"]["any"]),
        spam_run=re.compile(r"(?:%s|[A-Za-z0-9]+|%s)+" % (term_alt, spam["joiners"]), re.I),
        spam_term=re.compile(term_alt, re.I),
        spam_brand=re.compile(brand_alt, re.I),
        spam_words=NameIndex(weights),
        spam_joiners=re.compile("(?:%s)*" % spam["joiners"]),
        spam_min_terms=int(spam["min_terms"]),
        spam_max_debris=int(spam["max_debris"]),
        spam_line_min_runs=int(spam["line_min_runs"]),
        flag_patterns=tuple((name, re.compile(p)) for name, p in data.get("flags", {}).items()),
    )


def _may_hold_spam(text: str, c: Cleaner) -> bool:
    """Whether the text holds enough spam words for a run at all (most texts hold none)."""
    return sum(w for _, _, w in c.spam_words.find(text.lower())) >= c.spam_min_terms


def _remove_spam(text: str, c: Cleaner) -> tuple[str, bool]:
    """Text without its spam runs; a line of several runs whose remains are shorter than
    what was taken out (欧美…,久久这里只有…) goes whole."""
    if not _may_hold_spam(text, c):
        return text, False
    found = False

    def sub(m: re.Match[str]) -> str:
        nonlocal found
        run = m.group(0)
        if len(c.spam_term.findall(run)) < c.spam_min_terms and not c.spam_brand.search(run):
            return run
        found = True
        # the joiner before the run stays, so that the words around it stay apart (市、…、市 → 市、市)
        lead = c.spam_joiners.match(run).group(0) if m.start() and m.end() < len(m.string) else ""
        lead = lead.replace("\n", "")
        # \x00 marks a removed run and \x01 each character it held; a newline keeps lines apart
        return lead + "\x00" + "\x01" * len(run.replace("\n", "")) + ("\n" if "\n" in run else "")

    text = c.spam_run.sub(sub, text)
    if not found:
        return text, False
    lines = []
    for line in text.split("\n"):
        if "\x00" in line:
            runs, removed = line.count("\x00"), line.count("\x01")
            line = line.replace("\x00", "").replace("\x01", "")
            if len(line.strip()) <= c.spam_max_debris or (runs >= c.spam_line_min_runs and len(line) < removed):
                continue
        lines.append(line)
    return "\n".join(lines), True


def clean_text(text: str) -> tuple[str, list[str]]:
    """The text without chrome, pinyin annotations and spam, and the findings made."""
    c = cleaner()
    flags: list[str] = []
    if c.pinyin_toned.search(text):
        text = c.pinyin_any.sub("", c.pinyin_toned.sub("", text))
        flags.append("pinyin_annotations")
    text, spam = _remove_spam(text, c)
    if spam:
        flags.append("spam_injection")
    text = c.chrome_lines.sub("", text)
    lines = []
    for line in text.split("\n"):
        stripped, removed = c.chrome_inline.subn("", line)
        if removed and _EMPTY_LINE.match(stripped):
            continue  # a line that was nothing but chrome or spam
        lines.append(stripped.rstrip(" \r"))  # trailing tabs are empty table cells: kept
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    for name, pattern in c.flag_patterns:
        if pattern.search(text):
            flags.append(name)
    return text, flags


def run(page: Page) -> Page:
    page.text, flags = clean_text(page.text)
    for flag in flags:
        page.add_flag(flag)
    return page


def examples(text: str, reference_date: object = None) -> list[dict[str, object]]:
    """For rule examples: one `cleaned` result when cleaning changed or flagged the text."""
    cleaned, flags = clean_text(text)
    if cleaned == text.strip() and not flags:
        return []
    return [{"kind": "cleaned", "text": cleaned, "flags": flags}]
