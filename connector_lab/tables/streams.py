"""Frames written page by page into one file — a harvest's sink — with memory bounded by a
few pages, the file replaced atomically, and the exports' hardening kept.

``with stream_frames("orders.parquet") as sink: sink.write(frame, page=1) …`` writes into a
temporary file beside the target; the target is replaced only when the block ends without an
error, so a failure half-way (a page that fails, a full disk) leaves the previous file as it
was. The format comes from the suffix, as for :func:`~connector_lab.tables.writers.export`
(Excel is not streamed: it is built in memory anyway; export a frame instead). Each format
makes what :mod:`.writers` makes of a frame — CSV escapes formula text, integers stay exact,
nested cells are JSON text — and handles columns that differ across pages:

- a column missing on a later page is null in its rows, in every format;
- a column first seen on a later page: CSV rewrites the rows so far with an empty field for
  it (one pass over the file); Parquet buffers the first :data:`PARQUET_BUFFER_PAGES` pages
  to settle the schema, then, should a later page bring a new column or a wider type (int to
  float, null to text), rewrites what it has written with the widened schema (one pass, one
  row group at a time); a type that cannot widen (text where integers were) is an
  :class:`~connector_lab.errors.ExportError` naming the column and the page; SQLite and
  DuckDB add the column (``ALTER TABLE``); JSON Lines writes each row's columns as they are;
- SQLite and DuckDB write one table (``table=``) inside the database file, replacing that
  table and keeping the file's other tables.
"""

from __future__ import annotations

import contextlib
import csv
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import ExportError
from ..store.atomic import atomic_path
from .cells import database_columns, escape_cells
from .writers import (
    Format,
    export_failure,
    flat_cells,
    format_of,
    jsonl_lines,
    report_notes,
    sqlite_untyped,
)

__all__ = ["PARQUET_BUFFER_PAGES", "FrameSink", "stream_frames"]

#: Pages Parquet holds before it fixes a schema: a column null on the first page (a note
#: nobody wrote yet) usually has its type by the fourth, which spares a rewrite.
PARQUET_BUFFER_PAGES = 4


class FrameSink:
    """Where a stream's pages go: :meth:`write` each page's frame, then it is closed by
    :func:`stream_frames`. ``columns`` and ``rows`` say what has been written so far."""

    fmt = ""
    database = False  # a database file keeps its other tables: start from a copy

    def __init__(self, tmp: Path, target: Path, *, table: str, escape_formulas: bool) -> None:
        self.tmp, self.target, self.table = tmp, target, table
        self.escape_formulas = escape_formulas
        self.columns: list[str] = []
        self.rows = 0
        self.notes: list[str] = []

    def write(self, frame: pd.DataFrame, page: int) -> None:
        """Append ``frame`` (page ``page``, for messages); a failure is one ExportError."""
        try:
            self._write(frame, page)
        except ExportError:
            raise
        # Broad on purpose, as in writers._guard: each engine raises its own types.
        except Exception as exc:
            raise _failure(self, exc, f"page {page}") from exc
        self.columns += [str(c) for c in frame.columns if str(c) not in self.columns]
        self.rows += len(frame)

    def close(self) -> None:
        try:
            self._close()
        except ExportError:
            raise
        except Exception as exc:
            raise _failure(self, exc, "closing") from exc

    def _new(self, frame: pd.DataFrame) -> list[str]:
        return [str(c) for c in frame.columns if str(c) not in self.columns]

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        raise NotImplementedError

    def _close(self) -> None:
        raise NotImplementedError

    def abort(self) -> None:
        """Release files and connections after a failure (the temporary is removed)."""


def _failure(sink: FrameSink, exc: BaseException, where: str) -> ExportError:
    error = export_failure(sink.fmt, sink.target, exc)
    error.args = (f"{error.args[0]} ({where})", *error.args[1:])
    return error


