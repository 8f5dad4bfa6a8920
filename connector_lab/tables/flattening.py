"""Records to DataFrames (spec F-6): flattening, exploding nested lists, and child tables.

Built column at a time, never a dict per row (what ``pandas.json_normalize`` does), by the
rules of :mod:`.walker`:
- *uniform records* (the usual API page: every record has the same keys, every nested object
  the same keys) take the fast path — each column is pulled out with one C-level
  ``map(itemgetter(key), ...)``, an exploded list's parent columns are repeated by index;
- *ragged records* take the reference path — one walk over each record fills a dict of lists,
  padding columns a record lacks. Both paths give the same frame (a property test checks),
  and the :class:`~.frames.Table` they return says which one built it;
- columns become a frame through Arrow where they can (:mod:`.frames`).

Behaviour, for ragged and odd data (documented, and tested against ``json_normalize``):
- nested objects become dotted columns (``customer.address.city``); an empty object stays a
  value ``{}`` (json_normalize drops it); ``max_depth`` levels of nested objects become
  columns (``max_depth=1``: ``customer.address``), deeper objects are kept as JSON text;
- a key missing from a record is NA in that row; a column whose values change type across
  rows keeps each value as it came (an ``object`` column) — and when a key holds an object in
  one row and a scalar in another, the scalar stays under the key and the object's fields go
  to dotted columns, as json_normalize does; integers with nulls are ``Int64`` (exact);
- if two paths flatten to one name (``{"a": {"b": 1}, "a.b": 2}``) both are kept: the path
  through a key holding the separator is renamed ``a.b~2`` (whatever the key order), with
  one :class:`~connector_lab.errors.ColumnNameWarning` per call; child tables likewise
  (``root.a.items~2``);
- lists of scalars stay lists (``lists="keep"``), or become ``", "``-joined text
  (``lists="join"``), or JSON text (``lists="json"``); lists of objects stay lists in a flat
  frame, or explode into rows (:func:`explode`), or become child tables (:func:`to_tables`);
- a record that is not an object becomes one row with a ``value`` column;
- a path given by hand (explode's ``path``, its ``meta``) that is in none of the records is
  a :class:`~connector_lab.errors.FlattenError` naming the closest paths that are.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from itertools import chain
from operator import itemgetter
from typing import Any

import numpy as np
import pandas as pd

from ..errors import FlattenError
from .frames import Columns, Name, Steps, Table, build_table, display_names, warn_renamed
from .paths import ITEMS, FieldPath, present_paths, resolve_dotted
from .walker import DEFAULT_MAX_DEPTH, Flattening, ListMode, uniform_columns

__all__ = ["DEFAULT_MAX_DEPTH", "ExplodePlan", "ListMode", "explode", "flatten", "to_tables"]


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
    return flatten_table(records, Flattening(sep, max_depth, lists)).frame


def flatten_table(records: Iterable[Any], rules: Flattening) -> Table:
    """:func:`flatten`, with each column's path and the path that built it."""
    records = records if isinstance(records, list) else list(records)
    columns = uniform_columns(records, rules)
    if columns is not None:
        table = build_table(columns, len(records), fast=True)
    else:
        table = _flatten_reference(records, rules)
    warn_renamed(table.renamed)
    return table


def _flatten_reference(records: list[Any], rules: Flattening) -> Table:
    """The reference path of :func:`flatten`: any records, one walk each."""
    columns = Columns()
    walk = rules.walker(columns)
    for record in records:
        walk(record if type(record) is dict else {"value": record}, "", 0, ())
        columns.row += 1
    return columns.table()


def _get_path(record: Any, keys: Steps) -> Any:
    for key in keys:
        if not isinstance(record, dict):
            return None
        record = record.get(key)
    return record


