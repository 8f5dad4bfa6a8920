"""Stage 5 — harvest: many requests for one job (spec F-10). A list endpoint's pages, followed
in any of the declared styles, with the style detected when asked, stop rules, a loop guard
and concurrency; and batch runs over a table of inputs.

- ``pageinfo.py``   — :class:`PageInfo`, set as ``Result.page`` on each page of a run;
- ``paginators.py`` — one class per style: page, offset, cursor, next URL, ``Link`` header;
- ``stops.py``      — empty page, short page, total reached, ``max_pages``, ``max_records``;
- ``guard.py``      — a cursor or next URL seen before is a :class:`PaginationLoopError`;
- ``detection.py``  — ``auto``: :func:`detect_pagination` reads the style off a response;
- ``records.py``    — the records of a page, counted as the tables stage selects them;
- ``fetching.py``   — the worker pool (pages in order, bounded) and the one-page-ahead fetch;
- ``pager.py``      — :func:`iter_pages`, behind ``Client.pages``;
- ``collect.py``    — ``collect``, behind ``Client.harvest``: pages into one DataFrame, child
  tables across pages, or a file streamed with memory bounded by a few pages;
- ``report.py``     — :class:`HarvestReport`, what a harvest to a file wrote;
- ``batch.py``      — :class:`BatchOutcome`, behind ``Client.batch`` (one row per input);
- ``batch_records.py`` — the combined records of a batch, keyed back to their rows.

Sits above the wire, tables and store stages; ``Client`` imports it when called.
"""

from .batch import BatchOutcome
from .detection import Detection, detect_pagination
from .pageinfo import PageInfo
from .pager import DEFAULT_WORKERS, iter_pages
from .records import page_records
from .report import HarvestReport

__all__ = [
    "DEFAULT_WORKERS",
    "BatchOutcome",
    "Detection",
    "HarvestReport",
    "PageInfo",
    "detect_pagination",
    "iter_pages",
    "page_records",
]
