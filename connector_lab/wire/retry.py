"""The attempts of one request under a :class:`~connector_lab.spec.policies.RetryPolicy`: what
is tried again, how long to wait first, and the record of every attempt (:class:`Attempt`).

The decisions are urllib3's :class:`~urllib3.util.Retry` — its status and method allow-lists
(``is_retry``), its counting (``increment``, which says when the retries are used up), its
exponential backoff (``get_backoff_time``: no wait before the first retry, then
``backoff_factor × 2^(n-1)`` after n failures in a row, capped at ``backoff_max``) and its
``Retry-After`` parser (seconds or an HTTP date). Added here: jitter as a share of the backoff,
the ceiling on ``Retry-After`` (a longer wait gives up, saying so), and the record.

The loop itself is in ``Client.send`` (not in requests' adapter, whose retries stay at 0), so
every attempt gets its credentials applied again, a fresh deadline and a rate-limit slot.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import requests
from urllib3.exceptions import (
    ConnectTimeoutError,
    InvalidHeader,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
)
from urllib3.util import Retry

from ..errors import BlockedAddressError, ResponseTooLarge, TransportError
from ..spec.policies import RetryPolicy
from .failures import causes

_jitter = random.Random()  # jitter needs no seed: it only spreads clients apart


@dataclass(frozen=True)
class Attempt:
    """One try of a request: its ``number`` (1 is the first), the HTTP ``status`` it got or
    the ``error`` text (masked) if it got none, the seconds ``waited`` before it (backoff,
    Retry-After and the rate limit) and the ``reason`` for what came next ("retried: HTTP
    503", "gave up: …", "done")."""

    number: int
    status: int | None
    error: str | None
    waited: float
    reason: str


def urllib3_retry(policy: RetryPolicy) -> Retry:
    """urllib3's Retry for ``policy`` (counting all kinds of failure against ``total``)."""
    return Retry(
        total=policy.total,
        connect=None,
        read=None,
        redirect=None,
        status=None,
        other=None,
        allowed_methods=policy.retried_methods,
        status_forcelist=policy.statuses,
        backoff_factor=policy.backoff_factor,
        backoff_max=policy.backoff_max,
        raise_on_status=False,
        respect_retry_after_header=policy.respect_retry_after,
    )


def connect_failure(exc: requests.RequestException) -> bool:
    """Whether ``exc`` happened before anything was sent (a refused or timed-out connect,
    a name that does not resolve): such a try is safe to repeat whatever the method."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    return any(isinstance(c, NewConnectionError) for c in causes(exc))


class Attempts:
    """The record and retry decisions for one request; ``policy`` None: one try only."""

    def __init__(self, policy: RetryPolicy | None, method: str, url: str):
        self.policy = policy
        self.method = method.upper()
        self.url = url
        self._retry = urllib3_retry(policy) if policy is not None else None
        self.list: list[Attempt] = []

    def _record(self, status: int | None, error: str | None, waited: float, reason: str):
        self.list.append(Attempt(len(self.list) + 1, status, error, waited, reason))

    def after_response(self, response: requests.Response, waited: float) -> float | None:
        """Record an answer; the seconds to wait before trying again, or None: it stands."""
        status = response.status_code
        retry = self._retry
        if retry is None or not retry.is_retry(self.method, status):
            self._record(status, None, waited, self._why_not(status=status))
            return None
        assert self.policy is not None
        retry_after = None
        if self.policy.respect_retry_after:
            try:
                retry_after = retry.get_retry_after(response.raw)
            except InvalidHeader:  # an unreadable Retry-After: the backoff decides
                retry_after = None
        ceiling = self.policy.max_retry_after
        if retry_after is not None and retry_after > ceiling:
            reason = (
                f"gave up: the server asks to wait {retry_after:g} s (Retry-After), over "
                f"max_retry_after={ceiling:g} s; raise RetryPolicy.max_retry_after to wait "
                "that long, or try later"
            )
            self._record(status, None, waited, reason)
            return None
        return self._next(status, None, waited, retry_after, response=response.raw)

    def after_error(
        self, error: TransportError, waited: float, *, connect: bool = False
    ) -> float | None:
        """Record a failed exchange; the seconds to wait before trying again, or None.
        ``connect``: it failed before anything was sent."""
        text = str(error)
        retry = self._retry
        policy = self.policy
        if retry is None or policy is None or not policy.connection_errors:
            self._record(None, text, waited, "done" if retry is None else "not retried")
            return None
        if isinstance(error, (ResponseTooLarge, BlockedAddressError)):
            self._record(None, text, waited, "not retried: trying again would fail the same")
            return None
        if not connect and self.method not in retry.allowed_methods:
            self._record(None, text, waited, self._why_not(status=None))
            return None
        # What urllib3 counts it as: a connect error, or a read error (the request went out).
        cause = ConnectTimeoutError(text) if connect else ProtocolError(text)
        return self._next(None, text, waited, None, error=cause)

    def _next(self, status, text, waited, retry_after, **what) -> float | None:
        """Count one more try with urllib3 (``what``: the response or the error); the wait
        before it, or None when the retries are used up."""
        assert self._retry is not None and self.policy is not None
        try:
            self._retry = self._retry.increment(self.method, self.url, **what)
        except MaxRetryError:
            total = self.policy.total
            reason = f"gave up: {total} retr{'y' if total == 1 else 'ies'} used (RetryPolicy.total)"
            self._record(status, text, waited, reason)
            return None
        if retry_after is not None:
            wait, how = retry_after, f"Retry-After {retry_after:g} s"
        else:
            wait, how = self._backoff(), "backoff"
        what_failed = f"HTTP {status}" if status is not None else "connection error"
        self._record(status, text, waited, f"retried: {what_failed} ({how})")
        return wait

    def _backoff(self) -> float:
        assert self._retry is not None and self.policy is not None
        base = self._retry.get_backoff_time()
        share = self.policy.jitter
        return min(self.policy.backoff_max, base * _jitter.uniform(1 - share, 1 + share))

    def _why_not(self, *, status: int | None) -> str:
        policy = self.policy
        if policy is None or (status is not None and status not in policy.statuses):
            return "done"
        if self.method == "POST":
            return "not retried: POST is retried only with RetryPolicy(allow_post=True)"
        return f"not retried: {self.method} is not in RetryPolicy.methods"

    def gave_up_note(self) -> str:
        """For an error's message: how many tries were made, if more than one."""
        if len(self.list) < 2:
            return ""
        return f" (after {len(self.list)} attempts; {self.list[-1].reason})"
