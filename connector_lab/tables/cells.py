"""What a cell becomes in a file that people open and other tools read: text escaped so a
spreadsheet shows it instead of running it, the cells Excel cannot hold made to fit (or
refused, never cut), and column names a database accepts.

The functions that change cells return the new frame and a list of *notes* — sentences saying
what changed and where — which the writers turn into :class:`ExportWarning` warnings once the
file is written. Escaping is not noted: it is the documented default of CSV and Excel exports.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable
from typing import Any

import pandas as pd

from ..errors import ExportError

#: Text starting with one of these is a formula to a spreadsheet (OWASP, "CSV injection"):
#: ``=`` ``+`` ``-`` ``@``, tab and CR. A leading quote is escaped too, so that dropping one
#: leading ``'`` always gives the original text back.
ESCAPED_FIRST = frozenset("=+-@\t\r'")

# Excel's specifications and limits (support.microsoft.com, "Excel specifications and limits").
EXCEL_ROWS = 1_048_576  # the header row is one of them
EXCEL_COLUMNS = 16_384
EXCEL_CELL_CHARACTERS = 32_767
#: Excel stores every number as a 64-bit float: integers beyond ±2**53 would be rounded.
EXCEL_EXACT_INTEGER = 2**53

# XML 1.0 forbids these control characters, so openpyxl refuses them (IllegalCharacterError).
# Each becomes its Unicode "control picture" (U+2400 + code: BEL → ␇, NUL → ␀): visible, and
# still one character. Tab, LF and CR are allowed and kept.
_CONTROL_PICTURES = {
    code: 0x2400 + code for code in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)]
}


def escape_text(text: str) -> str:
    """``text`` as a spreadsheet shows it, never runs it: ``'`` put before text that starts
    with ``=``, ``+``, ``-``, ``@``, tab, CR or ``'``; empty text becomes ``'`` (so it differs
    from a missing value, which is an empty cell).

    >>> escape_text("=HYPERLINK(0)"), escape_text(""), escape_text("-5"), escape_text("ok")
    ("'=HYPERLINK(0)", "'", "'-5", 'ok')
    """
    if not text or text[0] in ESCAPED_FIRST:
        return "'" + text
    return text


def unescape_text(value: Any) -> Any:
    """The inverse of :func:`escape_text` (values that are not text are returned as they are).

    >>> unescape_text("'=HYPERLINK(0)"), unescape_text("'"), unescape_text(3)
    ('=HYPERLINK(0)', '', 3)
    """
    return value[1:] if isinstance(value, str) and value.startswith("'") else value


def _is_text_column(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def _map_text(frame: pd.DataFrame, change: Callable[[Any], Any]) -> pd.DataFrame:
    """``frame`` with ``change`` applied to every str cell and str column name."""
    out = frame.copy(deep=False)
    for position in range(frame.shape[1]):
        column = frame.iloc[:, position]
        if _is_text_column(column):
            values = [change(v) if isinstance(v, str) else v for v in column.tolist()]
            out.isetitem(position, pd.Series(values, index=frame.index, dtype=object))
    out.columns = [change(name) if isinstance(name, str) else name for name in frame.columns]
    return out


def escape_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell and column name escaped with :func:`escape_text`; numbers (negative
    ones too), booleans and missing values are left as they are."""
    return _map_text(frame, escape_text)


