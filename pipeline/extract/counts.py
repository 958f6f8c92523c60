"""Counts: a number of discrete things with its classifier, and the thing counted.

`find_counts(text, mentions)` → dicts {kind: "count", text, start, end, value, object, unit,
source}. Spans and objects follow ANNOTATION.md "Counts":

- 68个整改任务: number + classifier + the noun that follows; object 整改任务;
- 已完成整改66个: number + classifier; object the antecedent, 整改任务;
- 召开202次省委常委会: a verbal classifier's span stops at the classifier; object the
  meeting or act, after it or earlier in its clause (市委常委会会议研究部署…18次).

Matching goes through the shared engine over rules/counts.yaml and rules/slogans.yaml
(slogans are traps: nothing inside them is a count). The object is read by the resolver
below from the word lists under `vocab:` in rules/counts.yaml, in this order: the noun after
the classifier; the noun right before the number (without verbs, determiners, 第N批 or a place
before it); for a member of a list (武汉市50件、黄冈市21件) the noun its list counts: the one
the member before took, a topic set up in the sentence (从信访件分布来看, 举报件涉及…), the noun
closing the clause before a total (…信访举报件，共32件), or an earlier count that can hold it.
This module holds no language literals; numbers are read by `numbers.parse_number`.
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
    max_head: int  # the length of the longest of them
    left_heads: re.Pattern[str]  # the same without right-only heads (整改, 工作)
    act_heads: re.Pattern[str]  # what a verbal classifier counts
    act_modifiers: tuple[str, ...]
    meetings: re.Pattern[str]
    right_stop: re.Pattern[str]
    left_stop: re.Pattern[str]
    meeting_stop: re.Pattern[str]  # left stops that may not cut a meeting's name
    act_stop: re.Pattern[str]  # left stops that are not acts themselves
    hedges: re.Pattern[str]  # hedges that end the words before a number
    post_hedges: tuple[str, ...]
    right_lead_stops: tuple[str, ...]
    negations: tuple[str, ...]
    modifier_heads: re.Pattern[str]
    noun_breaks: str
    numerals: str
    modifier_reach: int
    total_marks: str
    total_words: frozenset[str]
    list_marks_before: str
    copulas: tuple[str, ...]
    topic_frame: re.Pattern[str]
    not_topics: tuple[str, ...]
    list_gap: int
    list_separators: str
    coordination_mark: str
    batch_units: frozenset[str]
    batch_contents: frozenset[str]
    batch_reach: int
    zone_suffixes: tuple[str, ...]
    parenthesis: tuple[str, str]
    stop_reach: int
    aside_reach: int
    place_reach: int
    localizers: tuple[str, ...]
    breakdown: re.Pattern[str]
    implied: tuple[tuple[tuple[str, ...], frozenset[str], str], ...]
    groups: dict[str, dict[str, Any]]
    group_heads: dict[str, re.Pattern[str]]  # the only nouns a group's classifiers count, where listed
    classifier_group: dict[str, str]
    classifier_nouns: dict[str, str]
    one_article_after: tuple[str, ...]
    list_marks: tuple[str, ...]
    list_tail: int
    admin_paren: re.Pattern[str]
    place_like: re.Pattern[str]
    word: re.Pattern[str]
    word_run: re.Pattern[str]  # word characters that end where a search ends
    particles: str
    clause_ends: str
    light_verbs: frozenset[str]  # verbs that name no act a frequency counts (共进行2轮)
    sentence_ends: str
    max_right: int
    max_left: int
    window: int
    subject_verb: re.Pattern[str]  # a completion verb right before a number, after its subject


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
        max_head=max(map(len, v["heads"])),
        left_heads=_words([h for h in v["heads"] if h not in right_only]),
        act_heads=_words(v["act_heads"]),
        act_modifiers=tuple(v["act_modifiers"]),
        meetings=_words(v["meeting_heads"]),
        right_stop=_words(v["right_stops"]),
        left_stop=_stops(left_stops, patterns),
        meeting_stop=_stops([w for w in left_stops if w not in joiners | right_only], patterns),
        act_stop=_stops([w for w in left_stops if w not in acts | right_only], patterns),
        hedges=re.compile("(?:" + engine.word_fragment(dict.fromkeys(v["hedges"], True)) + ")+\\Z"),
        post_hedges=tuple(sorted(v["post_hedges"], key=len, reverse=True)),
        right_lead_stops=tuple(v["right_lead_stops"]),
        negations=tuple(sorted(v["negations"], key=len, reverse=True)),
        modifier_heads=_words(v["modifier_heads"]),
        noun_breaks=v["noun_breaks"],
        numerals=v["numerals"],
        modifier_reach=int(v["modifier_reach"]),
        total_marks=v["total_marks"],
        total_words=frozenset(v["total_words"]),
        list_marks_before=v["list_marks_before"],
        copulas=tuple(sorted(v["copulas"], key=len, reverse=True)),
        topic_frame=re.compile(v["topic_frame"]),
        not_topics=tuple(v["not_topics"]),
        list_gap=int(v["list_gap"]),
        list_separators=v["list_separators"],
        coordination_mark=v["coordination_mark"],
        batch_units=frozenset(v["batch_units"]),
        batch_contents=frozenset(v["batch_contents"]),
        batch_reach=int(v["batch_reach"]),
        zone_suffixes=tuple(v["zone_suffixes"]),
        parenthesis=(v["parenthesis"][0], v["parenthesis"][1]),
        stop_reach=int(v["stop_reach"]),
        aside_reach=int(v["aside_reach"]),
        place_reach=int(v["place_reach"]),
        localizers=tuple(v["localizers"]),
        breakdown=_words(v["breakdown_markers"]),
        implied=tuple((tuple(e["after"]), frozenset(e["classifier"]), e["object"]) for e in v["implied_objects"]),
        groups=v["groups"],
        group_heads={name: _words(g["heads"]) for name, g in v["groups"].items() if "heads" in g},
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
        word_run=re.compile(v["word_chars"] + "+\\Z"),
        particles=v["attributive_particles"],
        clause_ends=v["clause_ends"],
        light_verbs=frozenset(v["light_verbs"]),
        sentence_ends=v["sentence_ends"],
        max_right=int(v["max_right"]),
        max_left=int(v["max_left"]),
        window=int(v["antecedent_window"]),
        subject_verb=re.compile(v["subject_verb"]),
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
    inherited: bool = False  # the object is a noun said before (an antecedent or a list's topic)
    placed: bool = False  # a place name stands right before the number (武汉市50件)


# ---------------------------------------------------------------- nouns after a classifier
def _closes(v: _Vocab, heads: re.Pattern[str], run: str, m: re.Match[str]) -> bool:
    """Whether a head word may close a noun: a one-character head only at the end of the run,
    before a localizer or before another head (11个市, 地级市中; not 省 of 省级, 村 of 村级)."""
    end = m.end()
    return len(m.group()) > 1 or end == len(run) or run.startswith(v.localizers, end) \
        or heads.match(run, end) is not None


def _through_heads(v: _Vocab, more: re.Pattern[str], run: str, end: int, single: bool = False) -> int:
    """End of the head words right after `end` (问题清单, 领导干部, 设区市, 矿区; not 批次|省 of
    批次省级): a one-character head goes on after a one-character head (`single`) or closes."""
    while (nxt := more.match(run, end)) is not None and nxt.end() > end \
            and (single or _closes(v, more, run, nxt)):
        single = len(nxt.group()) == 1
        end = nxt.end()
    return end


def _first_head(v: _Vocab, heads: re.Pattern[str], run: str,
                more: re.Pattern[str] | None = None) -> tuple[int, int] | None:
    """(start, end) of the head of the noun `run` begins with: its first head word that may close
    a noun, through any head words right after it."""
    pos = 0
    while (m := heads.search(run, pos)) is not None:
        if not _closes(v, heads, run, m):
            pos = m.start() + 1
            continue
        return m.start(), _through_heads(v, more or v.left_heads, run, m.end(), len(m.group()) == 1)
    return None


def _through_modifier(v: _Vocab, run: str, start: int, end: int, number_after: bool) -> int:
    """A modifier head (群众) goes on to the head it modifies: 群众环境信访举报问题; not across a
    conjunction, and not to a noun that the number after the run counts (16家企业环境问题19件)."""
    if not v.modifier_heads.fullmatch(run, start, end):
        return end
    for m in v.left_heads.finditer(run, end, min(len(run), end + v.modifier_reach)):
        if any(ch in v.noun_breaks for ch in run[end:m.start()]) or not _closes(v, v.left_heads, run, m):
            continue
        stop = _through_heads(v, v.left_heads, run, m.end())
        return end if number_after and stop == len(run) else stop
    return end


def _run_after(v: _Vocab, text: str, pos: int) -> tuple[str, int]:
    """The word characters from pos (at most max_right, up to a particle), cut at a stop word;
    and where the characters ended."""
    j, lim = pos, min(len(text), pos + v.max_right)
    while j < lim and v.word.match(text[j]) and text[j] not in v.particles:
        j += 1
    run = text[pos:j]
    # a negated verb begins a noun, it does not end one: 2项未完成任务, 4项未办结整改任务
    negated = next((len(n) + 2 for n in v.negations if run.startswith(n)), 0)
    stop = v.right_stop.search(run, negated)
    return (run[: stop.start()] if stop else run), j


def _right_noun(v: _Vocab, text: str, pos: int, heads: re.Pattern[str]) -> tuple[int, str, bool] | None:
    """(end, noun, adjacent) of the noun after a classifier that ends at pos."""
    skip = next((h for h in v.post_hedges if text.startswith(h, pos)), "")
    if skip:  # 500个以上农村生活污水处理设施项目: the noun after the hedge
        found = _right_noun(v, text, pos + len(skip), heads)
        return found if found and found[2] else None
    if text.startswith(v.right_lead_stops, pos) and not heads.match(text, pos):
        return None  # 10件为拆分件: no noun follows (but 1878件转办件)
    run, j = _run_after(v, text, pos)
    more = heads if heads is v.act_heads else v.left_heads
    head = _first_head(v, heads, run, more)
    if head:
        end = head[1]
        if heads is not v.act_heads:
            end = _through_modifier(v, run, head[0], end, j < len(text) and text[j] in v.numerals)
        stop = pos + end
        paren = v.admin_paren.match(text, stop)  # 31个省(区、市)
        return (paren.end() if paren else stop), text[pos:(paren.end() if paren else stop)], True
    # 5名承担领导责任的干部, 不少于两次的专项督查: a relative clause, then its noun after the particle
    if (pos < j or heads is v.act_heads) and j < len(text) and text[j] in v.particles:
        run2, _ = _run_after(v, text, j + 1)
        head2 = _first_head(v, heads, run2, more)
        if head2:
            return j + 1 + head2[1], run2[:head2[1]], False
    return None


# ---------------------------------------------------------------- nouns before a number
def _left_end(v: _Vocab, text: str, start: int) -> int:
    """Where the words before a number end once spaces and hedges (约, 共计, 仅) are dropped."""
    i = start
    while i > 0 and text[i - 1] == " ":
        i -= 1
    m = v.hedges.search(text, max(0, i - v.max_left), i)
    return m.start() if m else i


def _left_chunk(v: _Vocab, text: str, start: int, stops: re.Pattern[str], floor: int = 0) -> tuple[str, bool]:
    """The words just before a number (not before `floor`, the end of the count before),
    after the last stop word: 议题 of 研究议题757个; and whether a stop word cut them."""
    end = _left_end(v, text, start)
    if end > 0 and text[end - 1] == v.parenthesis[1]:  # 重点关注件(加星件)5件: the noun before the aside
        k = text.rfind(v.parenthesis[0], max(0, end - v.aside_reach), end)
        if k > 0 and not v.admin_paren.fullmatch(text, k, end):
            end = _left_end(v, text, k)
    lo = max(0, floor, end - v.max_left)
    j = end
    if j > 0 and text[j - 1] == ")":  # 企业(单位)8023家
        k = text.rfind("(", lo, j)
        if k >= 0 and v.admin_paren.fullmatch(text, k, j):
            j = k
    if run := v.word_run.search(text, lo, j):
        j = run.start()
    truncated = j == lo and j > 0 and bool(v.word.match(text[j - 1]))
    # a stop inside the noun that closes the words (交办 of 重点交办件) does not cut
    head_start = end
    for i in range(max(j, end - v.max_head), end):
        m = v.left_heads.match(text, i)
        if m and m.end() == end:
            head_start = i
            break
    cut = None
    # a stop may begin before the words (the 第31 of 第31批信访举报问题)
    for m in stops.finditer(text, max(0, j - v.stop_reach), head_start):
        if m.end() > j:
            cut = m.end()
    if cut is None and truncated:  # no start in reach: the closing noun alone (…示范小区270个)
        return text[head_start:end], False
    return text[cut if cut is not None else j:end], cut is not None


def _closing_head(v: _Vocab, chunk: str) -> str:
    """The head word that closes chunk (举报 of 来信举报)."""
    return next((chunk[i:] for i in range(max(0, len(chunk) - v.max_head), len(chunk))
                 if v.left_heads.fullmatch(chunk, i)), chunk)


def _ends_with_head(v: _Vocab, heads: re.Pattern[str], chunk: str) -> bool:
    """Whether chunk ends with a head; a one-character head needs two characters before it
    (农村户 yes, 接户 no)."""
    bare = v.admin_paren.sub("", chunk)
    for i in range(max(0, len(bare) - v.max_head), len(bare)):
        m = heads.match(bare, i)
        if m and m.end() == len(bare):
            return len(m.group()) > 1 or len(bare) >= 3
    return False


@functools.lru_cache(maxsize=8192)
def _localities(words: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of the place names in a few words (the same words recur in a notice)."""
    return tuple((loc.start, loc.end) for loc in gazetteer.localities(words))


