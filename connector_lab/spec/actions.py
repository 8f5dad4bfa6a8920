"""An action (执行动作, spec F-3): one request template of a connector — method, path with
``{placeholders}``, parameters, how the body is encoded (JSON or a form) and the expected
response.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_serializer, model_validator

from ..errors import SpecError
from .base import SpecModel, choice, path_example, required_text
from .limits import clip, json_problem, plain_json, shown
from .pagination import Pagination
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
    body_style: Literal["json", "form"] = Field(
        "json",
        title="Body style",
        description="How the body parameters are sent: a JSON object, or a form "
        "(application/x-www-form-urlencoded, flat names only).",
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
    #: How the list continues over pages (分页); None: the action returns one page.
    pagination: Pagination | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _ACTION_ID.match(value):
            raise ValueError(
                f"{shown(value)} is not a valid action id; use up to 64 letters, digits, '_' or "
                "'-', starting with a letter or '_' (e.g. 'list_orders')"
            )
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        required_text(value, "an action needs a name, e.g. 'List orders'", "List orders")
        return value

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, value: Any) -> str:
        method = choice(value, METHODS, str.upper)
        if method:
            return method
        raise ValueError(
            f"{shown(value)} is not a supported method; use one of {', '.join(METHODS)}"
        )

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        path = value.strip()
        if "://" in path:
            raise ValueError(
                f"{shown(value)} is a full URL; the path is relative to the connector's base "
                f"URL (e.g. '{clip(path_example(path))}'), and the host belongs in the connector"
            )
        if "?" in path or "#" in path:
            raise ValueError(
                f"{shown(value)} contains '?' or '#'; put query values in query parameters"
            )
        if path.count("{") != path.count("}"):
            raise ValueError(
                f"{shown(value)} has unbalanced braces; write placeholders as {{name}}"
            )
        for name in PLACEHOLDER.findall(path):
            if not IDENTIFIER.match(name):
                raise ValueError(
                    f"placeholder {{{clip(name)}}} in {shown(value)} is not a valid name; use "
                    "letters, digits and '_' (e.g. {user_id})"
                )
        return path if path.startswith("/") else "/" + path

    @field_validator("expected_response")
    @classmethod
    def _sample(cls, value: Any) -> Any:
        problem = json_problem(value)
        if problem:
            raise ValueError(f"{problem}; a sample response is a JSON value")
        return plain_json(value)

    @model_serializer(mode="wrap")
    def _json_style_unwritten(self, handler: Any) -> Any:
        # The default style is left out, so a JSON action is saved exactly as before body
        # styles existed (files, diffs and exports of existing connectors stay the same).
        data = handler(self)
        if isinstance(data, dict) and data.get("body_style") == "json":
            del data["body_style"]
        return data

    @model_validator(mode="after")
    def _params_match_path(self) -> Action:
        problems = _duplicates(self.params) + _body_overlaps(self.params)
        if self.body_style == "form":
            problems += _nested_form_params(self.params)
        placeholders = self.placeholders()
        for index, param in enumerate(self.params):
            if param.location == "path" and param.name not in placeholders:
                problems.append(
                    (
                        f"params[{index}].location",
                        f"path parameter {shown(param.name)} does not appear in path "
                        f"{shown(self.path)}; add '{{{clip(param.name)}}}' to the path or change "
                        "its location",
                    )
                )
            if param.location == "body" and self.method in BODYLESS_METHODS:
                problems.append(
                    (
                        f"params[{index}].location",
                        f"body parameter {shown(param.name)} needs a method with a body "
                        f"(POST, PUT, PATCH or DELETE), not {self.method}",
                    )
                )
        if (
            self.pagination
            and self.pagination.cursor_in == "body"
            and (self.method in BODYLESS_METHODS)
        ):
            problems.append(
                (
                    "pagination.cursor_in",
                    f"the cursor cannot go in the body of a {self.method} request; send it in "
                    "the query, or use POST",
                )
            )
        path_params = {p.name for p in self.params if p.location == "path"}
        problems += [
            (
                "path",
                f"placeholder {{{clip(name)}}} in path {shown(self.path)} has no path parameter; "
                f"add a parameter named {shown(name)} with location 'path'",
            )
            for name in placeholders
            if name not in path_params
        ]
        if problems:
            raise SpecError(problems, title=f"invalid action {shown(self.id)}")
        return self

    def __repr__(self) -> str:
        params = ", ".join(f"{p.location}:{p.name}" for p in self.params)
        return f"Action({self.id!r}, {self.method} {clip(self.path)}, params=[{clip(params)}])"

    def placeholders(self) -> list[str]:
        """The ``{name}`` placeholders of the path, in order."""
        return PLACEHOLDER.findall(self.path)

    def param(self, name: str, location: str | None = None) -> Param:
        for param in self.params:
            if param.name == name and location in (None, param.location):
                return param
        raise KeyError(name)


def _duplicates(params: list[Param]) -> list[tuple[str, str]]:
    """A second parameter of the same name in the same place (header names in any case:
    they are case-insensitive on the wire)."""
    problems, seen = [], set()
    for index, param in enumerate(params):
        name = param.name.lower() if param.location == "header" else param.name
        if (param.location, name) in seen:
            problems.append(
                (
                    f"params[{index}].name",
                    f"duplicate {param.location} parameter {shown(param.name)}",
                )
            )
        seen.add((param.location, name))
    return problems


def _nested_form_params(params: list[Param]) -> list[tuple[str, str]]:
    """A form body is flat ``name=value`` pairs: a dotted name (an object inside the body)
    has no form encoding, so it is refused rather than sent under some convention."""
    return [
        (
            f"params[{index}].name",
            f"body parameter {shown(param.name)} is a nested path, which a form body cannot "
            "carry; give it a flat name (e.g. "
            f"{shown(param.name.replace('.', '_'))}) or set the body style to 'json'",
        )
        for index, param in enumerate(params)
        if param.location == "body" and "." in param.name
    ]


def _body_overlaps(params: list[Param]) -> list[tuple[str, str]]:
    """Body parameters where one lies inside another (``a`` and ``a.b``): the request
    would have to put ``b`` inside whatever value ``a`` has — a text, a list, or an object
    the ``a.b`` value overwrites — so the definition is refused instead."""
    body = {p.name: index for index, p in enumerate(params) if p.location == "body"}
    problems = []
    for name, index in body.items():
        parts = name.split(".")
        for cut in range(1, len(parts)):
            outer = ".".join(parts[:cut])
            if outer in body:
                problems.append(
                    (
                        f"params[{index}].name",
                        f"body parameter {shown(name)} lies inside body parameter "
                        f"{shown(outer)} (params[{body[outer]}]); keep one: remove "
                        f"{shown(outer)} and give its fields as dotted parameters, or remove "
                        f"{shown(name)} and make it part of {shown(outer)}'s value",
                    )
                )
                break
    return problems
