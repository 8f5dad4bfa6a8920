"""Writing tables (spec F-6): CSV, Excel, Parquet, JSON Lines, SQLite and DuckDB, one call
each, never leaving a half-written file behind.

Every writer works on a temporary file in the target's folder and renames it over the target
only when the write (and an fsync) succeeded, so a crash or an error leaves the old file as it
was. Appending to a database copies it first and swaps the copy in the same way.

Nested values (lists and objects) are stored as JSON text in the flat formats (CSV, Excel,
Parquet, SQLite, DuckDB); JSON Lines keeps them as they are. A column of mixed scalar types
(e.g. numbers and text) is written as text in the typed formats (Excel, Parquet, DuckDB).
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import ExportError
from ..store.atomic import atomic_path

Format = Literal["csv", "xlsx", "parquet", "jsonl", "sqlite", "duckdb"]
FORMATS: dict[str, Format] = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".parquet": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".duckdb": "duckdb",
}


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _json_text(value: Any) -> Any:
    if isinstance(value, list | dict | tuple):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def flat_cells(frame: pd.DataFrame, *, mixed_as_text: bool) -> pd.DataFrame:
    """The frame with nested cells as JSON text (and, if asked, mixed columns as text)."""
    out = frame.copy(deep=False)
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object:
            continue
        values = column.tolist()
        kinds = {type(v) for v in values if not _is_missing(v)}
        if kinds & {list, dict, tuple}:
            out[name] = pd.Series(
                [None if _is_missing(v) else _json_text(v) for v in values],
                index=frame.index,
                dtype=object,
            )
            kinds = {str}
        if mixed_as_text and len(kinds) > 1 and not kinds <= {int, float}:
            out[name] = pd.Series(
                [
                    None
                    if _is_missing(v)
                    else (v if isinstance(v, str) else json.dumps(v, default=str))
                    for v in out[name].tolist()
                ],
                index=frame.index,
                dtype=object,
            )
    return out


def _guard(fmt: str, path: Path, write: Callable[[], None]) -> None:
    try:
        write()
    except ExportError:
        raise
    # Broad on purpose: pyarrow, openpyxl, sqlite3 and duckdb each raise their own types, and
    # the user needs one error that names the file and says the old one is intact.
    except Exception as exc:
        raise ExportError(
            f"could not write {fmt} file {str(path)!r}: {type(exc).__name__}: {exc}; "
            "the previous file (if any) is unchanged",
            path=str(path),
        ) from exc


def to_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """CSV, UTF-8, no index; nested cells as JSON text."""
    target = Path(path)

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=False)
        with atomic_path(target) as tmp:
            data.to_csv(tmp, index=False)

    _guard("CSV", target, write)
    return target


def to_excel(frame: pd.DataFrame, path: str | os.PathLike, *, sheet: str = "data") -> Path:
    """An .xlsx workbook (openpyxl) with one sheet."""
    target = Path(path)
    if len(frame) > 1_048_575:
        raise ExportError(
            f"{len(frame)} rows do not fit in an Excel sheet (1,048,575 at most); "
            "use Parquet, CSV or a database",
            path=str(target),
        )

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=True)
        with atomic_path(target) as tmp:
            data.to_excel(tmp, index=False, sheet_name=sheet, engine="openpyxl")

    _guard("Excel", target, write)
    return target


def to_parquet(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Parquet (pyarrow), dtypes kept; nested cells as JSON text."""
    target = Path(path)

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=True)
        with atomic_path(target) as tmp:
            data.to_parquet(tmp, index=False, engine="pyarrow")

    _guard("Parquet", target, write)
    return target


def _jsonl_value(value: Any) -> Any:
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict):
        return value.item()  # numpy scalar
    return value


