"""Stage 5 — harvest: a list endpoint's pages, followed in any of the declared styles
(spec F-10), with the style detected when asked, stop rules, a loop guard and concurrency.

- ``pageinfo.py``   — :class:`PageInfo`, set as ``Result.page`` on each page of a run;
- ``paginators.py`` — one class per style: page, offset, cursor, next URL, ``Link`` header;
- ``stops.py``      — empty page, short page, total reached, ``max_pages``, ``max_records``;
- ``guard.py``      — a cursor or next URL seen before is a :class:`PaginationLoopError`;
- ``detection.py``  — ``auto``: :func:`detect_pagination` reads the style off a response;
- ``records.py``    — the records of a page, counted as the tables stage selects them;
- ``fetching.py``   — the worker pool (pages in order, bounded) and the one-page-ahead fetch;
- ``pager.py``      — :func:`iter_pages`, behind ``Client.pages``.

Sits above the wire and tables stages; ``Client.pages`` imports it when called.
"""

from .detection import Detection, detect_pagination
from .pageinfo import PageInfo
from .pager import DEFAULT_WORKERS, iter_pages
from .records import page_records

__all__ = [
    "DEFAULT_WORKERS",
    "Detection",
    "PageInfo",
    "detect_pagination",
    "iter_pages",
    "page_records",
]
