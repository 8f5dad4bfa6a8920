"""Writing tables (spec F-6, F-11): CSV, Excel, Parquet, JSON Lines, SQLite and DuckDB, one
call each, never leaving a half-written file behind, safe to open and exact.

Every writer works on a temporary file in the target's folder and renames it over the target
only when the write (and an fsync) succeeded, so a crash or an error leaves the old file as it
was. Appending to a database copies it first and swaps the copy in the same way.

Nested values (lists and objects) are stored as JSON text in the flat formats (CSV, Excel,
Parquet, SQLite, DuckDB); JSON Lines keeps them as they are. A column of mixed scalar types
(e.g. numbers and text) is written as text in the typed formats (Excel, Parquet, DuckDB).

**Safe to open (CSV and Excel).** A text cell starting with ``=``, ``+``, ``-``, ``@``, tab or
CR would run as a formula in a spreadsheet; by default it is written with a leading ``'``
(OWASP's advice), and so are text starting with ``'`` and empty text (``'`` alone). Numbers,
negative ones too, are numbers and never escaped; column names are escaped like cells. So
dropping one leading ``'`` from every text cell gives the text back exactly —
:func:`~connector_lab.tables.cells.unescape_cells` does that. ``escape_formulas=False``
writes text exactly as given (in Excel, text starting with ``=`` is then a live formula).

**Empty text and missing values stay apart (CSV and Excel).** A missing value (None, NaN,
``<NA>``) is an empty cell; empty text is ``'`` (with the default escaping; with
``escape_formulas=False`` the two look alike again, as pandas writes them). Read back with
pandas, treating only empty cells as missing, then unescape::

    frame = unescape_cells(pd.read_csv(path, keep_default_na=False, na_values=[""]))
    frame = unescape_cells(pd.read_excel(path, keep_default_na=False, na_values=[""]))

(add ``dtype={"id": "Int64"}`` to read integer columns that have gaps exactly). CSV rows end
in CRLF (RFC 4180), so text holding a CR or LF is always quoted; in Excel a CR inside text
reads back as LF (XML readers normalise line ends).

**Exact integers.** Integers are written as integers in CSV, Parquet, JSON Lines, SQLite and
DuckDB, so ``1434975267274035201`` comes back exact when the reader keeps it: pandas needs
``read_csv(..., dtype={"id": "Int64"})``, ``read_sql(..., dtype_backend="numpy_nullable")``
and ``read_json(..., lines=True, engine="pyarrow")`` (its default engine parses numbers
through float); ``read_parquet`` and DuckDB keep it as they are. Excel stores every number
as a 64-bit float, so integers beyond ±2**53 are written as *text* there (read them back
with ``read_excel(..., dtype={"id": "Int64"})``), and an
:class:`~connector_lab.errors.ExportWarning` says which columns.

**What Excel cannot hold.** More than 1,048,575 rows or 16,384 columns: ``ExportError``
naming the limit. Text over 32,767 characters in one cell: ``ExportError`` naming column, row
and limit (Excel would cut it; nothing is cut silently). Control characters (NUL, BEL, ESC… —
XML forbids them) are shown as their Unicode control pictures (``␀``, ``␇``, ``␛``) and
timezone-aware times are written in UTC without the zone; each with an ``ExportWarning``.

**JSON Lines** writes NaN and ±Infinity, at any depth, as ``null`` (JSON has no such numbers).

**SQLite and DuckDB** compare column names ignoring case: SQLite refuses ``id`` beside
``ID`` and an empty name, DuckDB renames them its own way without a word. Here a name that
repeats another ignoring case gets ``_2`` (or the next free number: ``id``, ``ID`` → ``id``,
``ID_2``) and an empty one becomes ``column_<position>``, the same way on every run (so
appends line up), with an ``ExportWarning`` listing the renames.

Warnings are issued after the file is written, pointing at the caller's line; turn them into
errors with ``warnings.simplefilter("error", ExportWarning)``.
"""

from __future__ import annotations

import json
import math
import os
import sqlite3
import sys
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import ExportError, ExportWarning
from ..store.atomic import atomic_path
from .cells import check_excel_shape, database_columns, escape_cells, excel_cells

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
    return (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    )


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


def _guard(fmt: str, path: Path, write: Callable[[], None], notes: list[str] | None = None) -> Path:
    """Run ``write``; any failure becomes one :class:`ExportError`, and on success each of
    ``notes`` (filled in by ``write``) is reported as an :class:`ExportWarning`."""
    try:
        write()
    except ExportError:
        raise
    # Broad on purpose: pyarrow, openpyxl, sqlite3 and duckdb each raise their own types, and
    # the user needs one error that names the file and says the old one is intact.
    except Exception as exc:
        raise export_failure(fmt, path, exc) from exc
    report_notes(path, notes or [])
    return path


