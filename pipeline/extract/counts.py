"""Counts: a number of discrete things with its classifier, and the thing counted.

`find_counts(text, mentions)` → dicts {kind: "count", text, start, end, value, object, unit,
source}. Spans and objects follow ANNOTATION.md "Counts":

- 68个整改任务: number + classifier + the noun that follows; object 整改任务;
- 已完成整改66个: number + classifier; object the antecedent, 整改任务;
- 召开202次省委常委会: a verbal classifier's span stops at the classifier; object the
  meeting or act, after it or earlier in its clause (市委常委会会议研究部署…18次).

Matching goes through the shared engine over rules/counts.yaml and rules/slogans.yaml
(slogans are traps: nothing inside them is a count). The object is read by the resolver
below from the word lists under `vocab:` in rules/counts.yaml. This module holds no
language literals; numbers are read by `numbers.parse_number`.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import gazetteer, rules
from . import engine
from .numbers import parse_number

RULE_FILES = ("counts", "slogans")


@engine.resolver("count")
def _count_value(m: re.Match[str]) -> float | None:
    return parse_number(m.group("num").replace(" ", "") + (_group(m, "scale") or ""))


def _group(m: re.Match[str], name: str) -> str | None:
    return m.group(name) if name in m.re.groupindex else None


def _words(words: list[str]) -> re.Pattern[str]:
    return re.compile(engine.word_fragment(dict.fromkeys(words, True)))


def _stops(words: list[str], patterns: list[str]) -> re.Pattern[str]:
    escaped = [re.escape(w) for w in sorted(words, key=len, reverse=True)]
    return re.compile("|".join([*patterns, *escaped]))


@dataclass(frozen=True)
class _Vocab:
    heads: re.Pattern[str]  # nouns a classifier counts
    left_heads: re.Pattern[str]  # the same without right-only heads (整改, 工作)
    act_heads: re.Pattern[str]  # what a verbal classifier counts
    act_modifiers: tuple[str, ...]
    meetings: re.Pattern[str]
    right_stop: re.Pattern[str]
    left_stop: re.Pattern[str]
    meeting_stop: re.Pattern[str]  # left stops that may not cut a meeting's name
    act_stop: re.Pattern[str]  # left stops that are not acts themselves
    hedges: tuple[str, ...]
    post_hedges: tuple[str, ...]
    localizers: tuple[str, ...]
    breakdown: re.Pattern[str]
    implied: tuple[tuple[tuple[str, ...], frozenset[str], str], ...]
    groups: dict[str, dict[str, Any]]
    classifier_group: dict[str, str]
    classifier_nouns: dict[str, str]
    one_article_after: tuple[str, ...]
    list_marks: tuple[str, ...]
    list_tail: int
    admin_paren: re.Pattern[str]
    place_like: re.Pattern[str]
    word: re.Pattern[str]
    particles: str
    clause_ends: str
    sentence_ends: str
    max_right: int
    max_left: int
    window: int


@functools.cache
def _vocab() -> _Vocab:
    data = rules.load("counts")
    v, words = data["vocab"], data["words"]
    right_only = set(v["right_only_heads"])
    joiners = set(v["name_joiners"])
    acts = set(v["act_heads"])
    patterns = v.get("left_stop_patterns", [])
    left_stops = v["left_stops"]
    return _Vocab(
        heads=_words(v["heads"]),
        left_heads=_words([h for h in v["heads"] if h not in right_only]),
        act_heads=_words(v["act_heads"]),
        act_modifiers=tuple(v["act_modifiers"]),
        meetings=_words(v["meeting_heads"]),
        right_stop=_words(v["right_stops"]),
        left_stop=_stops(left_stops, patterns),
        meeting_stop=_stops([w for w in left_stops if w not in joiners | right_only], patterns),
        act_stop=_stops([w for w in left_stops if w not in acts | right_only], patterns),
        hedges=tuple(sorted(v["hedges"], key=len, reverse=True)),
        post_hedges=tuple(sorted(v["post_hedges"], key=len, reverse=True)),
        localizers=tuple(v["localizers"]),
        breakdown=_words(v["breakdown_markers"]),
        implied=tuple((tuple(e["after"]), frozenset(e["classifier"]), e["object"]) for e in v["implied_objects"]),
        groups=v["groups"],
        classifier_group={str(k): str(g["group"] if isinstance(g, dict) else g)
                          for k, g in words["count_classifier"].items()},
        classifier_nouns=dict(v["classifier_nouns"]),
        one_article_after=tuple(v["one_article_after"]),
        list_marks=tuple(v["list_marks"]),
        list_tail=int(v["list_tail"]),
        admin_paren=re.compile(engine.expand(
            v["admin_paren"], {"admin_abbrev": engine.word_fragment(dict.fromkeys(words["admin_abbrev"], True))},
            "counts.yaml::admin_paren")),
        place_like=re.compile(v["place_like"]),
        word=re.compile(v["word_chars"]),
        particles=v["attributive_particles"],
        clause_ends=v["clause_ends"],
        sentence_ends=v["sentence_ends"],
        max_right=int(v["max_right"]),
        max_left=int(v["max_left"]),
        window=int(v["antecedent_window"]),
    )


@functools.cache
def _matcher() -> engine.Matcher:
    return engine.load(RULE_FILES).matcher(lambda r: True)


@dataclass
class _Count:
    start: int
    end: int
    value: float
    unit: str
    group: str
    rule: engine.Rule
    object: str | None = None
    adjacent: bool = False  # the counted noun follows the classifier and is in the span
    breakdown: bool = False  # said after 其中: no antecedent for later counts


# ---------------------------------------------------------------- nouns after a classifier
def _first_head(v: _Vocab, heads: re.Pattern[str], run: str, more: re.Pattern[str] | None = None) -> int | None:
    """End of the noun `run` begins with: through its first head word and any head words
    right after it (问题清单, 领导干部). A one-character head closes a noun only at the end
    of the run, before a localizer or before another head (11个市, 地级市中)."""
    pos = 0
    while (m := heads.search(run, pos)) is not None:
        end = m.end()
        if len(m.group()) == 1 and end < len(run) and not run.startswith(v.localizers, end) \
                and not heads.match(run, end):
            pos = m.start() + 1  # 省 of 省级, 村 of 村级
            continue
        while (nxt := (more or v.left_heads).match(run, end)) is not None:
            end = nxt.end()
        return end
    return None


def _run_after(v: _Vocab, text: str, pos: int) -> tuple[str, int]:
    """The word characters from pos (at most max_right, up to a particle), cut at a stop word;
    and where the characters ended."""
    j, lim = pos, min(len(text), pos + v.max_right)
    while j < lim and v.word.match(text[j]) and text[j] not in v.particles:
        j += 1
    run = text[pos:j]
    stop = v.right_stop.search(run)
    return (run[: stop.start()] if stop else run), j


def _right_noun(v: _Vocab, text: str, pos: int, heads: re.Pattern[str]) -> tuple[int, str, bool] | None:
    """(end, noun, adjacent) of the noun after a classifier that ends at pos."""
    skip = next((h for h in v.post_hedges if text.startswith(h, pos)), "")
    if skip:  # 500个以上农村生活污水处理设施项目: the noun after the hedge
        found = _right_noun(v, text, pos + len(skip), heads)
        return found if found and found[2] else None
    run, j = _run_after(v, text, pos)
    more = heads if heads is v.act_heads else v.left_heads
    end = _first_head(v, heads, run, more)
    if end:
        stop = pos + end
        paren = v.admin_paren.match(text, stop)  # 31个省(区、市)
        return (paren.end() if paren else stop), text[pos:(paren.end() if paren else stop)], True
    # 5名承担领导责任的干部: a relative clause, then its noun after the particle
    if pos < j < len(text) and text[j] in v.particles:
        run2, _ = _run_after(v, text, j + 1)
        end2 = _first_head(v, heads, run2, more)
        if end2:
            return j + 1 + end2, run2[:end2], False
    return None


# ---------------------------------------------------------------- nouns before a number
def _left_end(v: _Vocab, text: str, start: int) -> int:
    """Where the words before a number end once spaces and hedges (约, 共计, 仅) are dropped."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    changed = True
    while changed:
        changed = False
        for h in v.hedges:
            if i >= len(h) and text.startswith(h, i - len(h)):
                i -= len(h)
                changed = True
                break
    return i


