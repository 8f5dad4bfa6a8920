"""Auth accounts (鉴权账号, spec F-4): a named set of the values a scheme needs.

Values are held as ``pydantic.SecretStr`` so no repr, log or dump shows them. A value may be
typed in, or be a reference ``env:NAME`` to an environment variable, resolved only when a
request is sent — so a notebook or a shared file can name a secret without containing it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from pydantic import Field, SecretStr, SerializationInfo, field_serializer, field_validator

from .._rules import MASK, has_line_break
from ..errors import SpecError
from .base import SpecModel, required_text
from .limits import ECHO_LIMIT, clip, json_problem, shown

_ENV_REF = re.compile(r"^env:([A-Za-z_][A-Za-z0-9_]*)$")


def env_reference(value: str) -> str | None:
    """The variable name if ``value`` is an ``env:NAME`` reference, else None."""
    match = _ENV_REF.match(value)
    return match.group(1) if match else None


def _shown(raw: str, reveal: bool) -> str:
    return raw if reveal or env_reference(raw) else MASK


class AuthAccount(SpecModel):
    """An account: a display name and the values of its scheme (never shown in clear).

    >>> AuthAccount(name="test", values={"token": "s3cret"})
    AuthAccount(name='test', values={'token': '***'})
    """

    name: str
    values: dict[str, SecretStr] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        return required_text(value, "an auth account needs a name, e.g. 'test' or 'production'")

    @field_validator("values", mode="before")
    @classmethod
    def _values(cls, values: Any) -> Any:
        if not isinstance(values, dict):
            return values
        for key, value in values.items():
            raw = value.get_secret_value() if isinstance(value, SecretStr) else value
            if not isinstance(raw, str):
                raise ValueError(
                    f"value of {shown(key)} must be text (given a {type(raw).__name__})"
                )
            if json_problem(raw) or (isinstance(key, str) and json_problem(key)):
                raise ValueError(
                    f"value of {shown(key)} is not valid text (it holds a lone surrogate); "
                    "retype it"
                )
            if has_line_break(raw):
                raise ValueError(
                    f"value of {shown(key)} contains a line break; secrets are one line — "
                    "check what was pasted"
                )
        return values

    @field_serializer("values", when_used="json")
    def _dump_values(self, values: dict[str, SecretStr], info: SerializationInfo) -> dict[str, str]:
        # References are not secrets and are kept; typed-in values are masked unless the
        # caller asks for them (see to_json(reveal_secrets=True)).
        reveal = bool(info.context and info.context.get("reveal_secrets"))
        return {key: _shown(value.get_secret_value(), reveal) for key, value in values.items()}

    def to_json(self, *, indent: int | None = 2, reveal_secrets: bool = False) -> str:
        """JSON text; typed-in secrets are ``***`` unless ``reveal_secrets`` (for the accounts
        file only — never for a shared connector or an export)."""
        return self.model_dump_json(indent=indent, context={"reveal_secrets": reveal_secrets})

    def __repr__(self) -> str:
        masked = {key: _shown(v.get_secret_value(), False) for key, v in self.values.items()}
        return f"AuthAccount(name={shown(self.name)}, values={clip(repr(masked), 4 * ECHO_LIMIT)})"

    __str__ = __repr__

    def is_set(self, key: str) -> bool:
        value = self.values.get(key)
        return value is not None and value.get_secret_value() != ""

    def describe(self) -> dict[str, str]:
        """Which fields are set and where from — never a value: ``{'app_secret': '$DT_SECRET'}``."""
        out = {}
        for key, value in self.values.items():
            raw = value.get_secret_value()
            ref = env_reference(raw)
            out[key] = f"${ref}" if ref else ("set" if raw else "empty")
        return out

    def resolve(self, key: str) -> str:
        """The plain value of ``key``, reading ``env:NAME`` references now."""
        value = self.values.get(key)
        if value is None:
            raise SpecError(
                [
                    (
                        f"account {shown(self.name)}",
                        f"has no value {shown(key)}; add it to the account",
                    )
                ]
            )
        raw = value.get_secret_value()
        ref = env_reference(raw)
        if ref is None:
            return raw
        if ref not in os.environ:
            raise SpecError(
                [
                    (
                        f"account {shown(self.name)}.{key}",
                        f"refers to environment variable {ref}, which is not set; set it "
                        "(e.g. in the shell that starts Jupyter) or type the value in",
                    )
                ]
            )
        return os.environ[ref]

    def check_for(self, scheme: Any) -> None:
        """Raise a SpecError listing every value ``scheme`` needs that this account lacks."""
        problems = [
            (
                f"account {shown(self.name)}.{field.key}",
                f"{field.label} is required by {type(scheme).label}; fill it in",
            )
            for field in scheme.account_fields()
            if not self.is_set(field.key)
        ]
        if problems:
            raise SpecError(problems, title=f"incomplete auth account {shown(self.name)}")