def _without_place(v: _Vocab, chunk: str) -> str:
    """The noun without a place name before it: 群众信访举报问题 of 河北省群众信访举报问题."""
    for start, end in _localities(chunk)[:1]:
        if start == 0 and end < len(chunk) - 1 and _ends_with_head(v, v.left_heads, chunk[end:]):
            return chunk[end:]
    return chunk


def _is_place(v: _Vocab, chunk: str) -> bool:
    """武汉市50件, 河北省57项: a place before a number is a breakdown, not the thing counted."""
    if any(end == len(chunk) for _, end in _localities(chunk)):
        return True
    return bool(v.place_like.match(chunk)) and not any(
        (m := v.left_heads.match(chunk, i)) and m.end() == len(chunk) and len(m.group()) > 1
        for i in range(max(0, len(chunk) - v.max_head), len(chunk)))


@functools.lru_cache(maxsize=16)
def _marks(text: str, ends: str) -> list[int]:
    """Where the characters of `ends` stand in text (a document is asked about many times)."""
    return [m.start() for m in _mark_class(ends).finditer(text)]


@functools.cache
def _mark_class(ends: str) -> re.Pattern[str]:
    return re.compile("[" + re.escape(ends) + "]")


def _clause_start(text: str, start: int, ends: str) -> int:
    marks = _marks(text, ends)
    k = bisect.bisect_left(marks, start)
    return marks[k - 1] + 1 if k else 0


