"""Where one Result sits in a paginated run: :class:`PageInfo`, set as ``Result.page`` by
``Client.pages``. Collectors read it to keep exactly the records the run counted (the
``records`` first ones of the page, under ``records_path``), and the last page's ``stop``
says why the run ended. Cursors and URLs here are masked: a PageInfo may be shown or logged.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ..spec.limits import clip


@dataclass
class PageInfo:
    """One page of a run.

    ``number`` counts the pages of this run from 1. ``received`` is how many records the
    page held and ``records`` how many of them the run keeps (fewer on the page where
    ``max_records`` was reached: keep the first ``records``). ``records_path`` is the
    JSONPath they were counted under (None for CSV and JSON Lines bodies). ``page``,
    ``offset``, ``cursor`` and ``url`` are what was sent to get this page (``url``: the next
    URL or ``Link`` followed); ``next`` is the cursor or URL found on it; ``total`` the total
    the server reported. ``stop`` is set on the last page only: why the run ended.
    """

    number: int
    received: int = 0
    records: int = 0
    records_path: str | None = None
    page: int | None = None
    offset: int | None = None
    cursor: str | None = None
    url: str | None = None
    next: str | None = None
    total: int | None = None
    stop: str | None = None

    def __repr__(self) -> str:
        shown = []
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None:
                value = clip(value) if isinstance(value, str) else value
                shown.append(f"{field.name}={value!r}")
        return f"PageInfo({', '.join(shown)})"
