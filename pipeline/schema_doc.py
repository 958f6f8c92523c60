"""docs/tables.md, generated from the writer's pyarrow schemas so it cannot drift from them."""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from .write import SCHEMA_VERSION, SCHEMAS

DOC_PATH = Path(__file__).resolve().parent.parent / "docs" / "tables.md"

# An example value and what fills each column, beside the schema's own description.
EXAMPLES: dict[str, dict[str, str]] = {
    "documents": {"doc_id": "3f9a0c1d2b4e5f60", "source_path": "000_260eca73aedd798d.txt",
                  "title": "东营市中央环保督察反馈意见(序号1)整改情况公示", "published_date": "2021-06-03",
                  "province": "山东省", "city": "东营市", "script": "simplified",
                  "flags": "['spam_injection']"},
    "sections": {"kind": "completion", "heading": "4、完成情况:", "item_no": "1"},
    "mentions": {"kind": "money", "text": "4797.54万元", "value": "47975400.0", "unit": "CNY",
                 "object": "整改任务 (for 68个整改任务)", "date_start": "2021-06-03", "timex": "XXXX-12-31",
                 "normalized": "东营市生态环境局", "source": "money.yuan"},
    "items": {"item_no": "1", "deadline_kind": "long_term", "deadline_date": "2018-12-31", "status": "completed"},
    "indicators": {"indicator": "tasks_total", "value": "68.0", "text": "68个整改任务"},
    "errors": {"stage": "ingest", "error": "binary data (NUL bytes), not a text or HTML notice: …"},
}


def _type(t: pa.DataType) -> str:
    return f"list<{t.value_type}>" if pa.types.is_list(t) else str(t)


def render() -> str:
    out = [
        "# The output tables",
        "",
        "Generated from `pipeline/write.py` by `notices docs` — do not edit by hand; a test fails when this",
        f"file and the schemas differ. Schema version {SCHEMA_VERSION} (also in each Parquet file's metadata",
        "under `notices_schema_version`, and in the run manifest). Each table is a folder of Parquet parts:",
        "`pandas.read_parquet(OUT/'mentions')`, `duckdb: read_parquet('OUT/mentions/*.parquet')`,",
        "or `pipeline.read_tables(OUT)`. Offsets (start, end) index `documents.text` (Python str offsets).",
        "",
    ]
    for name, schema in SCHEMAS.items():
        out += [f"## {name}", "", "| column | type | null | meaning | example |", "|---|---|---|---|---|"]
        for f in schema:
            meaning = (f.metadata or {}).get(b"doc", b"").decode()
            example = EXAMPLES.get(name, {}).get(f.name, "")
            out.append(f"| {f.name} | {_type(f.type)} | {'yes' if f.nullable else 'no'} | {meaning} | {example} |")
        out.append("")
    return "\n".join(out)


def write() -> Path:
    DOC_PATH.parent.mkdir(exist_ok=True)
    DOC_PATH.write_text(render(), encoding="utf-8")
    return DOC_PATH
