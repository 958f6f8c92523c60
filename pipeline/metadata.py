"""Stage metadata: a notice's title, publication date and issuing locality.

Patterns are in rules/documents.yaml (title, dates) and rules/gazetteer.yaml
(locality); division names come from the gazetteer.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass

from . import gazetteer, rules
from .doc import Document
from .extract.values import find_values

NAME = "metadata"
READS = {"text", "title"}
WRITES = {"title", "published_date", "province", "city", "county", "reference_date"}



@dataclass(frozen=True)
class _Config:
    title_max: int
    continuation_max: int
    title_skip: re.Pattern[str]
    sentence_end: re.Pattern[str]
    notice_words: re.Pattern[str]
    title_field: re.Pattern[str]
    trailing_debris: re.Pattern[str]
    header: re.Pattern[str]
    header_fallback: re.Pattern[str]
    dateline: re.Pattern[str]
    header_field_line: re.Pattern[str]
    signature: re.Pattern[str]
    notice_period: re.Pattern[str]
    notice_words_min: int
    header_lines: int
    levels: dict[str, re.Pattern[str]]
    not_issuer: re.Pattern[str]
    min_province_share: float
    weights: dict[str, int]


@functools.cache
def _config() -> _Config:
    doc = rules.load("documents")
    gaz = rules.load("gazetteer")
    t, d = doc["title"], doc["published_date"]
    where = "documents.yaml::published_date"
    return _Config(
        title_max=int(t["max_length"]),
        continuation_max=int(t["continuation_max_length"]),
        title_skip=rules.compile_pattern(t["skip"], "documents.yaml::title.skip"),
        sentence_end=re.compile(t["sentence_end"]),
        notice_words=re.compile(t["notice_words"]),
        title_field=re.compile(t["field"], re.M),
        trailing_debris=re.compile(t["trailing_debris"]),
        header=rules.compile_pattern(d["header"], where),
        header_fallback=rules.compile_pattern(d["header_fallback"], where),
        dateline=rules.compile_pattern(d["dateline"], where),
        header_field_line=rules.compile_pattern(d["header_field_line"], where),
        signature=rules.compile_pattern(d["signature"], where),
        notice_period=rules.compile_pattern(d["notice_period"], where),
        notice_words_min=int(t["notice_words_min_length"]),
        header_lines=int(d["header_lines"]),
        levels={k: re.compile(v) for k, v in gaz["level_markers"].items()},
        not_issuer=re.compile(gaz["not_issuer"]),
        min_province_share=float(gaz["min_province_share"]),
        weights={k: int(v) for k, v in gaz["weights"].items()},
    )


def parse_header_date(text: str) -> dt.date | None:
    """The day a header or signature date names (2021-06-03, 二〇二一年六月三日), read by the values
    extractor, so that metadata and mentions read dates the same way; None when it names no day."""
    found = find_values(text, None, kinds=["date"])
    if not found or found[0]["date_start"] is None or found[0]["date_start"] != found[0]["date_end"]:
        return None
    return found[0]["date_start"]


def find_title(text: str) -> str | None:
    """The headline: a 标题 field; else the line just above the date/source header; else the first
    short line that reads like a headline, before the notice's prose starts."""
    cfg = _config()
    lines = text.split("\n")
    head = "\n".join(lines[: cfg.header_lines])
    field = cfg.title_field.search(head)
    if field:
        return field.group("title")
    candidates: list[tuple[int, str]] = []
    header_at = None
    for i, raw in enumerate(lines[: cfg.header_lines]):
        line = cfg.trailing_debris.sub("", raw.strip())
        if not line or "|" in line:
            continue
        if cfg.title_skip.search(line):
            header_at = i if header_at is None else header_at
            continue
        if len(line) > cfg.title_max or cfg.sentence_end.search(line):
            break  # the prose has started
        candidates.append((i, line))
    if not candidates:
        return None
    headline_like = [c for c in candidates if len(c[1]) >= cfg.notice_words_min and cfg.notice_words.search(c[1])]
    above_header = [c for c in headline_like if header_at is not None and c[0] < header_at]
    i, line = above_header[-1] if above_header else (headline_like or candidates)[0]
    # the headline repeated under the header without the site's prefix (a prefix that ends in a space)
    repeated = [c for c in candidates if c[0] > i and len(c[1]) >= cfg.notice_words_min and line.endswith(c[1])
                and line[: -len(c[1])].endswith(" ")]
    if repeated:
        return repeated[0][1]
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    if (nxt and len(nxt) <= cfg.continuation_max and not cfg.title_skip.search(nxt)
            and not re.search(r"\W", nxt.replace(" ", "")) and not cfg.dateline.match(nxt)):
        line += nxt  # a headline broken over two lines
    return line


