"""Part files of a generation: each table folder holds one Parquet file per batch of inputs.

Workers write their own batch's parts, so the parent process never touches rows.
A part is immutable once written: a later run links it into its own generation
when none of the files it holds changed, and rewrites only the rows it keeps
from parts that did change.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from .write import DOCUMENT_TABLES, SCHEMAS, TABLES, to_table

# rows buffered per table before they become a row group: bounds a worker's memory on huge inputs
_ROW_GROUP_ROWS = 20_000


def part_path(gen: Path, table: str, part: str) -> Path:
    return gen / table / f"part-{part}.parquet"


class PartWriter:
    """Rows of one batch → one part file per table (only tables that get rows)."""

    def __init__(self, gen: Path, part: str):
        self.gen, self.part = gen, part
        self.buffers: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.writers: dict[str, pq.ParquetWriter] = {}
        self.counts: dict[str, int] = dict.fromkeys(TABLES, 0)

    def add(self, rows: dict[str, list[dict[str, Any]]]) -> None:
        for table, table_rows in rows.items():
            self.buffers[table].extend(table_rows)
            self.counts[table] += len(table_rows)
            if len(self.buffers[table]) >= _ROW_GROUP_ROWS:
                self._flush(table)

    def _flush(self, table: str) -> None:
        if not self.buffers[table]:
            return
        if table not in self.writers:
            self.writers[table] = pq.ParquetWriter(part_path(self.gen, table, self.part), SCHEMAS[table])
        self.writers[table].write_table(to_table(table, self.buffers[table]))
        self.buffers[table] = []

    def close(self) -> dict[str, int]:
        for table in TABLES:
            self._flush(table)
        for writer in self.writers.values():
            writer.close()
        return self.counts


def discard_part(gen: Path, part: str) -> None:
    """Remove a part from every table of gen (a batch that will be written again)."""
    for table in TABLES:
        part_path(gen, table, part).unlink(missing_ok=True)


def carry_over(previous: Path, previous_files: dict[str, dict[str, Any]], gen: Path,
               kept: dict[str, dict[str, Any]], part: str) -> list[str]:
    """Bring the rows of the kept files from the previous generation into gen.

    `previous_files` and `kept` are manifest entries ({path: {"part": …}}). A part
    all of whose files are kept is hard-linked as it is; the kept rows of parts
    that also hold changed or removed files are copied into the new part `part`,
    and their paths are returned."""
    if not kept:
        return []
    by_part: dict[str | None, set[str]] = {}
    for rel, entry in kept.items():
        by_part.setdefault(entry.get("part"), set()).add(rel)
    held: dict[str | None, set[str]] = {}
    for rel, entry in previous_files.items():
        held.setdefault(entry.get("part"), set()).add(rel)
    whole = {p for p, files in by_part.items() if p is not None and files == held[p]}
    for p in whole:
        for table in TABLES:
            src = part_path(previous, table, p)
            if src.exists():
                _link(src, part_path(gen, table, p))
    partial_paths = sorted(rel for p, files in by_part.items() if p not in whole for rel in files)
    if partial_paths:
        parts = [p for p in by_part if p not in whole]
        _copy_rows(previous, gen, partial_paths, parts, part)
    return partial_paths


def _copy_rows(previous: Path, gen: Path, paths: list[str], parts: list[str | None], part: str) -> None:
    """Copy the rows of `paths` out of the given previous parts (None: every part, for old layouts)."""
    wanted = pa.array(paths)
    files = {t: _part_files(previous, t, parts) for t in TABLES}
    docs = _filtered(files["documents"], "documents", ds.field("source_path").isin(wanted))
    doc_ids = docs.column("doc_id").combine_chunks()
    tables = {"documents": docs, "errors": _filtered(files["errors"], "errors", ds.field("source_path").isin(wanted))}
    for table in DOCUMENT_TABLES:
        if table != "documents":
            tables[table] = _filtered(files[table], table, ds.field("doc_id").isin(doc_ids))
    for table, data in tables.items():
        if data.num_rows:
            pq.write_table(data, part_path(gen, table, part))


def _part_files(previous: Path, table: str, parts: list[str | None]) -> list[str]:
    if None in parts:
        return sorted(str(p) for p in (previous / table).glob("*.parquet"))
    return [str(part_path(previous, table, p)) for p in parts if part_path(previous, table, p).exists()]


def _filtered(files: list[str], table: str, condition: ds.Expression) -> pa.Table:
    if not files:
        return SCHEMAS[table].empty_table()
    return ds.dataset(files, schema=SCHEMAS[table], format="parquet").to_table(filter=condition)


def _link(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:  # a file system without hard links
        shutil.copyfile(src, dst)


def finish(gen: Path) -> dict[str, int]:
    """Give every table at least one (possibly empty) part and return the row count of each."""
    rows = {}
    for table in TABLES:
        files = sorted((gen / table).glob("*.parquet"))
        if not files:
            pq.write_table(SCHEMAS[table].empty_table(), part_path(gen, table, "empty"))
        rows[table] = sum(pq.read_metadata(f).num_rows for f in files)
    return rows
