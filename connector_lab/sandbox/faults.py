"""Faults the sandbox can inject, for tests and demos of retries and rate limits: a latency on
every answer, 429 with ``Retry-After`` on chosen calls, 503 bursts, connection resets (the
socket closed without an answer), and a random share of 503s and resets from a seed.

Calls are counted per path (query ignored) among the paths matching ``paths`` (a glob), from
1, so ``Faults(throttle_calls=(1,), paths="/orders")`` answers the first ``/orders`` call with
429 and the others normally. :class:`FaultLog` counts what was injected and keeps the arrival
time of every request per path, so a test can measure at the server how long a client waited.

    >>> with serve(faults=Faults(unavailable_calls=(1, 2))) as api:  # doctest: +SKIP
    ...     ...                                  # the first two calls of each path get 503
    ...     api.faults.injected["503"]
    2
"""

from __future__ import annotations

import email.utils
import fnmatch
import itertools
import random
import threading
import time
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field

__all__ = ["FaultLog", "Faults"]

#: Arrival times kept per path: enough for any test, bounded for a long demo.
MAX_ARRIVALS = 10_000


def _calls(value: Iterable[int], name: str) -> tuple[int, ...]:
    calls = tuple(value)
    if any(isinstance(c, bool) or not isinstance(c, int) or c < 1 for c in calls):
        raise ValueError(f"{name}: {calls!r} must be call numbers from 1, e.g. (1, 3)")
    return calls


@dataclass(frozen=True)
class Faults:
    """What the sandbox does wrong, and when. All off by default.

    ``latency``: seconds added before every answer. ``paths``: glob of the paths the faults
    below apply to (``"/orders*"``; default every path). ``throttle_every`` / ``throttle_calls``:
    answer 429 on every Nth call / on these call numbers, with ``Retry-After: retry_after``
    seconds (``retry_after_date``: as an HTTP date that far ahead). ``unavailable_calls``: 503
    on these call numbers (a burst: ``range(1, 4)``). ``reset_calls``: close the connection
    without answering. ``fault_rate``: that share of the other calls fails at random, half 503
    and half reset, drawn from ``seed`` so a run can be repeated.
    """

    latency: float = 0.0
    paths: str = "*"
    throttle_every: int = 0
    throttle_calls: tuple[int, ...] = ()
    retry_after: float = 1.0
    retry_after_date: bool = False
    unavailable_calls: tuple[int, ...] = ()
    reset_calls: tuple[int, ...] = ()
    fault_rate: float = 0.0
    seed: int = 0

    def __post_init__(self) -> None:
        for name in ("throttle_calls", "unavailable_calls", "reset_calls"):
            object.__setattr__(self, name, _calls(getattr(self, name), name))
        if not 0 <= self.latency <= 60:
            raise ValueError(f"latency: {self.latency!r} must be 0 to 60 seconds")
        if not 0 <= self.fault_rate <= 1:
            raise ValueError(f"fault_rate: {self.fault_rate!r} must be a share from 0 to 1")
        if self.throttle_every < 0:
            raise ValueError(f"throttle_every: {self.throttle_every!r} must be 0 (off) or more")
        if not 0 <= self.retry_after <= 86_400:
            raise ValueError(f"retry_after: {self.retry_after!r} must be 0 to 86400 seconds")

    @property
    def active(self) -> bool:
        """Whether any fault (not just latency) is on."""
        return bool(
            self.throttle_every
            or self.throttle_calls
            or self.unavailable_calls
            or self.reset_calls
            or self.fault_rate
        )

    def retry_after_value(self) -> str:
        """The Retry-After header value: seconds, or an HTTP date that far ahead."""
        if self.retry_after_date:
            return email.utils.formatdate(time.time() + self.retry_after, usegmt=True)
        return f"{self.retry_after:g}"


@dataclass
class FaultLog:
    """What happened at the server: faults injected (``injected["429"|"503"|"reset"]``),
    calls per path, and arrival times (``time.monotonic()``) per path. Thread-safe."""

    faults: Faults = field(default_factory=Faults)
    injected: Counter[str] = field(default_factory=Counter)
    calls: Counter[str] = field(default_factory=Counter)
    _arrivals: dict[str, deque[float]] = field(
        default_factory=lambda: defaultdict(lambda: deque(maxlen=MAX_ARRIVALS))
    )
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _random: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self._random = random.Random(self.faults.seed)

    def arrivals(self, path: str) -> list[float]:
        """Monotonic arrival times of the requests for ``path`` (query ignored), in order."""
        with self._lock:
            return list(self._arrivals.get(path.split("?", 1)[0], ()))

    def gaps(self, path: str) -> list[float]:
        """Seconds between consecutive arrivals for ``path``."""
        times = self.arrivals(path)
        return [b - a for a, b in itertools.pairwise(times)]

    def reset(self) -> None:
        with self._lock:
            self.injected.clear()
            self.calls.clear()
            self._arrivals.clear()
            self._random = random.Random(self.faults.seed)

    def decide(self, path: str) -> str | None:
        """Record an arrival for ``path``; the fault to inject ("429", "503", "reset") or None."""
        now = time.monotonic()
        faults = self.faults
        with self._lock:
            self._arrivals[path].append(now)
            if not faults.active or not fnmatch.fnmatchcase(path, faults.paths):
                return None
            self.calls[path] += 1
            fault = self._choose(self.calls[path])
            if fault is not None:
                self.injected[fault] += 1
            return fault

    def _choose(self, call: int) -> str | None:
        faults = self.faults
        if call in faults.throttle_calls or (
            faults.throttle_every and call % faults.throttle_every == 0
        ):
            return "429"
        if call in faults.unavailable_calls:
            return "503"
        if call in faults.reset_calls:
            return "reset"
        if faults.fault_rate:
            draw = self._random.random()
            if draw < faults.fault_rate:
                return "503" if draw < faults.fault_rate / 2 else "reset"
        return None
