"""Stage 6 — interchange: connectors in from the formats people already have, and out to the
tools they run next (spec F-10).

- ``report.py`` — :class:`ImportReport`, what every importer returns.
- ``curl_tokens.py``, ``curl_flags.py``, ``curl_auth.py``, ``curl_import.py`` —
  :func:`from_curl`; ``curl_export.py`` — :func:`to_curl_commands`.

Sits above the spec, wire, tables and harvest stages; nothing below imports it.
"""

from .curl_export import to_curl_commands
from .curl_import import from_curl
from .report import ImportReport

__all__ = ["ImportReport", "from_curl", "to_curl_commands"]
