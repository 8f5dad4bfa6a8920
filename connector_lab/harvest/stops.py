"""When a run ends, whatever its style: an empty page, a short page (fewer records than the
page size), the total the server reported reached, ``max_pages``, ``max_records``. Pages are
judged in page order, one at a time, by :meth:`Stops.after`; it also trims the page on which
``max_records`` is reached (``PageInfo.records``), so a collector keeps exactly the limit.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..spec.pagination import Pagination
from .pageinfo import PageInfo


@dataclass
class Stops:
    """The stop rules of one run and what the run has counted so far."""

    pagination: Pagination
    page_size: int | None = None
    max_pages: int | None = None
    pages: int = 0
    kept: int = 0
    received: int = 0
    total: int | None = None

    def __post_init__(self) -> None:
        limits = [n for n in (self.pagination.max_pages, self.max_pages) if n is not None]
        self.max_pages = min(limits) if limits else None

    def after(self, info: PageInfo) -> str | None:
        """Count ``info``'s page in; the reason to stop after it, or None to go on."""
        self.pages += 1
        self.received += info.received
        if info.total is not None:
            self.total = info.total
        info.records = self._keep(info.received)
        return self._reason(info)

    def _keep(self, received: int) -> int:
        limit = self.pagination.max_records
        keep = received if limit is None else max(0, min(received, limit - self.kept))
        self.kept += keep
        return keep

    def _reason(self, info: PageInfo) -> str | None:
        p = self.pagination
        if info.received == 0:
            return "empty page"
        if p.max_records is not None and self.kept >= p.max_records:
            return f"max_records {p.max_records} reached"
        if self.total is not None and self.received >= self.total:
            return f"total {self.total} reached"
        if self.max_pages is not None and self.pages >= self.max_pages:
            return f"max_pages {self.max_pages} reached"
        if p.stop_on_short_page and self.page_size and info.received < self.page_size:
            return f"short page ({info.received} of {self.page_size} records)"
        return None