def find_published_date(text: str) -> dt.date | None:
    """The publication date: a labelled header date; else a header line that is a date, or a short
    header field line that carries one; else the signature date; else an archive or drafting date;
    else the first day of the public-notice period."""
    cfg = _config()
    lines = text.split("\n")
    head_lines = []
    for line in lines[: cfg.header_lines]:
        if len(line.strip()) > cfg.title_max:
            break  # the prose has started
        head_lines.append(line)
    head = "\n".join(head_lines)
    m = cfg.header.search(head)
    if m is None:
        fields = (cfg.dateline.match(ln) or cfg.header_field_line.match(ln.strip())
                  for ln in head_lines if not cfg.header_fallback.search(ln))
        m = next(filter(None, fields), None)
    if m is None:  # a line that is nothing but a date, the last one: the signature, attachments after it
        m = next(filter(None, (cfg.signature.match(ln) for ln in reversed(lines))), None)
    m = m or cfg.header_fallback.search(head) or cfg.notice_period.search(text)
    return parse_header_date(m.group("date")) if m else None


def find_locality(title: str | None, text: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) of the body that issues the notice, each None where it does not apply."""
    cfg = _config()
    w = cfg.weights
    scores: Counter[gazetteer.Division] = Counter()
    in_title: set[str] = set()
    text = cfg.not_issuer.sub(lambda m: " " * len(m.group(0)), text)
    for source, weight in ((title or "", w["title"]), (text, 1)):
        by_span: dict[tuple[int, int], list[gazetteer.Locality]] = {}
        for loc in gazetteer.localities(source):
            by_span.setdefault((loc.start, loc.end), []).append(loc)
        for locs in by_span.values():
            if len(locs) > 1:
                continue  # a name several divisions share (城区, 朝阳区) says nothing
            loc = locs[0]
            scores[loc.division] += weight * (w["short_name"] if loc.short else w["full_name"])
            if source is title:
                in_title.add(loc.division.code)
    if not scores:
        return None, None, None
    provinces: Counter[str] = Counter()
    for div, s in scores.items():
        provinces[div.province] += s
    province, top = provinces.most_common(1)[0]
    if top < cfg.min_province_share * sum(provinces.values()):
        return None, None, None  # places from all over: a national notice
    level_hits = {lvl: len(p.findall(text)) for lvl, p in cfg.levels.items()}
    if any(level_hits.values()):
        level = max(level_hits, key=lambda k: level_hits[k])
    else:  # no 我市/全省 words: the place named most often issues it
        level = max(scores.items(), key=lambda kv: kv[1])[0].level

    def best(attr: str) -> gazetteer.Division | None:
        cands = [(s, d) for d, s in scores.items() if d.province == province and getattr(d, attr)]
        return max(cands, key=lambda c: c[0])[1] if cands else None

    city_div = best("city")
    title_city = city_div is not None and any(
        d.city == city_div.city and d.code in in_title for d in scores)
    city = city_div.city if city_div and (level in ("city", "county") or title_city) else None
    county = None
    if city or province.endswith("市"):
        cands = [(s, d) for d, s in scores.items() if d.county and d.province == province
                 and (city is None or d.city == city)]
        if cands:
            div = max(cands, key=lambda c: c[0])[1]
            if level == "county" or div.code in in_title:
                county = div.county
                city = div.city
    return province, city, county


def run(doc: Document) -> Document:
    if doc.title is None:
        doc.title = find_title(doc.text)
    doc.published_date = find_published_date(doc.text)
    doc.reference_date = doc.published_date or doc.reference_date
    doc.province, doc.city, doc.county = find_locality(doc.title, doc.text)
    return doc


def examples(text: str, reference_date: object = None) -> list[dict[str, object]]:
    """For rule examples: the document fields read from a text."""
    doc = run(Document(source_path="example", index=0, text=text))
    return [{"kind": "document", "text": text, "title": doc.title, "published_date": doc.published_date,
             "province": doc.province, "city": doc.city, "county": doc.county}]