def _left_chunk(v: _Vocab, text: str, start: int, stops: re.Pattern[str], floor: int = 0) -> tuple[str, bool]:
    """The words just before a number (not before `floor`, the end of the count before),
    after the last stop word: 议题 of 研究议题757个; and whether a stop word cut them."""
    end = _left_end(v, text, start)
    lo = max(0, floor, end - v.max_left)
    j = end
    if j > 0 and text[j - 1] == ")":  # 企业(单位)8023家
        k = text.rfind("(", lo, j)
        if k >= 0 and v.admin_paren.fullmatch(text, k, j):
            j = k
    while j > lo and v.word.match(text[j - 1]):
        j -= 1
    truncated = j == lo and j > 0 and bool(v.word.match(text[j - 1]))
    # a stop inside the noun that closes the words (交办 of 重点交办件) does not cut
    head_start = end
    for i in range(j, end):
        m = v.left_heads.match(text, i)
        if m and m.end() == end:
            head_start = i
            break
    cut = None
    for m in stops.finditer(text, j, head_start):
        cut = m.end()
    if cut is None and truncated:  # no start in reach: the closing noun alone (…示范小区270个)
        return text[head_start:end], False
    return text[cut if cut is not None else j:end], cut is not None


def _ends_with_head(v: _Vocab, heads: re.Pattern[str], chunk: str) -> bool:
    """Whether chunk ends with a head; a one-character head needs two characters before it
    (农村户 yes, 接户 no)."""
    bare = v.admin_paren.sub("", chunk)
    for i in range(len(bare)):
        m = heads.match(bare, i)
        if m and m.end() == len(bare):
            return len(m.group()) > 1 or len(bare) >= 3
    return False