def _pluck(records: list[Any], keys: Steps) -> list[Any]:
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
    row, as in ``json_normalize(record_path=...)``; when no record has an item, the frame has
    no rows but the parent's columns. A ``meta`` field's value is carried as it is (an object
    stays an object), a list as ``lists`` says. A dotted path may cross keys that hold the
    separator (``labels.app.kubernetes.io/name``). A ``path`` or ``meta`` path that is in none
    of the records is a FlattenError naming the closest paths that are.
    """
    plan = ExplodePlan.make(path, meta, Flattening(sep, max_depth, lists), prefix)
    return explode_table(records, plan).frame


def explode_table(records: Iterable[Any], plan: ExplodePlan) -> Table:
    """:func:`explode`, with each column's path and the path that built it."""
    records = records if isinstance(records, list) else list(records)
    if records:
        plan = plan.resolve(records)
    fast = _explode_uniform(records, plan)
    table = fast if fast is not None else _explode_reference(records, plan)
    warn_renamed(table.renamed)
    return table


@dataclass(frozen=True)
class ExplodePlan:
    """What :func:`explode` was asked, parsed once for both of its paths."""

    name: str  # the dotted path as given
    path: FieldPath
    meta: tuple[tuple[str, FieldPath], ...] | None  # (column name, path), or None for all
    item_prefix: str
    rules: Flattening = field(default_factory=Flattening)

    @classmethod
    def make(
        cls,
        path: str,
        meta: Sequence[str] | None = None,
        rules: Flattening | None = None,
        prefix: str | None = None,
    ) -> ExplodePlan:
        rules = rules or Flattening()
        return cls(
            name=path,
            path=FieldPath.from_dotted(path, rules.sep),
            meta=None
            if meta is None
            else tuple((m, FieldPath.from_dotted(m, rules.sep)) for m in meta),
            item_prefix=path + rules.sep if prefix is None else prefix,
            rules=rules,
        )

    def resolve(self, records: list[Any]) -> ExplodePlan:
        """The plan with its dotted paths read against the records' keys (a key may hold the
        separator); a path in none of them is a FlattenError naming the closest that are."""
        sep = self.rules.sep
        path = resolve_dotted(self.name, records, sep)
        if path is None:
            raise _not_found("the path to explode", self.name, records, sep, lists=True)
        meta = None
        if self.meta is not None:
            meta = tuple((name, _resolve_meta(name, records, sep)) for name, _ in self.meta)
        return replace(self, path=path, meta=meta)

    @property
    def skip(self) -> Name:
        """The internal name of the exploded list, which the parents leave out."""
        return self.rules.name(self.path.steps)  # type: ignore[arg-type]

    @property
    def item_path(self) -> Steps:
        return (self.path / ITEMS).steps

    def meta_value(self, value: Any) -> Any:
        """A ``meta`` field's value as it is (an object stays one), a list as ``lists`` says."""
        return self.rules.cell(value) if type(value) is list else value


def _resolve_meta(name: str, records: list[Any], sep: str) -> FieldPath:
    path = resolve_dotted(name, records, sep)
    if path is None:
        raise _not_found("the meta path", name, records, sep, lists=False)
    return path


def _not_found(what: str, text: str, records: list[Any], sep: str, *, lists: bool) -> FlattenError:
    """A path given by hand that no record holds, with the closest paths they do hold."""
    present = present_paths(records, sep)
    pool = [path for path, is_list in present.items() if is_list or not lists]
    close = difflib.get_close_matches(text, pool, n=3, cutoff=0.6)
    kind = "lists" if lists else "paths"
    if close:
        hint = f"did you mean {' or '.join(map(repr, close))}?"
    elif pool:
        more = ", …" if len(pool) > 8 else ""
        hint = f"the {kind} there: {', '.join(map(repr, pool[:8]))}{more}"
    else:
        hint = f"the records hold no {kind}"
    return FlattenError(f"{what} {text!r} is in none of the {len(records)} records; {hint}")


