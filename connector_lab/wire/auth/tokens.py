"""A thread-safe cache of short-lived access tokens, shared by the token-fetching schemes.

Improves on the usual template (e.g. dlt's OAuth helpers) in three ways the DingTalk platform
asks for: tokens are refreshed a margin *before* they expire; when many threads need a token
at once only one fetches it (a lock per key, checked again after it is taken); and a token
the server rejected is dropped only if it is still the cached one, so twenty concurrent 401s
cause one re-fetch, not twenty.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedToken:
    value: str
    refresh_at: float  # time.monotonic() after which a new token is fetched
    expires_at: float


def cache_key(*parts: str) -> str:
    """A key that tells accounts apart without holding their secrets in clear."""
    return hashlib.sha256("\x00".join(parts).encode()).hexdigest()


class TokenCache:
    """Tokens by key; :meth:`get` fetches at most once per key at a time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._tokens: dict[str, CachedToken] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self.fetches = 0

    def _lock_for(self, key: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(key, threading.Lock())

    def _fresh(self, key: str) -> CachedToken | None:
        token = self._tokens.get(key)
        if token is not None and self._clock() < token.refresh_at:
            return token
        return None

    def get(
        self, key: str, fetch: Callable[[], tuple[str, float]], *, margin: float = 300.0
    ) -> str:
        """A valid token for ``key``; ``fetch()`` returns ``(token, seconds_valid)``."""
        token = self._fresh(key)
        if token is not None:
            return token.value
        with self._lock_for(key):
            token = self._fresh(key)  # another thread may have fetched it while we waited
            if token is not None:
                return token.value
            value, lifetime = fetch()
            self.fetches += 1
            now = self._clock()
            # Refresh `margin` seconds early, but never later than half the lifetime, so
            # short-lived tokens (tests, private deployments) are refreshed in time too.
            early = max(lifetime - margin, lifetime / 2)
            self._tokens[key] = CachedToken(value, now + early, now + lifetime)
            return value

    def invalidate(self, key: str, value: str) -> None:
        """Forget ``value`` if it is still the cached token for ``key``."""
        with self._lock_for(key):
            token = self._tokens.get(key)
            if token is not None and token.value == value:
                del self._tokens[key]

    def current(self, key: str) -> str | None:
        token = self._tokens.get(key)
        return token.value if token else None

    def clear(self) -> None:
        with self._guard:
            self._tokens.clear()


#: The process-wide cache: clients of the same app share one token, as the platform expects.
DEFAULT_TOKEN_CACHE = TokenCache()