def _is_place(v: _Vocab, chunk: str) -> bool:
    """武汉市50件, 河北省57项: a place before a number is a breakdown, not the thing counted."""
    if any(loc.end == len(chunk) for loc in gazetteer.localities(chunk)):
        return True
    return bool(v.place_like.match(chunk)) and not any(
        (m := v.left_heads.match(chunk, i)) and m.end() == len(chunk) and len(m.group()) > 1
        for i in range(len(chunk)))


def _clause_start(text: str, start: int, ends: str) -> int:
    i = start
    while i > 0 and text[i - 1] not in ends:
        i -= 1
    return i


def _meeting_before(v: _Vocab, text: str, start: int) -> str | None:
    """The meeting named earlier in the clause of a frequency: 市委常委会会议研究部署…18次."""
    cs = _clause_start(text, start, v.clause_ends)
    last = None
    for m in v.meetings.finditer(text, cs, start):
        last = m
    if last is None:
        return None
    begin = cs
    for m in v.meeting_stop.finditer(text, cs, last.start()):
        begin = m.end()
    return text[begin: last.end()] or None


def _act_before(v: _Vocab, text: str, start: int) -> str | None:
    """The act a frequency counts, said before it: 现场督导4次, 共研究部署生态环境工作47次."""
    chunk, _ = _left_chunk(v, text, start, v.act_stop)
    m = v.act_heads.search(chunk)
    if m is None:
        return None
    begin = m.start()
    for mod in v.act_modifiers:
        if chunk.startswith(mod, begin - len(mod)) and begin >= len(mod):
            begin -= len(mod)
            break
    return chunk[begin:]


# ---------------------------------------------------------------- one count's object
def _resolve_verbal(v: _Vocab, text: str, c: _Count) -> None:
    meeting = _meeting_before(v, text, c.start)
    if meeting:
        c.object = meeting
        return
    pos = c.end
    if pos < len(text) and text[pos] == "(":  # 15次(其中…)相关会议
        close = text.find(")", pos, pos + 40)
        if close > 0:
            pos = close + 1
    right = _right_noun(v, text, pos, v.act_heads)
    c.object = right[1] if right else _act_before(v, text, c.start) or c.unit


