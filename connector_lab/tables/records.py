"""Finding the records in a response (spec F-6): by a JSONPath the user gives, or
automatically, saying which path was chosen and why.

Detection is an ordered list of named rules (:data:`RULES`); the first that fires chooses,
and its reason says which rule it was. For an object body:

1. ``json-rpc`` — ``{"jsonrpc": …, "id": …, "result": …}``: the ``result`` list (an object
   ``result`` is detected in turn);
2. ``graphql`` — ``{"data": {…}}`` holding a connection: the nodes of ``edges[].node``, or
   ``nodes``, however deep under ``data``;
3. ``envelope`` — a list under ``data``, ``results`` or ``result`` at the top, even beside an
   ``id`` (the envelope's), even empty (an empty last page, ``errors`` or not), even of plain
   values (one row each);
4. ``resource`` — an object with an ``id`` (``uuid``, ``_id``) is one record (an order with
   its line items), not an envelope;
5. ``well-known`` — a list of objects under a well-known key (:data:`RECORD_KEYS`), three
   levels deep at most; the best-ranked key, then the shallowest, then the longest;
6. ``well-known-empty`` — an empty list under a well-known key: no records;
7. ``error`` — an error body (``errors`` / ``error`` and no records): one row;
8. ``longest-list`` — the longest list of objects under any key (three levels deep);
9. ``one-row`` — anything else: the object is one row.

JSONPath expressions are compiled once and cached — compiling costs 0.3–0.7 ms, more than a
small loopback request, so compiling per call would double a harvest's time.
"""

from __future__ import annotations

from collections.abc import Callable
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
#: Keys that name a response's payload, never a part of one record: a list under one of
#: them at the top is the records, even beside an ``id``.
ENVELOPE_KEYS = ("data", "results", "result")
#: Keys that mark an object as one record rather than an envelope around a list.
RECORD_ID_KEYS = ("id", "uuid", "_id")
JSONRPC_KEYS = frozenset({"jsonrpc", "id", "result", "error"})
GRAPHQL_KEYS = frozenset({"data", "errors", "extensions"})
ERROR_KEYS = ("errors", "error")
#: How many levels down the searches look (below the object searched).
SEARCH_DEPTH = 3
GRAPHQL_DEPTH = 6

Keys = tuple[str, ...]


@dataclass(frozen=True)
class RecordSelection:
    """The records found in a body, the JSONPath that finds them and how it was chosen
    (``rule``: the name of the detection rule that fired, or ``"given"``)."""

    records: list[Any]
    path: str
    reason: str
    rule: str = "given"

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


def _jsonpath(keys: Keys, *more: Any) -> str:
    return FieldPath((*keys, *more)).jsonpath


def _picked(rule: str, keys: Keys, records: list, reason: str) -> RecordSelection:
    """The items of the list at ``keys`` as the records."""
    return RecordSelection(records, _jsonpath(keys, ITEMS), reason, rule)


def _lists_below(obj: dict, base: Keys, depth: int = SEARCH_DEPTH):
    """``(keys, value, depth)`` of every list under ``obj``, breadth-first, ``depth`` levels."""
    frontier = [(base, obj)]
    for level in range(depth):
        next_frontier = []
        for keys, node in frontier:
            for key, value in node.items():
                path = (*keys, str(key))
                if isinstance(value, list):
                    yield path, value, level
                elif isinstance(value, dict):
                    next_frontier.append((path, value))
        frontier = next_frontier


def _id_key(obj: dict) -> str | None:
    return next((key for key in RECORD_ID_KEYS if key in obj), None)


def _one_row(obj: dict, base: Keys, reason: str, rule: str) -> RecordSelection:
    return RecordSelection([obj], _jsonpath(base), reason, rule)


def _json_rpc(obj: dict, base: Keys) -> RecordSelection | None:
    """A JSON-RPC answer: its ``result`` (a list, or an object detected in turn)."""
    bare = "id" in obj and "result" in obj and obj.keys() <= JSONRPC_KEYS
    if "jsonrpc" not in obj and not bare:
        return None
    if "result" not in obj:
        return _one_row(obj, base, "a JSON-RPC error: the object is one row", "json-rpc")
    result, keys = obj["result"], (*base, "result")
    if isinstance(result, list):
        return _picked("json-rpc", keys, result, "the JSON-RPC 'result' list")
    if not isinstance(result, dict):
        return _one_row(result, keys, "the JSON-RPC 'result' is one value: one row", "json-rpc")
    inner = _detect_object(result, keys, RULES[1:])
    return RecordSelection(
        inner.records, inner.path, f"in the JSON-RPC 'result', {inner.reason}", "json-rpc"
    )


