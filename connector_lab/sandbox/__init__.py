"""connector_lab.sandbox — the bundled demo HTTP API (spec F-9).

A threaded server on loopback with deterministic data, emulating the DingTalk token flow and
APIs, the zero-trust HMAC gateway, an Aliyun AppCode gateway, Basic and API-key protected
endpoints, nested orders, five pagination styles, non-JSON formats, JSON errors, a slow
endpoint, 429 with Retry-After, redirects to another host, and an echo of what was sent.

    >>> from connector_lab.sandbox import serve
    >>> with serve() as api:                            # doctest: +SKIP
    ...     api.url, api.credentials.app_key
    ('http://127.0.0.1:50123', 'demo-app-key')

From a shell: ``python -m connector_lab.sandbox --port 8765`` (``--help`` lists the endpoints).

Modules: ``server`` (listeners, lifecycle, ``serve``/``start``), ``routes`` (``ENDPOINTS`` and
dispatch), ``state`` (counters, tokens, rate limits), ``messages`` (request/response values),
``faults`` (injected latency, 429, 503, resets), ``data`` (deterministic records),
``dingtalk``, ``zerotrust``, ``gateways`` (AppCode, Basic, API key), ``orders``,
``pagination``, ``misc`` (formats, errors, slow, rate limit, redirects, echo), ``__main__``
(CLI).
"""

from .credentials import DEMO_CREDENTIALS, SandboxCredentials
from .faults import FaultLog, Faults
from .routes import ENDPOINTS
from .server import SandboxAPI, SandboxStartError, serve, start

__all__ = [
    "DEMO_CREDENTIALS",
    "ENDPOINTS",
    "FaultLog",
    "Faults",
    "SandboxAPI",
    "SandboxCredentials",
    "SandboxStartError",
    "serve",
    "start",
]
