"""An action (执行动作, spec F-3): one request template of a connector — method, path with
``{placeholders}``, parameters and the expected response.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import Field, field_validator, model_validator

from ..errors import SpecError
from .base import SpecModel, choice, path_example, required_text
from .params import Param, ResponseField
from .vocabulary import BODYLESS_METHODS, IDENTIFIER, METHODS, PLACEHOLDER

_ACTION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")


class Action(SpecModel):
    """An action (执行动作): one request template of a connector."""

    # title, description and json_schema_extra are what a form shows: a row's label, its
    # help, and its placeholder or choices.
    id: str = Field(
        title="Id",
        description="How code names the action: letters, digits, '_' or '-'.",
        json_schema_extra={"placeholder": "list_orders"},
    )
    name: str = Field(
        title="Name",
        description="The action's name as people see it.",
        json_schema_extra={"placeholder": "List orders"},
    )
    description: str = Field("", title="Description", description="What the action does.")
    method: str = Field(
        "GET",
        title="Method",
        description="The HTTP method of the request.",
        json_schema_extra={"enum": list(METHODS)},
    )
    path: str = Field(
        "/",
        title="Path",
        description="Relative to the connector's base URL; {name} marks a path parameter.",
        json_schema_extra={"placeholder": "/orders/{order_id}"},
    )
    params: list[Param] = Field(default_factory=list)
    #: A sample of the expected JSON response (接口返回), used to check real responses.
    expected_response: Any = None
    #: The sample's fields with their required marks and descriptions (empty: all required).
    response_fields: list[ResponseField] = Field(default_factory=list)
    records_path: str | None = Field(
        None,
        title="Records (JSONPath)",
        description="JSONPath of the record list in the response (auto-detected when empty).",
        json_schema_extra={"placeholder": "$.data[*] (optional)"},
    )

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ACTION_ID.match(value):
            raise ValueError(
                f"{value!r} is not a valid action id; use up to 64 letters, digits, '_' or "
                "'-', starting with a letter or '_' (e.g. 'list_orders')"
            )
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        required_text(value, "an action needs a name (动作名称), e.g. 'List orders'")
        return value

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, value: Any) -> str:
        method = choice(value, METHODS, str.upper)
        if method:
            return method
        raise ValueError(f"{value!r} is not a supported method; use one of {', '.join(METHODS)}")

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        path = value.strip()
        if "://" in path:
            raise ValueError(
                f"{value!r} is a full URL; the path is relative to the connector's base URL "
                f"(e.g. '{path_example(path)}'), and the host belongs in the connector"
            )
        if "?" in path or "#" in path:
            raise ValueError(f"{value!r} contains '?' or '#'; put query values in query parameters")
        if path.count("{") != path.count("}"):
            raise ValueError(f"{value!r} has unbalanced braces; write placeholders as {{name}}")
        for name in PLACEHOLDER.findall(path):
            if not IDENTIFIER.match(name):
                raise ValueError(
                    f"placeholder {{{name}}} in {value!r} is not a valid name; use letters, "
                    "digits and '_' (e.g. {user_id})"
                )
        return path if path.startswith("/") else "/" + path

    @model_validator(mode="after")
    def _params_match_path(self) -> Action:
        problems: list[tuple[str, str]] = []
        placeholders = self.placeholders()
        seen: set[tuple[str, str]] = set()
        path_params = set()
        for index, param in enumerate(self.params):
            where = f"params[{index}]"
            # Header names are case-insensitive on the wire; other names are not.
            name = param.name.lower() if param.location == "header" else param.name
            if (param.location, name) in seen:
                problems.append(
                    (f"{where}.name", f"duplicate {param.location} parameter {param.name!r}")
                )
            seen.add((param.location, name))
            if param.location == "path":
                path_params.add(param.name)
                if param.name not in placeholders:
                    problems.append(
                        (
                            f"{where}.location",
                            f"path parameter {param.name!r} does not appear in path "
                            f"{self.path!r}; add '{{{param.name}}}' to the path or change its "
                            "location",
                        )
                    )
            if param.location == "body" and self.method in BODYLESS_METHODS:
                problems.append(
                    (
                        f"{where}.location",
                        f"body parameter {param.name!r} needs a method with a body "
                        f"(POST, PUT, PATCH or DELETE), not {self.method}",
                    )
                )
        problems += [
            (
                "path",
                f"placeholder {{{name}}} in path {self.path!r} has no path parameter; "
                f"add a parameter named {name!r} with location 'path'",
            )
            for name in placeholders
            if name not in path_params
        ]
        if problems:
            raise SpecError(problems, title=f"invalid action {self.id!r}")
        return self

    def __repr__(self) -> str:
        params = ", ".join(f"{p.location}:{p.name}" for p in self.params)
        return f"Action({self.id!r}, {self.method} {self.path}, params=[{params}])"

    def placeholders(self) -> list[str]:
        """The ``{name}`` placeholders of the path, in order."""
        return PLACEHOLDER.findall(self.path)

    def param(self, name: str, location: str | None = None) -> Param:
        for param in self.params:
            if param.name == name and location in (None, param.location):
                return param
        raise KeyError(name)