class _CsvSink(FrameSink):
    fmt = "CSV"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handle: Any = None

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        data = escape_cells(frame) if self.escape_formulas else frame
        data = flat_cells(data, mixed_as_text=False)
        new = self._new(data)
        if self.handle is None:
            if not len(data.columns):
                return  # nothing to name yet
            # Open across pages (closed by _close or abort), so no with-block here.
            self.handle = open(self.tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115
            header = True
        else:
            header = False
            if new:
                self._widen(new)
            data = data.reindex(columns=[*self.columns, *new])
        # Rows end in CRLF (RFC 4180), as writers.to_csv writes them.
        data.to_csv(self.handle, index=False, header=header, lineterminator="\r\n")

    def _widen(self, new: list[str]) -> None:
        """The file so far with the ``new`` columns: named in the header, empty in every row
        (read with the csv module, so a quoted line break in a cell is no row boundary)."""
        self.handle.close()
        widened = self.tmp.with_name(self.tmp.name + ".widen")
        with (
            open(self.tmp, encoding="utf-8", newline="") as source,
            open(widened, "w", encoding="utf-8", newline="") as out,
        ):
            reader, writer = csv.reader(source), csv.writer(out, lineterminator="\r\n")
            writer.writerow(next(reader) + new)
            blank = [""] * len(new)
            for row in reader:
                writer.writerow(row + blank)
        os.replace(widened, self.tmp)
        self.handle = open(self.tmp, "a", encoding="utf-8", newline="")  # noqa: SIM115

    def _close(self) -> None:
        if self.handle is None:
            self.tmp.touch()
        else:
            self.handle.close()

    def abort(self) -> None:
        if self.handle is not None:
            self.handle.close()
        self.tmp.with_name(self.tmp.name + ".widen").unlink(missing_ok=True)


class _JsonlSink(FrameSink):
    fmt = "JSON Lines"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.handle = open(self.tmp, "w", encoding="utf-8")  # noqa: SIM115 (open across pages)

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        # Columns known from earlier pages are null here; a new one appears from this row on.
        missing = [c for c in self.columns if c not in frame.columns]
        data = frame.reindex(columns=[*frame.columns, *missing]) if missing else frame
        self.handle.writelines(jsonl_lines(data))

    def _close(self) -> None:
        self.handle.close()

    def abort(self) -> None:
        self.handle.close()


def _arrow_table(frame: pd.DataFrame) -> pa.Table:
    """A page as Arrow, as writers.to_parquet would write it (nested and mixed cells as
    text), without pandas' metadata (it describes one page, not the file)."""
    data = flat_cells(frame, mixed_as_text=True)
    return pa.Table.from_pandas(data, preserve_index=False).replace_schema_metadata(None)


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with the columns and types of ``schema`` (missing columns null)."""
    names = set(table.column_names)
    arrays = [
        table.column(f.name).cast(f.type) if f.name in names else pa.nulls(len(table), f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(arrays, schema=schema)


def _widened(schema: pa.Schema | None, tables: list[tuple[pa.Table, int]]) -> pa.Schema:
    """The schema holding ``schema`` and every page's; a column whose types cannot widen
    into one is an ExportError naming it and the page."""
    current = schema
    for table, page in tables:
        if current is None:
            current = table.schema
            continue
        try:
            current = pa.unify_schemas([current, table.schema], promote_options="permissive")
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            raise ExportError(_type_clash(current, table.schema, page)) from None
    return current


def _type_clash(schema: pa.Schema, incoming: pa.Schema, page: int) -> str:
    for field in incoming:
        index = schema.get_field_index(field.name)
        if index < 0:
            continue
        known = schema.field(index).type
        try:
            pa.unify_schemas(
                [pa.schema([(field.name, known)]), pa.schema([field])], promote_options="permissive"
            )
        except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
            return (
                f"column {field.name!r} is {field.type} on page {page} but {known} on the "
                "pages before: Parquet needs one type per column; harvest to a DataFrame, "
                "or to CSV or JSON Lines, which keep each value as it is"
            )
    return f"page {page} does not fit the schema of the pages before"  # pragma: no cover


def _described(schema: pa.Schema) -> pa.Schema:
    """``schema`` with pandas' description of the whole file (a page's own describes that
    page), integers as ``Int64`` and booleans as ``boolean``: the schema is fixed before the
    last page is seen, and a column with a gap read back as float64 would round integers
    beyond 2**53 — so ``read_parquet`` gives them nullable, exact, always."""
    schema = schema.remove_metadata()  # the description so far would steer to_pandas
    empty = schema.empty_table().to_pandas()
    nullable = {}
    for field in schema:
        if pa.types.is_integer(field.type):
            nullable[field.name] = "Int64"
        elif pa.types.is_boolean(field.type):
            nullable[field.name] = "boolean"
    described = pa.Schema.from_pandas(empty.astype(nullable), preserve_index=False)
    return schema.with_metadata({b"pandas": described.metadata[b"pandas"]})


class _ParquetSink(FrameSink):
    fmt = "Parquet"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pending: list[tuple[pa.Table, int]] = []
        self.writer: pq.ParquetWriter | None = None
        self.schema: pa.Schema | None = None
        self.path = self.tmp  # the file being written (another after a rewrite)
        self.rewrites = 0

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        table = _arrow_table(frame)
        if self.writer is None:
            self.pending.append((table, page))
            if len(self.pending) >= PARQUET_BUFFER_PAGES:
                self._open()
            return
        schema = _widened(self.schema, [(table, page)])
        if not schema.equals(self.schema):
            self._rewrite(schema)
        self._append(table)

    def _append(self, table: pa.Table) -> None:
        self.writer.write_table(_conform(table, self.schema))

    def _open(self) -> None:
        schema = _widened(None, self.pending) if self.pending else pa.schema([])
        self.schema = _described(schema)
        self.writer = pq.ParquetWriter(self.path, self.schema)
        for table, _ in self.pending:
            self._append(table)
        self.pending.clear()

    def _rewrite(self, schema: pa.Schema) -> None:
        """Copy what is written into a new file of the widened ``schema``, one row group
        at a time, and go on writing there."""
        self.writer.close()
        self.rewrites += 1
        schema = _described(schema)
        path = self.tmp.with_name(f"{self.tmp.name}.{self.rewrites}")
        writer = pq.ParquetWriter(path, schema)
        source = pq.ParquetFile(self.path)
        for group in range(source.num_row_groups):
            writer.write_table(_conform(source.read_row_group(group), schema))
        source.close()
        if self.path != self.tmp:
            self.path.unlink()
        self.path, self.writer, self.schema = path, writer, schema

    def _close(self) -> None:
        if self.writer is None:
            self._open()
        self.writer.close()
        if self.path != self.tmp:
            os.replace(self.path, self.tmp)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.close()
        if self.path != self.tmp:
            self.path.unlink(missing_ok=True)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _SqliteSink(FrameSink):
    fmt = "SQLite"
    database = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection = sqlite3.connect(self.tmp)
        self.created: list[str] = []

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        if not len(frame.columns):
            return
        named, notes = database_columns(frame, "SQLite")
        self.notes += [note for note in notes if note not in self.notes]
        data = flat_cells(named, mixed_as_text=False)
        if not self.created:
            # Columns with no value yet are declared without a type, like mixed ones: a
            # later page's numbers are then stored as numbers.
            untyped = sqlite_untyped(data, empty=True) or None
            data.to_sql(
                self.table, self.connection, if_exists="replace", index=False, dtype=untyped
            )
        else:
            for name in (str(c) for c in data.columns if str(c) not in self.created):
                self.connection.execute(
                    f"alter table {_quoted(self.table)} add column {_quoted(name)}"
                )
            data.to_sql(self.table, self.connection, if_exists="append", index=False)
        self.created += [str(c) for c in data.columns if str(c) not in self.created]

    def _close(self) -> None:
        self.connection.commit()
        self.connection.close()

    def abort(self) -> None:
        self.connection.close()


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        return None
    return duckdb


class _DuckdbSink(FrameSink):
    fmt = "DuckDB"
    database = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.connection = _duckdb().connect(str(self.tmp))
        self.created: list[str] = []

    def _write(self, frame: pd.DataFrame, page: int) -> None:
        if not len(frame.columns):
            return
        named, notes = database_columns(frame, "DuckDB")
        self.notes += [note for note in notes if note not in self.notes]
        data = flat_cells(named, mixed_as_text=True)
        # A column with no value yet would get DuckDB's NULL type (then INTEGER), refusing
        # the text a later page brings: it starts as text, which any value casts to.
        empty = [c for c in data.columns if data[c].dtype == object and data[c].isna().all()]
        if empty:
            data = data.astype({c: "string" for c in empty})
        table, db = _quoted(self.table), self.connection
        db.register("incoming", data)
        try:
            if not self.created:
                db.execute(f"create or replace table {table} as select * from incoming")
            else:
                described = db.execute("describe select * from incoming").fetchall()
                for name, kind, *_ in described:
                    if name not in self.created:
                        db.execute(f"alter table {table} add column {_quoted(name)} {kind}")
                db.execute(f"insert into {table} by name select * from incoming")
        finally:
            db.unregister("incoming")
        self.created += [str(c) for c in data.columns if str(c) not in self.created]

    def _close(self) -> None:
        self.connection.execute("checkpoint")
        self.connection.close()

    def abort(self) -> None:
        self.connection.close()


_SINKS: dict[str, type[FrameSink]] = {
    "csv": _CsvSink,
    "jsonl": _JsonlSink,
    "parquet": _ParquetSink,
    "sqlite": _SqliteSink,
    "duckdb": _DuckdbSink,
}


def _sink_class(target: Path, fmt: Format, table: str) -> type[FrameSink]:
    """The sink for ``fmt``, or an ExportError saying why it cannot be streamed."""
    if fmt == "xlsx":
        raise ExportError(
            f"{target.name}: an Excel workbook cannot be streamed page by page; harvest to a "
            "DataFrame and export it, or choose .parquet, .csv, .jsonl, .sqlite or .duckdb",
            path=str(target),
        )
    if fmt in ("sqlite", "duckdb") and not table.strip():
        raise ExportError(
            "a database target needs a table name, e.g. table='orders'", path=str(target)
        )
    if fmt == "duckdb" and _duckdb() is None:
        raise ExportError(
            "DuckDB export needs the duckdb package: pip install duckdb", path=str(target)
        )
    return _SINKS[fmt]


@contextlib.contextmanager
def stream_frames(
    path: str | os.PathLike,
    *,
    format: Format | None = None,
    table: str = "records",
    escape_formulas: bool = True,
) -> Iterator[FrameSink]:
    """A sink that writes frames page by page into ``path`` (see the module documentation);
    the file is replaced when the block ends without an error, and left as it was if not."""
    target = Path(path)
    fmt = format_of(target, format)
    kind = _sink_class(target, fmt, table)
    with atomic_path(target, copy_existing=kind.database) as tmp:
        try:
            sink = kind(tmp, target, table=table, escape_formulas=escape_formulas)
        except Exception as exc:  # the engine could not even open the file
            raise export_failure(kind.fmt, target, exc) from exc
        try:
            yield sink
        except BaseException:
            sink.abort()
            raise
        sink.close()
    report_notes(target, sink.notes)
