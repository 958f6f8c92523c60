"""Load the rule files in rules/ and expand `{fragment}` references in patterns.

Every rule file is YAML. A file of patterns has the shape

    extractor: values          # which extractor its examples are run through
    kinds: [money]             # the kinds its examples and negatives speak of
    rules:
      - id: money.yuan
        pattern: '...{arabic_num}...'
        examples:  [{text: ..., match: ..., value: ...}]
        negatives: ["..."]

and `tests/test_rule_examples.py` runs every example and negative of every file.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
_REF = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# libyaml's safe loader when PyYAML was built with it: the same documents, read several times faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class RuleError(ValueError):
    """A rule file that cannot be used: the message names the file and the rule."""


@functools.cache
def load(name: str) -> dict[str, Any]:
    """The parsed rule file rules/<name>.yaml."""
    path = RULES_DIR / f"{name}.yaml"
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping at the top level")
    return data


@functools.cache
def fragments() -> dict[str, str]:
    """rules/fragments.yaml with every reference expanded."""
    raw: dict[str, str] = load("fragments").get("fragments", {})
    done: dict[str, str] = {}

    def expand(name: str, seen: tuple[str, ...]) -> str:
        if name in done:
            return done[name]
        if name not in raw:
            raise RuleError(f"fragments.yaml: unknown fragment {{{name}}} (used by {seen[-1] if seen else '?'})")
        if name in seen:
            raise RuleError(f"fragments.yaml: fragment {{{name}}} refers to itself through {' -> '.join(seen)}")
        body = _REF.sub(lambda m: expand(m.group(1), seen + (name,)), str(raw[name]))
        done[name] = body
        return body

    for key in raw:
        expand(key, ())
    return done


def expand(pattern: str, where: str = "") -> str:
    """A pattern with its `{fragment}` references replaced by their regex text."""
    frags = fragments()

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in frags:
            raise RuleError(f"{where}: unknown fragment {{{name}}}")
        return f"(?:{frags[name]})"

    return _REF.sub(sub, pattern)


def compile_pattern(pattern: str, where: str = "", flags: int = 0) -> re.Pattern[str]:
    try:
        return re.compile(expand(pattern, where), flags)
    except re.error as exc:
        raise RuleError(f"{where}: bad pattern: {exc}") from exc


def rule_files() -> list[str]:
    return sorted(p.stem for p in RULES_DIR.glob("*.yaml"))


@dataclass(frozen=True)
class Example:
    file: str
    rule_id: str
    index: int
    extractor: str
    kinds: tuple[str, ...]
    text: str
    expect: dict[str, Any] | None  # None for a negative example
    xfail: str | None = None
    reference_date: str | None = None

    @property
    def test_id(self) -> str:
        sign = "neg" if self.expect is None else "ex"
        return f"{self.file}.yaml::{self.rule_id}::{sign}{self.index}"


def _entries(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(rule id, entry) for every rule of a file, and the file's own examples under its name."""
    for rule in data.get("rules", []) or []:
        yield rule["id"], rule
    if data.get("examples") or data.get("negatives"):
        yield "_file", data


def iter_examples() -> Iterator[Example]:
    """Every example and negative of every rule file that names an extractor."""
    for name in rule_files():
        data = load(name)
        extractor = data.get("extractor")
        if not extractor:
            continue
        kinds = tuple(data.get("kinds", []))
        for rule_id, entry in _entries(data):
            for i, ex in enumerate(entry.get("examples", []) or []):
                ex = dict(ex)
                text = ex.pop("text")
                xfail = ex.pop("xfail", None)
                ref = ex.pop("reference_date", None)
                yield Example(name, rule_id, i, extractor, kinds, text, ex, xfail, ref)
            for i, neg in enumerate(entry.get("negatives", []) or []):
                xfail = ref = None
                if isinstance(neg, dict):
                    xfail, ref, neg = neg.get("xfail"), neg.get("reference_date"), neg["text"]
                yield Example(name, rule_id, i, extractor, kinds, neg, None, xfail, ref)
