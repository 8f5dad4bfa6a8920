"""Pages of Results into one DataFrame, child tables across pages, or a file — page by page.

:func:`collect` takes any iterable of :class:`~connector_lab.wire.result.Result` (what
``Client.pages`` yields, or a loop of one's own) and, for each page in turn: raises for an
HTTP error, flattens the records (the action's records path or the one given, its expected
response's dtypes), then *releases* the page — the parsed body is dropped from the Result
(``Result.release``) and collect keeps no reference to the Result — before asking for the
next page. What stays is the flattened frame (≈ 1–2× the JSON's size, against ≈ 7× for a
parsed body), or, with ``to=``, nothing but what a file sink buffers (a few pages).

The garbage collector is paused while a page is parsed and flattened (and on again between
pages): a 0.6 MB page makes tens of thousands of containers, and the collector's passes over
them cost more than the parse (2.37 s → 1.50 s for 100 such pages). Pages under 1 MiB are
parsed with it on otherwise (``wire.result.loads_json`` pauses it only for larger bodies).

Limits: ``max_records`` keeps the first n records (rows) and stops asking for pages once
reached (the iterator is closed, so a generator of requests stops); a Result whose ``page``
(a ``PageInfo``) keeps fewer ``records`` than it ``received`` keeps only that many.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import SpecError
from ..spec.actions import Action
from ..tables.combine import KeyOffsets, concat_frames, head_tables
from ..tables.streams import stream_frames
from .pageinfo import PageInfo
from .report import HarvestReport

if TYPE_CHECKING:
    import pandas as pd

    from ..tables.flattening import ListMode
    from ..wire.result import Result

__all__ = ["COLLECT_OPTIONS", "collect"]

#: The keyword options ``Client.harvest`` passes to :func:`collect` (the rest go to pages).
COLLECT_OPTIONS = ("records", "max_records", "explode", "lists", "table", "escape_formulas")


@dataclass(frozen=True)
class _Plan:
    """How each page is shaped, and the record limit."""

    records: str | None
    explode: str | None
    lists: ListMode
    tables: bool
    max_records: int | None


@dataclass
class _Tally:
    """What the pages so far amounted to."""

    pages: int = 0
    records: int = 0
    bytes: int = 0
    stop: str | None = None
    number: int = 0  # the last page's number (its PageInfo's, else its position)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The garbage collector off for one page's parse and flatten (never left off: a
    failure turns it back on), unless it was off already."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _rows(shaped: Any) -> int:
    if isinstance(shaped, dict):
        root = next((f for f in shaped.values() if f.attrs.get("parent_table") is None), None)
        return 0 if root is None else len(root)
    return len(shaped)


def _head(shaped: Any, keep: int) -> Any:
    if isinstance(shaped, dict):
        return head_tables(shaped, keep)
    return shaped.iloc[:keep] if len(shaped) > keep else shaped


def _kept(page: PageInfo | None) -> int | None:
    """How many records of the page its run keeps, when fewer than it held (the page's
    ``records`` were cut by the pagination's ``max_records``); else None (one run: no page)."""
    if page is not None and page.records < page.received:
        return page.records
    return None


def _shape(result: Result, plan: _Plan, tally: _Tally) -> Any:
    """One page flattened (frame or tables), cut to the limits, the Result released."""
    result.raise_for_status()
    page = result.page
    # The records path auto-detected on a run's first page holds for all its pages.
    records = plan.records or (page.records_path if page is not None else None)
    with _collector_paused():
        try:
            if plan.tables:
                shaped = result.tables(records, lists=plan.lists)
            else:
                shaped = result.to_frame(records, explode=plan.explode, lists=plan.lists)
        finally:
            result.release()
    tally.pages += 1
    tally.number = getattr(page, "number", None) or tally.pages
    tally.bytes += len(result.content)
    tally.stop = getattr(page, "stop", None) or tally.stop
    keep = _kept(page)
    if plan.max_records is not None:
        left = plan.max_records - tally.records
        keep = left if keep is None else min(keep, left)
    if keep is not None and _rows(shaped) > keep:
        shaped = _head(shaped, max(keep, 0))
    tally.records += _rows(shaped)
    return shaped


def _pages(results: Iterable[Result], plan: _Plan, tally: _Tally) -> Iterator[Any]:
    """Each page shaped, holding no Result while the next one is asked for."""
    iterator = iter(results)
    try:
        for result in iterator:
            shaped = _shape(result, plan, tally)
            del result  # the Result goes now, not when the next page rebinds the name
            yield shaped
            if plan.max_records is not None and tally.records >= plan.max_records:
                tally.stop = tally.stop or "max_records"
                break
    finally:
        # A generator of requests stops here (no page is fetched past the limit or an error).
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


def _check_limit(max_records: Any) -> int | None:
    if max_records is None:
        return None
    if isinstance(max_records, bool) or not isinstance(max_records, int) or max_records < 0:
        raise SpecError(
            [
                (
                    "max_records",
                    f"must be a whole number of records, 0 or more, got {max_records!r}; "
                    "e.g. max_records=5000, or None for all",
                )
            ]
        )
    return max_records


def _table_name(action: Action | str | None) -> str:
    if isinstance(action, Action):
        return action.id
    return action or "records"


def collect(
    results: Iterable[Result],
    action: Action | str | None = None,
    *,
    to: str | os.PathLike | None = None,
    tables: bool = False,
    records: str | None = None,
    max_records: int | None = None,
    explode: str | None = None,
    lists: ListMode = "keep",
    table: str | None = None,
    escape_formulas: bool = True,
) -> pd.DataFrame | dict[str, pd.DataFrame] | HarvestReport:
    """Every page of ``results`` as one DataFrame (the default), as child tables across
    pages (``tables=True``: ``{name: frame}``, keys ``_id`` / ``_parent_id`` unique across
    pages), or streamed to the file ``to`` (format from its suffix: .parquet, .csv,
    .jsonl/.ndjson, .sqlite/.db, .duckdb) — then a :class:`HarvestReport` is returned.

    ``records``: JSONPath of each page's records (default: the action's, else detected);
    ``explode``: a list of objects to turn into rows; ``lists``: as in ``to_frame``.
    ``max_records``: keep the first n rows and stop asking for pages. ``table``: the table
    of a database target (default: the action's id). ``escape_formulas``: as in ``to_csv``.
    Columns that differ across pages are unified (see :mod:`connector_lab.tables.combine`
    and, for files, :mod:`connector_lab.tables.streams`). A failing page raises; a file
    target is then left as it was.

    >>> frame = collect(my_page_loop(client))                      # doctest: +SKIP
    >>> collect(client.pages("orders"), "orders", to="orders.parquet")  # doctest: +SKIP
    """
    if tables and explode:
        raise SpecError([("explode", "tables=True makes child tables; do not also explode")])
    if tables and to is not None:
        raise SpecError(
            [("to", "tables=True returns frames; stream one flat table to a file, or omit to=")]
        )
    plan = _Plan(records, explode, lists, tables, _check_limit(max_records))
    tally = _Tally()
    pages = _pages(results, plan, tally)
    if to is not None:
        return _to_file(pages, tally, Path(to), table or _table_name(action), escape_formulas)
    if tables:
        return _to_tables(pages)
    return concat_frames(list(pages))


def _to_tables(pages: Iterator[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    offsets, parts = KeyOffsets(), {}
    for page_tables in pages:
        for name, frame in offsets.renumber(page_tables).items():
            parts.setdefault(name, []).append(frame)
    return {name: concat_frames(frames) for name, frames in parts.items()}


def _to_file(
    pages: Iterator[pd.DataFrame], tally: _Tally, path: Path, table: str, escape_formulas: bool
) -> HarvestReport:
    started = time.perf_counter()
    with stream_frames(path, table=table, escape_formulas=escape_formulas) as sink:
        for frame in pages:
            sink.write(frame, tally.number)
            del frame  # written: the sink holds what it needs
    return HarvestReport(
        path=path,
        format=sink.fmt,
        pages=tally.pages,
        records=sink.rows,
        bytes=tally.bytes,
        elapsed=time.perf_counter() - started,
        columns=list(sink.columns),
        stop=tally.stop,
    )