def _explode_reference(records: list[Any], plan: ExplodePlan) -> Table:
    """The reference path of :func:`explode`: any records, one walk per parent and item."""
    out = Columns()
    columns, walk, carry = out.columns, plan.rules.walker(out), _Carry(plan)
    steps, prefix, item_path = plan.path.steps, plan.item_prefix, plan.item_path
    for index, record in enumerate(records):
        items = _get_path(record, steps)
        if _list_length(items, index, plan.name) == 0:
            continue
        carried = carry(record)
        for item in items:
            walk(item if type(item) is dict else {"value": item}, prefix, 1, item_path)
            for name, value, path in carried:
                column = columns.get(name)
                if column is None or len(column) <= out.row:  # an item field of the same name wins
                    out.put(name, value, path)
            out.row += 1
    return out.table() if out.row else _no_items(records, plan)


def _no_items(records: list[Any], plan: ExplodePlan) -> Table:
    """No record has an item: no rows, but the columns the parents would carry down."""
    parents, carry = Columns(), _Carry(plan)
    for record in records:
        if type(record) is dict:
            for name, value, path in carry(record):
                parents.put(name, value, path)
            parents.row += 1
    for store in (parents.columns, parents.arrays, parents.paths):
        store.pop(plan.skip, None)  # a null where the list would be is no parent field
    return build_table(Columns(), 0, parents, np.zeros(0, dtype=np.intp))


class _Carry:
    """The parent's columns of one record, computed once, then copied onto each item row."""

    def __init__(self, plan: ExplodePlan) -> None:
        self.plan = plan
        self.parent = Columns()
        self.walk = plan.rules.walker(self.parent, skip=plan.skip)

    def __call__(self, record: dict) -> list[tuple[Name, Any, Steps]]:
        plan, parent = self.plan, self.parent
        if plan.meta is not None:
            return [
                (name, plan.meta_value(_get_path(record, path.steps)), path.steps)
                for name, path in plan.meta
            ]
        parent.columns.clear()
        parent.row = 0
        self.walk(record, "", 0, ())
        return [(name, values[0], parent.paths[name]) for name, values in parent.columns.items()]


def _list_length(value: Any, index: int, path: str) -> int:
    if value is None:
        return 0
    if type(value) is list:
        return len(value)
    raise FlattenError(
        f"record {index}: {path!r} is {type(value).__name__}, not a list; choose the path of "
        "a list of objects to explode"
    )


def _items(records: list[Any], plan: ExplodePlan) -> tuple[list[int], list[Any]]:
    """How many items each record's list has, and all the items in order."""
    lists_of_items = _pluck(records, plan.path.steps)
    if set(map(type, lists_of_items)) == {list}:  # the usual case: C-level from here on
        return list(map(len, lists_of_items)), list(chain.from_iterable(lists_of_items))
    lengths = [_list_length(value, index, plan.name) for index, value in enumerate(lists_of_items)]
    return lengths, list(chain.from_iterable(x for x in lists_of_items if x))


def _explode_uniform(records: list[Any], plan: ExplodePlan) -> Table | None:
    """The fast path of :func:`explode`: items and parents each uniform, else None."""
    lengths, items = _items(records, plan)
    if not items:
        return None
    item_columns = uniform_columns(
        items, plan.rules, prefix=plan.item_prefix, path=plan.item_path, depth=1
    )
    if item_columns is None:
        return None
    parents = records if all(lengths) else [r for r, n in zip(records, lengths, strict=True) if n]
    parent_columns = _parent_columns(parents, plan)
    if parent_columns is None:
        return None
    # Parent columns are converted once, then repeated by index (C speed), not per item.
    repeat = np.repeat(np.arange(len(parents)), [n for n in lengths if n])
    return build_table(item_columns, len(items), parent_columns, repeat, fast=True)


