"""docs/tables.md is generated from the writer's schemas and must match them."""
from __future__ import annotations

from pipeline import schema_doc
from pipeline.write import SCHEMAS


def test_tables_doc_matches_the_schemas() -> None:
    assert schema_doc.DOC_PATH.read_text(encoding="utf-8") == schema_doc.render(), "run `notices docs`"


def test_every_column_is_described() -> None:
    for name, schema in SCHEMAS.items():
        for field in schema:
            assert (field.metadata or {}).get(b"doc"), f"{name}.{field.name} has no description"
