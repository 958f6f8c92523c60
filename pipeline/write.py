"""The output tables: their pyarrow schemas (../shared/CONTRACT.md) and rows from documents.

The schemas here are the single source of the tables' shape: the writer uses
them, and docs/tables.md is generated from them (`notices schema-doc`).
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa

from .doc import Document

SCHEMA_VERSION = "1"

_S, _I, _F, _D = pa.string(), pa.int32(), pa.float64(), pa.date32()


def _schema(fields: list[tuple[str, pa.DataType, bool, str]]) -> pa.Schema:
    return pa.schema([pa.field(name, typ, nullable=nullable, metadata={"doc": doc})
                      for name, typ, nullable, doc in fields],
                     metadata={"notices_schema_version": SCHEMA_VERSION})


SCHEMAS: dict[str, pa.Schema] = {
    "documents": _schema([
        ("doc_id", _S, False, "stable id from source_path and the notice's place in its file"),
        ("text_sha", _S, False, "hash of text: tells changed notices and reposts apart"),
        ("source_path", _S, False, "input file, relative to the input folder"),
        ("title", _S, True, "the notice's own headline"),
        ("published_date", _D, True, "publication date (header, else signature date)"),
        ("province", _S, True, "issuing province, full simplified name"),
        ("city", _S, True, "issuing city; null for provincial or national notices"),
        ("county", _S, True, "issuing county or district"),
        ("script", _S, False, "script of the source: simplified, traditional, mixed"),
        ("flags", pa.list_(_S), False, "quality findings: pinyin_annotations, spam_injection, redacted_year, "
                                       "multi_document"),
        ("text", _S, False, "cleaned, normalised text; every start/end indexes it"),
    ]),
    "sections": _schema([
        ("doc_id", _S, False, "the document"),
        ("section_no", _I, False, "order in the document, from 0"),
        ("kind", _S, False, "problem, target, measure, deadline, completion, responsible, other"),
        ("heading", _S, True, "the section's heading as written"),
        ("item_no", _S, True, "the rectification item the section belongs to"),
        ("start", _I, False, "offset into documents.text"),
        ("end", _I, False, "end offset into documents.text"),
        ("text", _S, False, "documents.text[start:end]"),
    ]),
    "mentions": _schema([
        ("doc_id", _S, False, "the document"),
        ("section_no", _I, True, "the section holding the mention"),
        ("kind", _S, False, "money, percent, quantity, count, date, date_range, agency"),
        ("text", _S, False, "documents.text[start:end]"),
        ("start", _I, False, "offset into documents.text"),
        ("end", _I, False, "end offset into documents.text"),
        ("value", _F, True, "money in yuan, percent in percent, quantity/count as a number; a range's low end"),
        ("value_max", _F, True, "a range's high end"),
        ("unit", _S, True, "CNY, %, or the unit as written"),
        ("object", _S, True, "counts: the counted noun"),
        ("date_start", _D, True, "dates and ranges: first day covered"),
        ("date_end", _D, True, "dates and ranges: last day covered"),
        ("timex", _S, True, "normalised time expression, e.g. 2021-06-03, 2025, XXXX-12-31"),
        ("normalized", _S, True, "agencies: the full name"),
        ("source", _S, False, "the rule id (rules/) or model that produced it"),
    ]),
    "items": _schema([
        ("doc_id", _S, False, "the document"),
        ("item_no", _S, False, "the item's identifier as written (序号1 → 1)"),
        ("problem", _S, True, "text of the item's problem section"),
        ("target", _S, True, "text of its target section"),
        ("measures", _S, True, "text of its measure section"),
        ("deadline_text", _S, True, "text of its deadline section"),
        ("completion_text", _S, True, "text of its completion section"),
        ("responsible", _S, True, "text of its responsible section"),
        ("deadline_kind", _S, False, "immediate, by_date, long_term, periodic, unknown"),
        ("deadline_date", _D, True, "the deadline, for by_date"),
        ("status", _S, False, "completed, basically_completed, in_progress, long_term, unknown"),
    ]),
    "indicators": _schema([
        ("doc_id", _S, False, "the document"),
        ("indicator", _S, False, "a name from rules/indicators.yaml"),
        ("value", _F, False, "the figure"),
        ("unit", _S, True, "unit of the figure"),
        ("text", _S, True, "the evidence span"),
        ("start", _I, True, "offset into documents.text"),
        ("end", _I, True, "end offset into documents.text"),
    ]),
    "errors": _schema([
        ("source_path", _S, False, "input file, relative to the input folder"),
        ("stage", _S, False, "the stage that failed"),
        ("error", _S, False, "what went wrong and what to do about it"),
    ]),
}
TABLES = list(SCHEMAS)
# the tables whose rows belong to a document (all but errors), and documents' own key
DOCUMENT_TABLES = [t for t in TABLES if t != "errors"]


def document_rows(doc: Document) -> dict[str, list[dict[str, Any]]]:
    """The rows one document contributes to each table."""
    doc_id, text = doc.doc_id, doc.text
    rows: dict[str, list[dict[str, Any]]] = {
        "documents": [{
            "doc_id": doc_id, "text_sha": doc.text_sha, "source_path": doc.source_path, "title": doc.title,
            "published_date": doc.published_date, "province": doc.province, "city": doc.city,
            "county": doc.county, "script": doc.script, "flags": list(doc.flags), "text": text,
        }],
        "sections": [{
            "doc_id": doc_id, "section_no": i, "kind": s.kind, "heading": s.heading, "item_no": s.item_no,
            "start": s.start, "end": s.end, "text": text[s.start:s.end],
        } for i, s in enumerate(doc.sections)],
        "mentions": [{"doc_id": doc_id, **m.as_dict()} for m in doc.mentions],
        "items": [{"doc_id": doc_id, **it.__dict__} for it in doc.items],
        "indicators": [{"doc_id": doc_id, **ind.__dict__} for ind in doc.indicators],
    }
    return rows


def to_table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    # column by column: five times faster than pa.Table.from_pylist on these rows
    return pa.Table.from_pydict({f: [r.get(f) for r in rows] for f in schema.names}, schema=schema)
