"""Many pages' frames as one: columns unified across pages, child-table keys renumbered.

A harvest flattens each page on its own, so page 7 may bring a column pages 1–6 never had,
or hold only nulls where other pages hold integers. :func:`concat_frames` gives every column
of any page (in the order first seen), missing cells as nulls, and one dtype per column:

- integers stay exact: a column of integers that is missing (or null) on some page becomes
  pandas' nullable ``Int64``, never float64 (which cannot hold 1434975267274035201);
- booleans with gaps become ``boolean``; a page where a column is entirely null takes the
  dtype the other pages agree on;
- otherwise pandas' own concatenation rules apply (int with float: float64; text with
  numbers: object).

:class:`KeyOffsets` renumbers the ``_id`` / ``_parent_id`` keys of each page's child tables
(which start at 0 on every page) so that they stay unique across a whole harvest, and
:func:`head_tables` keeps the first n root records of a page's tables with their children.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from pandas.api import types as ptypes

__all__ = ["KeyOffsets", "concat_frames", "head_tables"]


def _kind(dtype: object) -> str:
    """A coarse kind that decides the unified dtype: int, bool, or the dtype's own name."""
    if ptypes.is_bool_dtype(dtype):
        return "bool"
    if ptypes.is_integer_dtype(dtype):
        return "int"
    return str(dtype)


def _unified_dtypes(frames: list[pd.DataFrame], order: list) -> dict:
    """Per column, the dtype every page is cast to, or None to leave it to pandas."""
    targets: dict = {}
    for name in order:
        dtypes, gaps = [], False
        for frame in frames:
            if name not in frame.columns:
                gaps = gaps or len(frame) > 0
                continue
            column = frame[name]
            if column.isna().all():
                gaps = gaps or len(column) > 0
                continue
            dtypes.append(column.dtype)
            gaps = gaps or bool(column.isna().any())
        kinds = {_kind(dtype) for dtype in dtypes}
        if kinds == {"int"}:
            targets[name] = pd.Int64Dtype() if gaps or len(set(dtypes)) > 1 else None
        elif kinds == {"bool"}:
            targets[name] = pd.BooleanDtype() if gaps or len(set(dtypes)) > 1 else None
        elif len(set(map(str, dtypes))) == 1:
            targets[name] = dtypes[0]
        else:
            targets[name] = None
    return targets


def _piece(frame: pd.DataFrame, name: str, target: object) -> pd.Series:
    """Column ``name`` of one page in the unified dtype (all null when the page lacks it)."""
    if name not in frame.columns:
        return pd.Series(None, index=frame.index, dtype=target or object)
    column = frame[name]
    return column if target is None or column.dtype == target else column.astype(target)


def concat_frames(frames: Iterable[pd.DataFrame]) -> pd.DataFrame:
    """One frame of all rows: the union of the columns (first seen first), dtypes unified
    (see the module documentation), the first frame's ``attrs`` kept.

    Pages alike — the same columns with the same dtypes, the usual case — are joined by one
    ``pd.concat`` (Arrow-backed text is chained, not copied). Otherwise each page is first
    aligned to the union of the columns in the unified dtypes, and let go once aligned.
    """
    frames = [frame for frame in frames if frame is not None]
    if not frames:
        return pd.DataFrame()
    attrs = dict(frames[0].attrs)
    if not _alike(frames):
        order = list(dict.fromkeys(name for frame in frames for name in frame.columns))
        targets = _unified_dtypes(frames, order)
        for index, frame in enumerate(frames):
            frames[index] = _aligned(frame, order, targets)
    combined = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    combined.attrs = attrs
    return combined


def _alike(frames: list[pd.DataFrame]) -> bool:
    """Every page has the first page's columns, in its order, with its dtypes."""
    first = frames[0]
    return all(
        frame.columns.equals(first.columns) and frame.dtypes.equals(first.dtypes)
        for frame in frames[1:]
    )


def _aligned(frame: pd.DataFrame, order: list, targets: dict) -> pd.DataFrame:
    """``frame`` with every column of ``order`` (nulls where it had none), in the unified
    dtypes."""
    columns = {name: _piece(frame, name, targets.get(name)) for name in order}
    return pd.DataFrame(columns, index=frame.index, copy=False)


class KeyOffsets:
    """Renumbers each page's child tables so ``_id`` and ``_parent_id`` stay unique.

    ``to_tables`` numbers every table's rows from 0 on each page; here a table's ``_id`` is
    shifted by the rows it had on earlier pages, and a child's ``_parent_id`` by the rows its
    parent table (``frame.attrs["parent_table"]``) had — so keys are global row numbers.
    """

    def __init__(self) -> None:
        self.rows: dict[str, int] = {}

    def renumber(self, tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        before = dict(self.rows)
        out = {}
        for name, frame in tables.items():
            shift = before.get(name, 0)
            parent = frame.attrs.get("parent_table")
            parent_shift = before.get(parent, 0) if parent is not None else 0
            if (shift or parent_shift) and len(frame):
                frame = frame.copy(deep=False)
                frame["_id"] = frame["_id"] + shift
                if parent_shift:
                    frame["_parent_id"] = frame["_parent_id"] + parent_shift
            self.rows[name] = shift + len(frame)
            out[name] = frame
        return out


def head_tables(tables: dict[str, pd.DataFrame], keep: int) -> dict[str, pd.DataFrame]:
    """The first ``keep`` rows of the root table (the one with no parent) and, in each
    child table, only the rows whose parent row was kept."""
    kept_ids: dict[str, pd.Series] = {}
    out = {}
    for name, frame in tables.items():  # parents come before their children
        parent = frame.attrs.get("parent_table")
        if parent is None:
            part = frame.iloc[:keep]
        else:
            part = frame[frame["_parent_id"].isin(kept_ids.get(parent, ()))]
        part.attrs = dict(frame.attrs)
        kept_ids[name] = part["_id"] if "_id" in part.columns else pd.Series([], dtype=int)
        out[name] = part
    return out
