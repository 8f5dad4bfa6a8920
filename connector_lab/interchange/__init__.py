"""Stage 6 — interchange: connectors in from the formats people already have, and out to the
tools they run next (spec F-10).

- ``report.py`` — :class:`ImportReport`, what every importer returns.

Sits above the spec, wire, tables and harvest stages; nothing below imports it.
"""

from .openapi_export import to_openapi
from .openapi_import import from_openapi
from .report import ImportReport

__all__ = ["ImportReport", "from_openapi", "to_openapi"]
