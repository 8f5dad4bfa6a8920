"""Columns to DataFrames: the column store the flattening walks fill, and the one function that
turns columns into a frame.

Each column becomes a Series through Arrow when its values are plain ints, floats, strings or
booleans (several times cheaper than pandas' per-object inference, same dtypes), else
through pandas' own inference.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..spec.samples import Step

_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError)

#: Arrow types whose pandas conversion is exactly what pandas' own inference gives.
_PLAIN_TYPES = {pa.int64(), pa.float64(), pa.string(), pa.large_string(), pa.bool_(), pa.null()}

#: Where a column's values came from in each record: keys and ITEMS steps.
Steps = tuple[str | Step, ...]


class Columns:
    """Named columns of equal length, with where each came from (``paths``) and, per column,
    its Arrow array when already converted (``False``: known not to be plain scalars)."""

    __slots__ = ("arrays", "columns", "paths", "row")

    def __init__(self, rows: int = 0) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.arrays: dict[str, Any] = {}
        self.paths: dict[str, Steps] = {}
        #: The row being filled (the walks), or the number of rows (the fast path).
        self.row = rows

    def put(self, name: str, value: Any, path: Steps) -> None:
        """Set ``name`` in the current row (the later value wins if set twice); a column
        first seen at row k is padded with None."""
        row = self.row
        column = self.columns.get(name)
        if column is None:
            self.columns[name] = column = [None] * row
            self.paths[name] = path
        elif len(column) < row:
            column.extend([None] * (row - len(column)))
        if len(column) > row:
            column[row] = value
        else:
            column.append(value)

    def frame(self) -> pd.DataFrame:
        rows = self.row
        for column in self.columns.values():
            if len(column) < rows:
                column.extend([None] * (rows - len(column)))
        return build_frame(self, rows)


@dataclass(frozen=True)
class Table:
    """A flattened frame, where each of its columns came from, and which path built it."""

    frame: pd.DataFrame
    paths: dict[str, Steps] = field(default_factory=dict)
    #: True when the fast path (uniform records) built it, False for the reference walk.
    fast: bool = False


def arrow_array(values: list[Any], hint: type | None = None) -> Any:
    """An Arrow array of plain scalars (same dtype pandas would infer), else False.

    Arrow's conversion doubles as the type scan: it fails on mixed kinds (then pandas
    infers, as it would have) and yields a nested type when objects or lists are inside.
    A ``str`` hint builds pandas' own string storage (large_string) directly, saving a cast.
    """
    if hint is str:
        try:
            return pa.array(values, type=pa.large_string())
        except _ARROW_ERRORS:
            pass
    try:
        array = pa.array(values)
    except _ARROW_ERRORS:  # mixed kinds, or an integer beyond 64 bits: pandas keeps objects
        return False
    return array if array.type in _PLAIN_TYPES else False


def build_frame(
    columns: Columns,
    rows: int,
    repeated: Columns | None = None,
    repeat: np.ndarray | None = None,
) -> pd.DataFrame:
    """A DataFrame of ``rows`` rows from ``columns``, in their order; the ``repeated``
    columns (an exploded list's parents) are first taken by the ``repeat`` row indices, and
    an item column of the same name wins over them.

    Plain columns go through one Arrow table and one ``to_pandas`` (which converts in
    threads); the rest through pandas' own inference.
    """
    parts = [
        (name, values, columns.arrays.get(name), None) for name, values in columns.columns.items()
    ]
    if repeated is not None:
        parts += [
            (name, values, repeated.arrays.get(name), repeat)
            for name, values in repeated.columns.items()
            if name not in columns.columns
        ]
    if not parts:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    take = None if repeat is None else pa.array(repeat)
    names, arrays, others = [], [], {}
    for name, values, known, indices in parts:
        array = arrow_array(values) if known is None else known
        if array is not False:
            names.append(name)
            arrays.append(array if indices is None else array.take(take))
        else:
            if indices is not None:
                values = [values[i] for i in indices.tolist()]
            others[name] = pd.Series(values, dtype=object if not values else None)
    return _assemble(names, arrays, others, rows, [name for name, *_ in parts])


def _assemble(
    names: list[str], arrays: list[Any], others: dict[str, pd.Series], rows: int, order: list[str]
) -> pd.DataFrame:
    if arrays:
        # split_blocks: one block per column, no consolidating copy of the whole frame.
        frame = pa.Table.from_arrays(arrays, names=names).to_pandas(split_blocks=True)
    else:
        frame = pd.DataFrame(index=pd.RangeIndex(rows))
    for name, series in others.items():
        frame[name] = series
    return frame if list(frame.columns) == order else frame[order]
