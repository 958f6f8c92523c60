"""Reading a run's tables back, with proper dtypes, for notebooks."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.dataset as ds

from .write import SCHEMAS


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """{table: DataFrame}; date columns hold datetime.date objects, flags hold lists, strings are str."""
    tables = {}
    for name, schema in SCHEMAS.items():
        table = ds.dataset(Path(out) / name, format="parquet", schema=schema).to_table()
        tables[name] = table.to_pandas(date_as_object=True, types_mapper={}.get)
    return tables