def _meeting_start(v: _Vocab, text: str, cs: int, meeting: re.Match[str]) -> int:
    """Where the name of a meeting found in a clause begins."""
    begin = cs
    for m in v.meeting_stop.finditer(text, cs, meeting.start()):
        begin = m.end()
    return begin


def _meeting_before(v: _Vocab, text: str, start: int) -> str | None:
    """The meeting named earlier in the clause of a frequency (市委常委会会议研究部署…18次), with the
    meetings listed before it (召开省委常委会会议、省政府常务会议和专题会共计24次)."""
    cs = _clause_start(text, start, v.clause_ends)
    last = None
    for m in v.meetings.finditer(text, cs, start):
        last = m
    if last is None:
        return None
    begin = _meeting_start(v, text, cs, last)
    while begin == cs and cs > 0 and text[cs - 1] == v.coordination_mark:
        prev_cs = _clause_start(text, cs - 1, v.clause_ends)
        listed = next((m for m in v.meetings.finditer(text, prev_cs, cs - 1) if m.end() == cs - 1), None)
        if listed is None or any(ch in v.numerals for ch in text[prev_cs:cs - 1]):
            break
        cs = prev_cs
        begin = _meeting_start(v, text, cs, listed)
    return text[begin: last.end()] or None


def _act_before(v: _Vocab, text: str, start: int) -> str | None:
    """The act a frequency counts, said before it: 现场督导4次, 共研究部署生态环境工作47次."""
    chunk, _ = _left_chunk(v, text, start, v.act_stop)
    if not chunk:  # words too long to find their start: the act that closes them (…能力提升培训班1次)
        end = _left_end(v, text, start)
        run = v.word_run.search(text, max(0, end - v.max_left), end)
        chunk = run.group() if run else ""
        m = next((h for h in v.act_heads.finditer(chunk) if h.end() == len(chunk)), None)
    else:
        m = v.act_heads.search(chunk)
    if m is None:
        return None
    begin = m.start()
    for mod in v.act_modifiers:
        if chunk.startswith(mod, begin - len(mod)) and begin >= len(mod):
            begin -= len(mod)
            break
    return chunk[begin:]


