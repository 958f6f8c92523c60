"""Stage extract: every mention of a document (values, counts, agencies), placed in its
section, and the indicators they state.

Values (money, percent, quantity, date, date_range) come first; counts skip
what they cover; agencies are read with the document's locality for `normalized`.
"""
from __future__ import annotations

import bisect

from ..doc import Document, Indicator, Mention
from .agencies import find_agencies
from .counts import find_counts
from .indicators import find_indicators
from .ner import proposer
from .values import find_values

NAME = "extract"
READS = {"text", "sections", "reference_date", "province", "city", "county"}
WRITES = {"mentions", "indicators"}

_FIELDS = set(Mention.__dataclass_fields__)
_INDICATOR_FIELDS = set(Indicator.__dataclass_fields__)


def _mention(d: dict) -> Mention:
    return Mention(**{k: v for k, v in d.items() if k in _FIELDS})


def run(doc: Document) -> Document:
    values = find_values(doc.text, doc.reference_date)
    counts = find_counts(doc.text, values)
    agencies = find_agencies(doc.text, doc.province, doc.city, doc.county, propose=proposer())
    mentions = sorted((_mention(d) for d in (*values, *counts, *agencies)), key=lambda m: (m.start, m.end))
    starts = [s.start for s in doc.sections]
    for m in mentions:
        i = bisect.bisect_right(starts, m.start) - 1
        m.section_no = i if i >= 0 else None
    doc.mentions = mentions
    doc.indicators = [Indicator(**{k: v for k, v in d.items() if k in _INDICATOR_FIELDS})
                      for d in find_indicators(doc.text, [*values, *counts])]
    return doc
