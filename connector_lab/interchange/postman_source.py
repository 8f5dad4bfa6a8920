"""Reading a Postman collection (v2.0 / v2.1) and an environment: the source as a path, JSON
text or a dict, and the ``{{variables}}`` they define.

Variables follow Postman's precedence: an environment value overrides a collection value of
the same name. A variable defined with an empty value counts as unresolved (an import can do
nothing with it); every unresolved name is remembered so the report can list it.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

from ..errors import ImportFormatError
from ..spec.limits import shown

VARIABLE = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")


def fail(message: str, pointer: str = "") -> ImportFormatError:
    return ImportFormatError(
        f"{pointer}: {message}" if pointer else message, format="postman", pointer=pointer
    )


def load_json(source: Any, what: str) -> dict[str, Any]:
    """A dict from a dict, JSON text, or a path to a ``.json`` / ``.json.gz`` file."""
    if isinstance(source, dict):
        return source
    if isinstance(source, bytes):
        source = source.decode("utf-8")
    if isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        text = source
    elif isinstance(source, str | Path):
        path = Path(source)
        if not path.is_file():
            raise fail(f"{shown(str(source))} is not a file nor JSON text; give the {what}")
        raw = path.read_bytes()
        text = (gzip.decompress(raw) if path.suffix == ".gz" else raw).decode("utf-8")
    else:
        raise fail(f"a {what} is a path, JSON text or a dict, not {type(source).__name__}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise fail(
            f"the {what} is not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})",
            f"line {exc.lineno}, column {exc.colno}",
        ) from None
    if not isinstance(data, dict):
        raise fail(f"the {what} must be a JSON object, not a {type(data).__name__}")
    return data


def collection_version(data: dict[str, Any]) -> str:
    """``"2.0"`` or ``"2.1"``; a v1 collection (``requests`` at the top) is refused."""
    if "item" not in data or not isinstance(data.get("info"), dict):
        hint = " (a v1 collection; re-export it from Postman as v2.1)" if "requests" in data else ""
        raise fail(f"not a Postman v2 collection{hint}: 'info' and 'item' are required", "/")
    schema = str(data["info"].get("schema", ""))
    return "2.0" if "v2.0" in schema else "2.1"


class Variables:
    """The collection's variables overlaid by the environment's, with a record of the names
    that were used but have no value."""

    def __init__(self, collection: list[Any] | None, environment: dict[str, Any] | None):
        self.values: dict[str, str] = {}
        for entry in collection or []:
            if isinstance(entry, dict) and not entry.get("disabled"):
                self._set(entry.get("key") or entry.get("id"), entry.get("value"))
        for entry in (environment or {}).get("values", []) or []:
            if isinstance(entry, dict) and entry.get("enabled", True):
                self._set(entry.get("key"), entry.get("value"))
        self.unresolved: dict[str, list[str]] = {}

    def _set(self, key: Any, value: Any) -> None:
        if isinstance(key, str) and key.strip():
            text = "" if value is None else value if isinstance(value, str) else json.dumps(value)
            self.values[key.strip()] = text

    def get(self, name: str) -> str | None:
        value = self.values.get(name)
        return value if value else None

    def resolve(self, text: str, where: str) -> str:
        """``text`` with every known ``{{name}}`` replaced; unknown ones stay and are noted."""

        def one(match: re.Match[str]) -> str:
            value = self.get(match.group(1))
            if value is None:
                places = self.unresolved.setdefault(match.group(1), [])
                if where not in places:
                    places.append(where)
                return match.group(0)
            return value

        for _ in range(5):  # values may refer to other variables
            new = VARIABLE.sub(one, text)
            if new == text:
                break
            text = new
        return text


def text_of(description: Any) -> str:
    """A Postman description: a string, or ``{"content": …}``."""
    if isinstance(description, dict):
        description = description.get("content")
    return description.strip() if isinstance(description, str) else ""
