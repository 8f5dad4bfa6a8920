"""The words of a definition, listed once: HTTP methods, parameter locations, parameter
types, value sources, system fields and the ``{placeholder}`` pattern of a path.

The models validate against these and the forms offer exactly these — the widgets import
them instead of restating them, so a new method or type appears in both at once.
"""

from __future__ import annotations

import re
from typing import Literal, get_args

Method = Literal["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
METHODS: tuple[str, ...] = get_args(Method)
#: Methods that carry no JSON body (a body parameter on them is refused).
BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
#: How an action's body parameters are encoded: a JSON object, or a urlencoded form.
BODY_STYLES = ("json", "form")

Location = Literal["query", "path", "header", "body"]
LOCATIONS: tuple[str, ...] = get_args(Location)

ParamType = Literal["string", "number", "integer", "boolean", "object", "array"]
PARAM_TYPES: tuple[str, ...] = get_args(ParamType)

Source = Literal["user", "static", "system"]
SOURCES: tuple[str, ...] = get_args(Source)

SystemField = Literal["user_id", "org_id"]
#: System fields a parameter can take its value from (登录人ID, 组织ID).
SYSTEM_FIELDS: dict[str, str] = {"user_id": "login user id", "org_id": "organization id"}

#: A name usable as a path placeholder or a path parameter.
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: Any ``{…}`` in a path; the model checks that what is inside is an :data:`IDENTIFIER`.
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def placeholders(path: str) -> list[str]:
    """The ``{name}`` placeholders of ``path``, in order, valid names only.

    >>> placeholders("/users/{user_id}/orders/{ order }")
    ['user_id']
    """
    return [name for name in PLACEHOLDER.findall(path) if IDENTIFIER.match(name)]
