"""The ``auto`` style: the pagination style read off the first response, by named rules, with
the rule that fired and why — or a refusal that says what was seen and how to set the style
by hand, when the shape does not decide it.

The rules look for a way on, strongest first:

1. ``link-header`` — a ``Link`` header with ``rel="next"`` (RFC 8288);
2. ``next-url``    — a body key like ``next``, ``next_url``, ``nextPage``, ``@odata.nextLink``
   (at the top or one object down: ``links``, ``meta``, ``paging`` …) holding a URL;
3. ``cursor``      — a body key like ``next_cursor``, ``nextToken``, ``continuation``;
4. ``page-number`` — a page parameter in the request (``page``, ``pageNo`` …), or one echoed
   in the body beside a total;
5. ``offset``      — an offset parameter in the request, or one echoed beside a total.

Two of rules 1–3 holding a value, or a page and an offset both: refused (which one does the
server honour? only the docs say). A key present but null (``"next_cursor": null``) counts
for its rule when nothing stronger is there: it is the last page of a one-page list.
Nothing at all: refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import PaginationError
from ..spec.pagination import Pagination
from ..tables.paths import FieldPath
from ..wire.result import Result
from ..wire.urls import query_pairs
from .paginators import next_link

NEXT_URL_KEYS = (
    "next",
    "next_url",
    "nextUrl",
    "next_page_url",
    "nextPageUrl",
    "nextPage",
    "next_page",
    "nextLink",
    "next_link",
    "@odata.nextLink",
)
CURSOR_KEYS = (
    "next_cursor",
    "nextCursor",
    "next_token",
    "nextToken",
    "next_page_token",
    "nextPageToken",
    "continuation",
    "continuation_token",
    "continuationToken",
    "cursor",
    "endCursor",
)
PAGE_KEYS = ("page", "current_page", "currentPage", "page_number", "pageNumber", "pageNo")
PAGE_KEYS += ("page_no", "pageIndex", "p")
OFFSET_KEYS = ("offset", "skip", "start")
SIZE_KEYS = ("per_page", "perPage", "page_size", "pageSize", "limit", "size", "max_results")
TOTAL_KEYS = ("total", "total_count", "totalCount", "total_results", "totalResults")
TOTAL_KEYS += ("totalElements", "total_items", "totalItems", "totalSize")
TOTAL_HEADERS = ("X-Total-Count", "X-Total")
#: Objects one level down where the keys above are looked for too.
HOLDERS = ("links", "_links", "meta", "paging", "pagination", "page_info", "pageInfo")
HOLDERS += ("cursor", "cursors", "metadata")


@dataclass(frozen=True)
class Detection:
    """What ``auto`` decided: the ``style``, the ``pagination`` to run with, the ``rule``
    that fired and the ``reason`` (what in the response made it fire)."""

    style: str
    pagination: Pagination
    rule: str
    reason: str


@dataclass(frozen=True)
class _Seen:
    """One key found in the body: its JSONPath, its name and its value."""

    path: str
    key: str
    value: Any


def _keys(body: Any, names: tuple[str, ...]) -> Iterator[_Seen]:
    """``names`` found at the top of ``body`` or in one of its :data:`HOLDERS`."""
    if not isinstance(body, dict):
        return
    places = [((), body)] + [((h,), body[h]) for h in HOLDERS if isinstance(body.get(h), dict)]
    for keys, obj in places:
        for name in names:
            if name in obj:
                value = obj[name]
                if isinstance(value, dict) and "href" in value:  # HAL: "next": {"href": …}
                    yield _Seen(FieldPath((*keys, name, "href")).jsonpath, name, value["href"])
                else:
                    yield _Seen(FieldPath((*keys, name)).jsonpath, name, value)


def _looks_like_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://", "/", "?"))


def _ways_on(result: Result, body: Any) -> list[tuple[str, bool, Pagination, str]]:
    """``(rule, has a value, pagination, reason)`` of each way on the response names."""
    found = []
    link = next_link(result.headers.get("Link"))
    if link:
        reason = 'the Link header has rel="next"'
        found.append(("link-header", True, Pagination(style="link"), reason))
    for seen in _keys(body, NEXT_URL_KEYS):
        if seen.value is None or _looks_like_url(seen.value):
            p = Pagination(style="next_url", next_url_path=seen.path)
            what = "a URL" if seen.value else "null (the last page)"
            found.append(("next-url", seen.value is not None, p, f"{seen.path} holds {what}"))
            break
    for seen in _keys(body, CURSOR_KEYS):
        if seen.value is None or (isinstance(seen.value, str) and not _looks_like_url(seen.value)):
            p = Pagination(style="cursor", cursor_path=seen.path, cursor_param=_param(seen.key))
            what = "a cursor" if seen.value else "null (the last page)"
            found.append(("cursor", bool(seen.value), p, f"{seen.path} holds {what}"))
            break
    return found


def _param(key: str) -> str:
    """The parameter a cursor key is sent back as: ``next_cursor`` → ``cursor``."""
    for prefix in ("next_", "next"):
        if key.startswith(prefix) and len(key) > len(prefix):
            rest = key[len(prefix) :]
            name = rest[0].lower() + rest[1:]
            return key if name == "token" else name  # AWS sends NextToken back as it is
    return "after" if key == "endCursor" else key


def _number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _first(names: tuple[str, ...], query: dict[str, str], body: Any) -> tuple[str, int, str] | None:
    """``(name, value, where)`` of the first of ``names`` sent in the request (a number),
    else echoed in the body."""
    for name in names:
        if _number(query.get(name)) is not None:
            return name, int(query[name]), "sent in the request"
    for seen in _keys(body, names):
        if _number(seen.value) is not None:
            return seen.key, int(seen.value), f"echoed in the body at {seen.path}"
    return None


def _total(result: Result, body: Any) -> tuple[dict[str, str], str] | None:
    """Where the total is: ``({"total_path": …} or {"total_header": …}, description)``."""
    for seen in _keys(body, TOTAL_KEYS):
        if _number(seen.value) is not None:
            return {"total_path": seen.path}, f"a total at {seen.path}"
    for header in TOTAL_HEADERS:
        if _number(result.headers.get(header)) is not None:
            return {"total_header": header}, f"a total in the {header} header"
    return None


def _counted(result: Result, body: Any) -> list[tuple[str, bool, Pagination, str]]:
    """The page-number and offset rules (a parameter sent, or echoed beside a total)."""
    query = dict(query_pairs(result.request.url))
    total = _total(result, body)
    fields: dict[str, Any] = dict(total[0]) if total else {}
    size = _first(SIZE_KEYS, query, body)
    if size is not None:
        fields.update(size_param=size[0], page_size=size[1] or None)
    found = []
    for rule, names, param in (
        ("page-number", PAGE_KEYS, "page_param"),
        ("offset", OFFSET_KEYS, "offset_param"),
    ):
        hit = _first(names, query, body)
        if hit is None or (hit[2] != "sent in the request" and total is None):
            continue
        name, value, where = hit
        extra = {"first_page": 0 if value == 0 else 1} if rule == "page-number" else {}
        style = "page" if rule == "page-number" else "offset"
        p = Pagination(style=style, **{param: name}, **extra, **fields)
        reason = f"{name!r} {where}" + (f", with {total[1]}" if total else "")
        found.append((rule, True, p, reason))
    return found


def detect_pagination(result: Result) -> Detection:
    """The pagination style of ``result``'s list, read off this (first) response by the
    rules of the module docstring; a :class:`PaginationError` when the shape does not
    decide it, saying what was seen and how to set the style by hand."""
    try:
        body = result.json() if result.content else None
    except ValueError:  # not JSON: only headers can tell
        body = None
    ways = _ways_on(result, body)
    strong = [w for w in ways if w[1]]
    chosen = strong or ways
    if len(chosen) > 1:
        raise _refusal(result, body, "more than one way on: " + "; ".join(w[3] for w in chosen))
    if not chosen:
        chosen = _counted(result, body)
        if len(chosen) > 1:
            raise _refusal(
                result, body, "both a page and an offset: " + "; ".join(w[3] for w in chosen)
            )
    if not chosen:
        raise _refusal(result, body, "no next link, next URL, cursor, page or offset")
    rule, _, pagination, reason = chosen[0]
    return Detection(pagination.style, pagination, rule, f"{rule}: {reason}")


def _refusal(result: Result, body: Any, problem: str) -> PaginationError:
    if isinstance(body, dict):
        keys = ", ".join(list(map(str, body))[:12]) or "none"
        shape = f"a JSON object with keys {keys}"
    elif isinstance(body, list):
        shape = f"a JSON list of {len(body)} items"
    else:
        shape = f"a {result.content_type or 'body of no content type'}"
    sent = ", ".join(k for k, _ in query_pairs(result.request.url)) or "none"
    return PaginationError(
        f"cannot detect how the list of action {result.action_id!r} continues: {problem}. "
        f"Seen: {shape}; Link header {'present' if result.headers.get('Link') else 'absent'}; "
        f"query parameters sent: {sent}. Set the style by hand, e.g. "
        "pagination=Pagination(style='cursor', cursor_path='$.next_cursor'), "
        "Pagination(style='next_url', next_url_path='$.next') or "
        "Pagination(style='page', page_param='page', size_param='per_page')"
    )
