"""Stage 5 — harvest: every page of a list into one table or one file.

``collect`` (in :mod:`.collect`) consumes any iterable of Results page by page — flattening
each page and releasing its body before the next — into one DataFrame, child tables across
pages, or a file streamed with memory bounded by a few pages (:class:`HarvestReport`).
``Client.harvest`` is ``collect(client.pages(...))``.

Sits above the wire and the tables; nothing below imports it (``Client.harvest`` imports it
inside the method).
"""

from .report import HarvestReport

__all__ = ["HarvestReport"]
