"""A connector (连接器, spec F-1): where the API lives, how it authenticates, its actions.

Every rule of the spec's tables is enforced on construction, on load, on assignment and on
``model_copy(update=...)``, with a message that names the field, the bad value and the fix.
The JSON round trip is lossless: ``Connector.from_json(c.to_json()) == c``.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from .._rules import Rule
from ..errors import Problem, SpecError
from .actions import Action
from .base import SpecModel, choice, path_example, required_text
from .hosts import check_host
from .limits import ECHO_LIMIT, clip, shown
from .policies import RateLimit, RetryPolicy, Timeouts
from .schemes import AuthScheme, NoAuth


class Connector(SpecModel):
    """A connector (连接器): where the API lives, how it authenticates, and its actions."""

    # title, description and json_schema_extra are what a form shows: a row's label, its
    # help, and its placeholder (or a multi-line input).
    display_name: str = Field(
        title="Display name",
        description="The connector's name as people see it.",
        json_schema_extra={"placeholder": "Sandbox shop"},
    )
    icon_url: str = Field(
        "",
        title="Icon URL",
        description="An http(s) or data:image address of the icon; empty for the default icon.",
        json_schema_extra={"placeholder": "https://… (optional)"},
    )
    description: str = Field(
        "",
        title="Description",
        description="What the API offers, for the people who use the connector.",
        json_schema_extra={"multiline": True},
    )
    host: str = Field(
        title="Host",
        description="The API's domain name (and port), without protocol or path.",
        json_schema_extra={"placeholder": "api.example.com"},
    )
    protocol: Literal["http", "https"] = Field(
        "https", title="Protocol", description="How requests reach the host."
    )
    base_url: str = Field(
        "/",
        title="Base URL",
        description="The path prefix every action's path is appended to.",
    )
    auth: AuthScheme = Field(
        default_factory=NoAuth,
        title="Authentication",
        description="How every request of the connector proves who sends it.",
    )
    actions: list[Action] = Field(default_factory=list)
    # Optional, so files saved before they existed load unchanged; None: the client's own.
    # No titles yet: a title makes the forms ask for a Chinese label (widgets/i18n.py), and
    # these have no rows in the forms so far.
    retry: RetryPolicy | None = Field(
        None,
        description="Which failed requests are tried again, and how long to wait between.",
    )
    rate_limit: RateLimit | None = Field(
        None,
        description="At most so many requests per second or minute from one client.",
    )
    timeouts: Timeouts | None = Field(
        None,
        description="Seconds to connect, to read the answer and in total, per attempt.",
    )

    @field_validator("display_name")
    @classmethod
    def _display_name(cls, value: str) -> str:
        return required_text(value, "a display name is required, e.g. 'Sandbox API'", "Sandbox API")

    @field_validator("icon_url")
    @classmethod
    def _icon_url(cls, value: str) -> str:
        value = value.strip()
        if value and not re.match(r"^(https?://\S+|data:image/\S+)$", value):
            raise Rule(
                f"{shown(value)} is not an image address; give an http(s) URL or a data:image URL, "
                "or leave it empty for the default icon",
                "icon_url.invalid",
                value=shown(value),
            )
        return value

    @field_validator("host")
    @classmethod
    def _host(cls, value: str) -> str:
        return check_host(value)

    @field_validator("protocol", mode="before")
    @classmethod
    def _protocol(cls, value: Any) -> Any:
        protocol = choice(value, ("http", "https"), str.lower)
        if protocol:
            return protocol
        raise Rule(
            f"{shown(value)} is not a supported protocol; use 'http' or 'https'",
            "protocol.unsupported",
            value=shown(value),
        )

    @field_validator("base_url")
    @classmethod
    def _base_url(cls, value: str) -> str:
        path = value.strip()
        if "://" in path:
            raise Rule(
                f"{shown(value)} is a full URL; the base URL is only the path prefix (e.g. "
                f"'{clip(path_example(path))}'), the host and protocol have their own fields",
                "base_url.full_url",
                value=shown(value),
                path=clip(path_example(path)),
            )
        if "?" in path or "#" in path or "{" in path:
            raise Rule(
                f"{shown(value)} may not contain '?', '#' or placeholders; it is a plain path "
                "prefix",
                "base_url.invalid",
                value=shown(value),
            )
        path = "/" + path.strip("/")
        return re.sub(r"/{2,}", "/", path)

    @model_validator(mode="after")
    def _unique_action_ids(self) -> Connector:
        first: dict[str, int] = {}
        for index, action in enumerate(self.actions):
            if action.id in first:
                problem = Problem(
                    f"actions[{index}].id",
                    f"duplicate action id {action.id!r} (also actions[{first[action.id]}]"
                    "); ids must be unique in a connector",
                    "action.duplicate_id",
                    {"id": action.id, "other": first[action.id]},
                )
                raise SpecError([problem], title="invalid Connector")
            first[action.id] = index
        return self

    def __repr__(self) -> str:
        actions = [a.id for a in self.actions]
        return (
            f"Connector({shown(self.display_name)}, {clip(self.origin)}{clip(self.base_url)}, "
            f"auth={self.auth.type!r}, actions={clip(repr(actions), 4 * ECHO_LIMIT)})"
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
        known = clip(", ".join(repr(a.id) for a in self.actions), 4 * ECHO_LIMIT) or "none yet"
        raise SpecError(
            [
                (
                    "action",
                    f"no action {shown(action_id)} in {shown(self.display_name)}; actions: {known}",
                )
            ]
        )