def export_failure(fmt: str, path: Path, exc: BaseException) -> ExportError:
    """The one error for any failure while writing ``path``: names the file and the cause,
    and says the previous file is intact (every writer replaces files atomically)."""
    return ExportError(
        f"could not write {fmt} file {str(path)!r}: {type(exc).__name__}: {exc}; "
        "the previous file (if any) is unchanged",
        path=str(path),
    )


def report_notes(path: Path, notes: list[str]) -> None:
    """Each note as an :class:`ExportWarning` that points at the caller's line (the first
    frame outside this package), issued once the file is written."""
    level, frame = 2, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("connector_lab"):
        level, frame = level + 1, frame.f_back
    for note in notes:
        warnings.warn(ExportWarning(f"{path.name}: {note}"), stacklevel=level)


def to_csv(frame: pd.DataFrame, path: str | os.PathLike, *, escape_formulas: bool = True) -> Path:
    """CSV, UTF-8, no index; nested cells as JSON text; integers exact.

    Text that a spreadsheet would run as a formula (``= + - @``, tab, CR), text starting with
    ``'`` and empty text get a leading ``'`` unless ``escape_formulas=False``; a missing value
    is an empty field. Read back with ``unescape_cells(pd.read_csv(path,
    keep_default_na=False, na_values=[""]))`` (see the module documentation).
    """
    target = Path(path)

    def write() -> None:
        data = escape_cells(frame) if escape_formulas else frame
        data = flat_cells(data, mixed_as_text=False)
        with atomic_path(target) as tmp:
            # Rows end in CRLF (RFC 4180): the csv module quotes a field holding a character
            # of the line terminator, so a CR alone inside text cannot split a row.
            data.to_csv(tmp, index=False, lineterminator="\r\n")

    return _guard("CSV", target, write)


def to_excel(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    sheet: str = "data",
    escape_formulas: bool = True,
) -> Path:
    """An .xlsx workbook (openpyxl) with one sheet.

    Text is escaped as in :func:`to_csv` unless ``escape_formulas=False`` (then text starting
    with ``=`` is a live formula). Integers beyond ±2**53 are written as text, control
    characters as visible pictures, timezone-aware times in UTC, each with an
    :class:`ExportWarning`; a frame or a cell larger than Excel holds raises
    :class:`ExportError` naming the limit (and, for a cell, its column and row).
    """
    target = Path(path)
    check_excel_shape(frame, str(target))
    notes: list[str] = []

    def write() -> None:
        data = escape_cells(frame) if escape_formulas else frame
        data, changed = excel_cells(flat_cells(data, mixed_as_text=True), str(target))
        notes.extend(changed)
        with atomic_path(target) as tmp:
            data.to_excel(tmp, index=False, sheet_name=sheet, engine="openpyxl")

    return _guard("Excel", target, write, notes)


