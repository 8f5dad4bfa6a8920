"""Records to DataFrames (spec F-6): flattening, exploding nested lists, and child tables.

Built column at a time, never a dict per row (what ``pandas.json_normalize`` does):
- *uniform records* (the usual API page: every record has the same keys, every nested object
  the same keys) take the fast path — each column is pulled out with one C-level
  ``map(itemgetter(key), ...)``, an exploded list's parent columns are repeated by index;
- *ragged records* take the reference path — one walk over each record fills a dict of lists,
  padding columns a record lacks. Both paths give the same frame (a property test checks);
- each column becomes a Series through Arrow when its values are plain ints, floats, strings
  or booleans (several times cheaper than pandas' per-object inference, same dtypes), else
  through pandas' own inference.

Behaviour, for ragged and odd data (documented, and tested against ``json_normalize``):
- nested objects become dotted columns (``customer.address.city``); an empty object stays a
  value ``{}`` (json_normalize drops it); ``max_depth`` levels of nested objects become
  columns (``max_depth=1``: ``customer.address``), deeper objects are kept as JSON text;
- a key missing from a record is NA in that row; a column whose values change type across
  rows keeps each value as it came (an ``object`` column) — and when a key holds an object in
  one row and a scalar in another, the scalar stays under the key and the object's fields go
  to dotted columns, as json_normalize does;
- if two paths flatten to one name (``{"a": {"b": 1}, "a.b": 2}``) the later one wins;
- lists of scalars stay lists (``lists="keep"``), or become ``", "``-joined text
  (``lists="join"``), or JSON text (``lists="json"``); lists of objects stay lists in a flat
  frame, or explode into rows (:func:`explode`), or become child tables (:func:`to_tables`);
- a record that is not an object becomes one row with a ``value`` column.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from typing import Any, Literal

import numpy as np
import pandas as pd
import pyarrow as pa

from ..errors import FlattenError

_ARROW_ERRORS = (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError)

ListMode = Literal["keep", "join", "json"]
DEFAULT_MAX_DEPTH = 32


class _Columns:
    """Columns filled row by row; a column first seen at row k is padded with None."""

    __slots__ = ("columns", "row")

    def __init__(self) -> None:
        self.columns: dict[str, list[Any]] = {}
        self.row = 0

    def put(self, name: str, value: Any) -> None:
        """Set ``name`` in the current row (the later value wins if set twice)."""
        row = self.row
        column = self.columns.get(name)
        if column is None:
            self.columns[name] = column = [None] * row
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
        return build_frame(self.columns, rows)


#: Arrow types whose pandas conversion is exactly what pandas' own inference gives.
_PLAIN_TYPES = {pa.int64(), pa.float64(), pa.string(), pa.large_string(), pa.bool_(), pa.null()}

#: Per column: its Arrow array, or False when it is known not to be plain scalars.
Arrays = dict[str, Any]


def _arrow_array(values: list[Any], hint: type | None = None) -> Any:
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
    columns: dict[str, list[Any]],
    rows: int,
    arrays: Arrays | None = None,
    repeated: dict[str, list[Any]] | None = None,
    repeat: np.ndarray | None = None,
    repeated_arrays: Arrays | None = None,
) -> pd.DataFrame:
    """A DataFrame of ``rows`` rows from column lists, in their order; the ``repeated``
    columns (an exploded list's parents) are first taken by the ``repeat`` row indices.

    Plain columns go through one Arrow table and one ``to_pandas`` (which converts in
    threads); the rest through pandas' own inference.
    """
    arrays, repeated_arrays = arrays or {}, repeated_arrays or {}
    parts = [(name, values, arrays.get(name), None) for name, values in columns.items()]
    for name, values in (repeated or {}).items():
        if name not in columns:  # an item field of the same name wins
            parts.append((name, values, repeated_arrays.get(name), repeat))
    if not parts:
        return pd.DataFrame(index=pd.RangeIndex(rows))
    arrow_names, arrow_arrays, others = [], [], {}
    take = None if repeat is None else pa.array(repeat)
    for name, values, known, indices in parts:
        array = _arrow_array(values) if known is None else known
        if array is not False:
            arrow_names.append(name)
            arrow_arrays.append(array if indices is None else array.take(take))
        else:
            if indices is not None:
                values = [values[i] for i in indices.tolist()]
            others[name] = pd.Series(values, dtype=object if not values else None)
    if arrow_arrays:
        # split_blocks: one block per column, no consolidating copy of the whole frame.
        table = pa.Table.from_arrays(arrow_arrays, names=arrow_names)
        frame = table.to_pandas(split_blocks=True)
    else:
        frame = pd.DataFrame(index=pd.RangeIndex(rows))
    for name, series in others.items():
        frame[name] = series
    order = [name for name, *_ in parts]
    return frame if list(frame.columns) == order else frame[order]


def _uniform_columns(
    records: list[Any],
    sep: str,
    max_depth: int,
    lists: ListMode,
    *,
    prefix: str = "",
    depth: int = 0,
    skip: str | None = None,
    arrays: Arrays | None = None,
) -> dict[str, list[Any]] | None:
    """The fast path: columns of records that all share the first record's shape, or None
    when they do not (then the reference walk handles them, with identical results).
    ``arrays``, if given, is filled with the columns already converted to Arrow."""
    if not records or type(records[0]) is not dict:
        return None
    columns: dict[str, list[Any]] = {}
    arrays = {} if arrays is None else arrays

    def visit(values: list[Any], template: dict, prefix: str, depth: int) -> bool:
        try:
            # Same key count and no KeyError below == the same key set in every object.
            if set(map(len, values)) != {len(template)}:
                return False
            pulled = [(key, list(map(itemgetter(key), values))) for key in template]
        except (KeyError, TypeError):
            return False
        for (key, column), sample in zip(pulled, template.values(), strict=True):
            name = prefix + key
            if type(sample) is dict and sample and depth < max_depth:
                if set(map(type, column)) != {dict} or not visit(
                    column, sample, name + sep, depth + 1
                ):
                    return False
                continue
            if name == skip:
                continue
            array = False
            if type(sample) is not list:
                # Converting plain scalars proves there is no object among them.
                array = _arrow_array(column, type(sample))
            if array is False:
                seen = set(map(type, column))
                if dict in seen:
                    return False  # empty or too-deep objects, or an object among scalars
                if list in seen and lists != "keep":
                    column = [_list_value(v, lists) if type(v) is list else v for v in column]
                    array = None  # now text: let build_frame try Arrow again
            if name in columns:
                # Two paths flatten to one name ({"a": {"b": 1}, "a.b": 2}); which wins
                # depends on each record's key order, which only the reference walk sees.
                return False
            columns[name] = column
            arrays[name] = array
        return True

    return columns if visit(records, records[0], prefix, depth) else None


def _list_value(value: list, mode: ListMode) -> Any:
    if mode == "keep":
        return value
    if mode == "json" or any(isinstance(v, dict | list) for v in value):
        return json.dumps(value, ensure_ascii=False)
    return ", ".join("" if v is None else str(v) for v in value)


def _make_walker(cols: _Columns, sep: str, max_depth: int, lists: ListMode, skip: str | None):
    columns = cols.columns
    dumps = json.dumps

    # The hot loop: _Columns.put inlined, since a call per leaf costs a third of the time.
    def walk(obj: dict, prefix: str, depth: int) -> None:
        row = cols.row
        for key, value in obj.items():
            name = prefix + key if prefix else key
            kind = type(value)
            if kind is dict:
                if value and depth < max_depth:
                    walk(value, name + sep, depth + 1)
                    continue
                if value:
                    value = dumps(value, ensure_ascii=False)
            elif kind is list:
                if name == skip:
                    continue
                if lists != "keep":
                    value = _list_value(value, lists)
            column = columns.get(name)
            if column is None:
                columns[name] = column = [None] * row
                column.append(value)
                continue
            filled = len(column)
            if filled == row:
                column.append(value)
            elif filled < row:
                column.extend([None] * (row - filled))
                column.append(value)
            else:  # the same name twice in one record: the later value wins
                column[row] = value

    return walk


def flatten(
    records: Iterable[Any],
    *,
    sep: str = ".",
    max_depth: int = DEFAULT_MAX_DEPTH,
    lists: ListMode = "keep",
) -> pd.DataFrame:
    """One row per record, nested objects as dotted columns.

    >>> flatten([{"id": 1, "customer": {"name": "Ann"}}]).columns.tolist()
    ['id', 'customer.name']
    """
    records = records if isinstance(records, list) else list(records)
    arrays: Arrays = {}
    columns = _uniform_columns(records, sep, max_depth, lists, arrays=arrays)
    if columns is not None:
        return build_frame(columns, len(records), arrays)
    return _flatten_reference(records, sep, max_depth, lists)


def _flatten_reference(
    records: list[Any], sep: str, max_depth: int, lists: ListMode
) -> pd.DataFrame:
    """The reference path of :func:`flatten`: any records, one walk each."""
    cols = _Columns()
    walk = _make_walker(cols, sep, max_depth, lists, None)
    for record in records:
        walk(record if type(record) is dict else {"value": record}, "", 0)
        cols.row += 1
    return cols.frame()


def _get_path(record: Any, keys: Sequence[str]) -> Any:
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _pluck(records: list[Any], keys: Sequence[str]) -> list[Any]:
    """``_get_path`` for every record: C-level itemgetter chains when every key is there."""
    values = records
    try:
        for key in keys:
            values = list(map(itemgetter(key), values))
        return values
    except (KeyError, TypeError, IndexError):
        return [_get_path(record, keys) for record in records]


def explode(
    records: Iterable[Any],
    path: str,
    *,
    meta: Sequence[str] | None = None,
    sep: str = ".",
    max_depth: int = DEFAULT_MAX_DEPTH,
    lists: ListMode = "keep",
    prefix: str | None = None,
) -> pd.DataFrame:
    """One row per item of the list at ``path`` (dotted) in each record, with the parent's
    fields carried down (``meta``: all of them by default, or the dotted paths named).

    Item columns are prefixed with ``path + sep`` (``items.sku``) unless ``prefix`` is given,
    so parent and item fields never clash. A record whose list is missing or empty gives no
    row, as in ``json_normalize(record_path=...)``.
    """
    plan = ExplodePlan.make(path, meta, sep, max_depth, lists, prefix)
    records = records if isinstance(records, list) else list(records)
    fast = _explode_uniform(records, plan)
    return fast if fast is not None else _explode_reference(records, plan)


@dataclass(frozen=True)
class ExplodePlan:
    """What :func:`explode` was asked, parsed once for both of its paths."""

    path: str
    keys: list[str]
    meta: list[tuple[str, list[str]]] | None  # (column name, keys), or None for all fields
    item_prefix: str
    sep: str = "."
    max_depth: int = DEFAULT_MAX_DEPTH
    lists: ListMode = "keep"

    @classmethod
    def make(
        cls,
        path: str,
        meta: Sequence[str] | None = None,
        sep: str = ".",
        max_depth: int = DEFAULT_MAX_DEPTH,
        lists: ListMode = "keep",
        prefix: str | None = None,
    ) -> ExplodePlan:
        return cls(
            path=path,
            keys=path.split(sep),
            meta=None if meta is None else [(m, m.split(sep)) for m in meta],
            item_prefix=path + sep if prefix is None else prefix,
            sep=sep,
            max_depth=max_depth,
            lists=lists,
        )


def _explode_reference(records: list[Any], plan: ExplodePlan) -> pd.DataFrame:
    """The reference path of :func:`explode`: any records, one walk per parent and item."""
    cols = _Columns()
    columns = cols.columns
    walk = _make_walker(cols, plan.sep, plan.max_depth, plan.lists, plan.path)
    parent = _Columns()
    walk_parent = _make_walker(parent, plan.sep, plan.max_depth, plan.lists, plan.path)
    for index, record in enumerate(records):
        items = _get_path(record, plan.keys)
        if _list_length(items, index, plan.path) == 0:
            continue
        # The parent's columns are computed once per record, then copied onto each item row.
        parent.columns.clear()
        parent.row = 0
        if plan.meta is None:
            walk_parent(record, "", 0)
        else:
            for name, keys in plan.meta:
                parent.columns[name] = [_get_path(record, keys)]
        carried = [(name, values[0]) for name, values in parent.columns.items()]
        for item in items:
            walk(item if type(item) is dict else {"value": item}, plan.item_prefix, 1)
            for name, value in carried:
                if name not in columns or len(columns[name]) <= cols.row:
                    cols.put(name, value)  # an item field of the same name wins
            cols.row += 1
    return cols.frame()


def _list_length(value: Any, index: int, path: str) -> int:
    if value is None:
        return 0
    if type(value) is list:
        return len(value)
    raise FlattenError(
        f"record {index}: {path!r} is {type(value).__name__}, not a list; choose the path of "
        "a list of objects to explode"
    )


def _explode_uniform(records: list[Any], plan: ExplodePlan) -> pd.DataFrame | None:
    """The fast path of :func:`explode`: items and parents each uniform, else None."""
    sep, max_depth, lists = plan.sep, plan.max_depth, plan.lists
    lists_of_items = _pluck(records, plan.keys)
    if set(map(type, lists_of_items)) == {list}:  # the usual case: C-level from here on
        lengths = list(map(len, lists_of_items))
        items = list(chain.from_iterable(lists_of_items))
    else:
        lengths = [
            _list_length(value, index, plan.path) for index, value in enumerate(lists_of_items)
        ]
        items = list(chain.from_iterable(x for x in lists_of_items if x))
    if not items:
        return None
    arrays: Arrays = {}
    item_columns = _uniform_columns(
        items, sep, max_depth, lists, prefix=plan.item_prefix, depth=1, arrays=arrays
    )
    if item_columns is None:
        return None
    parents = records if all(lengths) else [r for r, n in zip(records, lengths, strict=True) if n]
    parent_arrays: Arrays = {}
    # One uniform pass over the parents shares the walk down common prefixes
    # (customer → address → …); meta paths it does not produce (objects) are plucked.
    every_column = _uniform_columns(
        parents, sep, max_depth, lists, skip=plan.path, arrays=parent_arrays
    )
    if plan.meta is None:
        if every_column is None:
            return None
        parent_columns = every_column
    else:
        every_column = every_column or {}
        parent_columns = {
            name: every_column[name] if name in every_column else _pluck(parents, keys)
            for name, keys in plan.meta
        }
    # Parent columns are converted once, then repeated by index (C speed), not per item.
    repeat = np.repeat(np.arange(len(parents)), [n for n in lengths if n])
    return build_frame(item_columns, len(items), arrays, parent_columns, repeat, parent_arrays)


def to_tables(
    records: Iterable[Any],
    *,
    root: str = "root",
    sep: str = ".",
    max_depth: int = DEFAULT_MAX_DEPTH,
    lists: ListMode = "keep",
) -> dict[str, pd.DataFrame]:
    """Normalize into related tables, like a normalizing loader: the root table, plus one
    child table per list of objects (named by its dotted path, e.g. ``root.items``).

    Every table has ``_id`` (its row number); a child table also has ``_parent_id`` (the
    ``_id`` of its parent row) and ``_position`` (the item's place in the list).
    """
    tables: dict[str, _Columns] = {}

    def table(name: str) -> _Columns:
        if name not in tables:
            tables[name] = _Columns()
        return tables[name]

    def add_row(name: str, obj: dict, keys: dict[str, Any]) -> None:
        cols = table(name)
        row = cols.row
        children: list[tuple[str, list]] = []
        pairs = list(keys.items())
        _collect(obj, "", 0, pairs, children)
        for column_name, value in pairs:
            cols.put(column_name, value)
        cols.row += 1
        for child_path, items in children:
            child_name = f"{name}{sep}{child_path}"
            for position, item in enumerate(items):
                add_row(
                    child_name,
                    item,
                    {"_id": table(child_name).row, "_parent_id": row, "_position": position},
                )

    def _collect(obj: dict, prefix: str, depth: int, pairs: list, children: list) -> None:
        for key, value in obj.items():
            name = prefix + key if prefix else key
            if type(value) is dict:
                if value and depth < max_depth:
                    _collect(value, name + sep, depth + 1, pairs, children)
                    continue
                if value:
                    value = json.dumps(value, ensure_ascii=False)
            elif type(value) is list:
                if value and all(type(v) is dict for v in value):
                    children.append((name, value))
                    continue
                if lists != "keep":
                    value = _list_value(value, lists)
            pairs.append((name, value))

    table(root)
    for record in records:
        add_row(
            root, record if type(record) is dict else {"value": record}, {"_id": tables[root].row}
        )
    return {name: cols.frame() for name, cols in tables.items()}
