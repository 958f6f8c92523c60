"""The stage order, in one place.

Page stages turn one input into documents; document stages then fill each
document. Every stage module has NAME, READS, WRITES and `run`.
"""
from __future__ import annotations

import time
from types import ModuleType

from . import clean, ingest, items, metadata, normalise, sections, split
from .doc import Page
from .extract import stage as extract
from .rules import RuleError

# normalise runs before clean so that chrome and spam rules are written once, in simplified script
PAGE_STAGES: list[ModuleType] = [ingest, normalise, clean, split]
DOCUMENT_STAGES: list[ModuleType] = [metadata, sections, extract, items]


class StageError(RuntimeError):
    """A stage failed on an input; `stage` names it and the message says why."""

    def __init__(self, stage: str, message: str):
        super().__init__(message)
        self.stage = stage


def process(page: Page, timings: dict[str, float] | None = None) -> Page:
    """Run every stage over one page; a failure is raised as StageError naming its stage.

    `timings`, when given, accumulates the seconds spent in each stage."""
    for stage in PAGE_STAGES:
        t0 = time.perf_counter()
        try:
            page = stage.run(page)
        except RuleError:
            raise  # broken rules are no input's fault: the run stops once, with the rule file named
        except Exception as exc:  # noqa: BLE001 - any failure becomes an errors row
            raise StageError(stage.NAME, _message(exc)) from exc
        if timings is not None:
            timings[stage.NAME] = timings.get(stage.NAME, 0.0) + time.perf_counter() - t0
    for stage in DOCUMENT_STAGES:
        t0 = time.perf_counter()
        for i, doc in enumerate(page.documents):
            try:
                page.documents[i] = stage.run(doc)
            except RuleError:
                raise
            except Exception as exc:  # noqa: BLE001
                raise StageError(stage.NAME, f"notice {i}: {_message(exc)}") from exc
        if timings is not None:
            timings[stage.NAME] = timings.get(stage.NAME, 0.0) + time.perf_counter() - t0
    return page


def _message(exc: Exception) -> str:
    text = str(exc) or exc.__class__.__name__
    return text if isinstance(exc, ValueError) else f"{exc.__class__.__name__}: {text}"