def _verb_before(v: _Vocab, text: str, c: _Count) -> str | None:
    """A frequency that closes its clause counts the verb right before it: its last two characters,
    when no stop word, place or light verb (进行: the count names its own unit) is among them."""
    if c.end < len(text) and text[c.end] not in v.clause_ends:
        return None
    end = _left_end(v, text, c.start)
    verb = text[max(0, end - 2):end]
    if len(verb) < 2 or not all(v.word.match(ch) for ch in verb) or v.left_stop.search(verb) \
            or _is_place(v, verb) or verb in v.light_verbs:
        return None
    return verb


# ---------------------------------------------------------------- one count's object
def _resolve_verbal(v: _Vocab, text: str, c: _Count) -> None:
    """The act or meeting a frequency counts: right after it (召开202次省委常委会), earlier in its
    clause (市委常委会会议研究部署…18次), after the relative clause (不少于两次的专项督查)."""
    pos = c.end
    if pos < len(text) and text[pos] == "(":  # 15次(其中…)相关会议
        close = text.find(")", pos, pos + 40)
        if close > 0:
            pos = close + 1
    right = _right_noun(v, text, pos, v.act_heads)
    if right and right[2]:
        c.object = right[1]
        return
    c.object = _meeting_before(v, text, c.start) or (right[1] if right else None) \
        or _act_before(v, text, c.start) or _verb_before(v, text, c) or c.unit


