"""The sandbox's mutable, thread-safe state: counters, access tokens, rate limits, nonces.

One :class:`SandboxState` is shared by both listeners of a sandbox (so ``request_count`` and the
token pool span them) and by every handler thread, hence the single lock around each change.
A :class:`Site` is what one listener knows about itself: its own address and its peer's.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import Counter
from dataclasses import dataclass

from .credentials import SandboxCredentials

__all__ = ["SandboxState", "Site"]


class SandboxState:
    """Everything the handlers read or change, guarded by one lock."""

    def __init__(self, credentials: SandboxCredentials, *, seed: int, token_ttl: float) -> None:
        self.credentials = credentials
        self.seed = seed
        self._initial_ttl = _check_ttl(token_ttl)
        self._lock = threading.Lock()
        self._clear()

    def _clear(self) -> None:
        self.token_ttl: float = self._initial_ttl
        self.token_requests = 0
        self.tokens_issued = 0
        self._requests: Counter[str] = Counter()
        # token -> (app_key, monotonic expiry); app_key -> its current token.
        self._tokens: dict[str, tuple[str, float]] = {}
        self._token_of_app: dict[str, str] = {}
        self._rate_hits: Counter[str] = Counter()
        self._nonces: dict[str, float] = {}
        # OAuth2: a pool of its own (a DingTalk token opens no OAuth2 route, nor back).
        self.oauth2_token_requests = 0
        self.oauth2_tokens_issued = 0
        self.oauth2_logins: list[dict[str, object]] = []
        self._oauth2_tokens: dict[str, float] = {}  # token -> monotonic expiry

    def reset(self) -> None:
        """Back to the state just after start (counters, tokens, rate limits, nonces, ttl)."""
        with self._lock:
            self._clear()

    # -- request counters ---------------------------------------------------------------------

    def count_request(self, path: str) -> None:
        with self._lock:
            self._requests[path] += 1

    def request_count(self, path: str) -> int:
        with self._lock:
            return self._requests[path.split("?", 1)[0]]

    # -- access tokens (DingTalk) ---------------------------------------------------------------

    def count_token_request(self) -> None:
        with self._lock:
            self.token_requests += 1

    def issue_token(self, app_key: str) -> tuple[str, float]:
        """Return ``(token, ttl)`` for ``app_key``: its valid token, renewed, or a new one.

        DingTalk answers a repeated request within the validity with the same token and
        renews it ("有效期内重复获取返回相同结果，并自动续期"), so a client that refetches
        early is not punished with a second token.
        """
        with self._lock:
            now = time.monotonic()
            ttl = self.token_ttl
            token = self._token_of_app.get(app_key)
            if token is None or not self._valid(token, now):
                # Random, never derived from the secret: a token must not leak it.
                token = secrets.token_hex(16)
                self.tokens_issued += 1
                self._token_of_app[app_key] = token
            self._tokens[token] = (app_key, now + ttl)
            return token, ttl

    def token_is_valid(self, token: str | None) -> bool:
        if not token:
            return False
        with self._lock:
            return self._valid(token, time.monotonic())

    def _valid(self, token: str, now: float) -> bool:
        entry = self._tokens.get(token)
        return entry is not None and now < entry[1]

    def expire_tokens(self) -> None:
        with self._lock:
            self._tokens.clear()
            self._token_of_app.clear()
            self._oauth2_tokens.clear()

    def set_token_ttl(self, ttl: float) -> None:
        with self._lock:
            self.token_ttl = _check_ttl(ttl)

    # -- access tokens (OAuth2 client credentials) -----------------------------------------------

    def count_oauth2_request(self, login: dict[str, object]) -> None:
        """Count one token request and keep how the client authenticated (no secret)."""
        with self._lock:
            self.oauth2_token_requests += 1
            self.oauth2_logins.append(login)

    def issue_oauth2_token(self) -> tuple[str, float]:
        """A new random token and its ttl: each grant issues a fresh one, as most servers do."""
        with self._lock:
            token = secrets.token_urlsafe(24)
            self.oauth2_tokens_issued += 1
            self._oauth2_tokens[token] = time.monotonic() + self.token_ttl
            return token, self.token_ttl

    def oauth2_token_is_valid(self, token: str | None) -> bool:
        with self._lock:
            expiry = self._oauth2_tokens.get(token or "")
            return expiry is not None and time.monotonic() < expiry

    # -- rate limit ---------------------------------------------------------------------------

    def rate_hit(self, key: str) -> int:
        """Count one call for ``key`` and return its 1-based number."""
        with self._lock:
            self._rate_hits[key] += 1
            return self._rate_hits[key]

    # -- zero-trust gateway nonces ------------------------------------------------------------

    def use_nonce(self, nonce: str, keep_for: float) -> bool:
        """Record ``nonce``; False when it was already used within ``keep_for`` seconds."""
        with self._lock:
            now = time.monotonic()
            # Forget nonces older than the timestamp window: a replay that old already fails
            # the timestamp check, and the dict stays small under benchmarks.
            if len(self._nonces) > 1024:
                self._nonces = {n: t for n, t in self._nonces.items() if now - t < keep_for}
            seen = self._nonces.get(nonce)
            if seen is not None and now - seen < keep_for:
                return False
            self._nonces[nonce] = now
            return True


def _check_ttl(ttl: float) -> float:
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)) or not ttl >= 0:
        raise ValueError(f"token_ttl must be a number of seconds >= 0, got {ttl!r}")
    return ttl


@dataclass(frozen=True)
class Site:
    """One listener's view: its own base URL, the other listener's, and the shared state."""

    own_url: str  # "http://127.0.0.1:PORT"
    peer_url: str  # the other listener: the "other host" of redirect tests
    state: SandboxState

    @property
    def host_port(self) -> str:
        return self.own_url.split("://", 1)[1]
