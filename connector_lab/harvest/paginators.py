"""One class per pagination style: how the first request is made, and how the next one
follows from a page — the page number or offset counted on, the cursor read from the body
(JSONPath) or a header and sent in the query or the JSON body, the next URL read from the
body (a relative one resolved against the URL the page was requested at) or the ``Link``
header's ``rel="next"`` (parsed by requests, RFC 8288).

A paginator holds no state of the run: workers call it from several threads. The page and
offset styles can also say where any later page is (:meth:`Countable.at`,
:meth:`Countable.numbered`), which is what lets pages be fetched side by side.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass, replace
from typing import Any, ClassVar
from urllib.parse import urljoin

from requests.utils import parse_header_links

from ..errors import PaginationError, SpecError
from ..spec.pagination import Pagination
from ..tables.records import compile_jsonpath
from ..wire.request import FORM_CONTENT_TYPE, RequestPlan
from ..wire.result import Result


@dataclass(frozen=True)
class PageRequest:
    """One page to ask for: the plan to send and what in it moves through the list."""

    plan: RequestPlan
    index: int = 0
    page: int | None = None
    offset: int | None = None
    cursor: str | None = None
    url: str | None = None

    @property
    def key(self) -> str | None:
        """The cursor or URL the loop guard watches (None for counted styles)."""
        return self.cursor if self.cursor is not None else self.url


def set_query(plan: RequestPlan, name: str, value: Any) -> RequestPlan:
    """``plan`` with ``name=value`` in its query, replacing any value it had."""
    query = tuple((k, v) for k, v in plan.query if k != name)
    return replace(plan, query=(*query, (name, str(value))))


def query_int(plan: RequestPlan, name: str | None) -> int | None:
    """The integer value of ``name`` in the plan's query (None when absent or not a number)."""
    values = [v for k, v in plan.query if k == name]
    try:
        return int(values[-1]) if values else None
    except ValueError:
        return None


def set_body(plan: RequestPlan, dotted: str, value: Any) -> RequestPlan:
    """``plan`` with ``value`` at the dotted key of its JSON body (objects made on the way,
    as the body parameters of an action are placed)."""
    body = copy.deepcopy(plan.json) if isinstance(plan.json, dict) else {}
    keys = dotted.split(".")
    target = body
    for key in keys[:-1]:
        target = target.setdefault(key, {})
    target[keys[-1]] = value
    content_type = FORM_CONTENT_TYPE if plan.body_style == "form" else "application/json"
    headers = {"Content-Type": content_type, **plan.headers}
    return replace(plan, json=body, headers=headers)


def read_path(body: Any, path: str, field: str) -> Any:
    """The first value at JSONPath ``path`` in ``body`` (None when nothing matches)."""
    try:
        expression = compile_jsonpath(path)
    except SpecError as exc:
        raise SpecError([(f"pagination.{field}", exc.problems[0][1])]) from None
    matches = expression.find(body)
    return matches[0].value if matches else None


def read_total(result: Result, pagination: Pagination) -> int | None:
    """The total number of records the page reports (body path or header), if it does."""
    if pagination.total_path:
        value, where = read_path(result.json(), pagination.total_path, "total_path"), "total_path"
    elif pagination.total_header:
        value, where = result.headers.get(pagination.total_header), "total_header"
    else:
        return None
    if value is None:
        return None
    try:
        total = int(value)
    except (TypeError, ValueError):
        total = -1
    if total < 0 or isinstance(value, bool):
        raise PaginationError(
            f"pagination.{where}: the page reports the total as {str(value)[:40]!r}, not a "
            "count of records; point it at the total (e.g. '$.total') or clear it"
        )
    return total


class Paginator:
    """How one style asks for its pages. Subclasses set ``style`` and ``end``."""

    style: ClassVar[str]
    #: The stop reason when a page gives no way on.
    end: ClassVar[str]
    countable: ClassVar[bool] = False

    def __init__(self, pagination: Pagination, base: RequestPlan):
        self.pagination = pagination
        if pagination.size_param and pagination.page_size:
            base = set_query(base, pagination.size_param, pagination.page_size)
        self.base = base

    @property
    def page_size(self) -> int | None:
        """Records per page: declared, or the size parameter's value in the request."""
        return self.pagination.page_size or query_int(self.base, self.pagination.size_param)

    def first(self) -> PageRequest:
        return PageRequest(self.base)

    def after(self, result: Result, request: PageRequest, received: int) -> PageRequest | None:
        """The request for the page after ``result`` (None: the list ends here)."""
        raise NotImplementedError

    def found(self, result: Result) -> str | None:
        """The cursor or URL ``result`` names as the way on, as read (for ``PageInfo.next``)."""
        return None


