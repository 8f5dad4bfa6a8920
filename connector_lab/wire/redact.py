"""The one masking helper. Reprs, error messages, the request echo, cURL text and logs all go
through a :class:`Redactor`, so a secret is hidden the same way everywhere.

Two complementary rules, because either alone leaks:
- *by name*: credential-bearing header names and query keys are masked whatever their value
  (an access token fetched at run time is not known in advance);
- *by value*: every known secret value (and its derived forms, such as the base64 of
  ``user:password``) is replaced wherever it appears in free text.
"""

from __future__ import annotations

import base64
import logging
import re
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Protocol
from urllib.parse import quote, quote_plus

from .._rules import MASK
from .urls import map_query_values

#: Header names that carry credentials in any scheme this package knows.
SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-acs-dingtalk-access-token",
        "x-hmac-auth-signature",
        "x-ca-signature",
        "apikey",
        "x-api-key",
    }
)

#: Query keys that carry credentials in the schemes this package knows (DingTalk legacy).
SENSITIVE_QUERY = frozenset({"access_token", "appsecret", "app_secret", "client_secret"})


def derived_forms(secret: str) -> list[str]:
    """The secret as it may appear on the wire: raw, percent-encoded (as a path, or as a
    query value: ``+`` for a space) and base64-encoded."""
    forms = {secret, quote(secret, safe=""), quote(secret, safe="/"), quote_plus(secret, safe="")}
    forms.add(base64.b64encode(secret.encode()).decode())
    return [form for form in forms if form]


class Redactor:
    """Masks known secret values, credential headers and credential query keys.

    >>> r = Redactor(secrets=["s3cret"], headers=["X-Token"])
    >>> r.text("token=s3cret")
    'token=***'
    >>> r.headers({"X-Token": "abc", "Accept": "*/*"})
    {'X-Token': '***', 'Accept': '*/*'}
    """

    def __init__(
        self,
        secrets: Iterable[str] = (),
        *,
        headers: Iterable[str] = (),
        query: Iterable[str] = (),
    ):
        values: set[str] = set()
        for secret in secrets:
            if secret:
                values.update(derived_forms(str(secret)))
        # Longest first, so a secret that contains another is masked whole.
        self._values = sorted(values, key=len, reverse=True)
        self.header_names = SENSITIVE_HEADERS | {h.lower() for h in headers}
        self.query_names = SENSITIVE_QUERY | {q.lower() for q in query}

    def text(self, text: str) -> str:
        for value in self._values:
            if value in text:
                text = text.replace(value, MASK)
        return text

    def headers(self, headers: Mapping[str, str]) -> dict[str, str]:
        return {
            name: MASK if name.lower() in self.header_names else self.text(str(value))
            for name, value in headers.items()
        }

    def url(self, url: str) -> str:
        masked = map_query_values(url, self._query_value, safe="*")
        return self.text(masked)

    def _query_value(self, key: str, value: str) -> str:
        return MASK if key.lower() in self.query_names else value

    def body(self, body: bytes | str | None) -> str | None:
        if body is None:
            return None
        if isinstance(body, bytes):
            body = body.decode("utf-8", errors="replace")
        return self.text(body)


class SecretSource(Protocol):
    """What the log guard asks for secret values: a credential applier of a live client."""

    def secrets(self) -> list[str]: ...


class QueryRedactionFilter(logging.Filter):
    """Masks credentials in log records of the HTTP libraries underneath.

    urllib3 logs every request line at DEBUG — with its query string, where an API key or a
    DingTalk ``access_token`` may sit. Two rules, as in :class:`Redactor`: credential query
    names (:meth:`protect`; raw and percent-encoded, since ``api key`` is logged as
    ``api+key``) and, by value, every secret of the live appliers registered with
    :meth:`watch` (raw and encoded), before any handler formats the record.
    """

    def __init__(self) -> None:
        super().__init__()
        self._names: set[str] = set(SENSITIVE_QUERY)
        self._sources: weakref.WeakSet[SecretSource] = weakref.WeakSet()
        self._lock = threading.Lock()
        self._pattern = self._compile()

    def _compile(self) -> re.Pattern[str]:
        forms = {f for n in self._names for f in (n, quote_plus(n, safe=""), quote(n, safe=""))}
        names = "|".join(sorted(re.escape(f) for f in forms))
        return re.compile(rf"([?&](?:{names})=)[^&\s\"']*", re.IGNORECASE)

    def protect(self, names: Iterable[str]) -> None:
        with self._lock:
            before = len(self._names)
            self._names.update(n.lower() for n in names)
            if len(self._names) != before:
                self._pattern = self._compile()

    def watch(self, source: SecretSource) -> None:
        """Mask the values of ``source.secrets()`` (asked when a record is logged, so
        ``env:`` values and fresh tokens count) for as long as ``source`` lives."""
        with self._lock:
            self._sources.add(source)

    def mask(self, text: str) -> str:
        text = self._pattern.sub(rf"\g<1>{MASK}", text)
        with self._lock:
            sources = list(self._sources)
        secrets = [secret for source in sources for secret in source.secrets()]
        return Redactor(secrets).text(text) if secrets else text

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self.mask(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(self.mask(a) if isinstance(a, str) else a for a in record.args)
        return True


#: The one filter instance, attached to urllib3's loggers when a client is created.
LOG_FILTER = QueryRedactionFilter()
# The request line (connectionpool) and a retried URL (util.retry); a logger's filter does not
# apply to its children's records, so each is named.
_LIBRARY_LOGGERS = ("urllib3.connectionpool", "urllib3.util.retry")


def guard_library_logs(
    query_names: Iterable[str] = (), *, secrets_of: SecretSource | None = None
) -> None:
    """Attach :data:`LOG_FILTER` to the HTTP libraries' loggers (once), register credential
    query names and, with ``secrets_of``, an applier whose secret values are masked too."""
    LOG_FILTER.protect(query_names)
    if secrets_of is not None:
        LOG_FILTER.watch(secrets_of)
    for name in _LIBRARY_LOGGERS:
        logger = logging.getLogger(name)
        if LOG_FILTER not in logger.filters:
            logger.addFilter(LOG_FILTER)
