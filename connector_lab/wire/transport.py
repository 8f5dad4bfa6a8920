"""The HTTP session every client sends through: one long-lived ``requests.Session`` that
resolves environment settings once and never carries credentials to another server.

Why a subclass:
- *speed* — with ``trust_env=True`` requests re-reads proxy variables and ``.netrc`` on every
  call (≈200 µs of a ≈700 µs loopback request). Reading them once here, then sending with
  ``trust_env=False``, keeps proxy and CA-bundle support and drops the per-call cost.
  ``.netrc`` is deliberately not consulted: credentials come from auth accounts only.
- *safety* — on a redirect, requests strips only the standard ``Authorization`` header and
  keeps it on an http→https hop. Here any change of scheme, host or port strips every
  credential header (``x-acs-dingtalk-access-token``, API-key headers, signatures) and every
  credential query key (an API key in the query, ``access_token``).
- *limits* — every exchange ends within its timeout and reads at most ``max_response_bytes``
  of body (``limits.py``); the body is read here, so redirects, token endpoints and a token
  retry are bounded the same way.
- *network policy* — each new connection resolves its host, checks every address against a
  :class:`~.policy.NetworkPolicy` and connects to the address it checked (so a redirect or a
  token URL cannot reach a cloud metadata address, however it is spelled). Pooled
  connections are reused without a new check: the cost is paid once per connection.
  Through a proxy, the proxy resolves names: only an address literal in the URL is checked.
"""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from requests.utils import get_environ_proxies, select_proxy
from urllib3 import PoolManager
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NameResolutionError, NewConnectionError

from .._version import __version__
from .limits import DEFAULT_MAX_RESPONSE_BYTES, Budget, DeadlineResponse, read_body
from .policy import DEFAULT_POLICY, NetworkPolicy, parse_address
from .redact import SENSITIVE_HEADERS, SENSITIVE_QUERY
from .urls import drop_query_keys, origin_of


class _GuardedConnection:
    """Connects only to addresses the network policy allows; reads within the deadline."""

    response_class = DeadlineResponse

    def __init__(self, *args: Any, network: NetworkPolicy, **kwargs: Any):
        self.network = network
        super().__init__(*args, **kwargs)

    def _new_conn(self) -> socket.socket:
        host = self._dns_host
        try:
            addresses = self.network.addresses(host, self.port)
        except socket.gaierror as exc:
            raise NameResolutionError(self.host, self, exc) from exc  # as urllib3 does
        failed: NewConnectionError | None = None
        for address in addresses:  # each one checked; urllib3 connects to exactly that
            self._dns_host = address
            try:
                return super()._new_conn()
            except NewConnectionError as exc:
                failed = exc
            finally:
                self._dns_host = host
        if failed is None:
            raise NameResolutionError(self.host, self, socket.gaierror("no address"))
        raise failed


class GuardedHTTPConnection(_GuardedConnection, HTTPConnection):
    pass


class GuardedHTTPSConnection(_GuardedConnection, HTTPSConnection):
    pass


class _GuardedHTTPPool(HTTPConnectionPool):
    ConnectionCls = GuardedHTTPConnection


class _GuardedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = GuardedHTTPSConnection


class _GuardedPoolManager(PoolManager):
    """A pool manager whose pools make guarded connections under ``network``."""

    def __init__(self, network: NetworkPolicy, **kwargs: Any):
        super().__init__(**kwargs)
        self.network = network
        self.pool_classes_by_scheme = {"http": _GuardedHTTPPool, "https": _GuardedHTTPSPool}

    def _new_pool(self, scheme, host, port, request_context=None):
        pool = super()._new_pool(scheme, host, port, request_context)
        pool.conn_kw["network"] = self.network  # not a pool key: one policy per manager
        return pool


class LimitedAdapter(HTTPAdapter):
    """Sends through guarded connections and reads each body within its :class:`Budget`.

    The ``timeout`` of a send is a :class:`Budget` (the deadline and byte limit of the whole
    exchange, shared by its redirects and retries) or a number of seconds (or None), which
    starts a budget of its own with this adapter's byte limit."""

    def __init__(self, network: NetworkPolicy, max_response_bytes: int, **kwargs: Any):
        self.network = network
        self.max_response_bytes = max_response_bytes
        super().__init__(**kwargs)

    def init_poolmanager(self, connections, maxsize, block=False, **pool_kwargs):
        super().init_poolmanager(connections, maxsize, block, **pool_kwargs)
        self.poolmanager = _GuardedPoolManager(
            self.network, num_pools=connections, maxsize=maxsize, block=block, **pool_kwargs
        )

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        if not isinstance(timeout, Budget):
            timeout = Budget(timeout, self.max_response_bytes)
        if proxies and select_proxy(request.url, proxies):
            self._check_proxied(request.url)
        limit = timeout.urllib3_timeout(request)
        response = super().send(request, stream, limit, verify, cert, proxies)
        if not stream:
            read_body(response, timeout)
        return response

    def _check_proxied(self, url: str) -> None:
        """Through a proxy, the proxy resolves names: check an address literal in the URL."""
        host = urlsplit(url).hostname or ""
        literal = parse_address(host)
        if literal is not None:
            self.network.check(host, str(literal))


class CredentialSafeSession(requests.Session):
    """A Session for one API origin; see the module docstring for what it changes."""

    def __init__(
        self,
        base_url: str,
        *,
        pool_size: int = 32,
        network: NetworkPolicy = DEFAULT_POLICY,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ):
        super().__init__()
        self.proxies.update(get_environ_proxies(base_url))
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        if bundle:
            self.verify = bundle
        self.trust_env = False
        self.headers["User-Agent"] = f"connector-lab/{__version__}"
        self.network = network
        self.max_response_bytes = max_response_bytes
        self.pool_size = 0
        self._pool_lock = threading.Lock()
        # A pool at least as large as the threads that share it (batch runs, token tests).
        self.ensure_pool(pool_size)
        self.credential_headers: set[str] = set(SENSITIVE_HEADERS)
        self.credential_query: set[str] = set(SENSITIVE_QUERY)

    def ensure_pool(self, size: int) -> None:
        """Keep at least ``size`` connections per host in the pool, so ``size`` threads
        sending at once (a page pool, a batch) each reuse a connection of their own instead
        of opening and dropping one per request. Never shrinks the pool."""
        with self._pool_lock:
            if size <= self.pool_size:
                return
            adapter = LimitedAdapter(
                self.network, self.max_response_bytes, pool_connections=4, pool_maxsize=size
            )
            # The old adapter is not closed: a thread may be sending through it right now;
            # its pooled connections close when it is collected.
            self.mount("http://", adapter)
            self.mount("https://", adapter)
            self.pool_size = size

    def protect(self, headers: Iterable[str] = (), query: Iterable[str] = ()) -> None:
        """Also strip these header names and query keys on a cross-origin redirect."""
        self.credential_headers.update(h.lower() for h in headers)
        self.credential_query.update(q.lower() for q in query)

    def rebuild_auth(self, prepared_request, response) -> None:
        if origin_of(response.request.url) == origin_of(prepared_request.url):
            return
        for name in list(prepared_request.headers):
            if name.lower() in self.credential_headers:
                del prepared_request.headers[name]
        prepared_request.url = drop_query_keys(prepared_request.url, self.credential_query)
