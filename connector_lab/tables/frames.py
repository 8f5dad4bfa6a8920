"""Columns to DataFrames: the column store the flattening walks fill, the names its columns get,
and the one function that turns columns into a table.

Each column becomes a Series through Arrow when its values are plain ints, floats, strings or
booleans (several times cheaper than pandas' per-object inference), else through pandas' own
inference. The Arrow type is chosen from the Python types present, never inferred by Arrow:
its inference recurses into nested lists and objects in C and crashes the interpreter on a
value nested some thousands deep. Integers with nulls become pandas' nullable ``Int64`` (not
float64, which cannot hold integers above 2^53 exactly: 1434975267274035201 stays itself).

Column names. A column is filled under an internal name: its dotted text (``customer.name``)
when no key on its path holds the separator, else ``(text, steps)``. Two different paths can
flatten to one text (``{"a": {"b": 1}, "a.b": 2}``); their internal names still differ, so
both columns are kept, and :func:`display_names` names them: a plain name keeps its text, a
name through a dotted key keeps it when free, else gets ``~2`` (``a.b~2``), ``~3``… — in
sorted order, so the outcome never depends on the order of keys in a record. Each renaming is
reported once per call, as a :class:`ColumnNameWarning`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import ColumnNameWarning
from ..spec.samples import Step

_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError)
_NONE = type(None)

#: The Arrow type of a column holding these Python types (None aside); any other mix goes to
#: pandas. A bool among numbers is no number (pandas keeps such a column as objects).
_ARROW_TYPES = {
    frozenset(): pa.null(),
    frozenset({int}): pa.int64(),
    frozenset({float}): pa.float64(),
    frozenset({int, float}): pa.float64(),
    frozenset({str}): pa.large_string(),
    frozenset({bool}): pa.bool_(),
}
_NULLABLE_INT = {pa.int64(): pd.Int64Dtype()}.get

#: Where a column's values came from in each record: keys and ITEMS steps.
Steps = tuple[str | Step, ...]
#: A column's internal name: its text, or (text, steps) when a key on its path holds the
#: separator (so that two paths of one text stay two columns).
Name = str | tuple[str, Any]


class Columns:
    """Named columns of equal length, with where each came from (``paths``) and, per column,
    its Arrow array when already converted (``False``: known not to be plain scalars)."""

    __slots__ = ("arrays", "columns", "paths", "row")

    def __init__(self, rows: int = 0) -> None:
        self.columns: dict[Name, list[Any]] = {}
        self.arrays: dict[Name, Any] = {}
        self.paths: dict[Name, Steps] = {}
        #: The row being filled (the walks), or the number of rows (the fast path).
        self.row = rows

    def put(self, name: Name, value: Any, path: Steps) -> None:
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

    def table(self) -> Table:
        """The columns, padded to the rows filled, as a table (the reference walks)."""
        rows = self.row
        for column in self.columns.values():
            if len(column) < rows:
                column.extend([None] * (rows - len(column)))
        return build_table(self, rows)


@dataclass(frozen=True)
class Table:
    """A flattened frame, where each of its columns came from, and which path built it."""

    frame: pd.DataFrame
    paths: dict[str, Steps] = field(default_factory=dict)
    #: True when the fast path (uniform records) built it, False for the reference walk.
    fast: bool = False
    #: (new name, the text two paths shared) for each column renamed by display_names.
    renamed: tuple[tuple[str, str], ...] = ()


def arrow_array(values: list[Any], hint: type | None = None) -> Any:
    """An Arrow array of plain scalars (the dtype pandas would infer), else False.

    A hint (the first value's type) tries that type directly, which is cheaper than a scan
    of the types and rejects anything else (nested values too) without recursing; otherwise,
    or when that fails, one scan of the types picks the type.
    """
    if hint is not None and hint in _HINTED:
        array = _hinted(values, hint)
        if array is not None:
            return array
    kinds = set(map(type, values))
    kinds.discard(_NONE)
    arrow_type = _ARROW_TYPES.get(frozenset(kinds))
    if arrow_type is None:
        return False
    try:
        return pa.array(values, type=arrow_type)
    except _ARROW_ERRORS:  # an integer beyond 64 bits: pandas keeps objects
        return False


#: The hints tried directly: text and booleans convert only when every value is one (or
#: None); integers also take floats, truncating them, which ``_hinted`` rules out.
_HINTED = {str: pa.large_string(), bool: pa.bool_(), int: pa.int64()}


def _hinted(values: list[Any], hint: type) -> Any:
    """The array of the hinted type when every value is of that type (or None), else None."""
    try:
        array = pa.array(values, type=_HINTED[hint])
    except _ARROW_ERRORS:
        return None
    if hint is int and (array.null_count or type(sum(values)) is not int):
        return None  # a float among them (truncated), or nulls: the scan decides
    return array


def display_names(names: list[Name]) -> tuple[list[str], list[tuple[str, str]]]:
    """The column name of each internal name, and the renamings: a plain name keeps its text;
    a name through a dotted key keeps its text when free, else gets the first free ``~2``,
    ``~3``… suffix, taken in sorted order (not in order of appearance)."""
    taken = {name for name in names if type(name) is str}
    given: dict[Name, str] = {}
    renamed: list[tuple[str, str]] = []
    for name in sorted((n for n in names if type(n) is not str), key=repr):
        text = candidate = name[0]
        count = 1
        while candidate in taken:
            count += 1
            candidate = f"{text}~{count}"
        taken.add(candidate)
        given[name] = candidate
        if candidate != text:
            renamed.append((candidate, text))
    return [given.get(name, name) for name in names], renamed  # type: ignore[misc]


def warn_renamed(renamed: list[tuple[str, str]] | tuple[tuple[str, str], ...]) -> None:
    """One warning for all the names one call had to change."""
    if renamed:
        shown = "; ".join(f"{new!r} (a second path to {text!r})" for new, text in renamed)
        warnings.warn(
            f"two paths gave one name, both kept, the path through a key holding the "
            f"separator renamed: {shown}",
            ColumnNameWarning,
            stacklevel=4,
        )


def build_table(
    columns: Columns,
    rows: int,
    repeated: Columns | None = None,
    repeat: np.ndarray | None = None,
    *,
    fast: bool = False,
) -> Table:
    """A table of ``rows`` rows from ``columns``, in their order; the ``repeated`` columns
    (an exploded list's parents) are first taken by the ``repeat`` row indices, and an item
    column of the same internal name wins over them."""
    parts = [
        (name, values, columns.arrays.get(name), None) for name, values in columns.columns.items()
    ]
    if repeated is not None:
        parts += [
            (name, values, repeated.arrays.get(name), repeat)
            for name, values in repeated.columns.items()
            if name not in columns.columns
        ]
    names, renamed = display_names([name for name, *_ in parts])
    take = None if repeat is None else pa.array(repeat)
    arrays: dict[str, Any] = {}
    others: dict[str, Any] = {}
    for shown, (_, values, known, indices) in zip(names, parts, strict=True):
        array = arrow_array(values) if known is None else known
        if array is not False:
            arrays[shown] = array if indices is None else array.take(take)
        else:
            if indices is not None:
                values = [values[i] for i in indices.tolist()]
            others[shown] = pd.Series(values, dtype=object if not values else None)
    paths = {**(repeated.paths if repeated is not None else {}), **columns.paths}
    shown_paths = {shown: paths[name] for shown, (name, *_) in zip(names, parts, strict=True)}
    frame = _assemble(arrays, others, rows, names)
    return Table(frame, shown_paths, fast, tuple(renamed))


def _assemble(
    arrays: dict[str, Any], others: dict[str, Any], rows: int, order: list[str]
) -> pd.DataFrame:
    """One frame in one step (no column inserted one by one, which fragments a frame):
    plain columns through one Arrow table and one ``to_pandas`` (which converts in threads,
    one block per column, no consolidating copy); integers with nulls as ``Int64``; the rest
    as pandas infers them."""
    plain = {name: a for name, a in arrays.items() if not (a.null_count and a.type == pa.int64())}
    for name in arrays.keys() - plain.keys():
        others[name] = arrays[name].to_pandas(types_mapper=_NULLABLE_INT)
    pieces = []
    if plain:
        table = pa.Table.from_arrays(list(plain.values()), names=list(plain))
        pieces.append(table.to_pandas(split_blocks=True))
    if others:
        pieces.append(pd.DataFrame(others, index=pd.RangeIndex(rows)))
    if not pieces:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    frame = pieces[0] if len(pieces) == 1 else pd.concat(pieces, axis=1)
    return frame if list(frame.columns) == order else frame[order]
