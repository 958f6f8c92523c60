"""notices: scraped Chinese environmental-inspection rectification notices → Parquet tables.

Python API:
    process_text(text, reference_date=None)  the rows one notice gives each table
    find_values(text, reference_date=None, kinds=None)  money, percent, quantity, dates in any text
    read_tables(out)  the tables of a run as pandas DataFrames
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    import pandas as pd


def process_text(text: str, reference_date: dt.date | str | None = None,
                 source_path: str = "<text>") -> dict[str, list[dict[str, Any]]]:
    """The rows (dicts with the contract's columns) one text gives each table: documents,
    sections, mentions, items, indicators, errors."""
    from .runner import process_bytes

    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    return process_bytes(source_path, text.encode("utf-8"), reference_date)


def find_values(text: str, reference_date: dt.date | str | None = None, kinds: Any = None) -> list[dict[str, Any]]:
    """Every money, percent, quantity, date and date_range in text (and `number` when kinds asks)."""
    from .extract.values import find_values as _find_values
    from .normalise import normalise_text

    if isinstance(reference_date, str):
        reference_date = dt.date.fromisoformat(reference_date)
    return _find_values(normalise_text(text), reference_date, kinds)


def read_tables(out: str | Path) -> dict[str, pd.DataFrame]:
    """The six tables of a run as DataFrames: dates as datetime64 columns' dates, flags as lists."""
    from .read import read_tables as _read_tables

    return _read_tables(Path(out))
