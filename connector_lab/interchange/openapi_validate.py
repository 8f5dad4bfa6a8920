"""Validation with openapi-spec-validator (Swagger 2.0, OpenAPI 3.0 and 3.1): each problem as
a JSON pointer into the document and a sentence. ``strict`` raises on the first problem;
otherwise every problem becomes a warning and the import goes on as best it can (real specs
often break a rule or two: a duplicate operationId, a default of the wrong type)."""

from __future__ import annotations

from itertools import islice
from typing import Any

from ..errors import ImportFormatError

#: At most so many validation problems are reported as warnings.
MAX_PROBLEMS = 20


def _pointer(path: Any) -> str:
    parts = [str(p).replace("~", "~0").replace("/", "~1") for p in path]
    return "/" + "/".join(parts) if parts else "/"


def _validator(document: dict[str, Any], base_uri: str) -> Any:
    from openapi_spec_validator import (
        OpenAPIV2SpecValidator,
        OpenAPIV30SpecValidator,
        OpenAPIV31SpecValidator,
    )

    version = str(document.get("openapi") or document.get("swagger") or "")
    if version.startswith("2."):
        cls = OpenAPIV2SpecValidator
    elif version.startswith("3.0"):
        cls = OpenAPIV30SpecValidator
    elif version.startswith("3.1"):
        cls = OpenAPIV31SpecValidator
    else:
        shown = repr(version) if version else "no 'openapi' or 'swagger' field"
        raise ImportFormatError(
            f"not an OpenAPI 3.0 / 3.1 or Swagger 2.0 document ({shown}); the top level "
            "needs e.g. openapi: 3.0.3",
            format="openapi",
            pointer="/openapi",
        )
    return cls(document, base_uri=base_uri)


def problems(document: dict[str, Any], base_uri: str, limit: int) -> list[tuple[str, str]]:
    """Up to ``limit`` ``(JSON pointer, message)`` pairs; empty when the spec is valid."""
    found = []
    for error in islice(_validator(document, base_uri).iter_errors(), limit):
        path = getattr(error, "absolute_path", None) or getattr(error, "path", None) or ()
        message = getattr(error, "message", None) or str(error).splitlines()[0]
        found.append((_pointer(path), message[:300]))
    return found


def validate_document(document: dict[str, Any], base_uri: str, *, strict: bool) -> list[str]:
    """Raise :class:`ImportFormatError` on the first problem (``strict``), or return the
    problems as warning sentences."""
    found = problems(document, base_uri, 1 if strict else MAX_PROBLEMS)
    if strict and found:
        pointer, message = found[0]
        raise ImportFormatError(
            f"the spec is not valid at {pointer}: {message}; fix it there, or import with "
            "strict=False to take what can be read",
            format="openapi",
            pointer=pointer,
        )
    return [f"spec not valid at {pointer}: {message}" for pointer, message in found]
