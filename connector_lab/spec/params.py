"""A request parameter (spec F-3's parameter table) and a field of the expected response.

A parameter says where it goes (query, path, header, body), its type, and where its value
comes from (typed by the user, fixed, or a system field of the run context).
"""

from __future__ import annotations

from typing import Any

from pydantic import field_validator, model_validator

from .._rules import has_line_break, line_break_problem
from ..errors import SpecError
from .base import SpecModel, choice
from .limits import json_problem, plain_json, shown
from .schemes import check_header_name
from .types import ConversionError, convert
from .vocabulary import IDENTIFIER, LOCATIONS, Location, ParamType, Source, SystemField


class Param(SpecModel):
    """One request parameter: where it goes, its type, and where its value comes from.

    ``source`` is ``"user"`` (given when running; ``default`` applies when omitted),
    ``"static"`` (always ``value``) or ``"system"`` (``system_field`` of the run context).
    """

    name: str
    location: Location = "query"
    type: ParamType = "string"
    required: bool = False
    default: Any = None
    description: str = ""
    source: Source = "user"
    value: Any = None
    system_field: SystemField | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _location(cls, value: Any) -> Any:
        location = choice(value, LOCATIONS, str.lower)
        if location:
            return location
        raise ValueError(
            f"{shown(value)} is not a parameter location; use one of {list(LOCATIONS)}"
        )

    @field_validator("default", "value", mode="before")
    @classmethod
    def _as_json_reads_it(cls, value: Any) -> Any:
        # What is not JSON is left as given: the type check below names the problem.
        return value if json_problem(value) else plain_json(value)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a parameter needs a name (e.g. 'page')")
        if value != value.strip():
            raise ValueError(f"{shown(value)} has leading or trailing spaces; remove them")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        problems: list[tuple[str, str]] = []
        if self.location == "header":
            try:
                check_header_name(self.name, "a header parameter")
            except ValueError as exc:
                problems.append(("name", str(exc)))
        if self.location == "path" and not IDENTIFIER.match(self.name):
            problems.append(
                (
                    "name",
                    f"{shown(self.name)} cannot be a path parameter name; use letters, digits and "
                    "'_' (it must match a {placeholder} in the path)",
                )
            )
        if self.source == "static" and self.value is None:
            problems.append(
                ("value", "a static parameter needs a value; set 'value' or use source 'user'")
            )
        if self.source == "system" and self.system_field is None:
            problems.append(
                (
                    "system_field",
                    "a system-field parameter needs system_field 'user_id' (login user id) or "
                    "'org_id' (organization id)",
                )
            )
        for label, candidate in (("value", self.value), ("default", self.default)):
            if candidate is None:
                continue
            if self.location == "header" and has_line_break(candidate):
                problems.append(
                    (label, line_break_problem(f"header {shown(self.name)}: its {label}"))
                )
                continue
            try:
                convert(self.name, self.type, candidate)
            except ConversionError as exc:
                problems.append((label, str(exc)))
        if problems:
            raise SpecError(problems, title=f"invalid parameter {shown(self.name)}")
        return self

    @property
    def is_user_input(self) -> bool:
        return self.source == "user"


class ResponseField(SpecModel):
    """One field of the expected response (接口返回), as parsed from a sample and then
    annotated: ``path`` is dotted, with ``[]`` for array items (``data[].customer.name``)."""

    path: str
    type: str
    required: bool = True
    description: str = ""