def _noun_at_end(v: _Vocab, words: str) -> str | None:
    """The noun that closes `words`, after its last stop word and without a place before it."""
    head_start = next((i for i in range(max(0, len(words) - v.max_head), len(words))
                       if v.left_heads.fullmatch(words, i)), len(words))
    cut = 0
    for m in v.left_stop.finditer(words, 0, head_start):
        cut = m.end()
    noun = words[cut:]
    if len(noun) >= 2 and _ends_with_head(v, v.left_heads, noun) and not _is_place(v, noun):
        return _without_place(v, noun)
    return None


def _framed_topic(v: _Vocab, text: str, start: int) -> str | None:
    """A noun set up as the topic of a list in this sentence or the one before: 从信访件分布来看，
    武汉市50件; 举报件涉及全区14个设区市,分别为南宁130件; 这批信访件交办给7市。其中,长沙市26件."""
    ss = _clause_start(text, start, v.sentence_ends)
    frames = list(v.topic_frame.finditer(text, _clause_start(text, max(0, ss - 1), v.sentence_ends), start))
    for found in reversed(frames):
        if found.group("lead"):  # 从…来看: the noun the frame begins with
            topic = found.group("topic")
            head = _first_head(v, v.left_heads, topic)
            noun = topic[:head[1]] if head and head[0] == 0 else ""
            if len(noun) >= 2 and not noun.endswith(v.not_topics):
                return noun
        elif (noun := _noun_at_end(v, found.group("subject"))) and not noun.endswith(v.not_topics):
            return noun
    return None


