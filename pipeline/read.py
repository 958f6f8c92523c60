"""Reading a run's tables back, with proper dtypes, for notebooks."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.dataset as ds

from .write import SCHEMAS


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    """{table: DataFrame}; date columns hold datetime.date objects, list columns hold Python lists."""
    tables = {}
    for name, schema in SCHEMAS.items():
        df = ds.dataset(Path(out) / name, format="parquet", schema=schema).to_table().to_pandas(date_as_object=True)
        for field in schema:
            if pa.types.is_list(field.type):
                df[field.name] = [list(v) if v is not None else [] for v in df[field.name]]
        tables[name] = df
    return tables