def _resolve(v: _Vocab, text: str, c: _Count, done: list[_Count]) -> None:
    if c.object:
        return
    if c.group == "verbal":
        _resolve_verbal(v, text, c)
        return
    right = _right_noun(v, text, c.end, v.heads)
    if right:
        stop, noun, c.adjacent = right
        if c.adjacent:
            c.end = stop
            own = v.classifier_nouns.get(c.unit)
            if own and noun.startswith(own) and len(noun) > len(own):  # 9个方面整改任务
                noun = noun[len(own):]
        c.object = noun
        return
    if c.unit in v.classifier_nouns:  # 8个方面, 五大类
        c.object = v.classifier_nouns[c.unit]
        return
    prev = done[-1] if done else None
    if prev and prev.object and prev.end <= c.start and not text[prev.end: c.start].strip():
        c.object = prev.object  # 信访事项30批91件
        return
    chunk, cut = _left_chunk(v, text, c.start, v.left_stop, prev.end if prev else 0)
    if chunk and _ends_with_head(v, v.left_heads, chunk) and not _is_place(v, chunk):
        c.object = chunk  # 研究议题757个
        return
    before = text[max(0, c.start - 8): c.start]
    for verbs, classifiers, obj in v.implied:
        if c.unit in classifiers and before.endswith(verbs):
            c.object = obj  # 立案侦查1183件
            return
    group = v.groups.get(c.group, {})
    if group.get("antecedent"):
        for p in reversed(done):
            if c.start - p.end > v.window:
                break
            if p.group == c.group and not p.breakdown and p.object:
                c.object = p.object  # 已完成整改66个
                return
    if "default" in group:
        c.object = group["default"]  # 约谈8人, 责令整改28家
    elif group.get("verb_object") and cut and len(chunk) >= 2 and not _is_place(v, chunk):
        c.object = chunk  # the object of a verb: 种植冬青1000余株
    else:
        c.object = c.unit


# ---------------------------------------------------------------- public
def _covered(spans: list[tuple[int, int]], starts: list[int], s: int, e: int) -> bool:
    """Whether [s, e) overlaps one of the sorted spans (which seldom nest)."""
    i = bisect.bisect_left(starts, e)
    return any(a < e and b > s for a, b in spans[max(0, i - 8): i])


def _candidate(v: _Vocab, text: str, rule: engine.Rule, m: re.Match[str]) -> _Count | None:
    value = rule.resolve(m) if rule.resolve else None
    if value is None:
        return None
    unit = _group(m, "cl") or ""
    obj = None
    end = m.end()
    if not unit and _group(m, "head"):  # 276万农村人口: the noun stands for the classifier
        unit = obj = m.group("head")
    if rule.params.get("self_counting"):  # 23省, 10省(区): the noun counts itself
        paren = v.admin_paren.match(text, end)
        end = paren.end() if paren else end
        obj = text[m.start("cl"):end]
    if _group(m, "lead") is not None:  # 其余2: the bare number
        end = m.end("num")
    start = m.start("num")
    if rule.params.get("needs_list"):
        tail = text[max(0, start - v.list_tail - 1):start]
        if not any(mark in tail for mark in v.list_marks):
            return None
    if rule.params.get("needs_noun") and text[max(0, start - 2):start].endswith(v.one_article_after):
        return None
    return _Count(start, end, value, unit, v.classifier_group.get(unit, "item"), rule, obj)


def find_counts(text: str, mentions: list[dict] | None = None) -> list[dict]:
    """Every count in text; spans of `mentions` (money, percent, quantity, dates) are skipped."""
    v = _vocab()
    taken = sorted((m["start"], m["end"]) for m in mentions or [] if m.get("kind") != "count")
    starts = [s for s, _ in taken]
    done: list[_Count] = []
    for rule, m in _matcher().scan(text):
        if rule.is_trap:
            continue
        c = _candidate(v, text, rule, m)
        if c is None or (taken and _covered(taken, starts, c.start, c.end)):
            continue
        _resolve(v, text, c, done)
        if rule.params.get("needs_noun") and not c.adjacent:
            continue  # 一 with no noun after it is an article
        c.breakdown = bool(v.breakdown.search(text, _clause_start(text, c.start, v.sentence_ends), c.start))
        done.append(c)
    return [{
        "kind": "count", "text": text[c.start: c.end], "start": c.start, "end": c.end,
        "value": c.value, "object": c.object, "unit": c.unit or None, "source": c.rule.id,
    } for c in done]


def classifier_group(unit: str | None) -> str:
    """The group of a count's classifier (item, person, org, household, verbal …; counts.yaml)."""
    return _vocab().classifier_group.get(unit or "", "item")


def examples(text: str, reference_date: dt.date | None = None) -> list[dict]:
    """Example runner for rules/counts.yaml and rules/slogans.yaml (pipeline/examples.py)."""
    return find_counts(text)
