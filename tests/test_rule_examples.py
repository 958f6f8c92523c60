"""Every example and negative in rules/*.yaml, run through its file's extractor.

Keys of a positive example:
- `text`: the input, in any script (it goes through normalise first);
- `match`: the span that must come out (exactly one result of the file's kinds
  may overlap it, and its text must equal `match`); without `match` the first
  result is checked;
- `kept` / `removed`: a string that must / must not be in the result's text;
- `flag`: a string that must be in the result's `flags`;
- any other key: that field of the result must equal it (numbers within 1e-6
  relative, dates compared as ISO strings);
- `xfail: reason`: a known gap, kept visible (strict xfail);
- `reference_date`: the date relative expressions resolve against.
A negative (a string, or {text, xfail, reference_date}) must give no result of the file's kinds.
"""
from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict

import pytest

from pipeline import examples, rules
from pipeline.normalise import normalise_text

EXAMPLES = list(rules.iter_examples())
SPECIAL = {"match", "kept", "removed", "flag"}


def _run(ex: rules.Example) -> list[dict]:
    ref = dt.date.fromisoformat(ex.reference_date) if ex.reference_date else None
    results = examples.runner(ex.extractor)(normalise_text(ex.text), ref)
    return [r for r in results if not ex.kinds or r.get("kind") in ex.kinds]


def _same(want: object, got: object) -> bool:
    if isinstance(got, (dt.date, dt.datetime)):
        got = got.isoformat()[:10]
    if isinstance(want, (dt.date, dt.datetime)):
        want = want.isoformat()[:10]
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return isinstance(got, (int, float)) and math.isclose(float(want), float(got), rel_tol=1e-6, abs_tol=1e-9)
    return want == got


def check(ex: rules.Example) -> dict | None:
    """Assert the example; return the result it matched (None for a negative)."""
    results = _run(ex)
    if ex.expect is None:
        assert not results, f"negative gave {[(r.get('kind'), r.get('text')) for r in results]}"
        return None
    assert results, f"no result of kinds {ex.kinds}"
    expect = ex.expect
    if "match" in expect:
        text = normalise_text(ex.text)
        want = normalise_text(str(expect["match"]))
        start = text.find(want)
        assert start >= 0, f"match {want!r} is not in the example text"
        end = start + len(want)
        overlapping = [r for r in results if r.get("start", start) < end and r.get("end", end) > start]
        assert [r["text"] for r in overlapping] == [want], (
            f"want exactly {want!r}, got {[(r.get('kind'), r['text']) for r in overlapping]}")
        found = overlapping[0]
    else:  # the first result, of the example's kind and start where it names them
        found = next((r for r in results if r.get("kind") == expect.get("kind", r.get("kind"))
                      and r.get("start") == expect.get("start", r.get("start"))), results[0])
    for key, want in expect.items():
        if key == "match":
            continue
        if key == "kept":
            assert normalise_text(want) in found["text"], f"{want!r} was removed: {found['text']!r}"
        elif key == "removed":
            assert normalise_text(want) not in found["text"], f"{want!r} was kept: {found['text']!r}"
        elif key == "flag":
            assert want in found.get("flags", []), f"flag {want!r} missing: {found.get('flags')}"
        else:
            assert _same(want, found.get(key)), f"{key}: want {want!r}, got {found.get(key)!r}"
    return found


def _param(ex: rules.Example):
    marks = [pytest.mark.xfail(reason=ex.xfail, strict=True)] if ex.xfail else []
    return pytest.param(ex, id=ex.test_id, marks=marks)


@pytest.mark.parametrize("ex", [_param(e) for e in EXAMPLES])
def test_rule_example(ex: rules.Example) -> None:
    check(ex)


def test_every_rule_is_exercised_by_its_examples() -> None:
    """An orphan rule (no passing example produced it) is a defect."""
    sources: dict[str, set[str]] = defaultdict(set)
    for ex in EXAMPLES:
        if ex.expect is None or ex.xfail:
            continue
        found = check(ex)
        if found and found.get("source"):
            sources[ex.file].add(found["source"])
    orphans = []
    for name in rules.rule_files():
        data = rules.load(name)
        if not data.get("extractor"):
            continue
        for rule in data.get("rules", []) or []:
            if rule["id"] not in sources[name]:
                orphans.append(f"{name}.yaml::{rule['id']}")
    assert not orphans, f"rules no example produced: {orphans}"
