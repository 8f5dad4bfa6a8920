"""The loop guard: a cursor or next URL that comes back a second time means the server hands
out the list in a circle, and following it would never end. The error names the repeated
value, masked by the run's redactor (a next URL may carry an API key a server echoed into
it; a cursor may embed a token), and clipped.

Page numbers and offsets have no value to repeat, but a server that ignores the page
parameter answers every page with the same body — and a page-number run without a total
would go on for ever. So a page whose body is, byte for byte, the page before's stops too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from ..errors import PaginationLoopError
from ..spec.limits import clip
from ..wire.redact import Redactor


class LoopGuard:
    """Remembers every cursor and URL a run has followed."""

    def __init__(self, redactor: Callable[[], Redactor]):
        self._redactor = redactor
        self._seen: set[str] = set()
        self._last_body: bytes | None = None

    def seen(self, value: str) -> None:
        """Remember ``value`` (the URL or cursor of a page already asked for)."""
        self._seen.add(value)

    def check(self, value: str | None, kind: str, number: int) -> PaginationLoopError | None:
        """Remember ``value``; the error to raise if it was followed before."""
        if value is None:
            return None
        if value not in self._seen:
            self._seen.add(value)
            return None
        shown = clip(mask(self._redactor(), value, kind))
        return PaginationLoopError(
            f"page {number} names the {kind} {shown!r} again, which was already followed: "
            "the server returns the list in a loop; stopped after the pages so far "
            "(check the cursor parameter and where the next cursor is read)",
            value=shown,
        )

    def same_body(self, content: bytes, number: int, param: str) -> PaginationLoopError | None:
        """Remember this page's body; the error to raise if it is the page before's."""
        digest = hashlib.blake2b(content, digest_size=16).digest()
        previous, self._last_body = self._last_body, digest
        if previous != digest:
            return None
        return PaginationLoopError(
            f"page {number} is, byte for byte, the same as page {number - 1}: the server "
            f"ignores the parameter {param!r}; stopped after the pages so far (check the "
            "pagination's parameter name against the API's documentation, or set max_pages)",
            value=param,
        )


def mask(redactor: Redactor, value: str, kind: str) -> str:
    """``value`` with every secret masked: as a URL (credential query keys) or as text."""
    return redactor.url(value) if kind == "next URL" else redactor.text(value)
