"""The flattening rules and the one walk that applies them (spec F-6).

:class:`Flattening` is the one place that decides, for a value at a place in a record:
- a non-empty object above ``max_depth`` opens into dotted columns (:meth:`Flattening.opens`);
- any other value stays in one cell (:meth:`Flattening.cell`): an empty object stays ``{}``,
  a deeper object becomes JSON text, a list stays a list (``"keep"``), becomes ``", "``-joined
  text (``"join"``) or JSON text (``"json"``);
- a list of objects becomes a child table, when child tables are asked for
  (:meth:`Flattening.is_child_table`).

Two ways to apply those rules, giving the same columns:
- :meth:`Flattening.walker`, the reference walk: any records, one walk each, filling columns
  row by row (serves flatten, explode's items and parents, and child tables);
- :func:`uniform_columns`, the fast path for records of one shape (the usual API page): it
  plans the columns from the first record by the same rules, then pulls each column out of
  every record with one C-level ``map(itemgetter(key), ...)``; when a record does not fit
  the plan it gives up (None) and the caller walks.

Each column remembers its path (keys, and ITEMS for an exploded list), which is how the
expected response's types find their columns. Both name a column the same way (see
:mod:`.frames`): its dotted text, or ``(text, steps)`` below a key that holds the separator.

Depth: the walks recurse once per level of nested objects that open, so ``max_depth`` is
capped (:data:`MAX_DEPTH_LIMIT`); a value kept as JSON text too deep for Python's JSON
encoder is a :class:`~connector_lab.errors.FlattenError` saying how deep it is and the limit.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

from ..errors import FlattenError
from .frames import Columns, Name, Steps, arrow_array

ListMode = Literal["keep", "join", "json"]
DEFAULT_MAX_DEPTH = 32
#: The most levels of nested objects that may open into columns: each is a level of the
#: walk's recursion, and the JSON encoding of what lies below shares Python's stack.
MAX_DEPTH_LIMIT = 200

#: walk(obj, prefix, depth, path, marked): one object's fields into the current row;
#: ``marked``: a key above held the separator (names are then ``(text, steps)``).
Walk = Callable[..., None]


@dataclass(frozen=True)
class Flattening:
    """How records become columns: the separator of column names, how many levels of
    nested objects become columns, and what lists of scalars become."""

    sep: str = "."
    max_depth: int = DEFAULT_MAX_DEPTH
    lists: ListMode = "keep"

    def __post_init__(self) -> None:
        if self.max_depth > MAX_DEPTH_LIMIT:
            raise FlattenError(
                f"max_depth={self.max_depth} is above the limit of {MAX_DEPTH_LIMIT} levels "
                "of nested objects; deeper objects are kept as JSON text"
            )

    def opens(self, value: Any, depth: int) -> bool:
        """Does ``value``, ``depth`` objects deep, open into columns of its own?"""
        return type(value) is dict and bool(value) and depth < self.max_depth

    def cell(self, value: Any) -> Any:
        """What a value that does not open into columns is in its cell."""
        kind = type(value)
        if kind is dict:
            return json_text(value) if value else value
        if kind is list and self.lists != "keep":
            if self.lists == "json" or any(isinstance(v, dict | list) for v in value):
                return json_text(value)
            return ", ".join("" if v is None else str(v) for v in value)
        return value

    def changes(self, kinds: set[type]) -> bool:
        """Would :meth:`cell` change some value of these types (else cells are values)?"""
        return dict in kinds or (list in kinds and self.lists != "keep")

    @staticmethod
    def is_child_table(value: list) -> bool:
        """A non-empty list of objects: a child table, when child tables are asked for."""
        return bool(value) and all(type(v) is dict for v in value)

    def walker(
        self, sink: Columns, *, skip: Name | None = None, children: list | None = None
    ) -> Walk:
        """The reference walk, filling ``sink``'s current row. The list named ``skip`` (an
        exploded list) is left out; with ``children``, lists of objects go there as
        ``(name, items)`` instead of into a cell."""
        return _make_walk(self, sink, skip, children)

    def name(self, steps: Steps, prefix: str = "") -> Name:
        """The internal column name of the keys ``steps`` below ``prefix``, as the walks
        name it: the dotted text, or ``(text, steps)`` when a key holds the separator."""
        text = prefix + self.sep.join(steps)  # type: ignore[arg-type]
        return (text, steps) if any(self.sep in key for key in steps) else text  # type: ignore[operator]


def json_text(value: Any) -> str:
    """A list or object as JSON text; one nested too deep to encode is a FlattenError."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except RecursionError:
        raise FlattenError(
            f"a value nested {nesting_depth(value)} levels deep is too deep to keep as JSON "
            f"text (Python's recursion limit is {sys.getrecursionlimit()}); select records "
            "inside it with a JSONPath, or keep lists as lists (lists='keep')"
        ) from None


