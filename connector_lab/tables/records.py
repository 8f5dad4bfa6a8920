"""Finding the records in a response (spec F-6): by a JSONPath the user gives, or
automatically, saying which path was chosen and why.

JSONPath expressions are compiled once and cached — compiling costs 0.3–0.7 ms, more than a
small loopback request, so compiling per call would double a harvest's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jsonpath_ng.ext import parse as parse_jsonpath

from ..errors import SpecError
from .paths import ITEMS, FieldPath

#: Keys that usually hold the record list, best first.
RECORD_KEYS = (
    "data",
    "items",
    "results",
    "records",
    "rows",
    "list",
    "result",
    "entries",
    "values",
    "elements",
    "hits",
    "content",
    "value",
)


@dataclass(frozen=True)
class RecordSelection:
    """The records found in a body, the JSONPath that finds them and how it was chosen."""

    records: list[Any]
    path: str
    reason: str

    @property
    def keys(self) -> list[str] | None:
        """The object keys of a simple path like ``$.data``, ``$.a.b[*]`` or
        ``$['order-list'][*]`` (what :func:`detect_records` prints), else None."""
        path = FieldPath.from_jsonpath(self.path)
        if path is not None and path.steps[-1:] == (ITEMS,):
            path = path.parent
        keys = path.keys if path is not None else None
        return None if keys is None else list(keys)


@lru_cache(maxsize=256)
def compile_jsonpath(expression: str):
    """Compile (once) a JSONPath; a bad expression is a SpecError naming it."""
    try:
        return parse_jsonpath(expression)
    # jsonpath-ng raises its lexer/parser errors, but also plain Exception subclasses
    # from its grammar; any of them means the same thing to the user.
    except Exception as exc:
        raise SpecError(
            [
                (
                    "records_path",
                    f"{expression!r} is not a valid JSONPath ({exc}); "
                    "e.g. '$.data[*]' or '$.result.items'",
                )
            ]
        ) from None


def _is_record_list(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value[:50])


def _items_path(keys: list[str]) -> str:
    """The JSONPath of every item of the list at ``keys``: ``$.data[*]``."""
    return (FieldPath(tuple(keys)) / ITEMS).jsonpath


#: Keys that mark an object as one record rather than an envelope around a list.
RECORD_ID_KEYS = ("id", "uuid", "_id")


def detect_records(body: Any) -> RecordSelection:
    """Find the record list: a top-level list; an object with an id is one record; else
    the first list of objects under a well-known key (searched breadth-first, three levels
    deep), or any list of objects; else the object is one row."""
    if isinstance(body, list):
        return RecordSelection(body, "$", "the body is a list")
    if not isinstance(body, dict):
        return RecordSelection([body], "$", "the body is a single value: one row")
    id_key = next((key for key in RECORD_ID_KEYS if key in body), None)
    if id_key is not None:
        # A resource (an order with its line items), not an envelope around a list.
        return RecordSelection([body], "$", f"the object has an {id_key!r}: one row")
    candidates: list[tuple[tuple[int, int, int], list[str], list]] = []
    frontier: list[tuple[list[str], dict]] = [([], body)]
    for depth in range(3):
        next_frontier = []
        for keys, obj in frontier:
            for key, value in obj.items():
                path = [*keys, str(key)]
                if _is_record_list(value):
                    rank = RECORD_KEYS.index(key) if key in RECORD_KEYS else len(RECORD_KEYS)
                    candidates.append(((rank, depth, -len(value)), path, value))
                elif isinstance(value, dict):
                    next_frontier.append((path, value))
        frontier = next_frontier
    if candidates:
        _, keys, records = min(candidates, key=lambda c: c[0])
        known = keys[-1] in RECORD_KEYS
        why = f"the {'well-known key' if known else 'first list of objects'} {keys[-1]!r}"
        return RecordSelection(records, _items_path(keys), why)
    empty = [k for k, v in body.items() if isinstance(v, list) and not v and k in RECORD_KEYS]
    if empty:
        return RecordSelection([], _items_path([empty[0]]), f"{empty[0]!r} is empty")
    return RecordSelection([body], "$", "no list of objects: the object is one row")


def select_records(body: Any, path: str | None = None) -> RecordSelection:
    """Records by JSONPath ``path``, or detected when ``path`` is None.

    A path that matches one list yields its items; a path that matches several values
    (``$.data[*]``) yields those values.
    """
    if path is None:
        return detect_records(body)
    matches = [m.value for m in compile_jsonpath(path).find(body)]
    if len(matches) == 1 and isinstance(matches[0], list):
        return RecordSelection(matches[0], path, "given JSONPath (one list)")
    return RecordSelection(matches, path, f"given JSONPath ({len(matches)} matches)")
