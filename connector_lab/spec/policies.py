"""How a connector behaves when the API is slow, busy or flaky (spec F-10): the retry policy,
the client-side rate limit and the timeouts. Stored with the connector (all three optional),
and overridable per client or per run.

- :class:`RetryPolicy` — which answers and failures are tried again (429, 502, 503, 504 and
  connection errors by default), for which methods (the idempotent ones; POST only when
  ``allow_post``), how long to wait between tries (exponential backoff with jitter, capped)
  and how far a ``Retry-After`` is honoured (``max_retry_after``: a longer wait gives up).
- :class:`RateLimit` — at most ``requests`` per ``second`` or ``minute``, shared by every
  thread of one client.
- :class:`Timeouts` — ``connect``, ``read`` and ``total`` seconds for each attempt.

Pure data and rules: the wire stage (``wire/retry.py``, ``wire/ratelimit.py``) acts on them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from ..errors import SpecError
from .base import SpecModel
from .limits import shown

#: Methods retried by default: the idempotent ones (RFC 9110 §9.2.2), as urllib3 has them.
IDEMPOTENT_METHODS: tuple[str, ...] = ("DELETE", "GET", "HEAD", "OPTIONS", "PUT", "TRACE")
#: Answers retried by default: too many requests, and the gateway/unavailable family.
RETRY_STATUSES: tuple[int, ...] = (429, 502, 503, 504)
_KNOWN_METHODS = frozenset((*IDEMPOTENT_METHODS, "POST", "PATCH"))


class RetryPolicy(SpecModel):
    """Which failed attempts are tried again, and how long to wait before each try.

    >>> RetryPolicy(total=5, backoff_factor=0.2)  # doctest: +SKIP
    """

    total: int = Field(
        3, title="Retries", description="How many times a request is tried again (0: never)."
    )
    statuses: list[int] = Field(
        default_factory=lambda: list(RETRY_STATUSES),
        title="Retry on status",
        description="HTTP statuses that are tried again.",
    )
    connection_errors: bool = Field(
        True,
        title="Retry connection errors",
        description="Try again when the connection fails, is reset or times out.",
    )
    methods: list[str] = Field(
        default_factory=lambda: list(IDEMPOTENT_METHODS),
        title="Methods",
        description="Methods that are tried again (the idempotent ones by default).",
    )
    allow_post: bool = Field(
        False,
        title="Retry POST",
        description="Also retry POST: only when the API makes a repeated POST harmless.",
    )
    backoff_factor: float = Field(
        0.5,
        title="Backoff factor",
        description="Seconds of the exponential backoff: factor × 2^(n-1) before try n.",
    )
    backoff_max: float = Field(
        30.0, title="Longest backoff", description="The backoff never waits longer (seconds)."
    )
    jitter: float = Field(
        0.25,
        title="Jitter",
        description="Random share added or taken off each backoff (0.25: ±25 %).",
    )
    respect_retry_after: bool = Field(
        True,
        title="Honour Retry-After",
        description="Wait as long as the server's Retry-After says (seconds or a date).",
    )
    max_retry_after: float = Field(
        60.0,
        title="Longest Retry-After",
        description="A longer Retry-After gives up instead of waiting (seconds).",
    )

    @field_validator("methods", mode="before")
    @classmethod
    def _methods(cls, value: object) -> object:
        if isinstance(value, (list, tuple)):
            return [m.strip().upper() if isinstance(m, str) else m for m in value]
        return value

    @model_validator(mode="after")
    def _consistent(self) -> RetryPolicy:
        problems = _counts(self) + _statuses(self) + _method_names(self) + _seconds(self)
        if problems:
            raise SpecError(problems, title="invalid retry policy")
        return self

    @property
    def retried_methods(self) -> frozenset[str]:
        """The methods tried again: ``methods``, plus POST when ``allow_post``."""
        return frozenset(self.methods) | ({"POST"} if self.allow_post else set())

    def __repr__(self) -> str:
        fields = self.model_dump(exclude_defaults=True)
        return "RetryPolicy(" + ", ".join(f"{k}={v!r}" for k, v in fields.items()) + ")"


def _out_of_range(
    name: str, value: float, low: float, high: float, fix: str
) -> list[tuple[str, str]]:
    """The one problem of a number outside ``low``–``high`` (none inside), with its ``fix``."""
    if low <= value <= high:
        return []
    return [(name, f"{value} is out of range; {fix}")]


def _counts(p: RetryPolicy) -> list[tuple[str, str]]:
    return _out_of_range("total", p.total, 0, 100, "give 0 (no retry) to 100, e.g. 3")


def _statuses(p: RetryPolicy) -> list[tuple[str, str]]:
    bad = [s for s in p.statuses if not 400 <= s <= 599]
    if bad:
        return [
            (
                "statuses",
                f"{shown(bad)} are not error statuses; give 4xx or 5xx codes, "
                "e.g. [429, 502, 503, 504]",
            )
        ]
    return []


def _method_names(p: RetryPolicy) -> list[tuple[str, str]]:
    bad = [m for m in p.methods if m not in _KNOWN_METHODS]
    if bad:
        return [
            (
                "methods",
                f"{shown(bad)} are not HTTP methods retries apply to; use e.g. "
                f"{list(IDEMPOTENT_METHODS)} (POST: set allow_post=True)",
            )
        ]
    return []


def _seconds(p: RetryPolicy) -> list[tuple[str, str]]:
    problems = [
        problem
        for name in ("backoff_factor", "backoff_max", "max_retry_after")
        for problem in _out_of_range(name, getattr(p, name), 0, 86_400, "give 0 to 86400 seconds")
    ]
    if not 0 <= p.jitter <= 1:
        problems.append(("jitter", f"{p.jitter} is not a share; give 0 (none) to 1, e.g. 0.25"))
    return problems


class RateLimit(SpecModel):
    """At most ``requests`` per ``per`` (second or minute), spread evenly, shared by every
    thread of one client.

    >>> RateLimit(requests=5)                 # 5 per second  # doctest: +SKIP
    >>> RateLimit(requests=600, per="minute")                  # doctest: +SKIP
    """

    requests: int = Field(
        title="Requests", description="How many requests may start in each period."
    )
    per: Literal["second", "minute"] = Field(
        "second", title="Per", description="The period: a second or a minute."
    )

    @field_validator("requests")
    @classmethod
    def _requests(cls, value: int) -> int:
        for _, problem in _out_of_range(
            "requests", value, 1, 100_000, "give 1 to 100000 requests per period, e.g. 10"
        ):
            raise ValueError(problem)
        return value

    @field_validator("per", mode="before")
    @classmethod
    def _per(cls, value: object) -> object:
        folded = value.strip().lower().rstrip("s") if isinstance(value, str) else value
        if folded in ("second", "minute"):
            return folded
        raise ValueError(f"{shown(value)} is not a period; use 'second' or 'minute'")

    @property
    def interval(self) -> float:
        """Seconds between two request starts."""
        return (1.0 if self.per == "second" else 60.0) / self.requests

    def __repr__(self) -> str:
        return f"RateLimit({self.requests} per {self.per})"


class Timeouts(SpecModel):
    """Seconds each attempt may take: to ``connect``, to ``read`` the answer once connected
    (the headers and the whole body together), and in ``total`` (connecting, reading and any
    redirects). Empty: no limit of that kind (the client's ``timeout`` still bounds the total).
    """

    connect: float | None = Field(
        None, title="Connect timeout", description="Seconds to open the connection."
    )
    read: float | None = Field(
        None,
        title="Read timeout",
        description="Seconds to receive the answer (headers and body) once connected.",
    )
    total: float | None = Field(
        None,
        title="Total timeout",
        description="Seconds for the whole exchange of one attempt, redirects included.",
    )

    @model_validator(mode="after")
    def _positive(self) -> Timeouts:
        problems = [
            (name, f"{value} is not a positive number of seconds; e.g. 10, or empty for none")
            for name in ("connect", "read", "total")
            if (value := getattr(self, name)) is not None and not 0 < value <= 86_400
        ]
        if problems:
            raise SpecError(problems, title="invalid timeouts")
        return self