def nesting_depth(value: Any) -> int:
    """How many lists and objects deep ``value`` is, without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        value, depth = stack.pop()
        if type(value) is dict:
            value = list(value.values())
        if type(value) is list:
            deepest = max(deepest, depth + 1)
            stack += [(item, depth + 1) for item in value]
    return deepest


def _make_walk(rules: Flattening, sink: Columns, skip: Name | None, children: list | None) -> Walk:
    columns, paths = sink.columns, sink.paths
    sep, opens, cell = rules.sep, rules.opens, rules.cell
    lists_change = rules.changes({list})
    is_child = rules.is_child_table if children is not None else None

    # The hot loop: Columns.put inlined, since a call per leaf costs a third of the time;
    # the rules are asked only about objects and lists. One test per object (are there
    # keys holding the separator?) keeps the usual records off the naming of dotted keys.
    def walk(obj: dict, prefix: str, depth: int, path: Steps, marked: bool = False) -> None:
        row = sink.row
        check = marked or sep in "".join(obj)
        for key, value in obj.items():
            text = prefix + key if prefix else key
            name = (text, (*path, key)) if check and (marked or sep in key) else text
            kind = type(value)
            if kind is dict:
                if opens(value, depth):
                    walk(value, text + sep, depth + 1, (*path, key), name is not text)
                    continue
                value = cell(value)
            elif kind is list:
                if name == skip:
                    continue
                if is_child is not None and is_child(value):
                    children.append((name, value))  # type: ignore[union-attr]
                    continue
                if lists_change:
                    value = cell(value)
            column = columns.get(name)
            if column is None:
                columns[name] = column = [None] * row
                paths[name] = (*path, key)
                column.append(value)
                continue
            filled = len(column)
            if filled == row:
                column.append(value)
            elif filled < row:
                column.extend([None] * (row - filled))
                column.append(value)
            else:  # set twice in one row (a to_tables key, an exploded item): the later wins
                column[row] = value

    return walk


def uniform_columns(
    records: list[Any],
    rules: Flattening,
    *,
    prefix: str = "",
    path: Steps = (),
    depth: int = 0,
    skip: Name | None = None,
) -> Columns | None:
    """The fast path: the columns of records that all share the first record's shape (same
    keys, nested objects alike), planned by the rules above; None when they do not, and the
    reference walk gives the same columns. Plain columns come already converted to Arrow."""
    if not records or type(records[0]) is not dict:
        return None
    out = Columns(len(records))
    plan = _Plan(rules, skip, out)
    return out if plan.visit(records, records[0], prefix, path, depth) else None


@dataclass
class _Plan:
    """One walk down the first record (the template), pulling every record's column."""

    rules: Flattening
    skip: Name | None
    out: Columns

    def visit(
        self,
        values: list[Any],
        template: dict,
        prefix: str,
        path: Steps,
        depth: int,
        marked: bool = False,
    ) -> bool:
        try:
            # Same key count and no KeyError below == the same key set in every object.
            if set(map(len, values)) != {len(template)}:
                return False
            pulled = [(key, list(map(itemgetter(key), values))) for key in template]
        except (KeyError, TypeError):
            return False
        sep = self.rules.sep
        for (key, column), sample in zip(pulled, template.values(), strict=True):
            text, steps = prefix + key, (*path, key)
            name = (text, steps) if marked or sep in key else text
            if self.rules.opens(sample, depth):
                # Every value must open too: objects, non-empty (visit checks their keys).
                if set(map(type, column)) != {dict} or not self.visit(
                    column, sample, text + sep, steps, depth + 1, name is not text
                ):
                    return False
            elif name != self.skip and not self.leaf(name, column, type(sample), steps, depth):
                return False
        return True

    def leaf(self, name: Name, column: list[Any], kind: type, path: Steps, depth: int) -> bool:
        """Add a column of cells; False when some value would open instead. (Names are
        unique here: two paths of one text have different names, see :mod:`.frames`.)"""
        # Converting plain scalars proves there is no object or list among them.
        array = arrow_array(column, kind) if kind is not list and kind is not dict else False
        if array is False:
            kinds = set(map(type, column))
            if dict in kinds and any(self.rules.opens(v, depth) for v in column):
                return False  # an object among scalars: its fields become columns
            if self.rules.changes(kinds):
                column = list(map(self.rules.cell, column))
                array = None  # now text: let build_table try Arrow again
        self.out.columns[name] = column
        self.out.arrays[name] = array
        self.out.paths[name] = path
        return True
