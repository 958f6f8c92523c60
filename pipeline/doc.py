"""The objects passed from stage to stage.

A `Page` is one input (a file, or a text given to `process_text`); `split` cuts
its text into `Document`s, one per notice. Every offset in a Document indexes
`Document.text`, the cleaned and normalised text, as the output contract says.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Section:
    kind: str  # problem, target, measure, deadline, completion, responsible, other
    start: int
    end: int
    heading: str | None = None
    item_no: str | None = None


@dataclass
class Mention:
    kind: str  # money, percent, quantity, count, date, date_range, agency
    text: str
    start: int
    end: int
    source: str  # rule id or model name
    value: float | None = None
    value_max: float | None = None
    unit: str | None = None
    object: str | None = None
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    timex: str | None = None
    normalized: str | None = None
    section_no: int | None = None  # set by the extract stage

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Item:
    item_no: str
    problem: str | None = None
    target: str | None = None
    measures: str | None = None
    deadline_text: str | None = None
    completion_text: str | None = None
    responsible: str | None = None
    deadline_kind: str = "unknown"
    deadline_date: dt.date | None = None
    status: str = "unknown"


@dataclass
class Indicator:
    indicator: str
    value: float
    text: str
    start: int
    end: int
    unit: str | None = None


@dataclass
class Document:
    source_path: str
    index: int  # place of the notice in its file, from 0
    text: str
    script: str = "simplified"
    flags: list[str] = field(default_factory=list)
    title: str | None = None
    published_date: dt.date | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    # what relative dates (今年, 7月31日) resolve against: the publication date, else the run's
    reference_date: dt.date | None = None
    sections: list[Section] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)

    @property
    def doc_id(self) -> str:
        # Stable across edits of the file: only its path and the notice's place in it.
        key = f"{self.source_path}#{self.index}".encode()
        return hashlib.sha1(key).hexdigest()[:16]

    @property
    def text_sha(self) -> str:
        return hashlib.sha256(self.text.encode()).hexdigest()[:32]

    def add_flag(self, flag: str) -> None:
        if flag not in self.flags:
            self.flags.append(flag)


@dataclass
class Page:
    """One input: its bytes or text, and the documents cut from it."""

    source_path: str
    data: bytes = b""
    text: str = ""  # after ingest: decoded, HTML reduced to lines; later cleaned, then normalised
    is_html: bool = False
    script: str = "simplified"
    flags: list[str] = field(default_factory=list)
    reference_date: dt.date | None = None
    documents: list[Document] = field(default_factory=list)

    def add_flag(self, flag: str) -> None:
        if flag not in self.flags:
            self.flags.append(flag)
