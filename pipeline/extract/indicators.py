"""Indicators: the canonical figures a notice states about its rectification campaign.

`find_indicators(text, counts_and_values)` → dicts {indicator, value, unit, text, start, end,
source}, one per statement. The vocabulary and the rules that name a mention's indicator (its
kind, classifier, counted object, and the words of its clause) are rules/indicators.yaml;
ANNOTATION.md "Indicators" says what a row is. This module holds no language literals.

A mention (a count or a money amount found before) gets the indicator of the first rule that
fits it. Then: a breakdown (其中…) of a figure of the same indicator is dropped; a figure
stated twice is one row; a rounded figure and the precise one are one row, the precise.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import Any

from .. import gazetteer, rules
from .counts import classifier_group, find_counts

_KINDS = ("count", "money")


@dataclass(frozen=True)
class _Rule:
    id: str
    indicator: str
    unit: str | None
    kind: str
    groups: frozenset[str] | None
    classifiers: frozenset[str] | None
    object: re.Pattern[str] | None
    not_object: re.Pattern[str] | None
    adjacent: bool
    left: re.Pattern[str] | None
    right: re.Pattern[str] | None
    not_left: re.Pattern[str] | None
    requires: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    not_sentence: re.Pattern[str] | None
    plan: str  # "": plans not checked; "always": a plan word before the figure excludes it;
    # "unless_reported": …unless the words after it report it done
    weak: bool
    yields: bool


@dataclass(frozen=True)
class _Cfg:
    rules: tuple[_Rule, ...]
    plan: re.Pattern[str]
    clause_ends: str
    sentence_ends: str
    breakdown: str
    parenthesis: tuple[str, str]
    same_statement: float
    rounded_scales: str
    place_reach: int


@functools.cache
def _cfg() -> _Cfg:
    data = rules.load("indicators")
    frags = {k: rules.expand(str(v), f"indicators.yaml::{k}") for k, v in (data.get("patterns") or {}).items()}

    def compile_(pattern: str | None, where: str) -> re.Pattern[str] | None:
        if not pattern:
            return None
        text = re.sub(r"\{([a-z_]+)\}", lambda m: f"(?:{frags[m.group(1)]})" if m.group(1) in frags
                      else m.group(0), str(pattern))
        return rules.compile_pattern(text, where)

    vocab = data["vocabulary"]
    out = []
    for entry in data["rules"]:
        where = f"indicators.yaml::{entry['id']}"
        name = entry["indicator"]
        if name not in vocab:
            raise rules.RuleError(f"{where}: indicator {name!r} is not in the vocabulary")
        mention = entry.get("mention") or {}
        out.append(_Rule(
            id=entry["id"], indicator=name, unit=(vocab[name] or {}).get("unit"),
            kind=mention.get("kind", "count"),
            groups=frozenset(mention["group"]) if "group" in mention else None,
            classifiers=frozenset(mention["classifier"]) if "classifier" in mention else None,
            object=compile_(mention.get("object"), where),
            not_object=compile_(mention.get("not_object"), where),
            adjacent=bool(mention.get("adjacent")),
            left=compile_(entry.get("left"), where),
            right=compile_(entry.get("right"), where),
            not_left=compile_(entry.get("not_left"), where),
            requires=compile_(frags.get(entry["requires"]) if entry.get("requires") else None, where),
            sentence=compile_(entry.get("sentence"), where),
            not_sentence=compile_(entry.get("not_sentence"), where),
            plan={True: "always", False: "", None: ""}.get(entry.get("plan"), str(entry.get("plan"))),
            weak=bool(entry.get("weak")),
            yields=bool(entry.get("yields")),
        ))
    return _Cfg(tuple(out), compile_(data["patterns"]["plan"], "indicators.yaml::plan"),  # type: ignore[arg-type]
                data["clause_ends"], data["sentence_ends"], data["breakdown"], tuple(data["parenthesis"]),
                float(data["same_statement"]), data["rounded_scales"],
                int(data["place_reach"]))


def _marks(text: str, ends: str) -> list[int]:
    """Where the characters of `ends` stand in text."""
    return [m.start() for m in re.finditer("[" + re.escape(ends) + "]", text)]


def _back(marks: list[int], pos: int) -> int:
    k = bisect.bisect_left(marks, pos)
    return marks[k - 1] + 1 if k else 0


def _forward(marks: list[int], pos: int, size: int) -> int:
    k = bisect.bisect_left(marks, pos)
    return marks[k] if k < len(marks) else size


def _fits(r: _Rule, m: dict[str, Any], text: str, left: str, right: str, sentence: str) -> int:
    """0: the rule does not fit; 1: it fits by the words after the figure; 2: by the mention or
    the words before it."""
    obj = m.get("object") or ""
    if r.object is not None and not r.object.search(obj):
        return 0
    if r.not_object is not None and m["text"].endswith(obj) and r.not_object.search(obj):
        return 0
    if r.adjacent and not (obj and m["text"].endswith(obj) and obj != m.get("unit")):
        return 0
    if r.not_left is not None and r.not_left.search(left):
        return 0
    if r.requires is not None and not (r.requires.search(obj) or r.requires.search(left)):
        return 0
    if r.sentence is not None and not (r.sentence.search(sentence) or r.sentence.search(obj)):
        return 0
    if r.not_sentence is not None and r.not_sentence.search(sentence):
        return 0
    # 20_年底前完成整改问题4个: a plan, not a result (计划2017年整改完成的30个问题已全部完成:
    # a result, where the rule lets the words after it say so)
    planned = bool(r.plan) and bool(_cfg().plan.search(left))
    if planned and r.plan != "unless_reported":
        return 0
    if not planned and ((r.left is None and r.right is None) or (r.left and r.left.search(left))):
        return 2
    return 1 if r.right and r.right.search(right) else 0


@functools.lru_cache(maxsize=256)
def _by_unit(kind: str | None, unit: str | None) -> tuple[_Rule, ...]:
    """The rules that may take a mention of this kind and classifier, in order."""
    group = classifier_group(unit)
    return tuple(r for r in _cfg().rules if r.kind == kind and (r.groups is None or group in r.groups)
                 and (r.classifiers is None or unit in r.classifiers))


def _rule_for(m: dict[str, Any], text: str, left: str, right: str, sentence: str) -> _Rule | None:
    """The first rule that fits; one that fits only by the words after the figure and `yields`
    gives way to a later one fitting by the words before it (问责…247人 约谈…: accountability)."""
    waiting = None
    for r in _by_unit(m.get("kind"), m.get("unit")):
        fit = _fits(r, m, text, left, right, sentence)
        if fit == 1 and r.yields:
            waiting = waiting or r
        elif fit == 2 and r.left is not None:
            return r
        elif fit:
            return waiting or r
    return waiting


def _after_place(text: str, start: int, end: int, reach: int) -> bool:
    """Whether a place name stands right before a figure (武汉市50件, 扬州2项), or opens its clause
    a verb before it (天津市问责83人): a breakdown."""
    return any(p.end == end - start or (p.start == 0 and end - start - p.end <= reach)
               for p in gazetteer.localities(text[start:end]))


def _digits(value: float) -> int:
    """Significant digits of a figure: 231841400 has 8, 230000000 has 2."""
    s = f"{value:.6f}".rstrip("0").rstrip(".").replace(".", "").lstrip("0")
    return len(s.rstrip("0")) or 1


def find_indicators(text: str, counts_and_values: list[dict]) -> list[dict]:
    """The indicator rows a notice states, from its count and money mentions."""
    cfg = _cfg()
    mentions = sorted((m for m in counts_and_values if m.get("kind") in _KINDS), key=lambda m: m["start"])
    rows: list[dict] = []
    head: str | None = None  # the indicator of the last figure that is not a breakdown
    head_end = -1  # where that figure ends
    clauses = _marks(text, cfg.clause_ends) if mentions else []
    sentences = _marks(text, cfg.sentence_ends) if mentions else []
    for m in mentions:
        cs = _back(clauses, m["start"])
        left = text[cs:m["start"]]
        right = text[m["end"]:_forward(clauses, m["end"], len(text))]
        ss = _back(sentences, m["start"])
        sentence = text[ss:m["start"]]
        rule = _rule_for(m, text, left, right, sentence)
        if rule is None:
            continue
        opening, closing = cfg.parenthesis
        paren = sentence.rfind(opening)
        if rule.weak and paren > sentence.rfind(closing):
            continue  # (一件举报可能涉及…): an aside, and the noun alone says nothing
        after_head = paren > sentence.rfind(closing) and not text[head_end:ss + paren].strip()
        per_place = _after_place(text, cs, m["start"], cfg.place_reach)
        if cfg.breakdown in sentence or after_head or per_place:
            stated = per_place and any(r["indicator"] == rule.indicator for r in rows)
            if rule.weak or rule.indicator == head or stated:
                continue  # 其中重点交办件16件, 38项整改任务(…24项…), 扬州2项, 福州23件: parts of a figure
        else:
            head, head_end = rule.indicator, m["end"]
        rows.append({"indicator": rule.indicator, "value": float(m["value"]), "unit": rule.unit,
                     "text": m["text"], "start": m["start"], "end": m["end"], "source": rule.id})
    return _one_per_statement(rows, cfg.same_statement, cfg.rounded_scales)


def _one_per_statement(rows: list[dict], tolerance: float, scales: str) -> list[dict]:
    """A figure stated twice is one row; a rounded one (written with 万/亿) and a precise one near
    it are the precise (not two batches' figures: 70件, 72件)."""
    out: list[dict] = []
    for row in rows:
        same = next((o for o in out if o["indicator"] == row["indicator"] and (
            o["value"] == row["value"] or _rounded(o, row, scales) or _rounded(row, o, scales))
            and abs(o["value"] - row["value"]) <= tolerance * max(abs(o["value"]), abs(row["value"]))), None)
        if same is None:
            out.append(row)
        elif _rounded(same, row, scales):
            out[out.index(same)] = row
    return out


def _rounded(a: dict, b: dict, scales: str) -> bool:
    """Whether `a` is a rounded headline of `b`: written with a scale, and less precise."""
    return any(ch in a["text"] for ch in scales) and _digits(b["value"]) > _digits(a["value"])


def examples(text: str, reference_date: dt.date | None = None) -> list[dict]:
    """Example runner for rules/indicators.yaml: values and counts first, as the stage does."""
    try:
        from .values import find_values
        values = find_values(text, reference_date)
    except ImportError:  # the values extractor is another stage's; counts alone still run
        values = []
    counts = find_counts(text, values)
    return [{**row, "kind": "indicator"} for row in find_indicators(text, [*values, *counts])]
