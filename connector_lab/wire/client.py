"""Running actions: a :class:`Client` binds a connector to an auth account and a run context,
and sends requests through one long-lived, credential-safe session.

>>> client = Client(connector, AuthAccount(name="test", values={"token": "..."}))  # doctest: +SKIP
>>> client.run("list_orders", count=5).json()  # doctest: +SKIP
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Protocol

import requests

from ..errors import ConnectorLabError, HTTPStatusError, RequestTimeout, TransportError
from ..spec.accounts import AuthAccount
from ..spec.actions import Action
from ..spec.connectors import Connector
from ..spec.policies import RateLimit, RetryPolicy, Timeouts
from .auth import TokenCache, credentials_for
from .failures import connection_failure, timed_out
from .journal import build_entry
from .limits import DEFAULT_MAX_RESPONSE_BYTES, Budget, check_max_bytes
from .policy import DEFAULT_POLICY, NetworkPolicy
from .ratelimit import RateLimiter
from .redact import guard_library_logs
from .request import RequestPlan, RunContext, build_request
from .result import Result
from .retry import Attempts, connect_failure
from .transport import CredentialSafeSession
from .urls import origin_of, query_pairs, with_query

if TYPE_CHECKING:
    import pandas as pd

    from ..harvest.batch import BatchOutcome

DEFAULT_TIMEOUT = 30.0
log = logging.getLogger("connector_lab")


class Journal(Protocol):
    """Where :meth:`Client.record` appends (``connector_lab.store.history.RunHistory``)."""

    def append(self, entry: Mapping[str, Any]) -> None: ...


def _check_arguments(connector: object, account: object, network: object, history: object):
    """A TypeError with an example of the right thing, for each argument of the wrong kind."""
    if not isinstance(connector, Connector):
        raise TypeError(
            f"Client needs a Connector, not {type(connector).__name__}; build "
            "one with Connector(...) or Workspace(...).load(id)"
        )
    if account is not None and not isinstance(account, AuthAccount):
        raise TypeError(
            f"account must be an AuthAccount, not {type(account).__name__}; "
            "e.g. AuthAccount(name='test', values={'token': 'env:API_KEY'})"
        )
    if network is not None and not isinstance(network, NetworkPolicy):
        raise TypeError(
            f"network must be a NetworkPolicy, not {type(network).__name__}; e.g. "
            "NetworkPolicy('public_only', allow=['10.0.0.0/8'])"
        )
    if history is not None and not callable(getattr(history, "append", None)):
        raise TypeError(
            f"history must be a RunHistory, not {type(history).__name__}; e.g. "
            "RunHistory('history/runs.jsonl') or Workspace(...).run_history"
        )


class Client:
    """Runs a connector's actions with one auth account.

    ``timeout`` (seconds) bounds each whole exchange — connecting, the headers, the body and
    any redirects — and ``max_response_bytes`` each response body, counted decompressed; a
    run may give its own of either. ``network`` is the :class:`NetworkPolicy` every
    connection is checked against (default: no link-local or cloud-metadata addresses).
    The client holds a session: use it as a context manager, or call :meth:`close`.

    With a ``history`` (a ``RunHistory``), every :meth:`run` — answered, failed on the
    wire, or refused for its parameters — is appended to it, masked (see :meth:`record`).
    ``connector_id`` names the connector there (default: its display name;
    ``Workspace.client`` gives the workspace id).

    ``retry`` (:class:`RetryPolicy`), ``rate_limit`` (:class:`RateLimit`, shared by every
    thread using this client) and ``timeouts`` (:class:`Timeouts`: connect, read and total
    seconds per attempt; its ``total`` wins over ``timeout``) replace the connector's own;
    with neither, a request is tried once. Each attempt shows in ``Result.attempts``.
    """

    def __init__(
        self,
        connector: Connector,
        account: AuthAccount | None = None,
        *,
        context: RunContext | None = None,
        timeout: float = DEFAULT_TIMEOUT,
        token_cache: TokenCache | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
        network: NetworkPolicy | None = None,
        retry: RetryPolicy | None = None,
        rate_limit: RateLimit | None = None,
        timeouts: Timeouts | None = None,
        history: Journal | None = None,
        connector_id: str | None = None,
    ):
        _check_arguments(connector, account, network, history)
        self.connector = connector
        self.account = account if account is not None else AuthAccount(name="anonymous")
        self.context = context or RunContext()
        self.timeout = self._use_policies(retry, rate_limit, timeouts, timeout)
        self.max_response_bytes = check_max_bytes(max_response_bytes)
        self.network = network or DEFAULT_POLICY
        self.session = CredentialSafeSession(
            connector.origin, network=self.network, max_response_bytes=self.max_response_bytes
        )
        self.auth = credentials_for(
            connector.auth,
            self.account,
            session=self.session,
            token_cache=token_cache,
            timeout=self.timeout,
        )
        self.session.protect(self.auth.credential_headers, self.auth.credential_query)
        guard_library_logs(self.auth.credential_query)
        self.history = history
        self.connector_id = connector_id or connector.display_name

    def _use_policies(
        self,
        retry: RetryPolicy | None,
        rate_limit: RateLimit | None,
        timeouts: Timeouts | None,
        timeout: float,
    ) -> float:
        """Set the client's retry policy, rate limit and timeouts (those given, else the
        connector's own); the total timeout: ``timeouts.total`` when given, else ``timeout``."""
        connector = self.connector
        self.retry = _checked(retry, RetryPolicy, "RetryPolicy(total=3)") or connector.retry
        self.rate_limit = (
            _checked(rate_limit, RateLimit, "RateLimit(requests=5, per='second')")
            or connector.rate_limit
        )
        self.limiter = RateLimiter(self.rate_limit) if self.rate_limit else None
        self.timeouts = (
            _checked(timeouts, Timeouts, "Timeouts(connect=5, read=30)") or connector.timeouts
        )
        if self.timeouts is not None and self.timeouts.total is not None:
            return self.timeouts.total
        return timeout

    def prepare(
        self, action: Action | str, values: Mapping[str, Any] | None = None, /, **params: Any
    ) -> RequestPlan:
        """The request ``run`` would send (before auth) — for previews and tests."""
        return build_request(
            self.connector, action, {**(values or {}), **params}, context=self.context
        )

    def run(
        self,
        action: Action | str,
        values: Mapping[str, Any] | None = None,
        /,
        *,
        timeout: float | None = None,
        max_response_bytes: int | None = None,
        retry: RetryPolicy | None = None,
        **params: Any,
    ) -> Result:
        """Build, authenticate and send ``action``; HTTP errors are returned, not raised.
        ``retry`` replaces the client's retry policy for this run. With a history, the
        run is recorded (an error too, then raised)."""
        if self.history is None:  # the hot path pays nothing for the journal
            return self._run(action, values, timeout, max_response_bytes, retry, params)
        merged = {**(values or {}), **params}
        started = time.perf_counter()
        try:
            result = self._run(action, values, timeout, max_response_bytes, retry, params)
        except ConnectorLabError as exc:
            self.record(exc, params=merged, action=action, elapsed=time.perf_counter() - started)
            raise
        self.record(result, params=merged)
        return result

    def _run(
        self,
        action: Action | str,
        values: Mapping[str, Any] | None,
        timeout: float | None,
        max_response_bytes: int | None,
        retry: RetryPolicy | None,
        params: dict[str, Any],
    ) -> Result:
        if isinstance(action, str):
            action = self.connector.action(action)
        plan = self.prepare(action, values, **params)
        return self.send(
            plan,
            action=action,
            timeout=timeout,
            max_response_bytes=max_response_bytes,
            retry=retry,
        )

    def send(
        self,
        plan: RequestPlan,
        *,
        action: Action | None = None,
        timeout: float | None = None,
        max_response_bytes: int | None = None,
        retry: RetryPolicy | None = None,
    ) -> Result:
        """Send a prepared plan through the session with this client's credentials, trying
        again as the retry policy says (``retry`` replaces the client's for this send)."""
        limit = self.timeout if timeout is None else timeout
        size = self.max_response_bytes
        if max_response_bytes is not None:
            size = check_max_bytes(max_response_bytes)
        # Credentials go only to the connector's own origin: a next-page URL or Link found
        # in a body may point anywhere (the same rule the session applies to redirects).
        own = origin_of(plan.url) == origin_of(self.connector.origin)
        if not own:
            plan = self._without_credentials(plan)
        policy = _checked(retry, RetryPolicy, "RetryPolicy(total=3)") or self.retry
        attempts = Attempts(policy, plan.method, plan.url)  # no query: it may hold a secret
        response, error = self._tries(plan, limit, size, attempts, own=own)
        if error is not None:
            # Raised outside any except block, so requests' exception (its text has the URL
            # with its query, secrets and all) is not kept as the error's __context__.
            error.args = (str(error) + attempts.gave_up_note(), *error.args[1:])
            error.attempts = attempts.list
            raise error
        result = Result(response, self.auth.redactor, action)
        result.attempts = attempts.list
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %s (%.1f ms)",
                plan.method,
                result.request.url,
                result.status,
                result.elapsed * 1000,
            )
        return result

    def _tries(
        self, plan: RequestPlan, limit: float | None, size: int, attempts: Attempts, *, own: bool
    ) -> tuple[Any, TransportError | None]:
        """Try until an answer or error stands: wait (backoff, Retry-After), take a rate-limit
        slot, send; ``attempts`` records each try and decides whether to go on."""
        wait: float | None = 0.0
        while True:
            waited = wait or 0.0
            if waited:
                time.sleep(waited)
            if self.limiter is not None:
                waited += self.limiter.acquire()
            response, error, connect = self._attempt(plan, limit, size, own=own)
            if error is None:
                wait = attempts.after_response(response, waited)
            else:
                wait = attempts.after_error(error, waited, connect=connect)
            if wait is None:
                return response, error
            if response is not None:
                response.close()  # its body is read already: the connection goes back

    def _attempt(
        self, plan: RequestPlan, limit: float | None, size: int, *, own: bool
    ) -> tuple[Any, TransportError | None, bool]:
        """One exchange, credentials applied anew (``own``: to the connector's origin only)
        and its own deadline: ``(response, None, False)`` or ``(None, error, connect)``,
        ``connect`` true when nothing was sent."""
        # One deadline and size limit for every hop (redirects, a token retry) of this try.
        t = self.timeouts
        budget = Budget(limit, size) if t is None else Budget(limit, size, t.connect, t.read)
        try:
            response = self.session.request(
                plan.method,
                plan.url,
                params=plan.query or None,
                headers=plan.headers,
                data=plan.body_bytes(),
                auth=self.auth if own else None,
                timeout=budget,
            )
        except TransportError as exc:  # the session's own: a limit, the deadline, the policy
            return None, self._masked(exc), False
        except requests.RequestException as exc:
            return None, self._transport_error(plan, exc, limit), connect_failure(exc)
        return response, None, False

    def _without_credentials(self, plan: RequestPlan) -> RequestPlan:
        """``plan`` without any credential it carries — a credential query key or header, or
        any value holding a secret (a server may echo an API key into the next URL it hands
        out, under any name) — for a request to another origin."""
        names, keys = self.session.credential_headers, self.session.credential_query
        redactor = self.auth.redactor()

        def secret(name: str, value: str, credential_names: set[str]) -> bool:
            return name.lower() in credential_names or redactor.text(value) != value

        pairs = query_pairs(plan.url)
        kept = [(k, v) for k, v in pairs if not secret(k, v, keys)]
        return replace(
            plan,
            url=plan.url if len(kept) == len(pairs) else with_query(plan.url, kept),
            query=tuple((k, v) for k, v in plan.query if not secret(k, v, keys)),
            headers={k: v for k, v in plan.headers.items() if not secret(k, v, names)},
        )

    def pages(
        self,
        action: Action | str,
        values: Mapping[str, Any] | None = None,
        /,
        *,
        pages: int | Iterable[int] | None = None,
        workers: int | None = None,
        pagination: Any = None,
        **params: Any,
    ) -> Iterator[Result]:
        """Run ``action`` over all its pages: Results in page order, each with ``.page``
        (a :class:`~connector_lab.harvest.PageInfo`; the last one says why it stopped).

        ``pagination`` (a ``Pagination``, a dict of its fields or a style name) replaces the
        action's; ``pages`` is an explicit range of page numbers (``range(1, 11)``) or a
        count. Pages known in advance (a page number or offset with a total, or a range) are
        fetched by ``workers`` threads (default 8); other styles fetch one page ahead.
        Stopping the loop early cancels what is still queued. See ``connector_lab.harvest``.
        """
        # Imported here: the harvest stage sits above this one (it reads records through
        # the tables stage), and sending one request must not load it.
        from ..harvest.pager import iter_pages

        return iter_pages(
            self,
            action,
            {**(values or {}), **params},
            pages=pages,
            workers=workers,
            pagination=pagination,
        )

    def record(
        self,
        outcome: Result | ConnectorLabError,
        *,
        kind: str = "run",
        run_id: str | None = None,
        number: int | None = None,
        params: Mapping[str, Any] | None = None,
        action: Action | str | None = None,
        elapsed: float | None = None,
        records: int | None = None,
    ) -> dict[str, Any] | None:
        """Append ``outcome`` (a Result or an error a run raised) to the history, masked, and
        return the entry (None without a history). ``kind``: ``"run"``, ``"page"`` or
        ``"batch"``; ``run_id`` ties the entries of one harvest or batch together (a new one
        is made when not given); ``number``: the page or row number."""
        if self.history is None:
            return None
        if isinstance(outcome, HTTPStatusError) and isinstance(outcome.result, Result):
            outcome = outcome.result
        entry = build_entry(
            outcome,
            self.auth.redactor(),
            connector=self.connector_id,
            account=self.account.name,
            action=action.id if isinstance(action, Action) else action,
            method=action.method if isinstance(action, Action) else None,
            kind=kind,
            run_id=run_id or uuid.uuid4().hex[:12],
            number=number,
            params=params,
            elapsed=elapsed,
            records=records,
        )
        self.history.append(entry)
        return entry

    def batch(
        self,
        action: Action | str,
        inputs: pd.DataFrame | list[Mapping[str, Any]],
        *,
        mapping: Mapping[str, str] | None = None,
        workers: int = 4,
        progress: bool = True,
        keys: list[str] | None = None,
        on_row: Any = None,
    ) -> BatchOutcome:
        """Run ``action`` once per row of ``inputs``; see :func:`connector_lab.harvest.batch.
        run_batch`. One failing row never stops the others."""
        # Imported here: harvest sits above wire (and loads pandas); running one request
        # never needs it.
        from ..harvest.batch import run_batch

        return run_batch(
            self,
            action,
            inputs,
            mapping=mapping,
            workers=workers,
            progress=progress,
            keys=keys,
            on_row=on_row,
        )

    def _transport_error(
        self, plan: RequestPlan, exc: requests.RequestException, limit: float | None
    ) -> TransportError:
        """Our error for requests' exception: the masked URL, what happened and a fix. The
        caller raises it outside its except block: requests' own message holds the URL with
        its query, secrets and all, and must not stay on the error as its context."""
        redactor = self.auth.redactor()
        url = redactor.url(plan.full_url)
        where = f"{plan.method} {url}"
        if timed_out(exc):
            return RequestTimeout(
                f"{where}: no answer within {_seconds(limit, self.timeouts)}; raise the "
                "timeout or check that the server is up",
                method=plan.method,
                url=url,
            )
        if isinstance(exc, requests.TooManyRedirects):
            text = f"{where}: too many redirects; the server sends the request in a loop"
        elif isinstance(exc, requests.ConnectionError):
            text = f"{where}: {connection_failure(exc, redactor)}"
        else:
            text = f"{where}: {redactor.text(str(exc))}"
        return TransportError(text, method=plan.method, url=url)

    def _masked(self, exc: TransportError) -> TransportError:
        """``exc`` (raised by the transport, which names the URL without its query) with any
        secret in its text or URL masked — a path can carry a credential too."""
        redactor = self.auth.redactor()
        exc.args = tuple(redactor.text(str(arg)) for arg in exc.args)
        if exc.url is not None:
            exc.url = redactor.url(exc.url)
        # What the transport caught on its way (urllib3's errors name the URL) stays behind.
        exc.__cause__ = exc.__context__ = None
        exc.__suppress_context__ = True
        return exc

    def harvest(
        self,
        action: Action | str,
        values: Mapping[str, Any] | None = None,
        /,
        *,
        to: str | Any | None = None,
        tables: bool = False,
        **kw: Any,
    ) -> Any:
        """Every page of ``action`` as one DataFrame, child tables (``tables=True``), or a
        file (``to="orders.parquet"``, returning a ``HarvestReport``), flattened page by page
        — ``collect(self.pages(...))``; see :func:`connector_lab.harvest.collect.collect`.

        Options of the collecting (``records``, ``max_records``, ``explode``, ``lists``,
        ``table``, ``escape_formulas``) go to ``collect``; the rest to :meth:`pages`.
        """
        # harvest sits above the wire (it needs the tables layer, pandas and pyarrow), so it
        # is imported when a harvest runs, never when the wire is.
        from ..harvest.collect import COLLECT_OPTIONS, collect

        options = {name: kw.pop(name) for name in COLLECT_OPTIONS if name in kw}
        pages = self.pages(action, values, **kw)  # type: ignore[attr-defined]
        return collect(pages, action, to=to, tables=tables, **options)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"Client({self.connector.display_name!r}, account={self.account.name!r}, "
            f"auth={self.connector.auth.type!r})"
        )


def _checked(value: Any, kind: type, example: str) -> Any:
    """``value`` if it is None or a ``kind``; a clear TypeError otherwise."""
    if value is None or isinstance(value, kind):
        return value
    raise TypeError(
        f"expected a {kind.__name__} or None, not {type(value).__name__}; e.g. {example}"
    )


def _seconds(limit: float | None, timeouts: Timeouts | None) -> str:
    """The time limits in force, in words: "30 s", "30 s (connect 2 s, read 10 s)"."""
    text = "no total limit" if limit is None else f"{limit:g} s"
    parts = []
    if timeouts is not None and timeouts.connect is not None:
        parts.append(f"connect {timeouts.connect:g} s")
    if timeouts is not None and timeouts.read is not None:
        parts.append(f"read {timeouts.read:g} s")
    return f"{text} ({', '.join(parts)})" if parts else text
