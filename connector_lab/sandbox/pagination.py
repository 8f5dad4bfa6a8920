"""Paginated lists in the five common styles, over one deterministic list of ``total`` items.

Styles: page number, offset/limit, opaque cursor in the body, absolute next URL in the body,
and RFC 8288 ``Link`` header. Every style takes ``total`` (how long the list is) and ``delay``
(seconds of simulated latency per page, for benchmarks of concurrent paging). Items are made on
demand from their index, so a page of a million-item list costs no more than a page of ten.
``items=orders`` pages over nested orders (those of ``/orders``: a customer, line items)
instead of the flat ``{"id", "name", "value"}`` items — the shape a harvest benchmark needs.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import math
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl, urlencode

from . import data
from .messages import BadParameter, Request, Response, delay_param, int_param, json_response

__all__ = ["by_cursor", "by_link_header", "by_next_url", "by_offset", "by_page"]

DEFAULT_TOTAL = 95
MAX_TOTAL = 1_000_000
MAX_PAGE_SIZE = 10_000


def _with_latency(handler: Callable[[Request], Response]) -> Callable[[Request], Response]:
    """Answer ``delay`` seconds late; a bad parameter is refused at once, without the wait."""

    @functools.wraps(handler)
    def delayed(req: Request) -> Response:
        delay = delay_param(req)
        response = handler(req)
        time.sleep(delay)
        return response

    return delayed


def _total(req: Request) -> int:
    return int_param(req, "total", DEFAULT_TOTAL, 0, MAX_TOTAL)


#: What ``items=`` may ask for: the record made for each 1-based position.
ITEM_KINDS: dict[str, Callable[[int, int], dict]] = {
    "items": data.paged_item,
    "orders": data.order,
}


class _Raw(bytes):
    """Items already serialized (a JSON list), spliced into the page as they are."""


#: What stands for the raw items while the rest of the page is serialized.
_HOLE = "\x00items\x00"
_HOLE_JSON = json.dumps(_HOLE).encode()


def _items(req: Request, start: int, stop: int) -> list[dict] | _Raw:
    """Items at 0-based positions ``[start, stop)``, clipped to the list. Orders come as
    cached JSON text: a page of 1,000 costs ≈ 50 ms to make and serialize, which would
    swamp what a harvest benchmark measures on the client side."""
    kind = req.arg("items", "items")
    make = ITEM_KINDS.get(kind)
    if make is None:
        known = ", ".join(ITEM_KINDS)
        raise BadParameter("items", f"items must be one of {known}, got {kind!r}")
    if kind == "orders":
        return _Raw(data.orders_json(req.state.seed, start, stop))
    return [make(req.state.seed, n + 1) for n in range(start, stop)]


def _page_response(obj: Any, headers: list[tuple[str, str]] | None = None) -> Response:
    """``json_response``, with raw items (a value of ``obj``, or ``obj`` itself) spliced in."""
    if isinstance(obj, _Raw):
        return Response(200, bytes(obj), headers=list(headers or []))
    values = obj.values() if isinstance(obj, dict) else ()
    raw = next((v for v in values if isinstance(v, _Raw)), None)
    if raw is None:
        return json_response(obj, headers=headers)
    shaped = {k: _HOLE if v is raw else v for k, v in obj.items()}
    body = json.dumps(shaped, ensure_ascii=False).encode("utf-8").replace(_HOLE_JSON, raw, 1)
    return Response(200, body, headers=list(headers or []))


def _page_params(req: Request) -> tuple[int, int, int]:
    total = _total(req)
    page = int_param(req, "page", 1, 1, 10**9)
    per_page = int_param(req, "per_page", 10, 1, MAX_PAGE_SIZE)
    return total, page, per_page


def _page_slice(total: int, page: int, per_page: int) -> tuple[int, int]:
    start = min((page - 1) * per_page, total)
    return start, min(start + per_page, total)


def _url_with(req: Request, **changes: int) -> str:
    """This request's absolute URL (host from the Host header) with query values replaced."""
    host = req.header("Host") or req.site.host_port
    query = parse_qsl(req.query_string, keep_blank_values=True)
    pairs = [(k, v) for k, v in query if k not in changes]
    pairs += [(k, str(v)) for k, v in changes.items()]
    return f"http://{host}{req.path}?{urlencode(pairs)}"


@_with_latency
def by_page(req: Request) -> Response:
    """``GET /paged/pages?page=1&per_page=10`` → page, per_page, total, total_pages, data."""
    total, page, per_page = _page_params(req)
    start, stop = _page_slice(total, page, per_page)
    return _page_response(
        {
            "page": page,
            "per_page": per_page,
            "total": total,
            "total_pages": math.ceil(total / per_page),
            "data": _items(req, start, stop),
        }
    )


@_with_latency
def by_offset(req: Request) -> Response:
    """``GET /paged/offset?offset=0&limit=10`` → offset, limit, total, items."""
    total = _total(req)
    offset = int_param(req, "offset", 0, 0, 10**12)
    limit = int_param(req, "limit", 10, 1, MAX_PAGE_SIZE)
    start = min(offset, total)
    items = _items(req, start, min(start + limit, total))
    return _page_response({"offset": offset, "limit": limit, "total": total, "items": items})


def _encode_cursor(position: int) -> str:
    return base64.urlsafe_b64encode(f"pos:{position}".encode()).decode().rstrip("=")


def _decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        tag, _, number = text.partition(":")
        position = int(number)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        position = -1
        tag = ""
    if tag != "pos" or position < 0:
        raise BadParameter("cursor", "cursor is not one this server handed out")
    return position


@_with_latency
def by_cursor(req: Request) -> Response:
    """``GET /paged/cursor?cursor=…&limit=10`` → items, next_cursor (opaque; null at the end)."""
    total = _total(req)
    limit = int_param(req, "limit", 10, 1, MAX_PAGE_SIZE)
    cursor = req.arg("cursor")
    start = min(_decode_cursor(cursor), total) if cursor else 0
    stop = min(start + limit, total)
    next_cursor = _encode_cursor(stop) if stop < total else None
    return _page_response({"items": _items(req, start, stop), "next_cursor": next_cursor})


@_with_latency
def by_next_url(req: Request) -> Response:
    """``GET /paged/next?page=1&per_page=10`` → results, next (absolute URL or null)."""
    total, page, per_page = _page_params(req)
    start, stop = _page_slice(total, page, per_page)
    next_url = _url_with(req, page=page + 1) if stop < total else None
    return _page_response({"results": _items(req, start, stop), "next": next_url})


@_with_latency
def by_link_header(req: Request) -> Response:
    """``GET /paged/link?page=1&per_page=10`` → a JSON list; ``Link`` next/last/first/prev."""
    total, page, per_page = _page_params(req)
    start, stop = _page_slice(total, page, per_page)
    last = max(math.ceil(total / per_page), 1)
    # GitHub's order and rules: next/last while there are later pages, first/prev after page 1.
    links = []
    if page < last:
        links += [("next", page + 1), ("last", last)]
    if page > 1:
        links += [("first", 1), ("prev", min(page - 1, last))]
    headers = [("X-Total-Count", str(total))]
    if links:
        value = ", ".join(f'<{_url_with(req, page=p)}>; rel="{rel}"' for rel, p in links)
        headers.append(("Link", value))
    return _page_response(_items(req, start, stop), headers=headers)