def unescape_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Undo the escaping of a CSV or Excel export on the frame read back: one leading ``'``
    dropped from every text cell and column name.

    >>> frame = unescape_cells(pd.read_csv("orders.csv", keep_default_na=False,
    ...                                    na_values=[""]))  # doctest: +SKIP
    """
    return _map_text(frame, unescape_text)


# -- Excel -----------------------------------------------------------------------------------
def check_excel_shape(frame: pd.DataFrame, path: str) -> None:
    """Refuse a frame larger than a sheet, naming the limit."""
    rows, columns = frame.shape
    if rows > EXCEL_ROWS - 1:
        raise ExportError(
            f"{rows:,} rows do not fit in an Excel sheet ({EXCEL_ROWS - 1:,} at most, after "
            "the header row); use Parquet, CSV or a database",
            path=path,
        )
    if columns > EXCEL_COLUMNS:
        raise ExportError(
            f"{columns:,} columns do not fit in an Excel sheet ({EXCEL_COLUMNS:,} at most); "
            "select fewer columns, or use Parquet, CSV or a database",
            path=path,
        )


def _big_integer(value: Any) -> bool:
    return (
        isinstance(value, int) and not isinstance(value, bool) and abs(value) > EXCEL_EXACT_INTEGER
    )


def _excel_value(value: Any, seen: Counter) -> Any:
    """One object cell as Excel can hold it; ``seen`` counts each kind of change."""
    if isinstance(value, str):
        shown = value.translate(_CONTROL_PICTURES)
        if shown != value:
            seen["control"] += 1
        return shown
    if _big_integer(value):
        seen["integer"] += 1
        return str(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        seen["zone"] += 1
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


_EXCEL_NOTES = {
    "control": "control characters, shown as pictures ␀…␟ (Excel files cannot hold them)",
    "integer": "integers beyond ±2**53, written as text (an Excel number would round them)",
    "zone": "timezone-aware times, written in UTC without the zone (Excel has no time zones)",
}


def _excel_note(seen: Counter) -> str:
    return "; ".join(
        f"{n} {'cell' if n == 1 else 'cells'} with {_EXCEL_NOTES[kind]}"
        for kind, n in sorted(seen.items())
    )


def _excel_column(column: pd.Series) -> tuple[pd.Series, Counter]:
    """The column as Excel can hold it, and how many cells of each kind changed."""
    seen: Counter = Counter()
    if isinstance(column.dtype, pd.DatetimeTZDtype):
        seen["zone"] = int(column.notna().sum())
        return column.dt.tz_convert("UTC").dt.tz_localize(None), seen
    integers = pd.api.types.is_integer_dtype(column.dtype)
    if not (integers or _is_text_column(column)):
        return column, seen
    limit = EXCEL_EXACT_INTEGER
    if integers and not ((column > limit) | (column < -limit)).any():
        return column, seen  # the common case, decided without a loop in Python
    values = [None if v is pd.NA else _excel_value(v, seen) for v in column.astype(object).tolist()]
    return pd.Series(values, index=column.index, dtype=object), seen


def excel_cells(frame: pd.DataFrame, path: str) -> tuple[pd.DataFrame, list[str]]:
    """The frame as Excel can hold it (control characters as pictures, integers beyond
    ±2**53 as text, timezone-aware times in UTC), and notes saying what changed where.
    Text longer than a cell holds is refused, naming column, row and limit."""
    out = frame.copy(deep=False)
    notes = []
    for position, name in enumerate(frame.columns):
        column, seen = _excel_column(frame.iloc[:, position])
        if seen:
            out.isetitem(position, column)
            notes.append(f"column {name!r}: {_excel_note(seen)}")
    seen = Counter()
    out.columns = [_excel_value(name, seen) for name in frame.columns]
    if seen:
        notes.append(f"column names: {_excel_note(seen)}")
    _check_cell_lengths(out, path)
    return out, notes


def _check_cell_lengths(frame: pd.DataFrame, path: str) -> None:
    """Refuse text longer than an Excel cell holds (Excel would cut it: never silently)."""
    for position, name in enumerate(frame.columns):
        column = frame.iloc[:, position]
        if not _is_text_column(column):
            continue
        lengths = column.map(lambda v: len(v) if isinstance(v, str) else 0).to_numpy()
        over = lengths > EXCEL_CELL_CHARACTERS
        if over.any():
            row = int(over.argmax())  # the first one
            raise ExportError(
                f"column {name!r}, row {row} (counting from 0) holds {lengths[row]:,} "
                f"characters; an Excel cell holds at most {EXCEL_CELL_CHARACTERS:,}. Nothing "
                "was written: shorten the text, or export to CSV, Parquet or JSON Lines, "
                "which have no such limit",
                path=path,
            )


# -- databases -------------------------------------------------------------------------------
def _fold(name: str) -> str:
    # SQLite and DuckDB compare column names ignoring the case of ASCII letters only.
    return "".join(c.lower() if c.isascii() else c for c in name)


def database_names(names: list[Hashable]) -> tuple[list[str], list[tuple[str, str]]]:
    """Column names SQLite and DuckDB accept — none empty, none equal ignoring case — and the
    ``(old, new)`` renames. Deterministic: the first of ``id`` and ``ID`` keeps its name, the
    next becomes ``ID_2``; an empty name at position 3 becomes ``column_3``."""
    texts = [str(name) for name in names]
    reserved = {_fold(text) for text in texts}
    taken: set[str] = set()
    out, renames = [], []
    for position, text in enumerate(texts, start=1):
        new = text
        if not text or _fold(text) in taken:
            base, number = (text, 2) if text else ("column", position)
            new = f"{base}_{number}"
            while _fold(new) in taken or _fold(new) in reserved:
                number += 1
                new = f"{base}_{number}"
            renames.append((text, new))
        taken.add(_fold(new))
        out.append(new)
    return out, renames


def database_columns(frame: pd.DataFrame, database: str) -> tuple[pd.DataFrame, list[str]]:
    """The frame with :func:`database_names`, and a note listing the renames (if any)."""
    names, renames = database_names(list(frame.columns))
    if not renames:
        return frame, []
    out = frame.copy(deep=False)
    out.columns = names
    listed = ", ".join(f"{old!r} → {new!r}" for old, new in renames)
    return out, [
        f"renamed {len(renames)} column(s) so {database} accepts them (names must be "
        f"non-empty and unique ignoring case): {listed}"
    ]
