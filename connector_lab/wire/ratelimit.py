"""The client-side rate limit: one :class:`RateLimiter` per client, shared by all its threads
(batch workers, page prefetch), so the API sees at most the rate the connector declares.

Built on pyrate-limiter: one request per ``interval`` (the period over the number of requests),
so requests are spread evenly rather than sent in bursts at the start of each period. Above
1,000 requests per second (an interval under the limiter's 1 ms resolution) the whole period's
count is allowed as a window instead. ``acquire`` blocks until a slot is free and returns the
seconds it waited, which the client records with the attempt.
"""

from __future__ import annotations

import time

from pyrate_limiter import Limiter, Rate

from ..spec.policies import RateLimit

# The limiter sleeps for the computed delay plus this margin (ms) before it looks again; the
# default (50 ms) would slow a 20-per-second limit to 10 per second.
_BUFFER_MS = 1


class RateLimiter:
    """Blocks each request until ``limit`` allows it; safe to share between threads."""

    def __init__(self, limit: RateLimit):
        self.limit = limit
        interval_ms = limit.interval * 1000
        if interval_ms >= 1:
            rate = Rate(1, round(interval_ms))
        else:
            rate = Rate(limit.requests, 1000 if limit.per == "second" else 60_000)
        self._limiter = Limiter(rate, buffer_ms=_BUFFER_MS)

    def acquire(self) -> float:
        """Wait for a slot; the seconds waited."""
        start = time.monotonic()
        self._limiter.try_acquire("requests", blocking=True)
        return time.monotonic() - start

    def __repr__(self) -> str:
        return f"RateLimiter({self.limit.requests} per {self.limit.per})"