def _closing_topic(v: _Vocab, text: str, c: _Count, chunk: str, floor: int) -> str | None:
    """A total's noun that closes the clause before it (交办第一批信访举报件,共32件) or a list's
    noun before a colon (各地信访举报件为:成都市3340件)."""
    i = _left_end(v, text, c.start) - len(chunk)
    if i <= floor + 1:
        return None
    mark = text[i - 1]
    if mark in v.total_marks:
        if chunk or text[i:c.start].strip() not in v.total_words:
            return None
    elif mark not in v.list_marks_before:
        return None
    end = i - 1
    for cop in v.copulas:
        if text.startswith(cop, end - len(cop)):
            end -= len(cop)
            break
    before, _ = _left_chunk(v, text, end, v.left_stop, floor)
    if text.endswith(v.copulas, 0, _left_end(v, text, end) - len(before)):
        return None  # 问题主要是大气污染问题,共48件: a kind named as a predicate, not the total's noun
    if before and _ends_with_head(v, v.left_heads, before) and not _is_place(v, before):
        return _without_place(v, before)
    return None


def _subject(v: _Vocab, text: str, c: _Count, floor: int) -> str | None:
    """The subject of a completion verb right before the number (督察反馈问题已完成16项)."""
    start = max(floor, _clause_start(text, c.start, v.sentence_ends))
    m = v.subject_verb.search(text, start, _left_end(v, text, c.start))
    return _noun_at_end(v, text[start:m.start()]) if m and m.start() > start else None


def _antecedent(v: _Vocab, text: str, c: _Count, done: list[_Count]) -> str | None:
    """The noun of an earlier count this one refers to (已完成整改66个 ← 68个整改任务). In
    parentheses right after a count, that count's (91个环境信访案件(…应完成整改61项…)); else first
    one that can hold it (no smaller: 354件, 重点问题61件。沈阳83件 ← 354件) of the same
    classifier, then of the same group; a breakdown (其中…, in parentheses) only where no other fits."""
    opening = text.rfind(v.parenthesis[0], _clause_start(text, c.start, v.sentence_ends), c.start)
    near = []
    for p in reversed(done):
        if c.start - p.end > v.window:
            break
        if p.object and p.object != p.unit:
            near.append(p)
    if opening > text.rfind(v.parenthesis[1], 0, c.start):
        outer = next((p for p in near if p.end <= opening), None)
        if outer and outer.group == c.group and not text[outer.end:opening].strip():
            return outer.object
    for fits in (lambda p: p.unit == c.unit and not p.breakdown and p.value >= c.value,
                 lambda p: p.unit == c.unit and p.value >= c.value,
                 lambda p: p.group == c.group and not p.breakdown and p.value >= c.value,
                 lambda p: p.unit == c.unit and not p.breakdown,
                 lambda p: p.group == c.group and not p.breakdown,
                 lambda p: p.unit == c.unit):
        found = next((p for p in near if fits(p)), None)
        if found:
            return found.object
    return None


def _sibling(v: _Vocab, text: str, c: _Count, prev: _Count | None) -> _Count | None:
    """The count before in the same list (武汉市50件、黄冈市21件): close, in the same sentence,
    after a list mark."""
    if prev is None or c.start - prev.end > v.list_gap:
        return None
    gap = text[prev.end:c.start]
    if any(ch in v.sentence_ends for ch in gap) or not any(ch in v.list_separators for ch in gap):
        return None
    return prev


def _member_words(v: _Vocab, text: str, c: _Count, sibling: _Count, chunk: str) -> bool:
    """Whether only a list mark and the chunk stand between a list's member and the one before
    (、黄冈市21件; not ,立案查处237件)."""
    start = _left_end(v, text, c.start) - len(chunk)
    return start - 1 >= sibling.end and text[start - 1] in v.list_separators \
        and not text[sibling.end:start - 1].strip(v.list_separators + " ")


def _fits_group(v: _Vocab, c: _Count, chunk: str) -> bool:
    """Whether a noun before the number is one the classifier's group counts (干部 for 人, not
    the verb 组织 of 组织1100多人)."""
    heads = v.group_heads.get(c.group)
    return heads is None or _ends_with_head(v, heads, chunk)


