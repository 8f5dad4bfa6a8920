"""Running actions: a :class:`Client` binds a connector to an auth account and a run context,
and sends requests through one long-lived, credential-safe session.

>>> client = Client(connector, AuthAccount(name="test", values={"token": "..."}))  # doctest: +SKIP
>>> client.run("list_orders", count=5).json()  # doctest: +SKIP
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import requests

from ..errors import RequestTimeout, TransportError
from ..spec.accounts import AuthAccount
from ..spec.actions import Action
from ..spec.connectors import Connector
from .auth import TokenCache, credentials_for
from .failures import connection_failure, timed_out
from .limits import DEFAULT_MAX_RESPONSE_BYTES, Budget, check_max_bytes
from .policy import DEFAULT_POLICY, NetworkPolicy
from .redact import guard_library_logs
from .request import RequestPlan, RunContext, build_request
from .result import Result
from .transport import CredentialSafeSession

DEFAULT_TIMEOUT = 30.0
log = logging.getLogger("connector_lab")


class Client:
    """Runs a connector's actions with one auth account.

    ``timeout`` (seconds) bounds each whole exchange — connecting, the headers, the body and
    any redirects — and ``max_response_bytes`` each response body, counted decompressed; a
    run may give its own of either. ``network`` is the :class:`NetworkPolicy` every
    connection is checked against (default: no link-local or cloud-metadata addresses).
    The client holds a session: use it as a context manager, or call :meth:`close`.
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
    ):
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
        self.connector = connector
        self.account = account if account is not None else AuthAccount(name="anonymous")
        self.context = context or RunContext()
        if network is not None and not isinstance(network, NetworkPolicy):
            raise TypeError(
                f"network must be a NetworkPolicy, not {type(network).__name__}; e.g. "
                "NetworkPolicy('public_only', allow=['10.0.0.0/8'])"
            )
        self.timeout = timeout
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
            timeout=timeout,
        )
        self.session.protect(self.auth.credential_headers, self.auth.credential_query)
        guard_library_logs(self.auth.credential_query)

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
        **params: Any,
    ) -> Result:
        """Build, authenticate and send ``action``; HTTP errors are returned, not raised."""
        if isinstance(action, str):
            action = self.connector.action(action)
        plan = self.prepare(action, values, **params)
        return self.send(
            plan, action=action, timeout=timeout, max_response_bytes=max_response_bytes
        )

    def send(
        self,
        plan: RequestPlan,
        *,
        action: Action | None = None,
        timeout: float | None = None,
        max_response_bytes: int | None = None,
    ) -> Result:
        """Send a prepared plan through the session with this client's credentials."""
        limit = self.timeout if timeout is None else timeout
        size = self.max_response_bytes
        if max_response_bytes is not None:
            size = check_max_bytes(max_response_bytes)
        error: TransportError | None = None
        try:
            response = self.session.request(
                plan.method,
                plan.url,
                params=plan.query or None,
                headers=plan.headers,
                data=plan.body_bytes(),
                auth=self.auth,
                timeout=Budget(limit, size),  # one deadline and size limit for every hop
            )
        except TransportError as exc:  # the session's own: a limit, the deadline, the policy
            error = self._masked(exc)
        except requests.RequestException as exc:
            error = self._transport_error(plan, exc, limit)
        if error is not None:
            # Raised outside the except block, so requests' exception (its text has the URL
            # with its query, secrets and all) is not kept as the error's __context__.
            raise error
        result = Result(response, self.auth.redactor, action)
        if log.isEnabledFor(logging.DEBUG):
            log.debug(
                "%s %s -> %s (%.1f ms)",
                plan.method,
                result.request.url,
                result.status,
                result.elapsed * 1000,
            )
        return result

    def _transport_error(
        self, plan: RequestPlan, exc: requests.RequestException, limit: float
    ) -> TransportError:
        """Our error for requests' exception: the masked URL, what happened and a fix. The
        caller raises it outside its except block: requests' own message holds the URL with
        its query, secrets and all, and must not stay on the error as its context."""
        redactor = self.auth.redactor()
        url = redactor.url(plan.full_url)
        where = f"{plan.method} {url}"
        if timed_out(exc):
            return RequestTimeout(
                f"{where}: no answer within {limit:g} s; raise the timeout or check that the "
                "server is up",
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
