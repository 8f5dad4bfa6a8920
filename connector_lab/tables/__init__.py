"""Stage 3 — tables: the records of a response (JSONPath or detected), flattened into
DataFrames (one row per record, per exploded item, or related child tables), typed by the
expected response, checked against it, and written to files.

Owns every pandas and pyarrow import of the engine.
"""

from .cells import unescape_cells
from .check import ResponseCheck, check_response
from .flattening import explode, flatten, to_tables
from .paths import FieldPath
from .records import RecordSelection, select_records
from .writers import (
    export,
    flat_cells,
    to_csv,
    to_duckdb,
    to_excel,
    to_jsonl,
    to_parquet,
    to_sqlite,
)

__all__ = [
    "FieldPath",
    "RecordSelection",
    "ResponseCheck",
    "check_response",
    "explode",
    "export",
    "flat_cells",
    "flatten",
    "select_records",
    "to_csv",
    "to_duckdb",
    "to_excel",
    "to_jsonl",
    "to_parquet",
    "to_sqlite",
    "to_tables",
    "unescape_cells",
]
