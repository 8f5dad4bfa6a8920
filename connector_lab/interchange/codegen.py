"""What the code exporters (``python_export``, ``dlt_export``) share: the environment
variables a generated file reads credentials from, Python names for actions and parameters,
JSONPaths as plain key steps, and the checks every generated source passes.

Nothing here writes a credential: an account's values never reach this module — only the
scheme's field names, turned into variable names such as ``SANDBOX_SHOP_API_KEY``.
"""

from __future__ import annotations

import ast
import json
import keyword
import re
from typing import Any

from ..errors import SpecError
from ..spec.connectors import Connector
from ..spec.limits import shown

#: Account field -> the tail of its environment variable, where the key alone says too little.
_FIELD_NAMES = {("api_key", "token"): "API_KEY", ("bearer", "token"): "TOKEN"}


def env_prefix(connector: Connector) -> str:
    """``SANDBOX_SHOP`` for "Sandbox shop": the display name in capitals, ``_`` between words
    (``API`` when nothing of it is ASCII, e.g. a Chinese name)."""
    words = re.findall(r"[A-Za-z0-9]+", connector.display_name)
    prefix = "_".join(words).upper() or "API"
    return f"API_{prefix}" if prefix[0].isdigit() else prefix


def env_names(connector: Connector, prefix: str | None = None) -> dict[str, str]:
    """Each account field of the connector's scheme -> the environment variable holding it."""
    head = prefix or env_prefix(connector)
    scheme = connector.auth.type
    return {
        field.key: f"{head}_{_FIELD_NAMES.get((scheme, field.key), field.key.upper())}"
        for field in connector.auth.account_fields()
    }


def identifier(text: str, taken: set[str] | frozenset[str] = frozenset()) -> str:
    """A Python name for ``text`` (``X-Trace`` -> ``x_trace``), not a keyword nor in ``taken``."""
    name = re.sub(r"\W+", "_", text, flags=re.ASCII).strip("_").lower() or "value"
    if name[0].isdigit():
        name = f"_{name}"
    while keyword.iskeyword(name) or name in taken:
        name = f"{name}_"
    return name


# One step of a simple JSONPath: .name, ['name'], ["name"], [0], [*] or .*
_STEP = re.compile(
    r"""\.([A-Za-z_\u0080-\uffff][\w\u0080-\uffff-]*)|\[(-?\d+)\]|\[\*\]|\.\*|"""
    r"""\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]"""
)


def path_steps(path: str, field: str) -> list[str | int]:
    """``$.data[*].id`` -> ``['data', '*', 'id']``: keys, list indexes and ``'*'`` (every
    item). Filters and recursive descent have no plain form: a clear error names the field."""
    text = path.strip()
    text = text[1:] if text.startswith("$") else "." + text
    steps: list[str | int] = []
    position = 0
    while position < len(text):
        match = _STEP.match(text, position)
        if match is None:
            raise SpecError(
                [
                    (
                        field,
                        f"{shown(path)} is not a plain JSONPath the exporters can write out; "
                        "use keys, [n] and [*] only (e.g. '$.data[*]')",
                    )
                ]
            )
        key, index, quoted1, quoted2 = match.groups()
        if index is not None:
            steps.append(int(index))
        elif key is not None or quoted1 is not None or quoted2 is not None:
            steps.append(next(v for v in (key, quoted1, quoted2) if v is not None))
        else:
            steps.append("*")
        position = match.end()
    return steps


def literal(value: Any) -> str:
    """A JSON value as Python source in the style ruff formats (``True``, ``None``,
    ``{"a": [1]}``)."""
    if isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
        return text if text.isprintable() and "\\u" not in text else repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(literal, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


class Code(str):
    """Python source that :func:`pretty` writes as it is (an expression, not a value)."""


def pretty(value: Any, indent: int = 0, lead: int = 0, tail: int = 0, width: int = 100) -> str:
    """``value`` as Python source laid out as ruff would: on one line when it fits in
    ``width`` (starting at column ``indent + lead``, with ``tail`` characters after it), else
    one item a line with a trailing comma, the closing bracket at column ``indent``."""
    flat = _flat(value)
    fits = indent + lead + len(flat) + tail <= width
    if fits or not isinstance(value, dict | list) or not value:
        return flat
    inner = indent + 4
    if isinstance(value, dict):
        keys = [literal(str(k)) + ": " for k in value]
        items = [
            k + pretty(v, inner, len(k), 1, width)
            for k, v in zip(keys, value.values(), strict=True)
        ]
        opening, closing = "{", "}"
    else:
        items = [pretty(v, inner, 0, 1, width) for v in value]
        opening, closing = "[", "]"
    body = "".join(f"{' ' * inner}{item},\n" for item in items)
    return f"{opening}\n{body}{' ' * indent}{closing}"


def _flat(value: Any) -> str:
    if isinstance(value, Code):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(map(_flat, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {_flat(v)}" for k, v in value.items()) + "}"
    return literal(value)


def check_source(source: str, filename: str) -> str:
    """``source`` if it compiles; generated code that does not is a bug of the exporter."""
    compile(ast.parse(source, filename=filename), filename, "exec")
    return source