# Characters that str.splitlines() and some JSON Lines readers treat as line breaks; inside a
# JSON string they may be escaped, so they are, and every record stays on one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def to_jsonl(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """JSON Lines: one object a row, nested values kept, missing values as null."""
    target = Path(path)
    names = [str(n) for n in frame.columns]

    def write() -> None:
        with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as handle:
            for row in frame.itertuples(index=False, name=None):
                record = {n: _jsonl_value(v) for n, v in zip(names, row, strict=True)}
                line = json.dumps(record, ensure_ascii=False, default=str)
                handle.write(line.translate(_LINE_BREAKS) + "\n")

    _guard("JSON Lines", target, write)
    return target


IfExists = Literal["append", "replace"]


def _check_table(frame: pd.DataFrame, table: str, if_exists: str, path: Path) -> None:
    if if_exists not in ("append", "replace"):
        raise ExportError(
            f"if_exists={if_exists!r} is not supported; use 'append' or 'replace'", path=str(path)
        )
    if not table or not table.strip():
        raise ExportError(
            "a database export needs a table name, e.g. table='orders'", path=str(path)
        )
    if frame.shape[1] == 0:
        raise ExportError(
            f"the frame has no columns: a table {table!r} needs at least one", path=str(path)
        )


def to_sqlite(
    frame: pd.DataFrame, path: str | os.PathLike, table: str, *, if_exists: IfExists = "append"
) -> Path:
    """A table in a SQLite database file, appended to or replaced."""
    target = Path(path)
    _check_table(frame, table, if_exists, target)

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=False)
        # An object column of mixed kinds is declared without a type: SQLite then stores
        # each value as what it is, where a TEXT column would turn 0 into '0'.
        untyped = {
            str(name): ""
            for name in data.columns
            if data[name].dtype == object
            and len({type(v) for v in data[name].tolist() if not _is_missing(v)}) > 1
        }
        with atomic_path(target, copy_existing=True) as tmp:
            connection = sqlite3.connect(tmp)
            try:
                data.to_sql(
                    table, connection, if_exists=if_exists, index=False, dtype=untyped or None
                )
                connection.commit()
            finally:
                connection.close()

    _guard("SQLite", target, write)
    return target


def to_duckdb(
    frame: pd.DataFrame, path: str | os.PathLike, table: str, *, if_exists: IfExists = "append"
) -> Path:
    """A table in a DuckDB database file (needs the ``duckdb`` package)."""
    target = Path(path)
    _check_table(frame, table, if_exists, target)
    try:
        import duckdb
    except ImportError:
        raise ExportError(
            "DuckDB export needs the duckdb package: pip install duckdb", path=str(target)
        ) from None
    quoted = '"' + table.replace('"', '""') + '"'

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=True)
        with atomic_path(target, copy_existing=True) as tmp:
            connection = duckdb.connect(str(tmp))
            try:
                connection.register("incoming", data)
                exists = connection.execute(
                    "select count(*) from information_schema.tables where table_name = ?", [table]
                ).fetchone()[0]
                if exists and if_exists == "append":
                    connection.execute(f"insert into {quoted} select * from incoming")
                else:
                    connection.execute(
                        f"create or replace table {quoted} as select * from incoming"
                    )
                connection.execute("checkpoint")
            finally:
                connection.close()

    _guard("DuckDB", target, write)
    return target


def export(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    table: str | None = None,
    if_exists: IfExists = "append",
) -> Path:
    """Write ``frame`` in the format its file suffix names (or ``format``).

    >>> export(frame, "orders.parquet")          # doctest: +SKIP
    >>> export(frame, "shop.sqlite", table="orders", if_exists="replace")  # doctest: +SKIP
    """
    target = Path(path)
    fmt = format or FORMATS.get(target.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise ExportError(
            f"cannot tell the format of {str(target)!r} from its suffix; use one "
            f"of {known} or pass format=",
            path=str(target),
        )
    if fmt in ("sqlite", "duckdb"):
        writer = to_sqlite if fmt == "sqlite" else to_duckdb
        return writer(frame, target, table or "", if_exists=if_exists)
    writers = {"csv": to_csv, "xlsx": to_excel, "parquet": to_parquet, "jsonl": to_jsonl}
    return writers[fmt](frame, target)