def _parent_columns(parents: list[Any], plan: ExplodePlan) -> Columns | None:
    """The columns carried down to the items, or None when the parents are not uniform."""
    # One uniform pass over the parents shares the walk down common prefixes
    # (customer → address → …); a meta path it does not give as plain scalars is plucked.
    every = uniform_columns(parents, plan.rules, skip=plan.skip)
    if plan.meta is None:
        return every
    out = Columns(len(parents))
    for name, path in plan.meta:
        internal = plan.rules.name(path.steps)  # type: ignore[arg-type]
        array = every.arrays.get(internal) if every is not None else None
        if array is not None and array is not False:
            out.columns[name], out.arrays[name] = every.columns[internal], array  # type: ignore[union-attr]
        else:
            out.columns[name] = list(map(plan.meta_value, _pluck(parents, path.steps)))
        out.paths[name] = path.steps
    return out


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
    ``_id`` of its parent row) and ``_position`` (the item's place in the list), and names
    its parent table in ``frame.attrs["parent_table"]`` (None for the root). Child tables
    nest ``max_depth`` levels at most; a list of objects deeper down stays in its cell.
    """
    return child_tables(records, root, Flattening(sep, max_depth, lists))


def child_tables(records: Iterable[Any], root: str, rules: Flattening) -> dict[str, pd.DataFrame]:
    """:func:`to_tables` by ``rules``."""
    tables = _Tables(rules)
    tables.table(root, 0)
    for record in records:
        row = {"_id": tables[root].columns.row}
        tables.add_row(root, record if type(record) is dict else {"value": record}, row)
    built = [table.columns.table() for table in tables.values()]
    names, renamed = display_names(list(tables))
    warn_renamed([*renamed, *chain.from_iterable(table.renamed for table in built)])
    shown = dict(zip(tables, names, strict=True))
    for table, frame in zip(tables.values(), built, strict=True):
        # Whose ``_id`` a child's ``_parent_id`` refers to: what lets a harvest renumber
        # the keys of every page's tables (connector_lab.tables.combine).
        frame.frame.attrs["parent_table"] = shown.get(table.parent)
    return {name: table.frame for name, table in zip(names, built, strict=True)}


@dataclass
class _ChildTable:
    """One table of :func:`to_tables`: its columns, and its walk, which sets lists of
    objects aside in ``children`` to become rows of their own tables (above the last level)."""

    columns: Columns
    children: list[tuple[Name, list]]
    walk: Any
    level: int
    parent: Name | None = None


class _Tables(dict[Name, _ChildTable]):
    """The tables by internal name: the root's name, a child's ``parent.child`` text when
    its path is plain, else ``(text, (parent, child))`` — so that a key ``a.items`` and a
    nested ``a`` → ``items`` make two tables (named by :func:`.frames.display_names`)."""

    def __init__(self, rules: Flattening) -> None:
        super().__init__()
        self.rules = rules

    def table(self, name: Name, level: int, parent: Name | None = None) -> _ChildTable:
        if name not in self:
            columns, children = Columns(), []
            deeper = children if level < self.rules.max_depth else None
            walk = self.rules.walker(columns, children=deeper)
            self[name] = _ChildTable(columns, children, walk, level, parent)
        return self[name]

    def child_name(self, parent: Name, child: Name) -> Name:
        sep = self.rules.sep
        if type(parent) is str and type(child) is str:
            return f"{parent}{sep}{child}"
        text = f"{parent if type(parent) is str else parent[0]}{sep}"
        return (text + (child if type(child) is str else child[0]), (parent, child))

    def add_row(self, name: Name, obj: dict, keys: dict[str, int]) -> None:
        """A row of ``obj`` in table ``name`` after its ``keys``, then its children's rows."""
        table = self[name]
        columns, row = table.columns, table.columns.row
        for key, value in keys.items():
            columns.put(key, value, (key,))
        table.walk(obj, "", 0, ())
        children = list(table.children)
        table.children.clear()
        columns.row += 1
        for child_path, items in children:
            child = self.child_name(name, child_path)
            child_table = self.table(child, table.level + 1, name)
            for position, item in enumerate(items):
                ids = {"_id": child_table.columns.row, "_parent_id": row, "_position": position}
                self.add_row(child, item, ids)
