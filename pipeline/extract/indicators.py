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
    adjacent: bool
    left: re.Pattern[str] | None
    right: re.Pattern[str] | None
    not_left: re.Pattern[str] | None
    requires: re.Pattern[str] | None
    sentence: re.Pattern[str] | None
    plan: bool
    weak: bool


@dataclass(frozen=True)
class _Cfg:
    rules: tuple[_Rule, ...]
    plan: re.Pattern[str]
    clause_ends: str
    sentence_ends: str
    breakdown: str
    parenthesis: tuple[str, str]
    same_statement: float


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
            adjacent=bool(mention.get("adjacent")),
            left=compile_(entry.get("left"), where),
            right=compile_(entry.get("right"), where),
            not_left=compile_(entry.get("not_left"), where),
            requires=compile_(frags.get(entry["requires"]) if entry.get("requires") else None, where),
            sentence=compile_(entry.get("sentence"), where),
            plan=bool(entry.get("plan")),
            weak=bool(entry.get("weak")),
        ))
    return _Cfg(tuple(out), compile_(data["patterns"]["plan"], "indicators.yaml::plan"),  # type: ignore[arg-type]
                data["clause_ends"], data["sentence_ends"], data["breakdown"], tuple(data["parenthesis"]),
                float(data["same_statement"]))


def _back(text: str, pos: int, ends: str) -> int:
    i = pos
    while i > 0 and text[i - 1] not in ends:
        i -= 1
    return i


def _forward(text: str, pos: int, ends: str) -> int:
    i = pos
    while i < len(text) and text[i] not in ends:
        i += 1
    return i


def _fits(r: _Rule, m: dict[str, Any], text: str, left: str, right: str, sentence: str) -> bool:
    if m.get("kind") != r.kind:
        return False
    obj = m.get("object") or ""
    if r.groups is not None and classifier_group(m.get("unit")) not in r.groups:
        return False
    if r.classifiers is not None and m.get("unit") not in r.classifiers:
        return False
    if r.object is not None and not r.object.search(obj):
        return False
    if r.adjacent and not (obj and m["text"].endswith(obj) and obj != m.get("unit")):
        return False
    if r.not_left is not None and r.not_left.search(left):
        return False
    if r.requires is not None and not (r.requires.search(obj) or r.requires.search(left)):
        return False
    if r.sentence is not None and not (r.sentence.search(sentence) or r.sentence.search(obj)):
        return False
    if r.plan and _cfg().plan.search(left):
        return False  # 20_年底前完成整改问题4个: a plan, not a result
    if r.left is None and r.right is None:
        return True
    return bool(r.left and r.left.search(left)) or bool(r.right and r.right.search(right))


def _after_place(text: str, start: int, end: int) -> bool:
    """Whether a place name stands right before a figure (武汉市50件, 扬州2项): a breakdown."""
    return any(p.end == end - start for p in gazetteer.localities(text[start:end]))


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
    for m in mentions:
        cs = _back(text, m["start"], cfg.clause_ends)
        left = text[cs:m["start"]]
        right = text[m["end"]:_forward(text, m["end"], cfg.clause_ends)]
        ss = _back(text, m["start"], cfg.sentence_ends)
        sentence = text[ss:m["start"]]
        rule = next((r for r in cfg.rules if _fits(r, m, text, left, right, sentence)), None)
        if rule is None:
            continue
        opening, closing = cfg.parenthesis
        paren = sentence.rfind(opening)
        after_head = paren > sentence.rfind(closing) and not text[head_end:ss + paren].strip()
        per_place = _after_place(text, cs, m["start"])
        if cfg.breakdown in sentence or after_head or per_place:
            stated = per_place and any(r["indicator"] == rule.indicator for r in rows)
            if rule.weak or rule.indicator == head or stated:
                continue  # 其中重点交办件16件, 38项整改任务(…24项…), 扬州2项, 福州23件: parts of a figure
        else:
            head, head_end = rule.indicator, m["end"]
        rows.append({"indicator": rule.indicator, "value": float(m["value"]), "unit": rule.unit,
                     "text": m["text"], "start": m["start"], "end": m["end"], "source": rule.id})
    return _one_per_statement(rows, cfg.same_statement)


def _one_per_statement(rows: list[dict], tolerance: float) -> list[dict]:
    """A figure stated twice is one row; a rounded one and a precise one are the precise."""
    out: list[dict] = []
    for row in rows:
        same = next((o for o in out if o["indicator"] == row["indicator"]
                     and abs(o["value"] - row["value"]) <= tolerance * max(abs(o["value"]), abs(row["value"]))), None)
        if same is None:
            out.append(row)
        elif same["value"] != row["value"] and _digits(row["value"]) > _digits(same["value"]):
            out[out.index(same)] = row
    return out


def examples(text: str, reference_date: dt.date | None = None) -> list[dict]:
    """Example runner for rules/indicators.yaml: values and counts first, as the stage does."""
    try:
        from .values import find_values
        values = find_values(text, reference_date)
    except ImportError:  # the values extractor is another stage's; counts alone still run
        values = []
    counts = find_counts(text, values)
    return [{**row, "kind": "indicator"} for row in find_indicators(text, [*values, *counts])]
