"""Schemas from samples (接口返回 parsing, spec F-3/F-6): a sample JSON value becomes a field
tree with types, a JSON Schema, the body parameters of an action, and a yardstick to check a
real response against.

Types are JSON's: string, number, integer, boolean, object, array, null. Arrays of objects
merge their items' fields (a field missing from some items is not ``required``); arrays of
scalars keep the item type; an integer and a number merge to number; null merged with a type
makes it nullable; other disagreements keep every type seen (``types`` has several entries).

A place in the tree is a sequence of steps: object keys, and :data:`ITEMS` for "each item of
an array". :meth:`SchemaNode.at` is the one descent along such steps; the field-tree text of a
place (``data[].customer.name``, the paths of :func:`response_fields` and of the response
check) is printed by :func:`path_text` alone. ``connector_lab.tables.paths.FieldPath`` reads and
writes these steps in every dialect the package uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from ..errors import SpecError
from .limits import json_problem
from .params import Param, ResponseField

JSON_TYPES = ("string", "number", "integer", "boolean", "object", "array", "null")


class Step(Enum):
    """The one path step that is not an object key (JSON keys are always strings)."""

    ITEMS = "[]"


#: The step "each item of an array" (``[]`` in a field-tree path, ``[*]`` in JSONPath).
ITEMS = Step.ITEMS


def path_text(steps: Iterable[str | Step], prefix: str = "") -> str:
    """A place as field-tree text: keys joined by dots, ``[]`` for array items.

    >>> path_text(["data", ITEMS, "customer", "name"])
    'data[].customer.name'
    """
    text = prefix
    for step in steps:
        if step is ITEMS:
            text += "[]"
        else:
            text = f"{text}.{step}" if text else step
    return text


def json_type(value: Any) -> str:
    """The JSON type name of a parsed value."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list | tuple):
        return "array"
    raise TypeError(f"{type(value).__name__} is not a JSON value")


@dataclass
class SchemaNode:
    """One node of a field tree: its types, its fields (objects) and its items (arrays)."""

    types: set[str] = field(default_factory=set)
    fields: dict[str, SchemaNode] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: SchemaNode | None = None

    @property
    def nullable(self) -> bool:
        return "null" in self.types

    @property
    def type(self) -> str:
        """One type name: the non-null type, ``number`` for integer+number, or ``mixed``."""
        concrete = self.types - {"null"}
        if concrete == {"integer", "number"}:
            return "number"
        if len(concrete) == 1:
            return next(iter(concrete))
        return "null" if not concrete else "mixed"

    def walk(self, prefix: str = "") -> list[tuple[str, SchemaNode]]:
        """Every field below this node as ``(dotted path, node)``; array items as ``path[]``."""
        return [(path_text(steps, prefix), node) for steps, node, _ in self.fields_below()]

    def fields_below(
        self, steps: tuple[str | Step, ...] = ()
    ) -> Iterator[tuple[tuple[str | Step, ...], SchemaNode, bool]]:
        """Every field below this node, depth first: ``(steps, node, required)``, where
        ``required`` says whether every object that could have the field has it."""
        for name, node in self.fields.items():
            path = (*steps, name)
            yield path, node, name in self.required
            yield from node.fields_below(path)
        if self.items is not None:
            yield from self.items.fields_below((*steps, ITEMS))

    def at(self, steps: Sequence[str | Step]) -> SchemaNode | None:
        """The node at ``steps`` (keys and :data:`ITEMS`), or None where the tree has no such
        place. A key looked up on an array means its items' field, as a flattened column of
        an exploded list (``items.sku``) names it."""
        node: SchemaNode | None = self
        for step in steps:
            node = node.items if step is ITEMS else node.item_node().fields.get(step)
            if node is None:
                return None
        return node

    def item_node(self) -> SchemaNode:
        """This node, or for an array without fields of its own, the node of its items
        (through arrays of arrays): the schema of one record of a list."""
        node = self
        while node.items is not None and not node.fields:
            node = node.items
        return node


def infer_schema(sample: Any) -> SchemaNode:
    """The field tree of a sample JSON value.

    >>> infer_schema({"id": 1, "tags": ["a"]}).fields["tags"].items.type
    'string'
    """
    node = SchemaNode(types={json_type(sample)})
    if isinstance(sample, dict):
        node.fields = {str(key): infer_schema(value) for key, value in sample.items()}
        node.required = set(node.fields)
    elif isinstance(sample, list | tuple):
        for item in sample:
            item_node = infer_schema(item)
            node.items = item_node if node.items is None else merge(node.items, item_node)
    return node


def merge(a: SchemaNode, b: SchemaNode) -> SchemaNode:
    """The schema that admits what ``a`` and ``b`` admit."""
    out = SchemaNode(types=a.types | b.types)
    if a.fields or b.fields or "object" in out.types:
        names = list(a.fields) + [n for n in b.fields if n not in a.fields]
        for name in names:
            if name in a.fields and name in b.fields:
                out.fields[name] = merge(a.fields[name], b.fields[name])
            else:
                out.fields[name] = a.fields.get(name) or b.fields[name]
        # Required only where both sides are objects that both have the field.
        if "object" in a.types and "object" in b.types:
            out.required = a.required & b.required
        else:
            out.required = a.required or b.required
    if a.items is not None and b.items is not None:
        out.items = merge(a.items, b.items)
    else:
        out.items = a.items or b.items
    return out


def to_json_schema(node: SchemaNode) -> dict[str, Any]:
    """JSON Schema (draft 2020-12 vocabulary) of a field tree."""
    types = sorted(node.types - ({"integer"} if "number" in node.types else set()))
    schema: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
    if node.fields:
        schema["properties"] = {name: to_json_schema(child) for name, child in node.fields.items()}
        required = [name for name in node.fields if name in node.required]
        if required:
            schema["required"] = required
    if node.items is not None:
        schema["items"] = to_json_schema(node.items)
    return schema


def schema_at(node: SchemaNode, keys: Sequence[str | Step]) -> SchemaNode | None:
    """The record node reached by following object keys (and array items) from ``node``."""
    found = node.at(keys)
    return None if found is None else found.item_node()


def body_params(sample: Any) -> list[Param]:
    """Body parameters from a sample request JSON (请求JSON进行解析): one per leaf field,
    named by its dotted path, typed from the sample, required, with the sample as default."""
    if not isinstance(sample, dict):
        raise SpecError(
            [("sample", 'a request body sample must be a JSON object, e.g. {"name": "x"}')]
        )
    _check_sample(sample)
    params = []

    def visit(value: Any, path: str) -> None:
        if isinstance(value, dict) and value:
            for key, child in value.items():
                visit(child, f"{path}.{key}" if path else str(key))
            return
        kind = json_type(value)
        kind = "string" if kind == "null" else kind
        default = None if value is None else value
        params.append(Param(name=path, location="body", type=kind, required=True, default=default))

    visit(sample, "")
    return params


def response_fields(sample: Any) -> list[ResponseField]:
    """The fields of a sample response, each marked required when every object that could
    have it does (fields only some array items have are optional)."""
    _check_sample(sample)
    return [
        ResponseField(path=path_text(steps), type=node.type, required=required)
        for steps, node, required in infer_schema(sample).fields_below()
    ]


def _check_sample(sample: Any) -> None:
    """A sample is walked recursively below: refuse first what is too deep or not JSON."""
    problem = json_problem(sample)
    if problem:
        raise SpecError([("sample", f"{problem}; a sample is a JSON value")])
