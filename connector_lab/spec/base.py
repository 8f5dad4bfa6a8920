"""The base of every validated definition: pydantic v2 models whose failures become one
:class:`~connector_lab.errors.SpecError` naming each field, its bad value and the fix.

Pydantic's own messages are kept for structural problems (a missing field, a list where a
string belongs); the rules of the spec raise ``ValueError`` with a complete sentence from a
validator, which is passed through unchanged. A bad value is echoed bounded
(:func:`~connector_lab.spec.limits.shown`), and never when it sits under a secret field (an
account's ``values``, in any shape). The ``SpecError`` is raised after pydantic's error is let
go, so no exception chain carries pydantic's text (which quotes the input) along with it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from typing_extensions import Self

from .._rules import Rule, mask
from ..errors import Problem, SpecError
from .limits import ECHO_LIMIT, clip, json_problem, parse_json, shown

_T = TypeVar("_T")

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
            path += f".{clip(str(part))}" if path else clip(str(part))
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
    # Anything under a secret field is masked, whatever its shape: a secret typed where a
    # mapping belongs (values="s3cret") is still a secret.
    secret = any(isinstance(part, str) and part in secret_fields for part in error.get("loc", ()))
    value = mask(error.get("input")) if secret else shown(error.get("input"))
    # pydantic's message may quote the input (an unknown union tag): bounded too.
    return f"{value} is not valid: {clip(message, 4 * ECHO_LIMIT)}"


#: The code of a problem pydantic found itself (no rule of ours raised it), by its type.
_PYDANTIC_CODES = {"missing": "field.required", "extra_forbidden": "field.unknown"}


def _code(error: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    nested = error.get("ctx", {}).get("error")
    if isinstance(nested, ValueError) and isinstance(getattr(nested, "code", None), str):
        return nested.code, getattr(nested, "params", {})
    if error["type"] == "value_error":
        return "field.invalid", {}
    return _PYDANTIC_CODES.get(error["type"], "field.wrong_type"), {}


def spec_error_from(exc: ValidationError, model: str) -> SpecError:
    """Turn pydantic's ValidationError into our SpecError (one problem per failing field)."""
    problems: list[Problem] = []
    for error in exc.errors(include_url=False):
        path = _field_path(error["loc"]) if error["loc"] else ""
        nested = error.get("ctx", {}).get("error")
        if isinstance(nested, SpecError):
            # A nested model (an Action inside a Connector) already said what is wrong:
            # keep its problems (and their codes), with their paths made absolute.
            problems += [
                Problem(_join(path, p.field), p.message, p.code, p.params) for p in nested.problems
            ]
        else:
            code, params = _code(error)
            problems.append(Problem(path, _describe(error, SpecModel.secret_fields), code, params))
    return SpecError(problems, title=f"invalid {model}")


def checked(model: str, build: Callable[[], _T]) -> _T:
    """``build()``, with pydantic's ValidationError turned into a SpecError.

    The SpecError is raised once the ValidationError is let go: raised inside the ``except``
    it would keep it as ``__context__`` (``from None`` only hides it), and its text quotes the
    input — a secret given in the wrong shape among it.
    """
    try:
        return build()
    except ValidationError as exc:
        error = spec_error_from(exc, model)
    raise error


def choice(value: Any, options: tuple[str, ...], fold: Callable[[str], str]) -> str | None:
    """``value`` trimmed and case-folded (``str.upper`` for methods, ``str.lower`` for
    protocols and locations) when it is one of ``options``; None when it is not."""
    if isinstance(value, str) and fold(value.strip()) in options:
        return fold(value.strip())
    return None


def required_text(value: str, message: str, example: str = "") -> str:
    """``value`` trimmed; ``message`` (what to type, with an example) when it is blank."""
    if not value.strip():
        raise Rule(message, "field.required", example=example)
    return value.strip()


def path_example(url: str) -> str:
    """The path part of a full URL someone pasted, to show where it belongs."""
    try:
        return urlsplit(url).path or "/"
    except ValueError:  # urlsplit refuses some malformed URLs ("http://[x/"): no example then
        return "/"


def _join(outer: str, inner: str) -> str:
    if not outer or not inner:
        return outer or inner
    return f"{outer}{inner}" if inner.startswith("[") else f"{outer}.{inner}"


class SpecModel(BaseModel):
    """Validated however it is made — constructor, ``model_validate``, ``model_validate_json``,
    ``from_json``, ``model_copy(update=...)`` or assignment — always raising ``SpecError``;
    a JSON round trip is lossless."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, frozen=False)

    #: Field names whose values are secrets: error messages mask them (and anything below
    #: them: ``values`` is an account's whole mapping of secrets).
    secret_fields: ClassVar[frozenset[str]] = frozenset(
        {"password", "token", "app_secret", "app_code", "secret", "value", "values"}
    )

    @field_validator("*")
    @classmethod
    def _text_is_text(cls, value: Any) -> Any:
        # A lone surrogate passes str checks but can never be written as UTF-8: the model
        # would hold a value that to_json, a saved file and the wire all fail on.
        if isinstance(value, str) and not value.isascii():
            problem = json_problem(value)
            if problem:
                raise ValueError(f"{problem}; retype it")
        return value

    def __init__(self, /, **data: Any) -> None:
        checked(type(self).__name__, lambda: super(SpecModel, self).__init__(**data))

    # This __init__ only renames the error, so pydantic may validate a nested model (an Action
    # inside a Connector) as it does its own — without calling ``Action(**item)``, which
    # raises a bare TypeError for an item whose keys are not text (RootModel does the same).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Self:
        parent = super()
        return checked(cls.__name__, lambda: parent.model_validate(obj, *args, **kwargs))

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
        data, problem = parse_json(text)
        if problem:
            raise SpecError([Problem("", problem, "json.invalid")], title=f"invalid {cls.__name__}")
        return cls.model_validate(data, **kwargs)

    def to_json(self, *, indent: int | None = 2) -> str:
        """Serialize to JSON text that :meth:`from_json` loads back equal."""
        return self.model_dump_json(indent=indent, exclude_defaults=False)

    def __setattr__(self, name: str, value: Any) -> None:
        """Assign with validation; a refused value leaves the model as it was (pydantic sets
        the field before the model's own rules run, and keeps it when they fail)."""
        before, fields_set = dict(self.__dict__), set(self.__pydantic_fields_set__)
        try:
            checked(type(self).__name__, lambda: super(SpecModel, self).__setattr__(name, value))
        except SpecError:
            object.__setattr__(self, "__dict__", before)
            object.__setattr__(self, "__pydantic_fields_set__", fields_set)
            raise