class Countable(Paginator):
    """Styles whose later pages are known from the first: page numbers and offsets."""

    countable = True

    def after(self, result: Result, request: PageRequest, received: int) -> PageRequest | None:
        return self.at(request.index + 1, received)

    def at(self, index: int, size: int | None = None) -> PageRequest:
        """The page ``index`` pages after the first (``size``: records a page, if learned)."""
        raise NotImplementedError

    def numbered(self, number: int, size: int | None = None) -> PageRequest:
        """Page ``number`` as the user counts pages (``pages=range(...)``)."""
        raise NotImplementedError

    def pages_for(self, total: int, size: int) -> int:
        """How many pages, from the first, hold ``total`` records at ``size`` a page."""
        raise NotImplementedError


class PagePaginator(Countable):
    style, end = "page", "no further page"

    @property
    def start(self) -> int:
        sent = query_int(self.base, self.pagination.page_param)
        return self.pagination.first_page if sent is None else sent

    def first(self) -> PageRequest:
        return self.numbered(self.start)

    def at(self, index: int, size: int | None = None) -> PageRequest:
        return replace(self.numbered(self.start + index), index=index)

    def numbered(self, number: int, size: int | None = None) -> PageRequest:
        plan = set_query(self.base, self.pagination.page_param, number)
        return PageRequest(plan, index=number - self.start, page=number)

    def pages_for(self, total: int, size: int) -> int:
        return math.ceil(total / size) - (self.start - self.pagination.first_page)


class OffsetPaginator(Countable):
    style, end = "offset", "no further page"

    @property
    def start(self) -> int:
        return query_int(self.base, self.pagination.offset_param) or 0

    def first(self) -> PageRequest:
        return self._request(0, self.start)

    def at(self, index: int, size: int | None = None) -> PageRequest:
        return self._request(index, self.start + index * self._size(size))

    def numbered(self, number: int, size: int | None = None) -> PageRequest:
        return self._request(number - 1, (number - 1) * self._size(size))

    def after(self, result: Result, request: PageRequest, received: int) -> PageRequest | None:
        # On by the records received: a server that caps the page size below the one asked
        # for would otherwise have records skipped.
        return self._request(request.index + 1, (request.offset or 0) + received)

    def pages_for(self, total: int, size: int) -> int:
        return math.ceil((total - self.start) / size)

    def _size(self, learned: int | None) -> int:
        size = learned or self.page_size  # what the first page held beats what was asked
        if not size:
            raise PaginationError(
                "the offset style needs the page size to count offsets: set "
                "pagination.page_size (and size_param, e.g. 'limit')"
            )
        return size

    def _request(self, index: int, offset: int) -> PageRequest:
        plan = set_query(self.base, self.pagination.offset_param, offset)
        return PageRequest(plan, index=index, offset=offset)


class CursorPaginator(Paginator):
    style, end = "cursor", "no next cursor"

    def found(self, result: Result) -> str | None:
        p = self.pagination
        if p.cursor_header:
            value = result.headers.get(p.cursor_header)
        else:
            value = read_path(result.json(), p.cursor_path or "", "cursor_path")
        if value is None or value == "" or isinstance(value, dict | list | bool):
            return None
        return str(value)

    def after(self, result: Result, request: PageRequest, received: int) -> PageRequest | None:
        cursor = self.found(result)
        if cursor is None:
            return None
        p = self.pagination
        if p.cursor_in == "body":
            plan = set_body(self.base, p.cursor_param, cursor)
        else:
            plan = set_query(self.base, p.cursor_param, cursor)
        return PageRequest(plan, index=request.index + 1, cursor=cursor)


class _Following(Paginator):
    """Styles that follow a URL the page names; the URL is sent as it is, with no query of
    the action's added (the server built it)."""

    def after(self, result: Result, request: PageRequest, received: int) -> PageRequest | None:
        found = self.found(result)
        if found is None:
            return None
        url = urljoin(request.plan.full_url, found)
        plan = replace(request.plan, url=url, query=())
        return PageRequest(plan, index=request.index + 1, url=url)


class NextUrlPaginator(_Following):
    style, end = "next_url", "no next URL"

    def found(self, result: Result) -> str | None:
        value = read_path(result.json(), self.pagination.next_url_path or "", "next_url_path")
        return value if isinstance(value, str) and value.strip() else None


class LinkPaginator(_Following):
    style, end = "link", 'no Link rel="next"'

    def found(self, result: Result) -> str | None:
        return next_link(result.headers.get("Link"))


def next_link(header: str | None) -> str | None:
    """The ``rel="next"`` target of a ``Link`` header (relations are space-separated and
    case-insensitive, RFC 8288 §3.3), or None."""
    if not header:
        return None
    for link in parse_header_links(header):
        if "next" in link.get("rel", "").lower().split() and link.get("url"):
            return link["url"]
    return None


PAGINATORS: dict[str, type[Paginator]] = {
    cls.style: cls
    for cls in (PagePaginator, OffsetPaginator, CursorPaginator, NextUrlPaginator, LinkPaginator)
}


def paginator_for(pagination: Pagination, base: RequestPlan) -> Paginator:
    """The paginator of a declared (not ``auto``) style."""
    return PAGINATORS[pagination.style](pagination, base)