def to_parquet(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Parquet (pyarrow), dtypes kept (integers exact); nested cells as JSON text; no
    escaping (a Parquet file is not opened by a spreadsheet)."""
    target = Path(path)

    def write() -> None:
        data = flat_cells(frame, mixed_as_text=True)
        with atomic_path(target) as tmp:
            data.to_parquet(tmp, index=False, engine="pyarrow")

    return _guard("Parquet", target, write)


def _jsonl_value(value: Any) -> Any:
    if _is_missing(value):
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict):
        return value.item()  # numpy scalar
    return value


def _finite(value: Any) -> Any:
    """``value`` with NaN and ±Infinity, at any depth, as None: JSON has no such numbers."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


# Characters that str.splitlines() and some JSON Lines readers treat as line breaks; inside a
# JSON string they may be escaped, so they are, and every record stays on one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def _json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (never ``NaN`` or ``Infinity``)."""
    try:
        line = json.dumps(record, ensure_ascii=False, default=str, allow_nan=False)
    except ValueError:  # a non-finite float somewhere: only then walk the record
        line = json.dumps(_finite(record), ensure_ascii=False, default=str, allow_nan=False)
    return line.translate(_LINE_BREAKS)


def to_jsonl(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """JSON Lines: one object a row, nested values kept, integers exact; missing values,
    NaN and ±Infinity (at any depth) as null."""
    target = Path(path)

    def write() -> None:
        with atomic_path(target) as tmp, open(tmp, "w", encoding="utf-8") as handle:
            handle.writelines(jsonl_lines(frame))

    return _guard("JSON Lines", target, write)


def jsonl_lines(frame: pd.DataFrame) -> Iterator[str]:
    """Each row of ``frame`` as one line of JSON Lines (with its newline), as
    :func:`to_jsonl` writes it."""
    names = [str(n) for n in frame.columns]
    for row in frame.itertuples(index=False, name=None):
        record = {n: _jsonl_value(v) for n, v in zip(names, row, strict=True)}
        yield _json_line(record) + "\n"


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


def sqlite_untyped(data: pd.DataFrame, *, empty: bool = False) -> dict[str, str]:
    """The columns to declare without a type (``{name: ""}``, pandas' ``to_sql`` dtype).

    An object column of mixed kinds is declared without a type: SQLite then stores each value
    as what it is, where a TEXT column would turn 0 into '0'. With ``empty``, so is a column
    with no value at all (its type is not known yet: later rows may hold numbers).
    """
    untyped = {}
    for name in data.columns:
        if data[name].dtype != object:
            continue
        kinds = {type(v) for v in data[name].tolist() if not _is_missing(v)}
        if len(kinds) > 1 or (empty and not kinds):
            untyped[str(name)] = ""
    return untyped


def to_sqlite(
    frame: pd.DataFrame, path: str | os.PathLike, table: str, *, if_exists: IfExists = "append"
) -> Path:
    """A table in a SQLite database file, appended to or replaced; integers exact.

    Column names SQLite would refuse — empty, or repeating another ignoring case (``id`` and
    ``ID``) — are renamed deterministically (``column_3``, ``ID_2``) with an
    :class:`ExportWarning` listing the renames.
    """
    target = Path(path)
    _check_table(frame, table, if_exists, target)
    named, notes = database_columns(frame, "SQLite")

    def write() -> None:
        data = flat_cells(named, mixed_as_text=False)
        untyped = sqlite_untyped(data)
        with atomic_path(target, copy_existing=True) as tmp:
            connection = sqlite3.connect(tmp)
            try:
                data.to_sql(
                    table, connection, if_exists=if_exists, index=False, dtype=untyped or None
                )
                connection.commit()
            finally:
                connection.close()

    return _guard("SQLite", target, write, notes)


def to_duckdb(
    frame: pd.DataFrame, path: str | os.PathLike, table: str, *, if_exists: IfExists = "append"
) -> Path:
    """A table in a DuckDB database file (needs the ``duckdb`` package); integers exact.
    Column names are made acceptable as for :func:`to_sqlite` (DuckDB would rename them
    silently)."""
    target = Path(path)
    _check_table(frame, table, if_exists, target)
    named, notes = database_columns(frame, "DuckDB")
    try:
        import duckdb
    except ImportError:
        raise ExportError(
            "DuckDB export needs the duckdb package: pip install duckdb", path=str(target)
        ) from None
    quoted = '"' + table.replace('"', '""') + '"'

    def write() -> None:
        data = flat_cells(named, mixed_as_text=True)
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

    return _guard("DuckDB", target, write, notes)


def format_of(target: Path, format: Format | None = None) -> Format:
    """``format``, else the format the suffix of ``target`` names; an unknown suffix is an
    :class:`ExportError` listing the known ones."""
    fmt = format or FORMATS.get(target.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS))
        raise ExportError(
            f"cannot tell the format of {str(target)!r} from its suffix; use one "
            f"of {known} or pass format=",
            path=str(target),
        )
    return fmt


def export(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    table: str | None = None,
    if_exists: IfExists = "append",
    escape_formulas: bool = True,
) -> Path:
    """Write ``frame`` in the format its file suffix names (or ``format``).

    CSV and Excel escape text a spreadsheet would run as a formula unless
    ``escape_formulas=False``; what each format changes to stay safe and exact (and how to
    read it back) is in the documentation of :mod:`connector_lab.tables.writers`.

    >>> export(frame, "orders.parquet")          # doctest: +SKIP
    >>> export(frame, "shop.sqlite", table="orders", if_exists="replace")  # doctest: +SKIP
    """
    target = Path(path)
    fmt = format_of(target, format)
    if fmt in ("sqlite", "duckdb"):
        writer = to_sqlite if fmt == "sqlite" else to_duckdb
        return writer(frame, target, table or "", if_exists=if_exists)
    if fmt == "csv":
        return to_csv(frame, target, escape_formulas=escape_formulas)
    if fmt == "xlsx":
        return to_excel(frame, target, escape_formulas=escape_formulas)
    return to_parquet(frame, target) if fmt == "parquet" else to_jsonl(frame, target)
