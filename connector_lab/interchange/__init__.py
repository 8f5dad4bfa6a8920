"""Stage 6 — interchange: connectors in from the formats people already have, and out to the
tools they run next (spec F-10).

- ``report.py`` — :class:`ImportReport`, what every importer returns.
- ``python_export.py`` — :func:`to_python`, a standalone ``requests`` script (auth in
  ``python_auth.py``, helper code in ``python_runtime.py``);
- ``dlt_export.py`` — :func:`to_dlt`, a dlt ``rest_api`` source (shared: ``codegen.py``).

Sits above the spec, wire, tables and harvest stages; nothing below imports it.
"""

from .dlt_export import to_dlt
from .python_export import to_python
from .report import ImportReport

__all__ = ["ImportReport", "to_dlt", "to_python"]
