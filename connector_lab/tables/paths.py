"""One path type, :class:`FieldPath`, for the three ways the package names a place in a JSON
value, each read and written here:

- JSONPath, the records path (``$.data.items[*]``, ``$['order-list'][*]``);
- dotted paths, the explode path and its ``meta`` (``items``, ``customer.address``);
- field-tree paths of the expected response (``data[].customer.name``), printed as the spec
  prints them (:func:`connector_lab.spec.samples.path_text`).

A path is a tuple of steps: object keys, and :data:`ITEMS` for "each item of a list".
Any key survives JSONPath: a key that is not a plain name (``order-list``, ``a.b``, ``中文``)
is printed quoted (``$['a.b']``) and reads back as the same key. Dotted and field-tree text
cannot tell a dot inside a key from a dot between keys by themselves; JSONPath can, and
:func:`resolve_dotted` reads a dotted path against the records, where the keys tell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from ..spec.samples import ITEMS, Step, path_text

__all__ = ["ITEMS", "FieldPath", "present_paths", "resolve_dotted"]

# One step of a simple JSONPath: .name, ['name'], ["name"] (backslash escapes) or [*]. The
# name form is what jsonpath-ng reads as a name, extended to any letters (it rejects some).
_JSONPATH_STEP = re.compile(
    r"""\.(?P<name>@?[^\W\d][\w@-]*)
      | \['(?P<single>(?:[^'\\]|\\.)*)'\]
      | \["(?P<double>(?:[^"\\]|\\.)*)"\]
      | (?P<items>\[\*\])""",
    re.VERBOSE | re.DOTALL,
)
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
# Keys printed as .name: jsonpath-ng reads these as the key itself (its reserved words aside).
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_RESERVED = frozenset({"where", "wherenot"})


@dataclass(frozen=True)
class FieldPath:
    """A place in a JSON value: object keys and :data:`ITEMS` steps, immutable."""

    steps: tuple[str | Step, ...] = ()

    def __truediv__(self, step: str | Step) -> FieldPath:
        """The path one step further: ``path / "name"`` or ``path / ITEMS``."""
        return FieldPath((*self.steps, step))

    @property
    def parent(self) -> FieldPath:
        return FieldPath(self.steps[:-1])

    @property
    def keys(self) -> tuple[str, ...] | None:
        """The object keys, when the path has no :data:`ITEMS` step; else None."""
        return None if ITEMS in self.steps else self.steps  # type: ignore[return-value]

    # -- JSONPath ----------------------------------------------------------------------------
    @classmethod
    def from_jsonpath(cls, text: str) -> FieldPath | None:
        """The path of a simple JSONPath (names, quoted names, ``[*]``), or None for any
        other expression (a filter, an index, a wildcard on objects, recursive descent)."""
        rest = text[1:] if text.startswith("$") else text
        if rest and rest[0] not in ".[":
            rest = "." + rest  # "data.items": jsonpath-ng reads a leading name without "$."
        steps: list[str | Step] = []
        position = 0
        while position < len(rest):
            match = _JSONPATH_STEP.match(rest, position)
            if match is None:
                return None
            steps.append(_jsonpath_step(match))
            position = match.end()
        return cls(tuple(steps))

    @property
    def jsonpath(self) -> str:
        """``$.data['order-list'][*]``: plain names dotted, any other key quoted."""
        return "$" + "".join(_jsonpath_text(step) for step in self.steps)

    # -- dotted ----------------------------------------------------------------------------
    @classmethod
    def from_dotted(cls, text: str, sep: str = ".") -> FieldPath:
        """``customer.address`` → keys ``customer``, ``address`` (split on ``sep``)."""
        return cls(tuple(text.split(sep)))

    def dotted(self, sep: str = ".") -> str:
        """The keys joined by ``sep``; a dotted path has no list steps."""
        keys = self.keys
        if keys is None:
            raise ValueError(f"{self.field_tree!r} steps into list items: no dotted form")
        return sep.join(keys)

    # -- field tree ------------------------------------------------------------------------
    @classmethod
    def from_field_tree(cls, text: str) -> FieldPath:
        """``data[].customer.name`` → ``data``, ITEMS, ``customer``, ``name``."""
        steps: list[str | Step] = []
        for part in text.split(".") if text else ():
            key, count = part, 0
            while key.endswith("[]"):
                key, count = key[:-2], count + 1
            if key or not count:
                steps.append(key)
            steps += [ITEMS] * count
        return cls(tuple(steps))

    @property
    def field_tree(self) -> str:
        return path_text(self.steps)

    def __str__(self) -> str:
        return self.field_tree


def _jsonpath_step(match: re.Match[str]) -> str | Step:
    if match["items"]:
        return ITEMS
    if match["name"] is not None:
        return match["name"]
    quoted = match["single"] if match["single"] is not None else match["double"]
    return _ESCAPE.sub(r"\1", quoted)


def _jsonpath_text(step: str | Step) -> str:
    if step is ITEMS:
        return "[*]"
    if _PLAIN_KEY.match(step) and step not in _RESERVED:
        return f".{step}"
    escaped = step.replace("\\", "\\\\").replace("'", "\\'")
    return f"['{escaped}']"


def resolve_dotted(text: str, values: Iterable[Any], sep: str = ".") -> FieldPath | None:
    """The keys a dotted path names in the first of ``values`` (objects) that holds it, or None.

    A key may itself hold the separator (``labels.app.kubernetes.io/name`` is ``labels``, then
    ``app.kubernetes.io/name``): where the text splits more than one way, the split into more
    keys is tried first, as a column name gives the nested path the plain name."""
    for value in values:
        keys = _split_keys(value, text, sep)
        if keys is not None:
            return FieldPath(keys)
    return None


def _split_keys(value: Any, text: str, sep: str) -> tuple[str, ...] | None:
    # Recursion is bounded by the separators in ``text``, not by the depth of ``value``.
    if type(value) is not dict:
        return None
    start = 0
    while True:
        cut = text.find(sep, start) if sep else -1
        key = text if cut < 0 else text[:cut]
        if key in value:
            if cut < 0:
                return (key,)
            below = _split_keys(value[key], text[cut + len(sep) :], sep)
            if below is not None:
                return (key, *below)
        if cut < 0:
            return None
        start = cut + len(sep)


def present_paths(
    values: Iterable[Any], sep: str = ".", *, records: int = 1000, depth: int = 32
) -> dict[str, bool]:
    """The dotted paths of the objects among the first ``records`` values (not into lists,
    at most ``depth`` objects deep), each with whether a list is there: the candidates when
    a path given by hand matches nothing."""
    found: dict[str, bool] = {}
    for value in islice(values, records):
        stack = [(value, "", 0)]
        while stack:
            obj, prefix, level = stack.pop()
            if type(obj) is not dict or level > depth:
                continue
            for key, item in obj.items():
                name = f"{prefix}{key}"
                found[name] = found.get(name, False) or type(item) is list
                stack.append((item, name + sep, level + 1))
    return found
