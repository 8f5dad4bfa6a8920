"""``$ref`` resolution for OpenAPI documents with ``referencing`` (the resolver jsonschema and
openapi-spec-validator use): local pointers (``#/components/schemas/Pet``) and relative files
(``common.yaml#/Error``), each file read once. Only files are retrieved, never the network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from referencing import Registry, Resource
from referencing.exceptions import Unresolvable

from ..errors import ImportFormatError
from .openapi_load import parse_text, read_path


def _retrieve(uri: str) -> Resource:
    parts = urlsplit(uri)
    if parts.scheme != "file":
        raise ImportFormatError(
            f"$ref {uri!r} points outside the spec's folder; only local and relative file "
            "references are resolved — download that file next to the spec",
            format="openapi",
            pointer=uri,
        )
    path = Path(unquote(parts.path))
    return Resource.opaque(parse_text(read_path(path), f"referenced file {path.name!r}"))


class Refs:
    """Follows ``$ref`` from anywhere in a document (and the files it points to)."""

    def __init__(self, document: dict[str, Any], base_uri: str):
        registry = Registry(retrieve=_retrieve).with_resource(base_uri, Resource.opaque(document))
        self._root = registry.resolver(base_uri=base_uri)

    def resolve(self, node: Any, resolver: Any = None) -> tuple[Any, Any]:
        """``(node, resolver)`` with every ``$ref`` at the top of ``node`` followed; the
        resolver is the one relative ``$ref`` inside the result are read against."""
        resolver = resolver or self._root
        seen = 0
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            seen += 1
            if seen > 50:
                raise self._error(ref, "is a loop of references")
            try:
                found = resolver.lookup(ref)
            except ImportFormatError:
                raise
            except (Unresolvable, Exception):  # any failure of the lookup is named below
                raise self._error(ref, "cannot be resolved") from None
            node, resolver = found.contents, found.resolver
        return node, resolver

    def get(self, node: Any, resolver: Any = None) -> Any:
        """``node`` with its top-level ``$ref`` followed (the resolver dropped)."""
        return self.resolve(node, resolver)[0]

    @staticmethod
    def _error(ref: str, what: str) -> ImportFormatError:
        return ImportFormatError(
            f"$ref {ref!r} {what}; check that the pointer and the file exist",
            format="openapi",
            pointer=ref,
        )
