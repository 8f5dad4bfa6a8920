"""The bounds hostile input meets in a definition: how deep a value may nest, what counts as a
JSON value, and how much of a bad value an error message shows.

- :data:`NESTING_LIMIT` — a parameter value, a default, a sample or a stored file nests at most
  this many levels; deeper input is refused with a message naming the limit, before anything
  recursive (``repr``, ``json.dumps``, pydantic's serializer) meets it.
- :func:`json_problem` — why a value cannot be sent or stored as JSON (too deep, NaN or
  Infinity, a number out of range, a key that is not text, a lone surrogate, a set or other
  non-JSON object), or None. It walks with an explicit stack, so depth cannot crash it.
- :func:`plain_json` — a JSON value with tuples as lists, as a JSON round trip gives it back.
- :func:`parse_json` — JSON text to a value, every failure (syntax, encoding, nesting deeper
  than the parser's stack) one sentence.
- :func:`shown` / :func:`clip` — the one way an error message echoes user input: short
  values as ``repr``, long ones cut to their first :data:`ECHO_LIMIT` characters with the
  length, huge integers by their size, nesting elided.
"""

from __future__ import annotations

import json
import math
import re
import reprlib
import sys
from typing import Any

from .._rules import json_error_message

#: Levels of nesting a value in a definition may have (lists and objects inside each other).
NESTING_LIMIT = 200
#: Characters of a bad value an error message shows before cutting it short.
ECHO_LIMIT = 60
#: The largest magnitude a number parameter holds (a float's range; beyond it JSON readers
#: overflow or lose the value).
NUMBER_LIMIT = sys.float_info.max

_BIG_INT = 10**ECHO_LIMIT
_SURROGATE = re.compile("[\ud800-\udfff]")
_SCALARS = (str, int, float, type(None))


def nesting_message(what: str) -> str:
    """The one sentence for input nested beyond :data:`NESTING_LIMIT`."""
    return (
        f"{what} is nested more than {NESTING_LIMIT} levels deep; connector_lab accepts at most "
        f"{NESTING_LIMIT} levels of lists and objects inside each other"
    )


def clip(text: str, limit: int = ECHO_LIMIT) -> str:
    """``text`` when it is short; else its first ``limit`` characters, ``…`` and its length."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text)} characters)"


def _int_text(value: int) -> str | None:
    """How a huge integer is named (its size, never its digits: they may not even print)."""
    if -_BIG_INT < value < _BIG_INT:
        return None
    digits = int(value.bit_length() * math.log10(2)) + 1
    return f"an integer of about {digits} digits"


class _Bounded(reprlib.Repr):
    """``reprlib`` cut to sizes an error message can hold; integers too long to print are
    named by their size."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxstring = self.maxother = self.maxlong = ECHO_LIMIT
        self.maxlist = self.maxtuple = self.maxset = self.maxdict = 6

    def repr_int(self, x: int, level: int) -> str:
        return _int_text(x) or super().repr_int(x, level)


_REPR = _Bounded()


def shown(value: Any) -> str:
    """``value`` as an error message echoes it: ``repr`` when short, otherwise bounded.

    >>> shown("api.example.com")
    "'api.example.com'"
    >>> shown("x" * 100)[-18:]
    '… (100 characters)'
    """
    if isinstance(value, str):
        if len(value) <= ECHO_LIMIT:
            return repr(value)
        return f"{value[:ECHO_LIMIT]!r}… ({len(value)} characters)"
    if isinstance(value, int) and not isinstance(value, bool) and _int_text(value):
        return str(_int_text(value))
    try:
        text = _REPR.repr(value)
    except Exception:  # a repr that fails says nothing useful; the type still does
        return f"a {type(value).__name__}"
    return text if len(text) <= 2 * ECHO_LIMIT else f"{text[: 2 * ECHO_LIMIT]}…"


def _where(link: Any) -> str:
    """``the value`` or ``the value at data[3].name``, from the walk's chain of keys."""
    keys = []
    while link is not None:
        link, key = link
        keys.append(key)
    path = ""
    for key in reversed(keys):
        path += f"[{key}]" if isinstance(key, int) else (f".{clip(key)}" if path else clip(key))
    return f"the value at {clip(path)}" if path else "the value"


def _scalar_problem(value: Any) -> str | None:
    """Why one non-container value is not JSON connector_lab can send, or None."""
    if isinstance(value, str):
        if value.isascii() or not _SURROGATE.search(value):
            return None
        return "holds a lone surrogate (half of a UTF-16 pair), which is not valid text"
    if isinstance(value, float) and not math.isfinite(value):
        return f"holds {value!r}, which JSON cannot carry; use null or a finite number"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > NUMBER_LIMIT:
        return f"holds {shown(value)}, beyond the range of a JSON number (about ±1.8e308)"
    if isinstance(value, _SCALARS):
        return None
    return (
        f"holds a {type(value).__name__}, which is not a JSON value; use text, numbers, "
        "true/false, null, lists and objects"
    )


def json_problem(value: Any) -> str | None:
    """Why ``value`` cannot be sent or stored as JSON, or None when it can.

    >>> json_problem({"a": [1, float("nan")]})
    'the value at a[1] holds nan, which JSON cannot carry; use null or a finite number'
    """
    stack: list[tuple[Any, int, Any]] = [(value, 0, None)]
    while stack:
        item, depth, link = stack.pop()
        if not isinstance(item, dict | list | tuple):
            problem = _scalar_problem(item)
            if problem:
                return f"{_where(link)} {problem}"
            continue
        if depth >= NESTING_LIMIT:
            return nesting_message(_where(link))
        pairs = item.items() if isinstance(item, dict) else enumerate(item)
        for key, child in pairs:
            if isinstance(item, dict) and (not isinstance(key, str) or _scalar_problem(key)):
                return f"{_where(link)} has the key {shown(key)}; object keys must be text"
            # Plain text and small numbers are most of any value: settle them here.
            kind = type(child)
            if not ((kind is str and child.isascii()) or kind is bool or kind is type(None)):
                stack.append((child, depth + 1, (link, key)))
    return None


def plain_json(value: Any) -> Any:
    """``value`` as JSON reads it back — tuples become lists — so a model holding it survives
    a JSON round trip equal. Call it once :func:`json_problem` found nothing (the depth is
    bounded then)."""
    if isinstance(value, dict):
        return {key: plain_json(child) for key, child in value.items()}
    if isinstance(value, list | tuple):
        return [plain_json(child) for child in value]
    return value


def parse_json(text: Any) -> tuple[Any, str | None]:
    """``(value, None)`` for JSON text, ``(None, problem)`` when it cannot be read: not text,
    not UTF-8, not JSON, or nested deeper than the parser can go (it recurses per level)."""
    if not isinstance(text, str | bytes | bytearray):
        return None, f"expected JSON text (str or bytes), not a {type(text).__name__}"
    try:
        return json.loads(text), None
    except json.JSONDecodeError as exc:
        return None, json_error_message(exc)
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8"
    except RecursionError:
        return None, nesting_message("the JSON text")