def _is_member(v: _Vocab, chunk: str, sibling: _Count | None = None) -> bool:
    """Whether the words before a count name a member of a list, not the thing counted: none, a
    place (和平区11件), or a zone among places (湖滨区5件,经济开发区1件)."""
    return not chunk or _is_place(v, chunk) or bool(sibling and sibling.placed and chunk.endswith(v.zone_suffixes))


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
    if prev and prev.object and prev.end <= c.start and _left_end(v, text, c.start) <= prev.end:
        c.object = prev.object  # 信访事项30批91件, 31批群众信访举报问题共4582件
        return
    floor = prev.end if prev else 0
    chunk, cut = _left_chunk(v, text, c.start, v.left_stop, floor)
    sibling = _sibling(v, text, c, prev)
    c.placed = bool(chunk) and _is_member(v, chunk, sibling)
    if sibling and sibling.inherited and sibling.group == c.group and _member_words(v, text, c, sibling, chunk) \
            and (_is_member(v, chunk, sibling) or text[sibling.end] == v.coordination_mark):
        # 湖滨区5件,经济开发区1件; a kind among kinds that name no noun: 土壤污染78件、生态问题122件
        c.object, c.inherited = sibling.object, True
        return
    if chunk and _ends_with_head(v, v.left_heads, chunk) and not _is_place(v, chunk) \
            and _fits_group(v, c, chunk):
        chunk_start = _left_end(v, text, c.start) - len(chunk)
        if chunk_start - 1 > floor and text[chunk_start - 1] == v.coordination_mark \
                and not _is_place(v, _left_chunk(v, text, chunk_start - 1, v.left_stop, floor)[0]):
            chunk = _closing_head(v, chunk)  # 群众来电、来信举报18615件: the head they share
        c.object = _without_place(v, chunk)  # 研究议题757个
        return
    before = text[max(0, c.start - 8): c.start]
    for verbs, classifiers, obj in v.implied:
        if c.unit in classifiers and before.endswith(verbs):
            c.object = obj  # 立案侦查1183件
            return
    group = v.groups.get(c.group, {})
    if group.get("antecedent"):
        found = _framed_topic(v, text, c.start) \
            or (_closing_topic(v, text, c, chunk, floor) if _is_member(v, chunk) else None) \
            or _antecedent(v, text, c, done) or _subject(v, text, c, floor)
        if found:
            c.object, c.inherited = found, True
            return
    if "default" in group:
        c.object = group["default"]  # 约谈8人, 责令整改28家
    elif group.get("verb_object") and cut and len(chunk) >= 2 and not _is_place(v, chunk):
        c.object = chunk  # the object of a verb: 种植冬青1000余株
    else:
        c.object = c.unit


def _batch_contents(v: _Vocab, text: str, done: list[_Count]) -> None:
    """A batch with no noun of its own counts what the count after it in its clause counts:
    前26批共497件信访件, 前十四批移交我州信访件共16件."""
    for c, nxt in zip(done, done[1:]):
        if c.unit in v.batch_units and c.object == c.unit and nxt.unit in v.batch_contents \
                and nxt.object != nxt.unit and nxt.start - c.end <= v.batch_reach \
                and not any(ch in v.clause_ends for ch in text[c.end:nxt.start]):
            c.object = nxt.object


# ---------------------------------------------------------------- public
def _in_breakdown(v: _Vocab, text: str, start: int) -> bool:
    """Whether a count breaks down a figure: after 其中 in its sentence, or in parentheses
    (来电41件, 来信5件) — no antecedent for later counts then."""
    ss = _clause_start(text, start, v.sentence_ends)
    opening, closing = v.parenthesis
    return bool(v.breakdown.search(text, ss, start)) or text.rfind(opening, ss, start) > text.rfind(closing, ss, start)


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
    if not text[start].isdigit() and any(s == 0 for s, _ in _localities(text[start:start + v.place_reach])):
        return None  # a place name that begins with a numeral: 七台河市, 三亚
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
        c.breakdown = _in_breakdown(v, text, c.start)
        done.append(c)
    _batch_contents(v, text, done)
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
