"""The records of one page, counted the way the tables stage sees them: the same record
selection ``Result.records()`` and ``Result.to_frame()`` use (the action's records path, or
the detection rules), JSON Lines one record a line, CSV one a row. "Empty" and "short" pages
are decided on this count, so a stop rule and the table never disagree about a page.
"""

from __future__ import annotations

from typing import Any

from ..tables.records import select_records
from ..tables.tabular import CSV_TYPES, JSONL_TYPES, read_csv, read_jsonl
from ..wire.result import Result

#: Detection rules whose path names a list: a later page is read under the same path, so an
#: empty last page (``{"items": []}``) counts as empty, not as one row of something else.
LIST_RULES = frozenset({"given", "list", "envelope", "well-known", "well-known-empty"})
LIST_RULES |= {"json-rpc", "graphql", "longest-list"}


def count_records(result: Result, path: str | None) -> tuple[int, str | None, str]:
    """``(count, path, rule)`` of ``result``'s records under ``path`` (detected if None)."""
    kind = result.content_type
    if kind in JSONL_TYPES:
        return len(read_jsonl(result.content)), None, "jsonl"
    if kind in CSV_TYPES:
        return len(read_csv(result.content)), None, "csv"
    selection = select_records(result.json(), path)
    return len(selection.records), selection.path, selection.rule


def page_records(result: Result) -> list[Any]:
    """The records the run keeps from ``result`` (a Result from ``Client.pages``): those
    under its ``page.records_path``, trimmed to ``page.records`` where ``max_records`` cut
    the page."""
    info = result.page
    kind = result.content_type
    if kind in JSONL_TYPES:
        records = read_jsonl(result.content)
    elif kind in CSV_TYPES:
        records = read_csv(result.content).to_dict("records")
    else:
        path = info.records_path if info is not None else None
        records = select_records(result.json(), path).records
    return records if info is None else records[: info.records]
