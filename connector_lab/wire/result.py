"""What running an action returns: status, headers, timing, the body in every form, and the
request as sent with secrets masked (also as a cURL command).

A ``Result`` is cheap to make: the masked views are computed only when asked for, so the hot
path of a harvest pays for the HTTP exchange and little else.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import requests

from ..errors import HTTPStatusError, ResponseParseError, SpecError
from ..spec.actions import Action
from .curl import to_curl
from .redact import Redactor

if TYPE_CHECKING:
    import pandas as pd

    from ..harvest.pageinfo import PageInfo
    from ..tables.check import ResponseCheck
    from ..tables.flattening import ListMode
    from ..tables.records import RecordSelection
    from .retry import Attempt

# The table methods below import the tables layer when called, not here: sending a request
# never needs pandas (≈0.6 s to import), and the tables layer sits above this one.

# Bodies above this size are parsed with the garbage collector paused: json.loads creates
# tens of thousands of containers per page and the collector's passes over them cost more
# than the parse (a harvest of 0.6 MB pages ran 1.5x slower with it on; bench/harvest.py).
# json.loads makes no reference cycles, so nothing is left for the collector afterwards.
_PAUSE_GC_ABOVE = 1 << 16


def loads_json(content: bytes) -> Any:
    """``json.loads`` of bytes, with the collector paused for large bodies."""
    if len(content) < _PAUSE_GC_ABOVE or not gc.isenabled():
        return json.loads(content)
    gc.disable()
    try:
        return json.loads(content)
    finally:
        gc.enable()


@dataclass(frozen=True)
class SentRequest:
    """The request as it went on the wire, secrets masked."""

    method: str
    url: str
    headers: dict[str, str]
    body: str | None

    def __str__(self) -> str:
        lines = [f"{self.method} {self.url}"]
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.body:
            lines += ["", self.body]
        return "\n".join(lines)


class Result:
    """The outcome of one request. HTTP errors do not raise; see :meth:`raise_for_status`."""

    def __init__(
        self,
        response: requests.Response,
        redactor: Callable[[], Redactor],
        action: Action | str | None = None,
    ):
        self._response = response
        self._make_redactor = redactor
        #: The action that was run (its records path and expected response are the defaults
        #: of :meth:`to_frame` and :meth:`check`).
        self.action = action if isinstance(action, Action) else None
        self.action_id = action.id if isinstance(action, Action) else (action or "")
        self.status: int = response.status_code
        self.reason: str = response.reason or ""
        self.headers = response.headers
        self.elapsed: float = response.elapsed.total_seconds()
        self.content: bytes = response.content
        #: Every try of the request, the last one this answer (set by the client).
        self.attempts: list[Attempt] = []
        #: Where this Result sits in a paginated run (``Client.pages``); None for one run.
        self.page: PageInfo | None = None

    @cached_property
    def _redactor(self) -> Redactor:
        # Built on first use: masking costs nothing until something is shown.
        return self._make_redactor()

    # -- retries ----------------------------------------------------------------------------
    @property
    def retries(self) -> int:
        """How many times the request was tried again before this answer."""
        return max(0, len(self.attempts) - 1)

    @property
    def waited(self) -> float:
        """Seconds spent waiting before the tries: backoff, Retry-After and the rate limit."""
        return sum(attempt.waited for attempt in self.attempts)

    # -- the body ---------------------------------------------------------------------------
    @property
    def ok(self) -> bool:
        return self.status < 400

    @property
    def content_type(self) -> str:
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()

    @cached_property
    def text(self) -> str:
        return self._response.text

    def json(self) -> Any:
        """The body parsed as JSON; a clear error says what came back if it is not JSON."""
        return self._json

    @cached_property
    def _json(self) -> Any:
        failure = None
        try:
            return loads_json(self.content)
        except ValueError:
            failure = self._not_json()
        except RecursionError:
            failure = self._too_deep()
        # Raised outside the except block: the JSON error's ``doc`` is the whole body, which
        # must not ride along as __context__.
        raise failure

    def release(self) -> Result:
        """Forget the parsed body and the decoded text (kept after the first ``.json()`` or
        ``.text``, ≈ 7× the body's size): a harvest flattens each page, then releases it.
        ``.json()`` and ``.text`` work as before, parsing again when next asked."""
        self.__dict__.pop("_json", None)
        self.__dict__.pop("text", None)
        return self

    def _too_deep(self) -> ResponseParseError:
        limit = sys.getrecursionlimit()
        return ResponseParseError(
            f"the response of action {self.action_id!r} (HTTP {self.status}, "
            f"{len(self.content)} bytes) is JSON nested deeper than the parser's limit: "
            f"{limit} levels (Python's recursion limit, less the calls already running); "
            "read it with .text or .content, or raise the limit with sys.setrecursionlimit()",
            content_type=self.content_type or None,
        )

    def _not_json(self) -> ResponseParseError:
        head = self.content[:80]
        try:
            shown = repr(self._redactor.text(head.decode("utf-8")))
        except UnicodeDecodeError:
            shown = f"binary bytes {head[:16].hex(' ')}"
        kind = self.content_type or "no content type"
        return ResponseParseError(
            f"expected JSON from action {self.action_id!r} but the response is {kind} "
            f"(HTTP {self.status}, {len(self.content)} bytes) starting with {shown}; "
            "use .text or .content, or .to_frame() for CSV and JSON Lines",
            content_type=self.content_type or None,
        )

    # -- the request as sent --------------------------------------------------------------------
    @cached_property
    def _first_response(self) -> requests.Response:
        return self._response.history[0] if self._response.history else self._response

    @cached_property
    def request(self) -> SentRequest:
        """The request as sent (before any redirect), with secrets masked."""
        prepared = self._first_response.request
        return SentRequest(
            method=prepared.method or "GET",
            url=self._redactor.url(prepared.url or ""),
            headers=self._redactor.headers(prepared.headers),
            body=self._redactor.body(prepared.body),
        )

    @property
    def url(self) -> str:
        """The final URL (after redirects), secrets masked."""
        return self._redactor.url(self._response.url)

    @property
    def history(self) -> list[tuple[int, str]]:
        """Redirects and retries before the final answer: ``(status, masked url)``."""
        return [(r.status_code, self._redactor.url(r.url)) for r in self._response.history]

    def curl(self, *, reveal_secrets: bool = False) -> str:
        """The request as a cURL command; secrets are ``***`` unless ``reveal_secrets``."""
        prepared = self._first_response.request
        return to_curl(
            prepared.method or "GET",
            prepared.url or "",
            prepared.headers,
            prepared.body,
            None if reveal_secrets else self._redactor,
        )

    # -- tables ---------------------------------------------------------------------------------
    def records(self, path: str | None = None) -> RecordSelection:
        """The records of a JSON body: by JSONPath, the action's records path, or detected."""
        from ..tables.records import select_records

        return select_records(self.json(), path or self._records_path())

    def _records_path(self) -> str | None:
        return self.action.records_path if self.action else None

    def to_frame(
        self,
        records: str | None = None,
        *,
        explode: str | None = None,
        meta: Sequence[str] | None = None,
        lists: ListMode = "keep",
        max_depth: int | None = None,
        schema: Any = None,
    ) -> pd.DataFrame:
        """The body as a DataFrame (JSON, CSV or JSON Lines).

        ``records``: JSONPath of the records (default: the action's, else detected — the
        path used is in ``frame.attrs["records_path"]``). ``explode``: dotted path of a list
        of objects to turn into rows, with the parent's fields (or only ``meta``) carried
        down. ``lists``: ``"keep"`` lists of scalars, ``"join"`` them, or ``"json"``.
        ``max_depth``: levels of nesting flattened into columns (default 32).
        Column dtypes follow ``schema`` (a sample) or the action's expected response.
        """
        from ..tables.tabular import frame_from_body

        return frame_from_body(
            self.content_type,
            self.content,
            self.json,
            records=records or self._records_path(),
            explode_path=explode,
            meta=meta,
            lists=lists,
            max_depth=max_depth,
            schema=schema,
            expected=self.action.expected_response if self.action else None,
        )

    def tables(
        self, records: str | None = None, *, root: str | None = None, lists: ListMode = "keep"
    ) -> dict[str, pd.DataFrame]:
        """Related tables: the records, plus one child table per list of objects, each row
        keyed to its parent (``_id``, ``_parent_id``, ``_position``)."""
        from ..tables.tabular import tables_from_body

        return tables_from_body(
            self.content_type,
            self.content,
            self.json,
            records=records or self._records_path(),
            root=root,
            lists=lists,
        )

    def check(self, expected: Any = None) -> ResponseCheck:
        """Compare with the expected response (the action's sample unless one is given):
        HTTP 2xx, a JSON body (not empty, not ``null``), and the sample's fields present with
        compatible types; ``.problem`` says why a body could not be compared."""
        from ..tables.check import check_body

        sample = (
            expected
            if expected is not None
            else (self.action.expected_response if self.action else None)
        )
        if sample is None:
            raise SpecError(
                [
                    (
                        "expected_response",
                        f"action {self.action_id!r} has no "
                        "expected response; parse a sample response into it first",
                    )
                ]
            )
        fields = self.action.response_fields if self.action and expected is None else []
        optional = [f.path for f in fields if not f.required]
        return check_body(sample, self.content, self.json, status=self.status, optional=optional)

    def raise_for_status(self) -> Result:
        """Raise :class:`HTTPStatusError` for a 4xx/5xx answer; return self otherwise."""
        if self.ok:
            return self
        side = "client" if self.status < 500 else "server"
        snippet = self._redactor.text(self.content[:200].decode("utf-8", errors="replace"))
        last = self.attempts[-1].reason if self.attempts else "done"
        tries = f" [{len(self.attempts)} attempts; {last}]" if last != "done" else ""
        raise HTTPStatusError(
            f"HTTP {self.status} {self.reason} ({side} error) from {self.request.method} "
            f"{self.url}{tries}: {snippet}",
            result=self,
        )

    def __repr__(self) -> str:
        return (
            f"<Result {self.action_id or 'request'}: {self.status} {self.reason}, "
            f"{self.content_type or 'no content type'}, {len(self.content)} bytes>"
        )
