"""Connectors, actions and parameters (spec F-1 and F-3) as validated models.

Every rule of the spec's tables is enforced here, on construction and on load, with a message
that names the field, the bad value and the fix. The JSON round trip is lossless:
``Connector.from_json(c.to_json()) == c``.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, field_validator, model_validator

from ._model import SpecModel
from .convert import ConversionError, ParamType, convert
from .errors import SpecError
from .schemes import AuthScheme, NoAuth, check_header_name

METHODS: tuple[str, ...] = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
#: Methods that carry no JSON body (a body parameter on them is refused).
BODYLESS_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOCATIONS: tuple[str, ...] = ("query", "path", "header", "body")
#: System fields a parameter can take its value from (登录人ID, 组织ID).
SYSTEM_FIELDS: dict[str, str] = {"user_id": "login user id", "org_id": "organization id"}

_ACTION_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]{0,63}$")
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_HOST_LABEL = r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)"
_HOSTNAME = re.compile(rf"^{_HOST_LABEL}(\.{_HOST_LABEL})*$")


def _has_line_break(value: Any) -> bool:
    return isinstance(value, str) and ("\r" in value or "\n" in value)


class Param(SpecModel):
    """One request parameter: where it goes, its type, and where its value comes from.

    ``source`` is ``"user"`` (given when running; ``default`` applies when omitted),
    ``"static"`` (always ``value``) or ``"system"`` (``system_field`` of the run context).
    """

    name: str
    location: Literal["query", "path", "header", "body"] = "query"
    type: ParamType = "string"
    required: bool = False
    default: Any = None
    description: str = ""
    source: Literal["user", "static", "system"] = "user"
    value: Any = None
    system_field: Literal["user_id", "org_id"] | None = None

    @field_validator("location", mode="before")
    @classmethod
    def _location(cls, value: Any) -> Any:
        if isinstance(value, str) and value.lower() in LOCATIONS:
            return value.lower()
        raise ValueError(f"{value!r} is not a parameter location; use one of {list(LOCATIONS)}")

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a parameter needs a name (e.g. 'page')")
        if value != value.strip():
            raise ValueError(f"{value!r} has leading or trailing spaces; remove them")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Param:
        problems: list[tuple[str, str]] = []
        if self.location == "header":
            try:
                check_header_name(self.name, "a header parameter")
            except ValueError as exc:
                problems.append(("name", str(exc)))
        if self.location == "path" and not _IDENTIFIER.match(self.name):
            problems.append(
                (
                    "name",
                    f"{self.name!r} cannot be a path parameter name; use letters, digits and "
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
            if self.location == "header" and _has_line_break(candidate):
                problems.append(
                    (
                        label,
                        f"header {self.name!r}: its {label} contains a line break (CR/LF), "
                        "which would split the request; remove it",
                    )
                )
                continue
            try:
                convert(self.name, self.type, candidate)
            except ConversionError as exc:
                problems.append((label, str(exc)))
        if problems:
            raise SpecError(problems, title=f"invalid parameter {self.name!r}")
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


class Action(SpecModel):
    """An action (执行动作): one request template of a connector."""

    id: str
    name: str
    description: str = ""
    method: str = "GET"
    path: str = "/"
    params: list[Param] = Field(default_factory=list)
    #: A sample of the expected JSON response (接口返回), used to check real responses.
    expected_response: Any = None
    #: The sample's fields with their required marks and descriptions (empty: all required).
    response_fields: list[ResponseField] = Field(default_factory=list)
    #: JSONPath of the record list in the response (auto-detected when empty).
    records_path: str | None = None

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
        if not value.strip():
            raise ValueError("an action needs a name (动作名称), e.g. 'List orders'")
        return value

    @field_validator("method", mode="before")
    @classmethod
    def _method(cls, value: Any) -> str:
        if isinstance(value, str) and value.strip().upper() in METHODS:
            return value.strip().upper()
        raise ValueError(f"{value!r} is not a supported method; use one of {', '.join(METHODS)}")

    @field_validator("path")
    @classmethod
    def _path(cls, value: str) -> str:
        path = value.strip()
        if "://" in path:
            raise ValueError(
                f"{value!r} is a full URL; the path is relative to the connector's base URL "
                f"(e.g. '{urlsplit(path).path or '/'}'), and the host belongs in the connector"
            )
        if "?" in path or "#" in path:
            raise ValueError(f"{value!r} contains '?' or '#'; put query values in query parameters")
        if path.count("{") != path.count("}"):
            raise ValueError(f"{value!r} has unbalanced braces; write placeholders as {{name}}")
        for name in _PLACEHOLDER.findall(path):
            if not _IDENTIFIER.match(name):
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
        return _PLACEHOLDER.findall(self.path)

    def param(self, name: str, location: str | None = None) -> Param:
        for param in self.params:
            if param.name == name and location in (None, param.location):
                return param
        raise KeyError(name)


def check_host(value: str) -> str:
    """Validate a connector host (域名): a name or IP, optional ``:port``, nothing else."""
    host = value.strip()
    if not host:
        raise ValueError("a host is required, e.g. 'api.example.com' or '127.0.0.1:8765'")
    match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*)://", host)
    if match:
        parts = urlsplit(host)
        scheme, netloc, path = parts.scheme.lower(), parts.netloc, parts.path.rstrip("/")
        if path:
            fix = f"use host {netloc!r}, protocol {scheme!r} and base URL {path!r}"
        else:
            fix = f"use host {netloc!r} and protocol {scheme!r}"
        return _raise(f"{value!r} includes the protocol; {fix}")
    if "/" in host:
        netloc, _, rest = host.partition("/")
        path = "/" + rest.rstrip("/")
        if path == "/":
            return _raise(f"{value!r} ends with '/'; use host {netloc!r}")
        return _raise(f"{value!r} includes a path; use host {netloc!r} and base URL {path!r}")
    if any(c in host for c in "?#@ \t"):
        return _raise(
            f"{value!r} is not a valid host; use a name like 'api.example.com', an IP address "
            "or an IPv6 address in brackets, optionally with ':port'"
        )
    if host.startswith("["):
        address, _, port = host[1:].partition("]")
        try:
            ipaddress.IPv6Address(address)
        except ValueError:
            return _raise(f"{value!r} has an invalid IPv6 address in brackets")
        if port and not port.startswith(":"):
            return _raise(f"{value!r}: after ']' only ':port' may follow")
        _check_port(value, port[1:] if port else None)
        return host
    if host.count(":") > 1:
        return _raise(f"{value!r} looks like an IPv6 address; write it in brackets: '[{host}]'")
    name, _, port = host.partition(":")
    _check_port(value, port if ":" in host else None)
    if not _HOSTNAME.match(name):
        return _raise(
            f"{value!r} is not a valid host name; use letters, digits, '-' and '.' "
            "(e.g. 'api.example.com')"
        )
    return host


def _check_port(value: str, port: str | None) -> None:
    if port is None:
        return
    if not port.isdigit() or not 1 <= int(port) <= 65535:
        _raise(f"{value!r} has port {port!r}; a port is a number from 1 to 65535")


def _raise(message: str) -> str:
    raise ValueError(message)


class Connector(SpecModel):
    """A connector (连接器): where the API lives, how it authenticates, and its actions."""

    display_name: str
    icon_url: str = ""
    description: str = ""
    host: str
    protocol: Literal["http", "https"] = "https"
    base_url: str = "/"
    auth: AuthScheme = Field(default_factory=NoAuth)
    actions: list[Action] = Field(default_factory=list)

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a display name (连接器显示名称) is required, e.g. 'Sandbox API'")
        return value.strip()

    @field_validator("icon_url")
    @classmethod
    def _icon_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^(https?://\S+|data:image/\S+)$", value):
            raise ValueError(
                f"{value!r} is not an image address; give an http(s) URL or a data:image URL, "
                "or leave it empty for the default icon"
            )
        return value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return check_host(value)

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip().lower() in ("http", "https"):
            return value.strip().lower()
        raise ValueError(f"{value!r} is not a supported protocol; use 'http' or 'https'")

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        path = value.strip()
        if "://" in path:
            raise ValueError(
                f"{value!r} is a full URL; the base URL is only the path prefix (e.g. "
                f"'{urlsplit(path).path or '/'}'), the host and protocol have their own fields"
            )
        if "?" in path or "#" in path or "{" in path:
            raise ValueError(
                f"{value!r} may not contain '?', '#' or placeholders; it is a plain path prefix"
            )
        path = "/" + path.strip("/")
        return re.sub(r"/{2,}", "/", path)

    @model_validator(mode="after")
    def _unique_action_ids(self) -> Connector:
        first: dict[str, int] = {}
        for index, action in enumerate(self.actions):
            if action.id in first:
                raise SpecError(
                    [
                        (
                            f"actions[{index}].id",
                            f"duplicate action id {action.id!r} (also actions[{first[action.id]}]"
                            "); ids must be unique in a connector",
                        )
                    ],
                    title="invalid Connector",
                )
            first[action.id] = index
        return self

    def __repr__(self) -> str:
        actions = [a.id for a in self.actions]
        return (
            f"Connector({self.display_name!r}, {self.origin}{self.base_url}, "
            f"auth={self.auth.type!r}, actions={actions!r})"
        )

    @property
    def origin(self) -> str:
        """``protocol://host`` — where every action of this connector is sent."""
        return f"{self.protocol}://{self.host}"

    def action(self, action_id: str) -> Action:
        """The action with this id; a clear error lists the ids there are."""
        for action in self.actions:
            if action.id == action_id:
                return action
        known = ", ".join(repr(a.id) for a in self.actions) or "none yet"
        raise SpecError(
            [("action", f"no action {action_id!r} in {self.display_name!r}; actions: {known}")]
        )
