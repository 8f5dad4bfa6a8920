"""Stage 6 — interchange: connectors in from the formats people already have, and out to the
tools they run next (spec F-10).

- ``report.py`` — :class:`ImportReport`, what every importer returns.
- ``curl_tokens.py``, ``curl_flags.py``, ``curl_auth.py``, ``curl_import.py`` —
  :func:`from_curl`; ``curl_export.py`` — :func:`to_curl_commands`.
- ``openapi_load.py`` (a dict, JSON/YAML text, a file or a loopback URL),
  ``openapi_validate.py`` (openapi-spec-validator, problems as JSON pointers),
  ``openapi_refs.py`` (``$ref``, local and relative files), ``openapi_servers.py``,
  ``openapi_auth.py``, ``openapi_schema.py``, ``openapi_operations.py``,
  ``openapi_import.py`` — :func:`from_openapi`; ``openapi_export.py`` — :func:`to_openapi`;
- ``python_export.py`` — :func:`to_python`, a standalone ``requests`` script (auth in
  ``python_auth.py``, helper code in ``python_runtime.py``);
- ``dlt_export.py`` — :func:`to_dlt`, a dlt ``rest_api`` source (shared: ``codegen.py``);
- ``postman_import.py`` (with ``postman_source``, ``postman_url``, ``postman_request``,
  ``postman_auth``) — :func:`from_postman`; ``postman_export.py`` — :func:`to_postman`.

Sits above the spec, wire, tables and harvest stages; nothing below imports it.
"""

from .curl_export import to_curl_commands
from .curl_import import from_curl
from .dlt_export import to_dlt
from .openapi_export import to_openapi
from .openapi_import import from_openapi
from .postman_export import to_postman
from .postman_import import from_postman
from .python_export import to_python
from .report import ImportReport

__all__ = [
    "ImportReport",
    "from_curl",
    "from_openapi",
    "from_postman",
    "to_curl_commands",
    "to_dlt",
    "to_openapi",
    "to_postman",
    "to_python",
]
