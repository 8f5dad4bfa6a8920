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
expected response's types find their columns.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Literal

from .frames import Columns, Steps, arrow_array

ListMode = Literal["keep", "join", "json"]
DEFAULT_MAX_DEPTH = 32

#: walk(obj, prefix, depth, path): one object's fields into the current row.
Walk = Callable[[dict, str, int, Steps], None]


@dataclass(frozen=True)
class Flattening:
    """How records become columns: the separator of column names, how many levels of
    nested objects become columns, and what lists of scalars become."""

    sep: str = "."
    max_depth: int = DEFAULT_MAX_DEPTH
    lists: ListMode = "keep"

    def opens(self, value: Any, depth: int) -> bool:
        """Does ``value``, ``depth`` objects deep, open into columns of its own?"""
        return type(value) is dict and bool(value) and depth < self.max_depth

    def cell(self, value: Any) -> Any:
        """What a value that does not open into columns is in its cell."""
        kind = type(value)
        if kind is dict:
            return json.dumps(value, ensure_ascii=False) if value else value
        if kind is list and self.lists != "keep":
            if self.lists == "json" or any(isinstance(v, dict | list) for v in value):
                return json.dumps(value, ensure_ascii=False)
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
        self, sink: Columns, *, skip: str | None = None, children: list | None = None
    ) -> Walk:
        """The reference walk, filling ``sink``'s current row. The list named ``skip`` (an
        exploded list) is left out; with ``children``, lists of objects go there as
        ``(name, items)`` instead of into a cell."""
        return _make_walk(self, sink, skip, children)


def _make_walk(rules: Flattening, sink: Columns, skip: str | None, children: list | None) -> Walk:
    columns, paths = sink.columns, sink.paths
    sep, opens, cell = rules.sep, rules.opens, rules.cell
    lists_change = rules.changes({list})
    is_child = rules.is_child_table if children is not None else None

    # The hot loop: Columns.put inlined, since a call per leaf costs a third of the time;
    # the rules are asked only about objects and lists.
    def walk(obj: dict, prefix: str, depth: int, path: Steps) -> None:
        row = sink.row
        for key, value in obj.items():
            name = prefix + key if prefix else key
            kind = type(value)
            if kind is dict:
                if opens(value, depth):
                    walk(value, name + sep, depth + 1, (*path, key))
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
            else:  # the same name twice in one record: the later value wins
                column[row] = value

    return walk


def uniform_columns(
    records: list[Any],
    rules: Flattening,
    *,
    prefix: str = "",
    path: Steps = (),
    depth: int = 0,
    skip: str | None = None,
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
    skip: str | None
    out: Columns

    def visit(
        self, values: list[Any], template: dict, prefix: str, path: Steps, depth: int
    ) -> bool:
        try:
            # Same key count and no KeyError below == the same key set in every object.
            if set(map(len, values)) != {len(template)}:
                return False
            pulled = [(key, list(map(itemgetter(key), values))) for key in template]
        except (KeyError, TypeError):
            return False
        for (key, column), sample in zip(pulled, template.values(), strict=True):
            name = prefix + key
            if self.rules.opens(sample, depth):
                # Every value must open too: objects, non-empty (visit checks their keys).
                if set(map(type, column)) != {dict} or not self.visit(
                    column, sample, name + self.rules.sep, (*path, key), depth + 1
                ):
                    return False
            elif name != self.skip and not self.leaf(
                name, column, type(sample), (*path, key), depth
            ):
                return False
        return True

    def leaf(self, name: str, column: list[Any], kind: type, path: Steps, depth: int) -> bool:
        """Add a column of cells; False when some value would open instead, or when two
        paths flatten to one name ({"a": {"b": 1}, "a.b": 2}): which wins depends on each
        record's key order, which only the reference walk sees."""
        if name in self.out.columns:
            return False
        # Converting plain scalars proves there is no object or list among them.
        array = arrow_array(column, kind) if kind is not list and kind is not dict else False
        if array is False:
            kinds = set(map(type, column))
            if dict in kinds and any(self.rules.opens(v, depth) for v in column):
                return False  # an object among scalars: its fields become columns
            if self.rules.changes(kinds):
                column = list(map(self.rules.cell, column))
                array = None  # now text: let build_frame try Arrow again
        self.out.columns[name] = column
        self.out.arrays[name] = array
        self.out.paths[name] = path
        return True