def _graphql(obj: dict, base: Keys) -> RecordSelection | None:
    """A GraphQL answer (``data``, ``errors``, ``extensions``) holding a connection: the
    nodes of its ``edges[].node``, or its ``nodes``, the shallowest under ``data``."""
    if type(obj.get("data")) is not dict or not obj.keys() <= GRAPHQL_KEYS:
        return None
    frontier = [((*base, "data"), obj["data"])]
    for _ in range(GRAPHQL_DEPTH):
        next_frontier = []
        for keys, node in frontier:
            where = f"the GraphQL connection {FieldPath(keys).field_tree!r}"
            edges, nodes = node.get("edges"), node.get("nodes")
            if isinstance(edges, list) and all(
                isinstance(edge, dict) and "node" in edge for edge in edges[:50]
            ):
                path = _jsonpath((*keys, "edges"), ITEMS, "node")
                records = [edge.get("node") for edge in edges]
                return RecordSelection(records, path, f"{where}: each edge's node", "graphql")
            if isinstance(nodes, list) and all(isinstance(n, dict) for n in nodes[:50]):
                return _picked("graphql", (*keys, "nodes"), nodes, f"{where}: its nodes")
            next_frontier += [((*keys, str(k)), v) for k, v in node.items() if type(v) is dict]
        frontier = next_frontier
    return None


def _envelope(obj: dict, base: Keys) -> RecordSelection | None:
    """A list under an envelope key at the top: the records, whatever they hold."""
    key = next((k for k in ENVELOPE_KEYS if isinstance(obj.get(k), list)), None)
    if key is None:
        return None
    value, id_key = obj[key], _id_key(obj)
    if not value:
        reason = f"the well-known key {key!r} is an empty list: no records"
    elif not all(isinstance(v, dict) for v in value[:50]):
        reason = f"the well-known key {key!r} holds {len(value)} values: one row each"
    elif id_key is not None:
        reason = f"the well-known key {key!r}, beside {id_key!r}: an envelope, not one record"
    else:
        reason = f"the well-known key {key!r}"
    return _picked("envelope", (*base, key), value, reason)


def _resource(obj: dict, base: Keys) -> RecordSelection | None:
    """An object with an id is one record (an order with its items), not an envelope."""
    id_key = _id_key(obj)
    if id_key is None:
        return None
    return _one_row(obj, base, f"the object has an {id_key!r}: one row", "resource")


def _well_known(obj: dict, base: Keys) -> RecordSelection | None:
    """A list of objects under a well-known key: best key, then shallowest, then longest."""
    candidates = [
        ((RECORD_KEYS.index(keys[-1]), level, -len(value)), keys, value)
        for keys, value, level in _lists_below(obj, base)
        if keys[-1] in RECORD_KEYS and _is_record_list(value)
    ]
    if not candidates:
        return None
    _, keys, records = min(candidates, key=lambda c: c[0])
    return _picked("well-known", keys, records, f"the well-known key {keys[-1]!r}")


def _well_known_empty(obj: dict, base: Keys) -> RecordSelection | None:
    """An empty list under a well-known key: an empty page, no records."""
    candidates = [
        ((RECORD_KEYS.index(keys[-1]), level), keys)
        for keys, value, level in _lists_below(obj, base)
        if keys[-1] in RECORD_KEYS and not value
    ]
    if not candidates:
        return None
    _, keys = min(candidates, key=lambda c: c[0])
    reason = f"the well-known key {keys[-1]!r} is an empty list: no records"
    return _picked("well-known-empty", keys, [], reason)


def _error(obj: dict, base: Keys) -> RecordSelection | None:
    """An error body, with no records found above: one row, not rows of errors."""
    key = next((k for k in ERROR_KEYS if k in obj), None)
    if key is None:
        return None
    return _one_row(obj, base, f"an error body ({key!r}): the object is one row", "error")


def _longest_list(obj: dict, base: Keys) -> RecordSelection | None:
    """The longest list of objects under any key (then the shallowest, then the first)."""
    candidates = [
        ((-len(value), level, index), keys, value)
        for index, (keys, value, level) in enumerate(_lists_below(obj, base))
        if _is_record_list(value)
    ]
    if not candidates:
        return None
    _, keys, records = min(candidates, key=lambda c: c[0])
    if len(candidates) == 1:
        reason = f"the only list of objects, {keys[-1]!r}"
    else:
        reason = (
            f"the longest list of objects, {keys[-1]!r} ({len(records)} items; "
            f"{len(candidates)} lists of objects)"
        )
    return _picked("longest-list", keys, records, reason)


def _object_row(obj: dict, base: Keys) -> RecordSelection:
    return _one_row(obj, base, "no list of objects: the object is one row", "one-row")


#: The detection rules for an object, in order: the first that fires chooses.
RULES: tuple[Callable[[dict, Keys], RecordSelection | None], ...] = (
    _json_rpc,
    _graphql,
    _envelope,
    _resource,
    _well_known,
    _well_known_empty,
    _error,
    _longest_list,
    _object_row,
)


def _detect_object(obj: dict, base: Keys, rules=RULES) -> RecordSelection:
    for rule in rules:
        found = rule(obj, base)
        if found is not None:
            return found
    raise AssertionError("the last rule always fires")  # pragma: no cover


def detect_records(body: Any) -> RecordSelection:
    """Find the record list: a top-level list is the records, a single value one row, an
    object by the first of :data:`RULES` that fires (see the module's docstring)."""
    if isinstance(body, list):
        return RecordSelection(body, "$", "the body is a list", "list")
    if not isinstance(body, dict):
        return RecordSelection([body], "$", "the body is a single value: one row", "value")
    return _detect_object(body, ())


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
