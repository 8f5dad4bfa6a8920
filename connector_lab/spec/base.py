"""The base of every validated definition: pydantic v2 models whose failures become one
:class:`~connector_lab.errors.SpecError` naming each field, its bad value and the fix.

Pydantic's own messages are kept for structural problems (a missing field, a list where a
string belongs); the rules of the spec raise ``ValueError`` with a complete sentence from a
validator, which is passed through unchanged.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError
from typing_extensions import Self

from .._rules import json_error_message, mask
from ..errors import SpecError

#: Fields holding a tagged union: pydantic puts the tag in the error location
#: (``auth.api_key.name``); users know the field as ``auth.name``.
TAGGED_UNION_FIELDS = frozenset({"auth"})


def _field_path(loc: tuple[Any, ...]) -> str:
    parts = list(loc)
    for index in range(len(parts) - 2, -1, -1):
        if parts[index] in TAGGED_UNION_FIELDS and isinstance(parts[index + 1], str):
            del parts[index + 1]
    path = ""
    for part in parts:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path


def _describe(error: dict[str, Any], secret_fields: frozenset[str]) -> str:
    message = error["msg"]
    if error["type"] == "value_error":
        # Our validators write complete sentences; pydantic prefixes "Value error, ".
        return message.removeprefix("Value error, ")
    if error["type"] == "missing":
        return "is required"
    if error["type"] == "extra_forbidden":
        return "is not a known field; remove it or check its spelling"
    loc = error.get("loc", ())
    name = str(loc[-1]) if loc else ""
    shown = mask(error.get("input")) if name in secret_fields else repr(error.get("input"))
    return f"{shown} is not valid: {message}"


def spec_error_from(exc: ValidationError, model: str) -> SpecError:
    """Turn pydantic's ValidationError into our SpecError (one problem per failing field)."""
    problems: list[tuple[str, str]] = []
    for error in exc.errors(include_url=False):
        path = _field_path(error["loc"]) if error["loc"] else ""
        nested = error.get("ctx", {}).get("error")
        if isinstance(nested, SpecError):
            # A nested model (an Action inside a Connector) already said what is wrong:
            # keep its problems, with their paths made absolute.
            problems += [(_join(path, field), message) for field, message in nested.problems]
        else:
            problems.append((path, _describe(error, SpecModel.secret_fields)))
    return SpecError(problems, title=f"invalid {model}")


def choice(value: Any, options: tuple[str, ...], fold: Callable[[str], str]) -> str | None:
    """``value`` trimmed and case-folded (``str.upper`` for methods, ``str.lower`` for
    protocols and locations) when it is one of ``options``; None when it is not."""
    if isinstance(value, str) and fold(value.strip()) in options:
        return fold(value.strip())
    return None


def required_text(value: str, message: str) -> str:
    """``value`` trimmed; ``message`` (what to type, with an example) when it is blank."""
    if not value.strip():
        raise ValueError(message)
    return value.strip()


def path_example(url: str) -> str:
    """The path part of a full URL someone pasted, to show where it belongs."""
    return urlsplit(url).path or "/"


def _join(outer: str, inner: str) -> str:
    if not outer or not inner:
        return outer or inner
    return f"{outer}{inner}" if inner.startswith("[") else f"{outer}.{inner}"


class SpecModel(BaseModel):
    """Validated however it is made — constructor, ``model_validate``, ``model_validate_json``,
    ``from_json``, ``model_copy(update=...)`` or assignment — always raising ``SpecError``;
    a JSON round trip is lossless."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    #: Field names whose values are secrets: error messages mask them.
    secret_fields: ClassVar[frozenset[str]] = frozenset(
        {"password", "token", "app_secret", "app_code", "secret", "value"}
    )

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise spec_error_from(exc, type(self).__name__) from None

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, *args, **kwargs)
        except ValidationError as exc:
            raise spec_error_from(exc, cls.__name__) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Like :meth:`from_json`: a JSON syntax error or a broken rule is a ``SpecError``."""
        return cls.from_json(json_data, **kwargs)

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update`` the result is validated like a new model (pydantic's own
        ``model_copy`` sets the fields as given, so an invalid host would slip through)."""
        if not update:
            return super().model_copy(deep=deep)
        data = {name: getattr(self, name) for name in type(self).model_fields}
        data.update(update)
        return type(self).model_validate(copy.deepcopy(data) if deep else data)

    @classmethod
    def from_json(cls, text: str | bytes | bytearray, **kwargs: Any) -> Self:
        """Load from JSON text, with the same checks as construction."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecError(
                [("", json_error_message(exc))],
                title=f"invalid {cls.__name__}",
            ) from None
        except UnicodeDecodeError as exc:
            raise SpecError(
                [("", f"not UTF-8 text (byte {exc.start}); save the file as UTF-8")],
                title=f"invalid {cls.__name__}",
            ) from None
        return cls.model_validate(data, **kwargs)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize to JSON text that :meth:`from_json` loads back equal."""
        return self.model_dump_json(indent=indent, exclude_defaults=False)

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise spec_error_from(exc, type(self).__name__) from None
