"""The loop guard: a cursor or next URL that comes back a second time means the server hands
out the list in a circle, and following it would never end. The error names the repeated
value, masked by the run's redactor (a next URL may carry an API key a server echoed into
it; a cursor may embed a token), and clipped.
"""

from __future__ import annotations

from collections.abc import Callable

from ..errors import PaginationLoopError
from ..spec.limits import clip
from ..wire.redact import Redactor


class LoopGuard:
    """Remembers every cursor and URL a run has followed."""

    def __init__(self, redactor: Callable[[], Redactor]):
        self._redactor = redactor
        self._seen: set[str] = set()

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


def mask(redactor: Redactor, value: str, kind: str) -> str:
    """``value`` with every secret masked: as a URL (credential query keys) or as text."""
    return redactor.url(value) if kind == "next URL" else redactor.text(value)
