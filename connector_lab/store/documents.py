"""Stored documents: reading and writing one JSON or YAML file (atomically, optionally
private), and the connector ⇄ document mapping with migration and path-named load errors.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import yaml

from ..errors import LoadError, SpecError
from ..spec.connectors import Connector
from ..spec.limits import clip, nesting_message, parse_json
from .atomic import atomic_path, open_private
from .migrations import SCHEMA_VERSION, migrate

FileFormat = Literal["json", "yaml"]
SUFFIXES: dict[str, FileFormat] = {".json": "json", ".yaml": "yaml", ".yml": "yaml"}


def _json_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} cannot be stored as JSON")


def write_document(
    path: Path, document: dict[str, Any], fmt: FileFormat, *, private: bool = False
) -> None:
    """Write atomically; the serializer streams into the temporary file, so a failure half
    way leaves the target untouched. ``private`` files are 0600 from their first byte."""
    with (
        atomic_path(path) as tmp,
        open_private(tmp) if private else open(tmp, "w", encoding="utf-8") as handle,
    ):
        if fmt == "yaml":
            yaml.safe_dump(document, handle, allow_unicode=True, sort_keys=False)
        else:
            json.dump(document, handle, ensure_ascii=False, indent=2, default=_json_default)
            handle.write("\n")


def read_document(path: Path) -> dict[str, Any]:
    """Parse a JSON or YAML file into a dict; any failure is a LoadError naming the file."""
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LoadError(where, [("", "the file does not exist")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise LoadError(where, [("", f"cannot be read ({exc})")]) from None
    if SUFFIXES.get(path.suffix.lower()) == "yaml":
        data, problem = _parse_yaml(text)
    else:
        data, problem = parse_json(text)
    if problem:
        raise LoadError(where, [("", problem)])
    if not isinstance(data, dict):
        raise LoadError(
            where, [("", f"expected an object at the top, found {type(data).__name__}")]
        )
    return data


class _NoAliasLoader(yaml.SafeLoader):
    """YAML without aliases: ten lines of anchors and ``*refs`` can expand into billions of
    values ("billion laughs"); a connector file never needs them (we never write any)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"alias *{event.anchor} is not allowed; write the value out in full",
                event.start_mark,
            )
        return super().compose_node(parent, index)


def _parse_yaml(text: str) -> tuple[Any, str | None]:
    """``(value, None)``, or ``(None, problem)`` for text that is not YAML connector_lab reads."""
    try:
        return yaml.load(text, Loader=_NoAliasLoader), None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return None, f"not valid YAML{at}: {clip(str(getattr(exc, 'problem', None) or exc))}"
    except RecursionError:
        # PyYAML composes nested nodes recursively: a deep file exhausts the stack.
        return None, nesting_message("the YAML text")
    except ValueError as exc:  # an integer of over 4,300 digits (int()'s own limit)
        return None, f"holds a value YAML cannot convert: {clip(str(exc))}"


def connector_from_document(document: dict[str, Any], path: str) -> Connector:
    document = migrate(document, path)
    body = document.get("connector")
    if not isinstance(body, dict):
        raise LoadError(path, [("connector", "is missing or not an object")])
    try:
        return Connector.model_validate(body)
    except SpecError as exc:
        problems = [(f"connector.{f}" if f else "connector", m) for f, m in exc.problems]
        raise LoadError(path, problems) from None


def connector_document(connector: Connector) -> dict[str, Any]:
    # Python mode keeps values as they are, so json.dump meets a bad value mid-stream and
    # the atomic write is what protects the old file.
    return {"schema_version": SCHEMA_VERSION, "connector": connector.model_dump(mode="python")}
