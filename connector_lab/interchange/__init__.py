"""Stage 6 — interchange: connectors in from the formats people already have, and out to the
tools they run next (spec F-10).

- ``report.py`` — :class:`ImportReport`, what every importer returns.
- ``postman_import.py`` (with ``postman_source``, ``postman_url``, ``postman_request``,
  ``postman_auth``) — :func:`from_postman`; ``postman_export.py`` — :func:`to_postman`.

Sits above the spec, wire, tables and harvest stages; nothing below imports it.
"""

from .postman_export import to_postman
from .postman_import import from_postman
from .report import ImportReport

__all__ = ["ImportReport", "from_postman", "to_postman"]
