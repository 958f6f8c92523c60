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

from . import gazetteer, rules, sections
from .doc import Document
from .extract.values import find_values

NAME = "metadata"
READS = {"text", "title"}
WRITES = {"title", "published_date", "province", "city", "county", "reference_date"}


@dataclass(frozen=True)
class _Config:
    head_lines: int
    lead_paragraphs: int
    title_max: int
    continuation_max: int
    continuation_complete_max: int
    continuation: re.Pattern[str]
    site_part_max: int
    chrome: re.Pattern[str]
    header: re.Pattern[str]
    labelled_header: re.Pattern[str]
    teaser: re.Pattern[str]
    reference: re.Pattern[str]
    glued: re.Pattern[str]
    sentence_end: re.Pattern[str]
    sentence: re.Pattern[str]
    notice_words: re.Pattern[str]
    notice_words_min: int
    complete_end: re.Pattern[str]
    lead_title_end: re.Pattern[str]
    title_field: re.Pattern[str]
    field_end: re.Pattern[str]
    trailing_debris: re.Pattern[str]
    separators: re.Pattern[str]
    cleanups: tuple[re.Pattern[str], ...]
    header_date: re.Pattern[str]
    header_fallback: re.Pattern[str]
    dateline: re.Pattern[str]
    day_first: re.Pattern[str]
    header_field_line: re.Pattern[str]
    not_publication: re.Pattern[str]
    near_title_lines: int
    signature: re.Pattern[str]
    notice_period: re.Pattern[str]
    levels: re.Pattern[str]
    region_suffix: str
    not_issuer: re.Pattern[str]
    address_rest: re.Pattern[str]
    source: re.Pattern[str]
    subject_before: re.Pattern[str]
    subject_after: re.Pattern[str]
    min_issuer_score: int
    national: re.Pattern[str]
    source_chars: int
    min_province_share: float
    min_city_share: float
    min_unmarked_city_share: float
    weights: dict[str, int]


@functools.cache
def _config() -> _Config:
    doc = rules.load("documents")
    gaz = rules.load("gazetteer")
    t, d = doc["title"], doc["published_date"]
    tw, dw = "documents.yaml::title", "documents.yaml::published_date"
    return _Config(
        head_lines=int(doc["head_lines"]),
        lead_paragraphs=int(t["lead_paragraphs"]),
        title_max=int(t["max_length"]),
        continuation_max=int(t["continuation_max_length"]),
        continuation_complete_max=int(t["continuation_complete_max_length"]),
        continuation=re.compile(t["continuation"]),
        site_part_max=int(t["site_part_max_length"]),
        chrome=rules.compile_pattern(t["chrome"], tw),
        header=rules.compile_pattern(t["header"], tw),
        labelled_header=rules.compile_pattern(d["header"], dw),
        teaser=re.compile(t["teaser"]),
        reference=re.compile(t["reference"]),
        glued=re.compile(t["glued"]),
        sentence_end=re.compile(t["sentence_end"]),
        sentence=re.compile(t["sentence"]),
        notice_words=re.compile(t["notice_words"]),
        notice_words_min=int(t["notice_words_min_length"]),
        complete_end=re.compile(t["complete_end"]),
        lead_title_end=re.compile(t["lead_title_end"]),
        title_field=re.compile(t["field"], re.M),
        field_end=re.compile(t["field_end"]),
        trailing_debris=re.compile(t["trailing_debris"]),
        separators=re.compile(t["separators"]),
        cleanups=tuple(rules.compile_pattern(p, tw) for p in t["cleanups"]),
        header_date=rules.compile_pattern(d["header"], dw),
        header_fallback=rules.compile_pattern(d["header_fallback"], dw),
        dateline=rules.compile_pattern(d["dateline"], dw),
        day_first=re.compile(d["day_first"]),
        header_field_line=rules.compile_pattern(d["header_field_line"], dw),
        not_publication=re.compile(d["not_publication"]),
        near_title_lines=int(d["near_title_lines"]),
        signature=rules.compile_pattern(d["signature"], dw),
        notice_period=rules.compile_pattern(d["notice_period"], dw),
        # one pass for all levels' words: a group per level, `district` for 我区/全区
        levels=re.compile(f"(?=[{gaz['marker_first_chars']}])(?:" + "|".join(
            f"(?P<{k}>{v})" for k, v in [*gaz["level_markers"].items(), ("district", gaz["district_markers"])]) + ")"),
        region_suffix=str(gaz["autonomous_region_suffix"]),
        not_issuer=re.compile(gaz["not_issuer"]),
        address_rest=re.compile(gaz["address_rest"]),
        source=re.compile(gaz["source"], re.M),
        subject_before=re.compile(gaz["subject"]["before"]),
        subject_after=re.compile(gaz["subject"]["after"]),
        min_issuer_score=int(gaz["min_issuer_score"]),
        national=re.compile(gaz["national_markers"]),
        source_chars=int(gaz["source_within_chars"]),
        min_province_share=float(gaz["min_province_share"]),
        min_city_share=float(gaz["min_city_share"]),
        min_unmarked_city_share=float(gaz["min_unmarked_city_share"]),
        weights={k: int(v) for k, v in gaz["weights"].items()},
    )


