"""JSON Schemas of an OpenAPI document → what an action holds: body parameters (one per leaf
field, dotted names, as the forms' sample parser makes them), a sample response and its
fields. ``allOf`` is merged; ``oneOf`` / ``anyOf`` take their first option (and say so);
``$ref`` is followed; recursion stops at a depth limit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spec.params import ResponseField
from ..spec.vocabulary import PARAM_TYPES

#: How deep a schema is followed (a recursive schema stops here).
MAX_DEPTH = 6


@dataclass
class SchemaReader:
    """Reads schemas against one document's ``$ref`` resolver, noting what it simplified."""

    refs: Any
    notes: list[str] = field(default_factory=list)

    def flat(self, schema: Any, resolver: Any = None) -> tuple[dict[str, Any], Any]:
        """The schema with ``$ref`` followed, ``allOf`` merged and ``oneOf`` / ``anyOf``
        reduced to their first option."""
        schema, resolver = self.refs.resolve(schema, resolver)
        if not isinstance(schema, dict):
            return {}, resolver
        for key in ("oneOf", "anyOf"):
            options = schema.get(key)
            if isinstance(options, list) and options and "properties" not in schema:
                self.notes.append(f"{key} with {len(options)} options: the first is used")
                first, resolver = self.flat(options[0], resolver)
                rest = {k: v for k, v in schema.items() if k != key}
                return {**rest, **first}, resolver
        parts = schema.get("allOf")
        if isinstance(parts, list) and parts:
            merged = {k: v for k, v in schema.items() if k != "allOf"}
            merged["properties"] = dict(merged.get("properties") or {})
            merged["required"] = list(merged.get("required") or [])
            for part in parts:
                flat, _ = self.flat(part, resolver)
                merged["properties"].update(flat.get("properties") or {})
                merged["required"] += flat.get("required") or []
                for key in ("type", "description", "example", "items"):
                    merged.setdefault(key, flat.get(key))
            return {k: v for k, v in merged.items() if v is not None}, resolver
        return schema, resolver


def schema_type(schema: dict[str, Any]) -> str:
    """A parameter type for a schema: its ``type`` (the first non-null one of a list)."""
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "string")
    if kind is None and "properties" in schema:
        kind = "object"
    return kind if kind in PARAM_TYPES else "string"


def body_fields(reader: SchemaReader, schema: Any) -> list[dict[str, Any]]:
    """One dict (name, type, required, default, description) per leaf field of a body."""
    out: list[dict[str, Any]] = []

    def visit(node: Any, resolver: Any, name: str, required: bool, depth: int) -> None:
        flat, resolver = reader.flat(node, resolver)
        props = flat.get("properties")
        if isinstance(props, dict) and props and depth < MAX_DEPTH:
            needed = set(flat.get("required") or [])
            for key, child in props.items():
                child_name = f"{name}.{key}" if name else str(key)
                visit(child, resolver, child_name, required and key in needed, depth + 1)
            return
        if not name:
            return
        default = flat.get("default", flat.get("example"))
        out.append(
            {
                "name": name,
                "type": schema_type(flat),
                "required": required,
                "default": default,
                "description": str(flat.get("description") or ""),
            }
        )

    visit(schema, None, "", True, 0)
    return out


def sample_of(reader: SchemaReader, schema: Any, resolver: Any = None, depth: int = 0) -> Any:
    """A sample JSON value for a schema: its example, else one built from its fields."""
    flat, resolver = reader.flat(schema, resolver)
    if "example" in flat:
        return flat["example"]
    kind = schema_type(flat)
    if depth >= MAX_DEPTH:
        return None
    if kind == "object":
        props = flat.get("properties") or {}
        return {k: sample_of(reader, v, resolver, depth + 1) for k, v in props.items()}
    if kind == "array":
        items = flat.get("items")
        return [sample_of(reader, items, resolver, depth + 1)] if items else []
    if "default" in flat:
        return flat["default"]
    if flat.get("enum"):
        return flat["enum"][0]
    return {"string": "", "integer": 0, "number": 0, "boolean": False}.get(kind)


def fields_of(reader: SchemaReader, schema: Any) -> list[ResponseField]:
    """The response fields (dotted paths, ``[]`` for items) with required marks and
    descriptions."""
    out: list[ResponseField] = []

    def visit(node: Any, resolver: Any, path: str, depth: int) -> None:
        flat, resolver = reader.flat(node, resolver)
        if depth >= MAX_DEPTH:
            return
        if schema_type(flat) == "array" and flat.get("items"):
            visit(flat["items"], resolver, path + "[]", depth + 1)
            return
        needed = set(flat.get("required") or [])
        for key, child in (flat.get("properties") or {}).items():
            child_flat, _ = reader.flat(child, resolver)
            child_path = f"{path}.{key}" if path else str(key)
            kind = child_flat.get("type") or "mixed"
            kind = kind if isinstance(kind, str) else "mixed"
            description = str(child_flat.get("description") or "")
            out.append(
                ResponseField(
                    path=child_path, type=kind, required=key in needed, description=description
                )
            )
            visit(child, resolver, child_path, depth + 1)

    visit(schema, None, "", 0)
    return out
