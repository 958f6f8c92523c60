"""How the examples of each rule file are run: `extractor:` name → a function.

A function takes the example text (already normalised) and the reference date,
and returns result dicts with at least `kind` and `text` (see tests/test_rule_examples.py).
Names come from the rule files' `extractor:` key, hence a lookup table here.
"""
from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

Result = dict[str, Any]
ExampleRunner = Callable[[str, "dt.date | None"], list[Result]]

# extractor name → "module:function", imported on first use
EXTRACTORS: dict[str, str] = {
    "agencies": "pipeline.extract.agencies:examples",
    "cleaning": "pipeline.clean:examples",
    "counts": "pipeline.extract.counts:examples",
    "indicators": "pipeline.extract.indicators:examples",
    "numbers": "pipeline.extract.values:number_examples",
    "values": "pipeline.extract.values:examples",
    "metadata": "pipeline.metadata:examples",
    "sections": "pipeline.sections:examples",
    "items": "pipeline.items:examples",
}


def runner(name: str) -> ExampleRunner:
    if name not in EXTRACTORS:
        raise KeyError(f"no extractor named {name!r}; known: {sorted(EXTRACTORS)}")
    module, _, func = EXTRACTORS[name].partition(":")
    return getattr(importlib.import_module(module), func)
