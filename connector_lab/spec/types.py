"""Parameter types: turning what a person typed (or code passed) into the value sent.

Like click's parameter types, each conversion accepts a raw string *or* an already-typed value
and fails with a message that names the parameter and says what would be accepted.
"""

from __future__ import annotations

import json
import math
from typing import Any

from ..errors import ConversionError
from .limits import NUMBER_LIMIT, json_problem, nesting_message, shown
from .vocabulary import PARAM_TYPES

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


def _fail(name: str, value: Any, kind: str, example: str) -> ConversionError:
    return ConversionError(
        f"parameter {shown(name)}: {shown(value)} is not {kind}; give e.g. {example}"
    )


def _in_range(number: int | float) -> bool:
    """A finite number a JSON reader can hold (an int beyond a float's range is not)."""
    return math.isfinite(number) if isinstance(number, float) else abs(number) <= NUMBER_LIMIT


def _to_integer(name: str, value: Any) -> int:
    if isinstance(value, bool):
        raise _fail(name, value, "an integer", "42")
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        try:
            # int() refuses text over 4,300 digits with a ValueError: caught like any typo.
            number = int(value.strip())
        except ValueError:
            raise _fail(name, value, "an integer", "42") from None
        value = number
    if isinstance(value, int) and _in_range(value):
        return value
    if isinstance(value, int):
        raise _fail(name, value, "an integer within ±1.8e308", "42")
    raise _fail(name, value, "an integer", "42")


def _to_number(name: str, value: Any) -> int | float:
    if isinstance(value, bool):
        raise _fail(name, value, "a number", "3.5")
    if isinstance(value, int | float) and _in_range(value):
        return value
    if isinstance(value, int):
        raise _fail(name, value, "a number within ±1.8e308", "3.5")
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = math.nan
        if math.isfinite(number):
            return int(number) if number.is_integer() and "." not in value else number
    raise _fail(name, value, "a finite number", "3.5")


def _to_boolean(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise _fail(name, value, "a boolean", "true or false")


def _to_json(name: str, value: Any, kind: type, label: str, example: str) -> Any:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            raise _fail(name, value, f"JSON {label}", example) from None
        except RecursionError:
            # json's parser recurses per level: text nested beyond the stack is refused
            # with the same limit a value given as Python objects meets.
            raise ConversionError(
                f"parameter {shown(name)}: {nesting_message('the JSON text')}"
            ) from None
    if isinstance(value, tuple) and kind is list:
        value = list(value)
    if not isinstance(value, kind):
        raise _fail(name, value, f"JSON {label}", example)
    problem = json_problem(value)
    if problem:
        raise ConversionError(f"parameter {shown(name)}: {problem}")
    return value


def _to_string(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return json.dumps(value)
    if isinstance(value, int | float) and _in_range(value):
        return str(value)
    if not isinstance(value, str):
        raise _fail(name, value, "a string", "'abc'")
    problem = json_problem(value)
    if problem:
        raise ConversionError(f"parameter {shown(name)}: {problem}")
    return value


def convert(name: str, type_: str, value: Any) -> Any:
    """Convert ``value`` for the parameter ``name`` of type ``type_``.

    >>> convert("limit", "integer", "42")
    42
    >>> convert("active", "boolean", "yes")
    True
    """
    if type_ == "string":
        return _to_string(name, value)
    if type_ == "integer":
        return _to_integer(name, value)
    if type_ == "number":
        return _to_number(name, value)
    if type_ == "boolean":
        return _to_boolean(name, value)
    if type_ == "object":
        return _to_json(name, value, dict, "object", '{"key": "value"}')
    if type_ == "array":
        return _to_json(name, value, list, "array", "[1, 2, 3]")
    raise ConversionError(
        f"parameter {shown(name)}: unknown type {shown(type_)}; use one of {PARAM_TYPES}"
    )
