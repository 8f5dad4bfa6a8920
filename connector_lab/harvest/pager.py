"""``iter_pages``, behind ``Client.pages``: the first page, then every later one in page
order, each Result carrying its :class:`~.pageinfo.PageInfo`.

The first page is always fetched alone: it decides the style (``auto``), the records path
(the action's, else the one detected on it, kept for every later page) and, for the page
and offset styles, whether the pages are known in advance — a total reported, or an
explicit ``pages=`` range or count. Known pages are fetched side by side by a bounded pool
(:class:`~.fetching.OrderedFetch`); otherwise one page ahead (:func:`~.fetching.background`).
A page with an HTTP error status raises :class:`~connector_lab.errors.HTTPStatusError`.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ..errors import ConnectorLabError, PaginationError, PaginationLoopError, SpecError
from ..spec.actions import Action
from ..spec.pagination import Pagination
from ..wire.redact import Redactor
from ..wire.result import Result
from .detection import detect_pagination
from .fetching import OrderedFetch, background
from .guard import LoopGuard, mask
from .pageinfo import PageInfo
from .paginators import Countable, PageRequest, Paginator, paginator_for, read_total, set_query
from .records import LIST_RULES, count_records
from .stops import Stops

if TYPE_CHECKING:
    from ..wire.client import Client

#: Worker threads for pages known in advance (waiting on the network, not computing).
DEFAULT_WORKERS = 8
MAX_WORKERS = 64


@dataclass
class Page:
    """One fetched page: its Result and PageInfo, the request that got it, the request for
    the page after it (None: the list ends), and the records rule that counted it."""

    result: Result
    info: PageInfo
    request: PageRequest
    next: PageRequest | None
    rule: str


def iter_pages(
    client: Client,
    action: Action | str,
    values: Mapping[str, Any],
    *,
    pages: int | Iterable[int] | None = None,
    workers: int | None = None,
    pagination: Any = None,
) -> Iterator[Result]:
    """The pages of ``action`` as Results (see ``Client.pages``). Checks the arguments and
    builds the first request now, so a mistake raises here, not at the first ``next()``."""
    if isinstance(action, str):
        action = client.connector.action(action)
    run = _Run(client, action, _pagination(action, pagination), _workers(workers))
    run.plan(dict(values), pages)
    if client.history is None:
        return _pages(run)
    return _recorded(run, _pages(run), dict(values))


def _recorded(run: _Run, pages: Iterator[Result], values: dict[str, Any]) -> Iterator[Result]:
    """``pages``, each appended to the client's run history as it is yielded (kind
    ``page``, one run id for the whole harvest); a page that raises is recorded too."""
    run_id = uuid.uuid4().hex[:12]
    number = 0
    try:
        for result in pages:
            number = result.page.number if result.page is not None else number + 1
            run.client.record(
                result, kind="page", run_id=run_id, number=number, params=values, action=run.action
            )
            yield result
    except ConnectorLabError as exc:
        run.client.record(
            exc, kind="page", run_id=run_id, number=number + 1, params=values, action=run.action
        )
        raise


def _pagination(action: Action, given: Any) -> Pagination:
    if given is None:
        return action.pagination or Pagination()
    if isinstance(given, Pagination):
        return given
    if isinstance(given, str):
        return Pagination(style=given)  # type: ignore[arg-type]
    if isinstance(given, Mapping):
        return Pagination(**given)
    raise TypeError(
        f"pagination must be a Pagination, a dict of its fields or a style name, not "
        f"{type(given).__name__}; e.g. pagination=Pagination(style='page', page_size=100)"
    )


def _workers(workers: int | None) -> int:
    if workers is None:
        return DEFAULT_WORKERS
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= 64:
        raise SpecError(
            [("workers", f"{workers!r} is not a number of threads from 1 to {MAX_WORKERS}")]
        )
    return workers


def _pages_argument(pages: Any) -> tuple[int | None, Iterator[int] | None, int | None]:
    """``(count, numbers after the first, first number)`` of the ``pages=`` argument."""
    if pages is None:
        return None, None, None
    if isinstance(pages, int) and not isinstance(pages, bool):
        if pages < 1:
            raise SpecError([("pages", f"{pages} is below 1; give a count of pages or a range")])
        return pages, None, None
    numbers = (_page_number(n) for n in pages)
    first = next(numbers, None)
    if first is None:
        raise SpecError([("pages", f"{pages!r} holds no page number; e.g. range(1, 11)")])
    return None, numbers, first


def _page_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SpecError([("pages", f"{value!r} is not a page number (0, 1, 2 …)")])
    return value


class _Run:
    """One run of ``Client.pages``: what it was given and what the first page taught it."""

    def __init__(self, client: Client, action: Action, pagination: Pagination, workers: int):
        self.client = client
        self.action = action
        self.given = pagination
        self.pagination = pagination
        self.workers = workers
        self.records_path = action.records_path
        self.paginator: Paginator | None = None
        self.guard = LoopGuard(lambda: self.redactor)
        self.count: int | None = None
        self.numbers: Iterator[int] | None = None
        self.detection = None  # what ``auto`` decided, once the first page is in

    @cached_property
    def redactor(self) -> Redactor:
        return self.client.auth.redactor()

    def plan(self, values: dict[str, Any], pages: Any) -> None:
        """Build the base request and the first page's request."""
        self.count, self.numbers, first_number = _pages_argument(pages)
        values, extra = self._split(values)
        base = self.client.prepare(self.action, values)
        for name, value in extra.items():
            base = set_query(base, name, value)
        p = self.pagination
        if p.style == "auto":
            if first_number is not None:
                base = set_query(base, p.page_param, first_number)
            self.base = Paginator(p, base).base
            self.first = PageRequest(self.base)
            return
        self.paginator = paginator_for(p, base)
        self.base = self.paginator.base
        self.first = self._first_request(first_number)

    def _split(self, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
        """The action's values, and pagination values (``page=3``, ``per_page=50``) for
        parameters the action does not declare: those go to the query as given."""
        p = self.pagination
        names = {p.page_param, p.offset_param, p.size_param, p.cursor_param} - {None}
        declared = {param.name for param in self.action.params if param.source == "user"}
        extra = {k: v for k, v in values.items() if k in names and k not in declared}
        return {k: v for k, v in values.items() if k not in extra}, extra

    def _first_request(self, number: int | None) -> PageRequest:
        paginator = self.paginator
        if number is None:
            return paginator.first()
        if not isinstance(paginator, Countable):
            raise PaginationError(
                f"pages={number}… names page numbers, which the {paginator.style} style does "
                "not have (each page says where the next is); give pages=N for at most N "
                "pages, or set pagination.max_pages"
            )
        return paginator.numbered(number)

    def fetch(self, request: PageRequest, number: int) -> Page:
        """Send ``request`` (in any thread) and read the page: records, total, way on."""
        return self.read(self.send(request), request, number)

    def send(self, request: PageRequest) -> Result:
        """Send ``request`` (in any thread); nothing of the body is parsed yet."""
        return self.client.send(request.plan, action=self.action).raise_for_status()

    def read(self, result: Result, request: PageRequest, number: int) -> Page:
        """The page ``result`` is: its records counted, its total and the way on read."""
        received, path, rule = count_records(result, self.records_path)
        info = PageInfo(number, received, records_path=path, page=request.page)
        info.offset, info.cursor = request.offset, self._shown(request.cursor, "cursor")
        info.url = self._shown(request.url, "next URL")
        result.page = info
        page = Page(result, info, request, None, rule)
        if self.paginator is not None:
            self._read(page)
        return page

    def _read(self, page: Page) -> None:
        """What ``page`` says of the run: the total, and the request for the next page."""
        assert self.paginator is not None
        page.info.total = read_total(page.result, self.pagination)
        page.next = self.paginator.after(page.result, page.request, page.info.received)
        if page.next is not None and page.next.key is not None:
            page.info.next = self._shown(page.next.key, self.kind)

    def repeated(self, page: Page) -> PaginationLoopError | None:
        """Page numbers and offsets: the error to raise when ``page`` is the page before
        it over again (the server ignores the parameter; see ``guard``)."""
        if not isinstance(self.paginator, Countable) or not page.info.received:
            return None
        p = self.pagination
        param = p.offset_param if p.style == "offset" else p.page_param
        return self.guard.same_body(page.result.content, page.info.number, param)

    def _shown(self, value: str | None, kind: str) -> str | None:
        return None if value is None else mask(self.redactor, value, kind)

    @property
    def kind(self) -> str:
        return "cursor" if self.pagination.style == "cursor" else "next URL"

    # -- after the first page -------------------------------------------------------------
    def adopt(self, page: Page) -> None:
        """``auto``: the style detected on the first page, with the stop rules and sizes
        the user gave kept; the first page is then read as that style's first page."""
        detection = detect_pagination(page.result)
        fields = {
            **detection.pagination.model_dump(exclude_defaults=True),
            **self.given.model_dump(exclude_defaults=True, exclude={"style"}),
        }
        self.pagination = Pagination(**{**fields, "style": detection.style})
        self.paginator = paginator_for(self.pagination, self.base)
        if self.numbers is not None and not isinstance(self.paginator, Countable):
            raise PaginationError(
                f"pages= names page numbers, but the list was detected as {detection.style} "
                f"style ({detection.reason}); give pages=N, or set the style by hand"
            )
        page.request = replace(self.paginator.first(), plan=page.request.plan)
        page.info.page, page.info.offset = page.request.page, page.request.offset
        self._read(page)
        self.detection = detection

    def learn(self, page: Page) -> Stops:
        """Keep the first page's records path for every later page (so an empty page is
        read as empty, not re-detected), and set up the stop rules."""
        if self.records_path is None and page.rule in LIST_RULES:
            self.records_path = page.info.records_path
        assert self.paginator is not None
        cursorish = not isinstance(self.paginator, Countable)
        if self.first.key is not None:
            self.guard.seen(self.first.key)
        if cursorish and self.pagination.style != "cursor":
            self.guard.seen(self.first.plan.full_url)
        return Stops(
            self.pagination,
            page_size=self.paginator.page_size,
            max_pages=self.count if cursorish else None,
        )

    def later(self, first: Page, stops: Stops) -> Iterator[PageRequest] | None:
        """The requests for the pages after the first, when they are known in advance: an
        explicit range or count, or a total (pages capped by ``max_pages``/``max_records``)."""
        paginator = self.paginator
        if not isinstance(paginator, Countable):
            return None
        size = first.info.received or None
        if self.numbers is not None:
            return (paginator.numbered(n, size) for n in self.numbers)
        count = self.count
        if count is None and stops.total is not None and size:
            count = paginator.pages_for(stops.total, size)
            limit = self.pagination.max_records
            if limit is not None:
                count = min(count, math.ceil(limit / size))
        if count is None:
            return None
        if stops.max_pages is not None:
            count = min(count, stops.max_pages)
        return (paginator.at(i, size) for i in range(1, count))


def _pages(run: _Run) -> Iterator[Result]:
    first = run.fetch(run.first, 1)
    if run.paginator is None:
        run.adopt(first)
    stops = run.learn(first)
    run.repeated(first)  # remembers the first page's body
    stop = stops.after(first.info)
    later = None if stop else run.later(first, stops)
    if later is None:
        yield from _one_ahead(run, first, stops, stop)
    else:
        yield from _side_by_side(run, first, stops, later)


def _one_ahead(run: _Run, page: Page, stops: Stops, stop: str | None) -> Iterator[Result]:
    """Each page's next request comes from the page: fetch it while the consumer handles
    this one; at most one page ahead."""
    assert run.paginator is not None
    with background(1) as pool:
        while True:
            loop = None
            repeated = run.repeated(page) if page.info.number > 1 else None
            if repeated is not None:
                raise repeated  # its records are the page before's: not yielded again
            if stop is None and page.next is None:
                stop = run.paginator.end
            elif stop is None:
                loop = run.guard.check(page.next.key, run.kind, page.info.number)
                stop = f"the {run.kind} repeats: a loop" if loop else None
            if stop is not None:
                page.info.stop = stop
                yield page.result
                if loop is not None:
                    raise loop
                return
            ahead = pool.submit(run.fetch, page.next, page.info.number + 1)
            yield page.result
            page = ahead.result()
            stop = stops.after(page.info)


def _side_by_side(
    run: _Run, first: Page, stops: Stops, later: Iterator[PageRequest]
) -> Iterator[Result]:
    """Pages known in advance, fetched by the worker pool, yielded in page order; the
    first stop rule that fires ends the run and cancels what is still queued."""
    numbered = ((request, number) for number, request in enumerate(later, start=2))
    run.client.session.ensure_pool(run.workers)
    window = 2 * run.workers
    # The workers only send: each body is parsed here, in page order, when its turn comes,
    # so the pages waiting in the window hold their bytes, not parsed JSON (≈ 7× larger).
    with OrderedFetch(
        lambda item: (run.send(item[0]), item), numbered, run.workers, window
    ) as sent:
        if sent.empty:
            first.info.stop = "the last page asked for"
        yield first.result
        if sent.empty:
            return
        for (result, (request, number)), last in sent:
            page = run.read(result, request, number)
            del result  # the Page holds it; the name must not keep it past this turn
            repeated = run.repeated(page)
            if repeated is not None:
                raise repeated  # its records are the page before's: not yielded again
            stop = stops.after(page.info)
            if stop is None and last:
                stop = "the last page asked for"
            if stop is not None:
                page.info.stop = stop
                yield page.result
                return
            yield page.result