_WHITE = re.compile(r"\s+")


def parse_header_date(text: str) -> dt.date | None:
    """The day a header or signature date names (2021-06-03, 二〇二一年六月三日), read by the values
    extractor, so that metadata and mentions read dates the same way; None when it names no day."""
    found = find_values(_WHITE.sub("", text), None, kinds=["date"])  # 201 7 年 8 月 27 日
    if not found or found[0]["date_start"] is None or found[0]["date_start"] != found[0]["date_end"]:
        return None
    return found[0]["date_start"]


def _head(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, stripped line) of the first non-blank lines: where the title block and the
    page header are."""
    cfg = _config()
    head: list[tuple[int, str]] = []
    for i, line in enumerate(lines):
        if line.strip():
            head.append((i, line.strip()))
            if len(head) == cfg.head_lines:
                break
    return head


def _headline_like(line: str) -> bool:
    cfg = _config()
    return len(line) >= cfg.notice_words_min and bool(cfg.notice_words.search(line))


def _without_site(line: str) -> str | None:
    """The headline part of a line joined to site or column names (标题_栏目_某某网, 栏目 | 标题);
    None for a line of separated cells or links with no headline among them."""
    cfg = _config()
    parts = [p.strip() for p in cfg.separators.split(line)]
    if len(parts) == 1:
        return line
    best = max(parts, key=len)
    others = [p for p in parts if p is not best]
    if _headline_like(best) and all(len(p) <= cfg.site_part_max for p in others):
        return best
    return None


def _clean_title(line: str) -> str:
    """The headline without list numbers, bullets, 原标题 and bracket wrappers, file extensions or a
    trailing publication time."""
    for pattern in _config().cleanups:
        m = pattern.fullmatch(line)
        if m:
            line = m.group("t").strip()
    return line


def _locate_title(head: list[str]) -> tuple[int, str] | None:
    """(index in head, title): a 标题 field; else the headline just above the page's date/source
    header (after a lead paragraph, directly above it); else the first headline before the prose
    starts (preferring one the page repeats, then one that is not an 原标题 line); else a document
    title right after a lead paragraph."""
    cfg = _config()
    for k, line in enumerate(head):
        field = cfg.title_field.match(line)
        if field:
            if not field.group("title") and k + 1 < len(head):  # the value on the next line
                k, line = k + 1, head[k + 1]
            else:
                line = field.group("title")
            value = cfg.field_end.split(line)[0].strip()
            if value:
                return k, value
    candidates: list[tuple[int, str]] = []
    kinds: list[str] = []  # per head line: header, chrome, prose, title or other
    teasers: dict[int, str] = {}  # headlines of other pages listed under 相关阅读, until the prose
    listed: list[tuple[int, str]] = []
    for k, raw in enumerate(head):
        line = cfg.trailing_debris.sub("", raw).strip()
        if cfg.teaser.match(line):
            kinds.append("chrome")
            teasers[k] = ""
        elif cfg.chrome.search(line) or _column_names(line):
            kinds.append("chrome")
        elif cfg.header.search(line):
            kinds.append("header")
            if k - 1 in teasers and teasers[k - 1] and cfg.labelled_header.search(line):
                listed.remove((k - 1, teasers[k - 1]))  # its own labelled date: the page's headline
                candidates.append((k - 1, teasers[k - 1]))
        elif len(line) > cfg.title_max or cfg.sentence.search(line):
            kinds.append("prose")
            teasers.clear()
        elif cfg.sentence_end.search(line):
            kinds.append("other")  # a label (电话:) or a broken clause
        else:
            part = _without_site(line)
            title = _clean_title(part) if part else ""
            if title and _headline_like(title):
                kinds.append("title")
                if teasers:
                    teasers[k] = title
                    listed.append((k, title))
                else:
                    candidates.append((k, title))
            else:
                kinds.append("other")
    # a listed headline, or one glued to the first sentence, only where the page has no other
    found = _pick(head, kinds, candidates) or (_pick(head, kinds, sorted(candidates + listed)) if listed else None)
    if found is None and "prose" in kinds:
        k = kinds.index("prose")
        glued = cfg.glued.match(head[k])
        found = (k, glued.group("t")) if glued else None
    return found


_CELL_BREAK = re.compile(r"[\s|]+")


def _column_names(line: str) -> bool:
    """A table's header row, or one of its column names on a line of its own (交办问题基本情况;
    序号 受理编号 … 处理和整改情况): never a headline."""
    names = [t for t in _CELL_BREAK.split(line) if t]
    if not names or any(not t.isalnum() for t in names):
        return False
    named = sum(1 for t in names if sections.names_column(t))
    return named == len(names) == 1 or (len(names) >= 3 and named * 2 >= len(names))


def _pick(head: list[str], kinds: list[str], candidates: list[tuple[int, str]]) -> tuple[int, str] | None:
    cfg = _config()
    if not candidates:
        return None
    prose_at = kinds.index("prose") if "prose" in kinds else len(kinds)
    # the headline right above the header, with no prose between them; after a lead paragraph, only
    # a headline among the first lines directly above its header
    for k, kind in enumerate(kinds):
        if kind != "header":
            continue
        above = [c for c in candidates if c[0] < k and "prose" not in kinds[c[0]:k]]
        if above and above[-1][0] < prose_at:
            return _repeated_without_prefix(above[-1], candidates)
        # after the body, a headline directly above its own labelled date
        if above and above[-1][0] == k - 1 and (kinds[:k].count("prose") <= cfg.lead_paragraphs
                                                or cfg.labelled_header.search(head[k])):
            return above[-1]
    before = [c for c in candidates if c[0] < prose_at]
    if before:
        repeated = [c for c in before if any(c[1] in ln for ln in head[c[0] + 1:])]
        plain = [c for c in before if not cfg.reference.match(head[c[0]])]
        return _repeated_without_prefix((repeated or plain or before)[0], candidates)
    after_lead = [c for c in candidates if kinds[:c[0]].count("prose") <= cfg.lead_paragraphs
                  and cfg.lead_title_end.search(c[1])]
    return after_lead[0] if after_lead else None


def _repeated_without_prefix(chosen: tuple[int, str], candidates: list[tuple[int, str]]) -> tuple[int, str]:
    """The headline as repeated under the header without the site's prefix (a prefix ending in a
    space: 专栏名 标题 … 标题), else the chosen one."""
    k, line = chosen
    for c in candidates:
        if c[0] > k and line != c[1] and line.endswith(c[1]) and line[: -len(c[1])].endswith(" "):
            return c
    return chosen


def _title(lines: list[str], head: list[tuple[int, str]], found: tuple[int, str] | None) -> str | None:
    """The headline found, with a headline broken over two lines joined."""
    cfg = _config()
    if found is None:
        return None
    k, title = found
    i = head[k][0]
    nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
    # a short piece of words on the very next line continues a headline that does not end like one
    short = len(nxt) <= cfg.continuation_max or (len(nxt) <= cfg.continuation_complete_max
                                                 and cfg.complete_end.search(nxt))
    if (nxt and short and not cfg.complete_end.search(title)
            and not cfg.chrome.search(nxt) and not cfg.header.search(nxt) and cfg.continuation.match(nxt)):
        title += nxt
    # a headline cut short, whose whole is given as the original title below it
    for _, line in head[k + 1:]:
        whole = cfg.reference.match(line.strip())
        if whole:
            rest = _clean_title(line.strip()[whole.end():].lstrip(": "))
            if len(rest) > len(title) and rest.startswith(title):
                return rest
    return title


def _day_first(line: str) -> dt.date | None:
    m = _config().day_first.match(line)
    if not m:
        return None
    try:
        return dt.date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


def _published_date(text: str, lines: list[str], all_head: list[str],
                    found: tuple[int, str] | None) -> dt.date | None:
    """The publication date: a labelled header date; else a header line that is a date, or a short
    one that carries one, before the prose starts or right under a headline that follows a lead
    paragraph; else the signature date; else an archive or drafting date; else the first day of the
    public-notice period."""
    cfg = _config()
    keep = [not cfg.not_publication.search(ln) for ln in all_head]
    head = [ln for ln, kept in zip(all_head, keep) if kept]
    m = cfg.header_date.search("\n".join(ln for ln in head if len(ln) <= 2 * cfg.title_max))
    if m is None:
        near = []
        for ln in head:
            if len(ln) > cfg.title_max:
                break  # the prose has started
            near.append(ln)
        at = sum(keep[: found[0]]) if found is not None and keep[found[0]] else None
        if at is not None and at >= len(near):  # a headline after a lead paragraph
            near += head[at: at + cfg.near_title_lines + 1]
        for ln in near:
            if cfg.header_fallback.search(ln):
                continue
            day = _day_first(ln)
            if day:
                return day
            m = cfg.dateline.match(ln) or cfg.header_field_line.match(ln)
            if m:
                break
    if m is None:  # a line that is nothing but a date, the last one: the signature, attachments after it
        m = next(filter(None, (cfg.signature.match(ln) for ln in reversed(lines))), None)
    m = m or cfg.header_fallback.search("\n".join(head)) or cfg.notice_period.search(text)
    return parse_header_date(m.group("date")) if m else None


def _level_hits(text: str, localities: list[gazetteer.Locality]) -> dict[str, int]:
    """How often each level's own words (我市, 县委 …; `district` for 我区/全区) occur, leaving out
    those that belong to a named place (泾阳县政府, 四川省政府, 黔东南州委)."""
    named = bytearray(len(text) + 1)
    for loc in localities:
        named[loc.start + 1: loc.end + 1] = b"\x01" * (loc.end - loc.start)
    hits = dict.fromkeys(("province", "city", "county", "district"), 0)
    for m in _config().levels.finditer(text):
        if not named[m.start()]:
            hits[m.lastgroup] += 1
    return hits


def _emphasis(text: str, localities: list[gazetteer.Locality]) -> tuple[dict[tuple[int, int], int], set[str]]:
    """Extra weight of a name's span: the first in the page's source header (来源:某市生态环境局), or
    the place a 督察组 inspects (督察组对兰州市开展了督察); and the codes of the inspected places, which
    the notice is about as if its title named them."""
    cfg = _config()
    w = cfg.weights
    extra: dict[tuple[int, int], int] = {}
    inspected: set[str] = set()
    sources = [m.span("src") for m in cfg.source.finditer(text, 0, cfg.source_chars)]
    for loc in localities:
        span = (loc.start, loc.end)
        for a, b in sources:
            if a <= loc.start and loc.end <= b:
                extra[span] = w["source"]
                sources.remove((a, b))
                break
        if (cfg.subject_before.search(text, max(0, loc.start - 24), loc.start)
                and cfg.subject_after.match(text, loc.end, loc.end + 16)):
            extra[span] = extra.get(span, 0) + w["subject"]
            inspected.add(loc.division.code)
    return extra, inspected


def find_locality(title: str | None, text: str) -> tuple[str | None, str | None, str | None]:
    """(province, city, county) of the body that issues the notice, each None where it does not apply."""
    cfg = _config()
    w = cfg.weights
    scores: Counter[gazetteer.Division] = Counter()
    shared: list[tuple[list[gazetteer.Locality], int]] = []  # names several provinces share (朝阳区)
    text = cfg.not_issuer.sub(lambda m: " " * len(m.group(0)), text)
    text_localities = [loc for loc in gazetteer.localities(text)
                       if not cfg.address_rest.match(text, loc.end, loc.end + 24)]
    extra, in_title = _emphasis(text, text_localities)
    for source, found, weight in ((title or "", gazetteer.localities(title or ""), w["title"]),
                                  (text, text_localities, 1)):
        by_span: dict[tuple[int, int], list[gazetteer.Locality]] = {}
        for loc in found:
            by_span.setdefault((loc.start, loc.end), []).append(loc)
        for span, locs in by_span.items():
            span_weight = weight + (extra.get(span, 0) if source is text else 0)
            if len({loc.division.province for loc in locs}) > 1:
                shared.append((locs, span_weight))
                continue
            # one province's divisions sharing a short name (吉林: the province and its city) name the province
            loc = min(locs, key=lambda x: len(x.division.code.rstrip("0")))
            scores[loc.division] += span_weight * (w["short_name"] if loc.short else w["full_name"])
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
    level_hits = _level_hits(text, text_localities)
    district = level_hits.pop("district")
    marked = bool(district) or any(level_hits.values())
    if top < cfg.min_issuer_score and not in_title and not marked and cfg.national.search(text):
        return None, None, None  # a place named in passing by a national notice
    # 我区/全区 are the province's in an autonomous region
    level_hits["province" if province.endswith(cfg.region_suffix) else "county"] += district
    for locs, weight in shared:  # a shared name is read as the place in the notice's province
        ours = [loc for loc in locs if loc.division.province == province]
        if len(ours) == 1:
            scores[ours[0].division] += weight * (w["short_name"] if ours[0].short else w["full_name"])
    top_division = max(scores.items(), key=lambda kv: kv[1])[0]
    if marked:  # 我市, 县委 …; a tie goes to the level of the place named most, or the one nearest it
        most = max(level_hits.values())
        tied = [lvl for lvl, n in level_hits.items() if n == most]
        order = list(level_hits)  # province, city, county
        near = order.index(top_division.level) if top_division.level in order else 0
        level = min(tied, key=lambda lvl: (abs(order.index(lvl) - near), -order.index(lvl)))
    else:  # no such words: the place named most often issues it
        level = top_division.level
    # a city's score counts its counties; it issues the notice only where it dominates the other cities
    cities: Counter[str] = Counter()
    for div, s in scores.items():
        if div.province == province and div.city:
            cities[div.city] += s
    title_cities = {d.city for d in scores if d.code in in_title and d.city and d.province == province}
    city = None
    if cities:
        best, best_score = cities.most_common(1)[0]
        share = cfg.min_city_share if marked else cfg.min_unmarked_city_share
        dominant = best_score >= share * sum(cities.values())
        if title_cities == {best} or (dominant and level in ("city", "county") and len(title_cities) < 2):
            city = best  # a title naming several cities (涉及石家庄、保定等5市) is the province's
    county = None
    if city or gazetteer.is_municipality(province):
        cands = [(s, d) for d, s in scores.items() if d.county and d.province == province
                 and (city is None or d.city == city)]
        if cands:
            div = max(cands, key=lambda c: c[0])[1]
            if level == "county" or div.code in in_title:
                county = div.county
                city = div.city
    return province, city, county


def run(doc: Document) -> Document:
    lines = doc.text.split("\n")
    head = _head(lines)
    head_lines = [ln for _, ln in head]
    found = _locate_title(head_lines)
    if doc.title is None:
        doc.title = _title(lines, head, found)
    doc.published_date = _published_date(doc.text, lines, head_lines, found)
    doc.reference_date = doc.published_date or doc.reference_date
    doc.province, doc.city, doc.county = find_locality(doc.title, doc.text)
    return doc


def examples(text: str, reference_date: object = None) -> list[dict[str, object]]:
    """For rule examples: the document fields read from a text."""
    doc = run(Document(source_path="example", index=0, text=text))
    return [{"kind": "document", "text": text, "title": doc.title, "published_date": doc.published_date,
             "province": doc.province, "city": doc.city, "county": doc.county}]
